"""The brief as PDF, drawn with fpdf2 (pure Python, no browser), charts embedded as PNG.

Needs the optional ``pdf`` extra (``pip install 'eurasia[pdf]'``). Text is set in DejaVu Sans,
the font matplotlib ships, so every script the data uses (Cyrillic, "≈", "–") prints.

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> from eurasia.indicators.report import build_brief
>>> render_pdf(build_brief(bundled_observatory()), Path("brief.html"))
Traceback (most recent call last):
...
eurasia.errors.DataError: PDF file 'brief.html': expected a .pdf suffix
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import matplotlib

from eurasia.errors import ConfigError, DataError
from eurasia.indicators import charts
from eurasia.indicators.report import Brief

__all__ = ["render_pdf"]

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def render_pdf(brief: Brief, path: Path) -> Path:
    """Write ``brief`` as a PDF to ``path`` (key figures, claim check, targets, charts, sources).

    Raises
    ------
    ConfigError
        If fpdf2 is not installed.
    DataError
        If ``path`` does not end in ``.pdf``.
    """
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        msg = f"PDF file {path.name!r}: expected a .pdf suffix"
        raise DataError(msg)
    try:
        from fpdf import FPDF
    except ImportError:
        msg = "PDF output needs fpdf2: pip install 'eurasia[pdf]'"
        raise ConfigError(msg) from None
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # reproducible output

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8.5)

    def line(text: str) -> None:
        pdf.multi_cell(0, 4.4, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    heading("Kazakhstan in Greater Eurasia — a sourced brief", 16)
    line(f"Generated {brief.generated} by eurasia. Every number names its source.")
    heading("Key figures")
    for figure in brief.key_figures:
        line(
            f"{figure.label}: {figure.display} ({figure.observation.period}, "
            f"{figure.observation.status_label}) — {figure.source.label}"
        )
    heading("Claim check")
    for check in brief.claims:
        c = check.claim
        line(
            f"“{c.quote}” — {c.comparator} {c.value:g} ({c.period}): {check.verdict.upper()}. "
            f"{check.explanation}"
        )
        pdf.ln(1)
    heading("Targets")
    for track in brief.targets:
        line(
            track.summary
            + (f" (superseded by {track.superseded_by})" if track.superseded_by else "")
        )
    heading("Where sources disagree")
    for d in brief.discrepancies:
        line(
            f"{d.a.indicator} {d.a.ref_area}/{d.a.counterpart_area} {d.a.period}: "
            f"{d.a.value:g} ({d.a.source_id}) vs {d.b.value:g} ({d.b.source_id}), "
            f"{d.relative_difference:.1%}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        images = [
            charts.series_chart(
                brief.observatory,
                "trade.turnover",
                path=folder / "t.png",
                counterpart_area="WLD",
                flow="T",
                since=2000,
            ),
            charts.series_chart(brief.observatory, "transit.cargo", path=folder / "c.png"),
            charts.series_chart(
                brief.observatory, "energy.res_share_elec_official", path=folder / "r.png"
            ),
            charts.partner_share_chart(brief.observatory, path=folder / "p.png"),
        ]
        pdf.add_page()
        heading("Charts")
        for image in images:
            pdf.image(str(image), w=180)
            pdf.ln(2)
    heading("Sources")
    for source in brief.sources:
        line(f"{source.id}: {source.citation or source.label} {source.url}".strip())
    pdf.output(str(path))
    return path
