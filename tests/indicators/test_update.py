"""``eurasia indicators update``: publishers' answers replayed from recorded files over local HTTP.

A throwaway HTTP server on 127.0.0.1 serves ``recorded/`` (shaped as the World Bank API v2 and
OWID answer); the real client code (``wbgapi``, ``urllib``) fetches from it. No test reaches the
internet: the offline case points at a closed local port.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.server
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from eurasia.indicators.bundled import bundled_observatory
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.refresh import compare_vintages, refresh_plan

pytest.importorskip("wbgapi")

from eurasia.cli.indicators_update import run_update

RECORDED = Path(__file__).with_name("recorded")
LAST_MODIFIED = email.utils.format_datetime(
    dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), usegmt=True
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].lstrip("/")
        file = RECORDED / path
        if path.startswith("sdmx/data/"):
            file = RECORDED / "sdmx" / "dot.xml"  # any DOT query: the recorded answer
        elif file.suffix != ".csv":
            file = file.with_name(file.name + ".json")
        if not file.is_file() or RECORDED not in file.resolve().parents:
            self.send_error(404)
            return
        body = file.read_bytes()
        self.send_response(200)
        kinds = {".csv": "text/csv", ".xml": "application/vnd.sdmx.genericdata+xml;version=2.1"}
        self.send_header("Content-Type", kinds.get(file.suffix, "application/json"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def publisher() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def observatory() -> Observatory:
    return bundled_observatory()


def _plan(observatory: Observatory) -> list:  # type: ignore[type-arg]
    wanted = {"wdi.ny.gdp.mktp.cd", "owid.wind_share_elec"}
    return [r for r in refresh_plan(observatory) if r.indicator in wanted]


def test_plan_covers_every_publisher_series(observatory: Observatory) -> None:
    plan = refresh_plan(observatory)
    assert {r.publisher for r in plan} == {"worldbank", "owid"}
    assert len([r for r in plan if r.publisher == "worldbank"]) == 15
    gdp = next(r for r in plan if r.indicator == "wdi.ny.gdp.mktp.cd")
    assert (gdp.remote, gdp.areas) == ("NY.GDP.MKTP.CD", ("KAZ",))
    port = next(r for r in plan if r.indicator == "wdi.is.shp.good.tu")
    assert port.areas == ("CHN", "GEO", "RUS", "TUR")


def test_update_stores_a_new_vintage_beside_the_old(
    observatory: Observatory, publisher: str
) -> None:
    before = list(observatory.observations)
    outcome = run_update(
        observatory,
        _plan(observatory),
        worldbank_endpoint=f"{publisher}/worldbank/v2",
        owid_url=f"{publisher}/owid/owid-energy-data.csv",
        today=dt.date(2026, 11, 20),
    )
    assert not outcome.unreachable
    report = outcome.report
    revised = {(c.indicator, c.period): (c.old, c.new) for c in report.revised}
    assert revised[("wdi.ny.gdp.mktp.cd", "2024")] == (291480274648.826, 292480274648.826)
    assert revised[("owid.wind_share_elec", "2025")] == (4.713, 4.8)
    assert [(c.indicator, c.period) for c in report.added] == [("wdi.ny.gdp.mktp.cd", "2026")]
    assert report.unchanged == 2  # GDP 2023, wind 2024
    vintages = {(o.indicator, o.vintage) for o in report.new}
    assert vintages == {
        ("wdi.ny.gdp.mktp.cd", "2026-10-15"),
        ("owid.wind_share_elec", "2026-11-02"),
    }
    assert {o.date_accessed for o in report.new} == {"2026-11-20"}
    # stored beside the old vintage: the old values are untouched and the keys do not collide
    observatory.add_observations(report.new)
    assert observatory.observations[: len(before)] == before
    again = compare_vintages(observatory, report.new)
    assert (again.new, again.already_stored) == ([], len(report.new))


def test_offline_changes_nothing(observatory: Observatory) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    outcome = run_update(
        observatory,
        _plan(observatory),
        worldbank_endpoint=f"{closed}/v2",
        owid_url=f"{closed}/owid.csv",
    )
    assert outcome.offline
    assert outcome.report.new == []
    assert set(outcome.unreachable) == {"World Bank", "Our World in Data"}


def test_a_malformed_answer_is_refused(
    observatory: Observatory, publisher: str, tmp_path: Path
) -> None:
    from eurasia.errors import DataError
    from eurasia.indicators.refresh import worldbank_observations

    with pytest.raises(
        DataError, match=r"row 1 \(wdi.x\), field 'value': expected a finite number"
    ):
        worldbank_observations(
            [{"countryiso3code": "KAZ", "date": "2024", "value": "lots"}],
            indicator="wdi.x",
            unit="t",
            vintage="v",
        )
    unknown = [
        replace(r, remote="NO.SUCH.CODE") for r in _plan(observatory) if r.publisher == "worldbank"
    ]
    outcome = run_update(observatory, unknown, worldbank_endpoint=f"{publisher}/worldbank/v2")
    assert outcome.unreachable  # a 404 from the publisher: reported, nothing stored
    assert outcome.report.new == []


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from eurasia.settings import get_settings

    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _count(indicator: str) -> int:
    from eurasia.cli.common import store_session
    from eurasia.store.indicators import count_observations

    with store_session(load=True) as session:
        return count_observations(session, indicator=indicator)


def test_cli_offline_prints_one_line_and_changes_nothing(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eurasia.cli.main import main

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    before = _count("wdi.ny.gdp.mktp.cd")
    args = ["indicators", "update", "--world-bank-api", f"{closed}/v2", "--owid-url", closed]
    assert main(args) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["offline: no publisher could be reached; nothing changed"]
    assert _count("wdi.ny.gdp.mktp.cd") == before


def test_cli_update_stores_then_finds_nothing_new(
    cli_env: Path, publisher: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from eurasia.cli.main import main

    before = _count("wdi.ny.gdp.mktp.cd")
    args = [
        "indicators",
        "update",
        "--indicator",
        "wdi.ny.gdp.mktp.cd",
        "--indicator",
        "owid.wind_share_elec",
        "--world-bank-api",
        f"{publisher}/worldbank/v2",
        "--owid-url",
        f"{publisher}/owid/owid-energy-data.csv",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "revised wdi.ny.gdp.mktp.cd KAZ 2024" in out
    assert "added wdi.ny.gdp.mktp.cd KAZ 2026" in out
    assert "5 observations stored as a new vintage: 2 revised, 1 added, 2 unchanged" in out
    assert _count("wdi.ny.gdp.mktp.cd") == before + 3
    assert main(args) == 0
    assert "0 observations stored as a new vintage" in capsys.readouterr().out
    assert _count("wdi.ny.gdp.mktp.cd") == before + 3


DOT_URL = "/sdmx/data/IMF,DOT,1.0/A.KZ+CN+RU.TXG_FOB_USD+TMG_CIF_USD."


def test_sdmx_partner_tables_give_hhi_series_on_both_sides(
    observatory: Observatory, publisher: str
) -> None:
    from eurasia.indicators.partners import hhi_series

    outcome = run_update(
        observatory, [], sdmx_urls=[publisher + DOT_URL], today=dt.date(2026, 11, 20)
    )
    assert not outcome.unreachable
    (source,) = outcome.sources.values()
    assert (source.id, source.kind) == ("sdmx-imf-dot", "international")
    new = outcome.report.new
    assert {o.vintage for o in new} == {"2026-10-28"}
    own_china = {
        (o.period, o.flow): o.value
        for o in new
        if o.counterpart_area == "CHN" and o.reporter_side == "reporter"
    }
    assert own_china[("2023", "X")] == pytest.approx(15.204)
    assert own_china[("2023", "T")] == pytest.approx(15.204 + 16.341)
    mirror_china = {
        (o.period, o.flow): o.value
        for o in new
        if o.counterpart_area == "CHN" and o.reporter_side == "mirror"
    }
    assert mirror_china[("2023", "M")] == pytest.approx(24.703)  # China's exports to Kazakhstan
    observatory.add_source(source)
    observatory.add_observations(new)
    own = hhi_series(observatory, ref_area="KAZ", source_id=source.id)
    mirror = hhi_series(observatory, ref_area="KAZ", source_id=source.id, reporter_side="mirror")
    assert [p.period for p in own.years] == ["2022", "2023"]
    total_2023 = 78.680 + 60.576
    shares = own.years[1].shares
    assert shares["CHN"] == pytest.approx((15.204 + 16.341) / total_2023)
    assert own.years[1].hhi_lower < own.years[1].hhi_upper  # three partners: a range
    assert mirror.years[1].coverage == pytest.approx(1.0)  # mirror total = the reporting partners
    assert mirror.years[1].shares["CHN"] > shares["CHN"]


def test_sdmx_offline_is_reported(observatory: Observatory) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    outcome = run_update(observatory, [], sdmx_urls=[closed + DOT_URL])
    assert outcome.offline
    assert outcome.report.new == []


def test_cli_sdmx_then_hhi(
    cli_env: Path, publisher: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from eurasia.cli.main import main

    args = ["indicators", "update", "--indicator", "none", "--sdmx", publisher + DOT_URL]
    assert main(args) == 0
    assert "observations stored as a new vintage" in capsys.readouterr().out
    chart = cli_env / "hhi.svg"
    assert main(["indicators", "hhi", "--source", "sdmx-imf-dot", "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "2023" in out
    assert "mirror" in out
    assert "HHI" in chart.read_text()
