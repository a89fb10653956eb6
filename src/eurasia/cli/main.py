"""The root ``eurasia`` command and its groups."""

from __future__ import annotations

import sys
from typing import Annotated

import click
import typer

from eurasia import __version__
from eurasia.cli import agenda, db, users
from eurasia.cli import energy as energy_cli
from eurasia.cli import indicators as indicators_cli
from eurasia.cli import network as network_cli
from eurasia.cli import scenario as scenario_cli
from eurasia.cli.assign import assign_command
from eurasia.cli.common import console, err_console, settings_checked
from eurasia.cli.i18n import LocalizedGroup, _
from eurasia.cli.report import report as report_cmd
from eurasia.cli.route import route_command
from eurasia.errors import EurasiaError

__all__ = ["app", "entry", "main"]

app = typer.Typer(
    name="eurasia",
    cls=LocalizedGroup,
    help="Kazakhstan in Greater Eurasia: corridors, indicators and agenda.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(agenda.app, name="agenda")
app.add_typer(agenda.programmes_app, name="programmes")
app.add_typer(indicators_cli.app, name="indicators")
app.add_typer(network_cli.app, name="network")
app.add_typer(energy_cli.app, name="energy")
app.add_typer(scenario_cli.app, name="scenario")
app.command("report")(report_cmd)
app.command("route")(route_command)
app.command("assign")(assign_command)


def _version(value: bool) -> None:
    if value:
        console.print(f"eurasia {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="CODE",
            help="Language of messages: en, ru or kk (default: from LANGUAGE, LC_ALL or LANG).",
        ),
    ] = None,
) -> None:
    """Kazakhstan in Greater Eurasia: corridors, indicators and agenda."""
    del lang  # already applied by LocalizedGroup, before the arguments were parsed


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default EURASIA_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default EURASIA_PORT).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the web app and API (migrating the database first)."""
    import uvicorn

    from eurasia.http.serving import NoDelayH11Protocol, proxy_options
    from eurasia.store.db import make_engine, upgrade

    settings = settings_checked()
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    host = host or settings.host
    port = port or settings.port
    console.print(
        _("eurasia %(version)s serving on %(url)s")
        % {"version": __version__, "url": f"http://{host}:{port}"},
        highlight=False,
    )
    uvicorn.run(
        "eurasia.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,
        http=NoDelayH11Protocol,  # no 40 ms Nagle delay per reply with several workers
        **proxy_options(settings),  # X-Forwarded-For only from EURASIA_TRUSTED_PROXIES
    )


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a :class:`EurasiaError` prints one line to stderr and exits 1.

    Examples
    --------
    >>> main(["--version"])
    eurasia 0.1.0
    0
    """
    try:
        result = app(args=argv, standalone_mode=False)
    except EurasiaError as exc:
        err_console.print(
            _("error: %(message)s") % {"message": exc}, highlight=False, soft_wrap=True
        )
        return 1
    except click.exceptions.Abort:
        err_console.print(_("aborted"))
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return result if isinstance(result, int) else 0


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
