r"""Languages of the command line: the active language, translated help and locale formatting.

The language is, in order: the global ``--lang`` option (``eurasia --lang kk route …``), then
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``; English when none names a language with a
catalogue. :class:`LocalizedGroup` (the root command's class) settles it before Click parses
anything, so help screens, messages and tables all speak it. Command and option help stays
English in the source (Typer reads it from docstrings and ``help=``) and is translated on the
built command tree; the catalogue gets those strings from :mod:`eurasia.i18n.extract`.

Typer's own help-screen words (panel titles, ``[default: …]``, ``[required]``) are module
constants of ``typer.rich_utils``, set here for the language; the help flag's text is translated
on each command. Usage errors raised inside Typer's bundled Click stay English.

Examples
--------
>>> set_language("ru")
'ru'
>>> _("Routes"), number(12345.678, 1), percent(0.25)
('Маршруты', '12\xa0345,7', '25\xa0%')
>>> set_language("en")
'en'
>>> ngettext("%(num)d event", "%(num)d events", 2) % {"num": 2}
'2 events'
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

import typer.rich_utils as rich_utils
from babel.core import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from typer.core import TyperGroup

from eurasia.errors import DataError
from eurasia.i18n import N_, available_locales, locale_from_environment, translations

__all__ = [
    "LocalizedGroup",
    "_",
    "day",
    "language",
    "language_from_args",
    "localize_command",
    "ngettext",
    "number",
    "percent",
    "set_language",
    "value",
]

_HELP_FLAG = "Show this message and exit."
# Typer's help-screen words, translated by set_language (attribute of typer.rich_utils → msgid).
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
N_("Show this message and exit.")
# Typer's own options on the root command.
N_("Install completion for the current shell.")
N_("Show completion for the current shell, to copy it or customize the installation.")


class _Active:
    locale = "en"


def language() -> str:
    """The active language of the command line."""
    return _Active.locale


def set_language(locale: str) -> str:
    """Make ``locale`` the command line's language (and Typer's help words follow it).

    Raises
    ------
    DataError
        If there is no catalogue for ``locale``.
    """
    if locale not in available_locales():
        msg = f"--lang {locale!r}: expected one of {', '.join(available_locales())}"
        raise DataError(msg)
    _Active.locale = locale
    gettext = translations(locale).gettext
    for attribute, message in _TYPER_WORDS.items():
        setattr(rich_utils, attribute, gettext(message))
    return locale


def _(message: str) -> str:
    """``message`` in the active language."""
    return translations(_Active.locale).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the active language (its plural rule)."""
    return translations(_Active.locale).ngettext(singular, plural, n)


def number(value: float | None, digits: int = 0) -> str:
    """``value`` with the active locale's separators and ``digits`` decimals; ``–`` if missing.

    Examples
    --------
    >>> set_language("en"), number(1234.5), number(float("nan"))
    ('en', '1,234', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=_Active.locale)


def value(amount: float | None) -> str:
    r"""A data value as stored (up to six decimals, no trailing zeros), in the active locale.

    Examples
    --------
    >>> set_language("ru"), value(43.82), value(27400000.0)
    ('ru', '43,82', '27\xa0400\xa0000')
    >>> set_language("en"), value(0.0012345)
    ('en', '0.001234')
    """
    if amount is None or math.isnan(amount):
        return "–"
    return format_decimal(amount, format="#,##0.######", locale=_Active.locale)


def percent(value: float | None, digits: int = 0, *, signed: bool = False) -> str:
    """A share as a percentage in the active locale (``0.25`` → ``25%``); ``–`` if missing.

    Examples
    --------
    >>> set_language("en"), percent(0.034, 1, signed=True), percent(None)
    ('en', '+3.4%', '–')
    """
    if value is None or math.isnan(value):
        return "–"
    pattern = Locale.parse(_Active.locale).percent_formats[None].pattern.split(";")[0]
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    if signed and value > 0:
        pattern = "+" + pattern
    return format_percent(value, format=pattern, locale=_Active.locale)


def day(value: date) -> str:
    """A date in the active locale's medium format.

    Examples
    --------
    >>> set_language("en"), day(date(2026, 5, 4))
    ('en', 'May 4, 2026')
    """
    return format_date(value, format="medium", locale=_Active.locale)


def language_from_args(args: Sequence[str]) -> str | None:
    """The value of a ``--lang`` option among ``args`` (``--lang ru`` or ``--lang=ru``).

    Examples
    --------
    >>> language_from_args(["--lang", "kk", "route", "A", "B"]), language_from_args(["--lang=ru"])
    ('kk', 'ru')
    >>> language_from_args(["route", "--", "--lang"]) is None
    True
    """
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
    return None


def localize_command(command: Any) -> None:
    """Translate the help of a Click/Typer command, its parameters and subcommands, in place."""
    gettext = _
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if isinstance(text, str) and text:
            setattr(command, attribute, gettext(text))
    for param in getattr(command, "params", []):
        text = getattr(param, "help", None)
        if isinstance(text, str) and text:
            param.help = gettext(text)
    original = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.help = gettext(_HELP_FLAG)
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        localize_command(sub)


class LocalizedGroup(TyperGroup):
    """The root group: settles the language (``--lang``, then the environment) and translates
    the command tree before Click parses the arguments.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line in the chosen language."""
        argv = list(sys.argv[1:] if args is None else args)
        set_language(language_from_args(argv) or locale_from_environment())
        localize_command(self)
        return super().main(
            argv,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=standalone_mode,
            windows_expand_args=windows_expand_args,
            **extra,
        )
