"""The command line in three languages: ``--lang``, ``LANG``/``LC_ALL``, help, tables, plurals,
locale numbers, and route planning by Cyrillic and Kazakh Latin names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.main import get_command

from eurasia.cli.i18n import language_from_args, localize_command, set_language
from eurasia.cli.main import app, main
from eurasia.i18n import translations
from eurasia.settings import get_settings


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "200")


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return " ".join(capsys.readouterr().out.split())


def test_route_by_cyrillic_names_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, "--lang", "ru", "route", "Достык", "Актау")
    assert "Маршруты" in out
    assert "Достык → Актау, самый быстрый:" in out
    assert "железная дорога" in out
    assert "Страны: Казахстан." in out


def test_route_by_kazakh_latin_names_in_kazakh(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    out = _out(capsys, "route", "Dostyq", "Aqtau", "--alternatives", "2")
    assert "Маршруттар" in out
    assert "Достық → Ақтау, ең жылдам:" in out
    assert "Елдер: Қазақстан." in out


def test_json_output_keeps_codes_in_every_language(capsys: pytest.CaptureFixture[str]) -> None:
    body = json.loads(_out(capsys, "--lang", "kk", "route", "Алматы", "Ақтау", "--json"))
    assert body["data"][0]["legs"][0]["mode"] == "rail"
    assert body["data"][0]["origin"] == "kz-almaty"


def test_lc_all_outranks_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert "Маршруты" in _out(capsys, "route", "Almaty", "Aktau")


def test_lang_option_outranks_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert "Routes" in _out(capsys, "--lang=en", "route", "Almaty", "Aktau")


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    russian = _out(capsys, "--lang", "ru", "route", "--help")
    assert "Планировать грузовые маршруты" in russian
    assert "Параметры" in russian
    assert "Показать эту справку и выйти." in russian
    kazakh = _out(capsys, "--lang", "kk", "--help")
    assert "Үлкен Еуразиядағы Қазақстан: дәліздер, көрсеткіштер және күн тәртібі." in kazakh
    assert "Командалар" in kazakh


def test_every_help_text_is_in_the_catalogues() -> None:
    set_language("en")
    command = get_command(app)
    texts: list[str] = []

    def walk(cmd: object) -> None:
        texts.extend(t for t in (getattr(cmd, "help", None),) if t)
        texts.extend(p.help for p in getattr(cmd, "params", []) if getattr(p, "help", None))
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)
    assert len(texts) > 100
    for locale in ("ru", "kk"):
        gettext = translations(locale).gettext
        assert [t for t in texts if gettext(t) == t] == [], locale


def test_localize_command_translates_in_place() -> None:
    command = get_command(app)
    set_language("kk")
    try:
        localize_command(command)
        assert (
            command.help == "Үлкен Еуразиядағы Қазақстан: дәліздер, көрсеткіштер және күн тәртібі."
        )
    finally:
        set_language("en")


def test_unknown_language_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "de", "route", "Almaty", "Aktau"]) == 1
    assert capsys.readouterr().err.startswith("error: --lang 'de': expected one of en, kk, ru")


def test_errors_are_prefixed_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ru", "route", "Атлантида", "Актау"]) == 1
    assert capsys.readouterr().err.startswith("ошибка: ")


def test_store_commands_in_kazakh_and_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        listed = _out(capsys, "--lang", "ru", "indicators", "list", "--topic", "transit")
        assert "Транзит грузов через Казахстан" in listed
        assert re.search(r"\b\d+ показател(ь|я|ей)\b", listed)
        claims = _out(capsys, "--lang", "kk", "indicators", "claims")
        assert "ескірген" in claims  # the verdict "outdated"
        year = _out(capsys, "--lang", "ru", "agenda", "year", "2025")
        assert "месяцы без событий" in year
        assert re.search(r"\d+ (день|дня|дней)\)", year)  # a gap's length, with its plural
    finally:
        get_settings.cache_clear()


def test_language_from_args_stops_at_double_dash() -> None:
    assert language_from_args(["--lang", "ru"]) == "ru"
    assert language_from_args(["route", "--", "--lang", "kk"]) is None
    assert language_from_args(["--lang"]) is None
