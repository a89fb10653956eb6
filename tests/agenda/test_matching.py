"""Classifications, matching by the ISCO-08 hierarchy and ISCED-F field, the gap report, seed."""

from __future__ import annotations

import pytest

from eurasia.agenda.classifications import (
    isced_fields,
    isced_title,
    isco_groups,
    isco_parents,
    isco_title,
    sources,
)
from eurasia.agenda.matching import check_codes, gap_report, match
from eurasia.agenda.model import Programme, Project, WorkforceNeed
from eurasia.agenda.seed import load_seed
from eurasia.errors import DataError, NotFoundError


def test_isco_08_is_complete() -> None:
    by_length: dict[int, int] = {}
    for code in isco_groups():
        by_length[len(code)] = by_length.get(len(code), 0) + 1
    assert by_length == {1: 10, 2: 43, 3: 130, 4: 436}
    for code in isco_groups():
        for parent in isco_parents(code):
            assert parent in isco_groups()
    assert isco_title("2149") == "Engineering professionals not elsewhere classified"
    with pytest.raises(NotFoundError, match="ISCO-08 code '9999'"):
        isco_title("9999")


def test_isced_f_levels_and_sources() -> None:
    fields = isced_fields()
    assert sum(len(c) == 2 for c in fields) == 11
    assert isced_title("1041") == "Transport services"
    assert all(c[:2] in fields and c[:3] in fields for c in fields if len(c) == 4)
    assert {"ilo-isco-08", "unesco-isced-f-2013", "valdai-kz-greater-eurasia"} <= set(sources())


def _programme(pid: str, targets: tuple[str, ...], **fields: object) -> Programme:
    values: dict[str, object] = {
        "title": pid,
        "provider": "College",
        "isced_field": "0713",
        "isced_level": 4,
        "mode": "full-time",
        "country": "KZ",
        "intake_per_year": 30,
        "duration_years": 2,
        "start_year": 2025,
    }
    values.update(fields)
    return Programme(pid, target_isco=targets, **values)  # type: ignore[arg-type]


NPP = Project(
    "npp",
    "NPP",
    "energy",
    "KZ",
    2025,
    2035,
    city="Ulken",
    needs=(WorkforceNeed("3131", 100, 2030), WorkforceNeed("2151", 100, 2030)),
    isced_fields=("0713",),
    partners=("rosatom",),
)


@pytest.mark.parametrize(
    ("target", "digits", "isco_score"),
    # a shared sub-major group (2 digits) is a loose match: listed, not counted in coverage
    [("3131", 4, 0.5), ("3139", 3, 0.3), ("3113", 2, 0.0), ("7212", 0, 0.0)],
)
def test_hierarchy_levels(target: str, digits: int, isco_score: float) -> None:
    found = match([_programme("p", (target,), isced_field="0413")], [NPP], min_digits=2)
    if not digits:
        assert found == []
        return
    (m,) = found
    assert m.needs[0].digits == digits
    assert m.needs[0].counted == (digits >= 3)
    assert m.isco_score == isco_score
    if digits == 2:
        assert any("a loose match shown but not counted" in r for r in m.reasons)
        assert "reaches 0% of the 200 workers needed" in m.reasons


def test_min_digits_and_isced_only_matches() -> None:
    near = _programme("near", ("3139",), isced_field="0413")
    assert match([near], [NPP], min_digits=4) == []
    same_field = _programme("field", ("7212",))
    (m,) = match([same_field], [NPP])
    assert (m.isco_score, m.isced_score) == (0.0, 1.0)
    with pytest.raises(DataError, match="min_digits"):
        match([near], [NPP], min_digits=1)


def test_match_is_explained_and_scored() -> None:
    dual = _programme(
        "dual", ("3131",), mode="dual", city="Ulken", partner_enterprises=("rosatom",)
    )
    (m,) = match([dual], [NPP])
    assert m.score == round(0.65 * 0.5 + 0.2 + 0.1 + 0.05, 3)
    assert m.reasons == (
        "ISCO 3131 Power production plant operators: programme trains exactly this unit group "
        "(100 needed)",
        "reaches 50% of the 200 workers needed",
        "ISCED-F 0713 Electricity and energy and project field 0713 Electricity and energy share "
        "the detailed field 0713",
        "same city Ulken",
        "dual programme with project partner(s) rosatom",
    )


def test_gap_report_splits_graduates_without_double_counting() -> None:
    # 60 graduates a year from 2030 (intake 2027, 3 years), split over two targets
    both = _programme(
        "both", ("3131", "2151"), intake_per_year=60, duration_years=3, start_year=2027
    )
    related = _programme("rel", ("3139",), intake_per_year=20, duration_years=2, start_year=2028)
    idle = _programme("idle", ("2422",), isced_field="0312")
    report = gap_report([both, related, idle], [NPP])
    rows = {(r.year, r.isco): r for r in report.rows}
    assert rows[2030, "3131"].supply == 30 + 20  # exact share + the related programme's minor group
    assert rows[2030, "2151"].supply == 30
    assert rows[2030, "2151"].shortfall == 70
    assert rows[2030, "3131"].programmes == ("both", "rel")
    assert report.shortfall(2030) == 50 + 70
    assert report.unserved_programmes == ("idle",)
    strict = gap_report([both, related], [NPP], min_digits=4)
    assert {(r.year, r.isco): r.supply for r in strict.rows}[2030, "3131"] == 30


def test_codes_checked_against_classifications() -> None:
    with pytest.raises(DataError, match="target_isco '0000'"):
        check_codes([_programme("p", ("0000",))], [])
    with pytest.raises(DataError, match="ISCED-F field '0977'"):  # no narrow field 097
        check_codes([_programme("p", ("3131",), isced_field="0977")], [])


def test_seed_is_sourced_and_marked_illustrative() -> None:
    seed = load_seed()
    known = set(sources())
    for item in (*seed.events, *seed.programmes, *seed.projects):
        assert item.source in known
        assert item.illustrative
    names = {p.id for p in seed.projects}
    assert {"kz-first-npp", "trans-caspian-aktau-hub"} <= names
    providers = " ".join(p.provider for p in seed.programmes)
    for branch in ("Moscow State", "Aviation", "MEPhI", "Mendeleyev", "MGIMO", "Atom IQ"):
        assert branch in providers
    assert gap_report(seed.programmes, seed.projects).unserved_programmes == (
        "mgimo-international-relations",
    )
