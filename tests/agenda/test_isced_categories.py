"""ISCED-F 2013 coding categories: recognised, labelled, and matched only as far as they are
known (nfd and n.e.c. as their parent field, inter-disciplinary as the broad field, unknown not at
all); ISCO loose matches listed but never counted in coverage."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eurasia.agenda.classifications import (
    ISCED_CATEGORIES,
    isced_category,
    isced_codes,
    isced_fields,
    isced_match_code,
    isced_title,
)
from eurasia.agenda.matching import LEVEL_WEIGHTS, check_codes, match
from eurasia.agenda.model import Programme, Project, WorkforceNeed
from eurasia.errors import DataError, NotFoundError

PROGRAMME = Programme(
    "p", "Course", "College", "0713", 4, "full-time", "KZ", ("7212",), 30, 2, 2025
)
PROJECT = Project(
    "x", "Plant", "energy", "KZ", 2025, 2035, needs=(WorkforceNeed("3131", 10, 2030),)
)


@pytest.mark.parametrize(
    ("code", "category", "title"),
    [
        ("9999", "unknown", "Field unknown"),
        ("99", "unknown", "Field unknown"),
        ("070", "not-further-defined", "Engineering, manufacturing and construction not further defined"),
        ("0710", "not-further-defined", "Engineering and engineering trades not further defined"),
        ("0000", "not-further-defined", "Generic programmes and qualifications not further defined"),
        ("0788", "inter-disciplinary", "Inter-disciplinary programmes and qualifications involving "
         "engineering, manufacturing and construction"),
        ("068", "inter-disciplinary", "Inter-disciplinary programmes and qualifications involving "
         "Information and Communication Technologies (ICTs)"),
        ("0719", "not-elsewhere-classified", "Engineering and engineering trades not elsewhere classified"),
        ("0999", "not-elsewhere-classified", "Health and welfare not elsewhere classified"),
        ("0713", "field", "Electricity and energy"),
    ],
)  # fmt: skip
def test_coding_categories_are_recognised_and_labelled(
    code: str, category: str, title: str
) -> None:
    assert isced_category(code) == category
    assert isced_title(code) == title
    assert category in ISCED_CATEGORIES
    assert code in isced_codes()


@pytest.mark.parametrize(
    "code",
    # generic programmes have no inter-disciplinary code; a broad field with one narrow field
    # (ICTs) and a narrow field with one detailed field (law) have nothing "not further defined"
    ["008", "0088", "060", "069", "0420", "0429", "077", "0798", "9990", "98"],
)
def test_codes_the_coding_rules_do_not_make_are_refused(code: str) -> None:
    assert code not in isced_codes()
    with pytest.raises(NotFoundError, match=f"ISCED-F 2013 code '{code}' does not exist"):
        isced_category(code)
    with pytest.raises(DataError, match=f"ISCED-F field '{code}'"):
        check_codes([replace(PROGRAMME, isced_field=code)], [])


def test_named_fields_stay_apart_from_the_categories() -> None:
    categories = set(isced_codes()) - set(isced_fields())
    assert all(isced_category(c) != "field" for c in categories)
    assert {isced_category(c) for c in categories} == set(ISCED_CATEGORIES) - {"field"}


@pytest.mark.parametrize(
    ("programme_field", "project_field", "weight"),
    [
        ("0713", "0713", LEVEL_WEIGHTS[4]),
        # n.e.c. codes are not one detailed field: two of them share only their narrow field
        ("0719", "0719", LEVEL_WEIGHTS[3]),
        ("0719", "0713", LEVEL_WEIGHTS[3]),
        # not further defined: known to the narrow (or broad) field only
        ("0710", "0713", LEVEL_WEIGHTS[3]),
        ("0710", "0710", LEVEL_WEIGHTS[3]),
        ("0700", "0713", LEVEL_WEIGHTS[2]),
        # inter-disciplinary: its broad field
        ("0788", "0713", LEVEL_WEIGHTS[2]),
        ("0788", "0788", LEVEL_WEIGHTS[2]),
        ("0799", "0715", LEVEL_WEIGHTS[2]),
        # unknown matches nothing, not even another unknown
        ("9999", "9999", 0.0),
        ("9999", "0713", 0.0),
    ],
)
def test_categories_match_only_as_far_as_they_are_known(
    programme_field: str, project_field: str, weight: float
) -> None:
    programme = replace(PROGRAMME, isced_field=programme_field, target_isco=("3131",))
    project = replace(PROJECT, isced_fields=(project_field,))
    found = match([programme], [project])
    assert found[0].isced_score == weight
    if weight and isced_category(programme_field) != "field":
        label = ISCED_CATEGORIES[isced_category(programme_field)]
        assert any(label in reason for reason in found[0].reasons)


def test_match_codes() -> None:
    got = [isced_match_code(c) for c in ("0713", "071", "07", "0710", "070", "0719", "079", "0788")]
    assert got == ["0713", "071", "07", "071", "07", "071", "07", "07"]


def test_loose_isco_match_is_listed_but_not_counted_and_says_so() -> None:
    # an aerospace-type target in the same sub-major group (31) as the plant's operators (3131)
    programme = replace(PROGRAMME, target_isco=("3153",))
    found = match([programme], [PROJECT])[0]
    assert found.isco_score == 0.0
    assert found.needs[0].digits == 2
    assert not found.needs[0].counted
    assert any("a loose match shown but not counted" in r for r in found.reasons)
    assert any("reaches 0% of the 10 workers needed" in r for r in found.reasons)
