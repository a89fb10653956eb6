"""``eurasia db``: migrate the store and load the bundled data."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasia.cli.common import console, engine_from_settings
from eurasia.cli.i18n import _, ngettext
from eurasia.store.db import current_revisions, head_revisions, upgrade
from eurasia.store.loaders import load_bundled

app = typer.Typer(help="Create, migrate and load the database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Create or migrate the database to this version (a no-op when current)."""
    with engine_from_settings() as engine:
        before = current_revisions(engine)
        upgrade(engine)
        after = current_revisions(engine)
        where = engine.url.render_as_string(hide_password=True)
    revisions = {"url": where, "revisions": ", ".join(sorted(after))}
    if before == after:
        console.print(_("database %(url)s already at %(revisions)s") % revisions)
    else:
        console.print(_("database %(url)s migrated to %(revisions)s") % revisions)


@app.command("load")
def load_cmd(
    force: Annotated[bool, typer.Option(help="Reload even if unchanged.")] = False,
) -> None:
    """Load the bundled datasets (migrating first); unchanged datasets are skipped."""
    with engine_from_settings() as engine:
        upgrade(engine)
        results = load_bundled(engine, force=force)
    for result in results:
        if result.skipped:
            line = ngettext(
                "%(name)s: %(num)d row unchanged", "%(name)s: %(num)d rows unchanged", result.rows
            )
        else:
            line = ngettext(
                "%(name)s: %(num)d row loaded", "%(name)s: %(num)d rows loaded", result.rows
            )
        console.print(line % {"name": result.name, "num": result.rows})
    if not results:
        console.print(_("no bundled datasets"))


@app.command("status")
def status_cmd() -> None:
    """Show the database URL and whether it is migrated."""
    with engine_from_settings() as engine:
        current = current_revisions(engine)
        where = engine.url.render_as_string(hide_password=True)
    heads = head_revisions()
    console.print(_("database: %(url)s") % {"url": where})
    revisions = ", ".join(sorted(current)) or _("(none)")
    console.print(_("revisions: %(revisions)s") % {"revisions": revisions})
    console.print(_("up to date") if current == heads else _("needs `eurasia db upgrade`"))
