"""``eurasia users``: the first admin, other accounts, roles and API tokens for scripts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from eurasia.auth.credentials import issue_api_token, list_api_tokens, revoke_api_token
from eurasia.auth.roles import Principal, Role, parse_role
from eurasia.auth.users import create_user, list_users, set_password, update_user
from eurasia.cli.common import console, store_session
from eurasia.cli.i18n import _
from eurasia.errors import DataError, NotFoundError
from eurasia.i18n import vocabulary
from eurasia.store.accounts import User

__all__ = ["app"]

app = typer.Typer(help="Manage accounts, roles and API tokens.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts.", no_args_is_help=True)
app.add_typer(token_app, name="token")

_CLI = Principal(id=0, username="(command line)", display_name="", role=Role.ADMIN, via="cli")


def _read_password(*, from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            msg = "--password-stdin: expected the password on the first line of standard input"
            raise DataError(msg)
        return password
    password = typer.prompt(
        _("Password"), hide_input=True, confirmation_prompt=_("Repeat for confirmation")
    )
    return str(password)


def _role(role: object) -> str:
    return vocabulary.label(vocabulary.ROLES, str(role), _)


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        msg = f"user {username!r} does not exist; see `eurasia users list`"
        raise NotFoundError(msg)
    return user


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Option(help="Login name of the admin.")] = "admin",
    display_name: Annotated[str, typer.Option(help="Name shown in the web app.")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an admin account (the first one, or another); asks for the password."""
    create(username, role="admin", display_name=display_name, password_stdin=password_stdin)


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "viewer",
    display_name: Annotated[str, typer.Option(help="Name shown in the web app.")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account with a role; asks for the password."""
    parsed = parse_role(role)
    password = _read_password(from_stdin=password_stdin)
    with store_session() as session:
        user = create_user(
            session,
            username=username,
            password=password,
            role=parsed,
            display_name=display_name,
        )
        name = user.username
    console.print(
        _("created %(role)s %(name)r") % {"role": _role(parsed), "name": name}, highlight=False
    )


@app.command("list")
def list_cmd() -> None:
    """List accounts with role, state and last login."""
    with store_session(migrate=False) as session:
        rows = [
            (u.username, u.display_name, u.role, u.is_active, u.last_login_at)
            for u in list_users(session)
        ]
    table = Table(_("username"), _("name"), _("role"), _("active"), _("last login"))
    for username, name, role, active, last in rows:
        table.add_row(
            username, name, _role(role), _("yes") if active else _("no"), str(last or _("never"))
        )
    console.print(table)


@app.command("set-role")
def set_role(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Argument(help="viewer, editor or admin.")],
) -> None:
    """Change an account's role (the last admin cannot be demoted)."""
    parsed = parse_role(role)
    with store_session(migrate=False) as session:
        update_user(session, _user(session, username), role=parsed)
    console.print(
        _("%(name)r is now %(role)s") % {"name": username, "role": _role(parsed)}, highlight=False
    )


@app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable an account: its sessions and tokens stop working at once."""
    with store_session(migrate=False) as session:
        update_user(session, _user(session, username), is_active=False)
    console.print(_("%(name)r disabled") % {"name": username}, highlight=False)


@app.command("set-password")
def set_password_cmd(
    username: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password for an account."""
    password = _read_password(from_stdin=password_stdin)
    with store_session(migrate=False) as session:
        set_password(session, _user(session, username), password)
    console.print(_("password of %(name)r changed") % {"name": username}, highlight=False)


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Owner of the token.")],
    name: Annotated[str, typer.Option(help="What the token is for.")],
) -> None:
    """Issue an API token; it is printed once (use as `Authorization: Bearer <token>`)."""
    with store_session(migrate=False) as session:
        _row, secret = issue_api_token(session, _user(session, username), name=name)
    console.print(secret, highlight=False, soft_wrap=True)


@token_app.command("list")
def token_list(
    username: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
) -> None:
    """List API tokens (never their secrets)."""
    with store_session(migrate=False) as session:
        owner = _user(session, username).id if username else None
        names = {u.id: u.username for u in list_users(session)}
        rows = [
            (t.id, names.get(t.user_id, "?"), t.name, t.prefix, t.last_used_at, t.revoked_at)
            for t in list_api_tokens(session, user_id=owner)
        ]
    table = Table("id", _("user"), _("name"), _("prefix"), _("last used"), _("revoked"))
    for token_id, user, name, prefix, used, revoked in rows:
        table.add_row(
            str(token_id), user, name, prefix + "…", str(used or _("never")), str(revoked or "")
        )
    console.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="Token id (see list).")]) -> None:
    """Revoke an API token."""
    with store_session(migrate=False) as session:
        revoke_api_token(session, token_id, by=_CLI)
    console.print(_("token %(id)d revoked") % {"id": token_id}, highlight=False)
