"""``eurasia db``: migrate the store and load the bundled data."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasia.cli.common import console, engine_from_settings
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
    if before == after:
        console.print(f"database {where} already at {', '.join(sorted(after))}")
    else:
        console.print(f"database {where} migrated to {', '.join(sorted(after))}")


@app.command("load")
def load_cmd(
    force: Annotated[bool, typer.Option(help="Reload even if unchanged.")] = False,
) -> None:
    """Load the bundled datasets (migrating first); unchanged datasets are skipped."""
    with engine_from_settings() as engine:
        upgrade(engine)
        results = load_bundled(engine, force=force)
    for result in results:
        state = "unchanged" if result.skipped else "loaded"
        console.print(f"{result.name}: {result.rows} rows {state}")
    if not results:
        console.print("no bundled datasets")


@app.command("status")
def status_cmd() -> None:
    """Show the database URL and whether it is migrated."""
    with engine_from_settings() as engine:
        current = current_revisions(engine)
        where = engine.url.render_as_string(hide_password=True)
    heads = head_revisions()
    console.print(f"database: {where}")
    console.print(f"revisions: {', '.join(sorted(current)) or '(none)'}")
    console.print("up to date" if current == heads else "needs `eurasia db upgrade`")
