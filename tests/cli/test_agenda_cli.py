"""``eurasia agenda`` and ``eurasia programmes`` on the bundled seed data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eurasia.agenda.ical import read_ical_file
from eurasia.cli.main import main
from eurasia.settings import get_settings


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_agenda_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _run(capsys, "db", "load")
    listed = _run(capsys, "agenda", "list", "--city", "Astana")
    assert "Russian Seasons in Kazakhstan" in listed
    assert "Dual education working group" not in listed
    assert "Dual education working group" in _run(capsys, "agenda", "list", "--include-private")
    window = ("--start", "2025-01-01", "--end", "2026-01-01")
    clashes = _run(capsys, "agenda", "clashes", *window)
    assert "same city Astana" in clashes
    # the seed's business and culture events of 2025 clash (same city, same days): no suggestion
    assert "0 suggestions\n" in _run(capsys, "agenda", "suggest", *window)
    suggestions = _run(capsys, "agenda", "suggest", *window, "--limit", "1", "--no-same-city")
    assert "1 suggestion\n" in suggestions
    assert "Russian Seasons in Kazakhstan" in suggestions
    assert "no clash" in suggestions
    year = _run(capsys, "agenda", "year", "2025", "--min-gap-days", "30")
    assert "months without events" in year
    assert "gap: Jan 1, 2025" in year
    out = tmp_path / "astana.ics"
    _run(capsys, "agenda", "export", "--city", "astana", "-o", str(out))
    uids = {e.uid for e in read_ical_file(out).events}
    assert "russian-seasons-kz@eurasia" in uids
    assert "atom-iq-summer-school@eurasia" not in uids


def test_import_then_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    calendar = tmp_path / "forum.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:cli@test\r\n"
        "SUMMARY:CLI forum\r\nDTSTART:20260301T100000\r\nX-EURASIA-KIND:business\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    out = _run(capsys, "agenda", "import", str(calendar), "--default-tz", "Asia/Almaty")
    assert "imported 1 event from" in out
    assert "floating time read in Asia/Almaty" in out
    assert "CLI forum" in _run(capsys, "agenda", "list", "--kind", "business")


def test_partial_import_lists_each_rejected_event(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    calendar = tmp_path / "mixed.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:ok@cli\r\n"
        "DTSTART;VALUE=DATE:20260301\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:bad@cli\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    assert main(["agenda", "import", str(calendar)]) == 1
    assert "UID=bad@cli, property DTSTART" in capsys.readouterr().err
    out = _run(capsys, "agenda", "import", str(calendar), "--partial")
    assert "imported 1 event from" in out
    assert "rejected: line 8, VEVENT UID=bad@cli: property DTSTART: missing" in out


def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert main(["agenda", "import", str(broken)]) == 1
    assert "UID=x, property DTSTART" in capsys.readouterr().err
    assert main(["agenda", "list", "--kind", "party"]) == 1
    assert "--kind 'party'" in capsys.readouterr().err


def test_programmes_commands(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "db", "load")
    matched = _run(capsys, "programmes", "match", "--project", "kz-first-npp")
    assert "atom-iq-operators → kz-first-npp" in matched
    assert "Power production plant operators" in matched
    gaps = _run(capsys, "programmes", "gaps", "--year", "2031")
    assert "Welders and flamecutters" in gaps
    assert "programmes serving no project: mgimo-international-relations" in gaps
