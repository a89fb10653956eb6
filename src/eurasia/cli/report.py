"""``eurasia report``: the "Kazakhstan in Greater Eurasia" brief as one HTML file (and PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eurasia.cli.common import console, store_session
from eurasia.cli.i18n import _, language
from eurasia.errors import DataError
from eurasia.indicators.report import build_brief, render_html
from eurasia.store.indicators import load_observatory

__all__ = ["report"]


def report(
    out: Annotated[Path, typer.Option("--out", help="Output HTML file, e.g. brief.html.")],
    pdf: Annotated[
        Path | None, typer.Option(help="Also write a PDF (needs the 'pdf' extra).")
    ] = None,
) -> None:
    """Write the brief: key figures with citations, charts, claim check and target tracking."""
    if out.suffix.lower() not in (".html", ".htm"):
        msg = f"--out {out.name!r}: expected an .html file"
        raise DataError(msg)
    with store_session(load=True) as session:
        observatory = load_observatory(session)
    brief = build_brief(observatory)
    out.write_text(render_html(brief, locale=language()), encoding="utf-8")
    console.print(_("wrote %(path)s") % {"path": out})
    if pdf is not None:
        from eurasia.indicators.pdf import render_pdf

        render_pdf(brief, pdf)
        console.print(_("wrote %(path)s") % {"path": pdf})
