"""Programmes matched to projects' workforce needs, and the year-by-year gap report.

Matching walks up the ISCO-08 hierarchy: a programme target equal to a needed unit group
(4 digits) counts fully, one in the same minor group (3 digits) counts 0.6; one that shares only
the sub-major group (2 digits) is a loose match, listed with its reason but not counted in the
share of workers reached. The ISCED-F field of the programme is compared with the fields a
project lists the same way (4 → 3 → 2 digits); ISCED-F coding categories count only as far as
they are known (a field "not further defined" or "not elsewhere classified" as its parent, an
inter-disciplinary one as its broad field, "field unknown" not at all; see
:mod:`eurasia.agenda.classifications`).

Score (0–1) = 0.65 × ISCO + 0.2 × ISCED + 0.1 × place + 0.05 × partnership, where

* ISCO is the share of the project's needed headcount the programme's targets reach, each need
  weighted by its hierarchy level;
* ISCED is the best hierarchy level between the programme's field and the project's fields;
* place is 1 for the same city, 0.5 for the same country;
* partnership is 1 when a partner enterprise of the programme is a partner of the project
  (dual programmes are where this usually happens).

Examples
--------
>>> from eurasia.agenda.model import Programme, Project, WorkforceNeed
>>> npp = Project("npp", "NPP", "energy", "KZ", 2025, 2035, city="Ulken",
...               needs=(WorkforceNeed("3131", 100, 2030), WorkforceNeed("2151", 50, 2030)),
...               isced_fields=("0713",), partners=("rosatom",))
>>> course = Programme("ops", "Operators", "College", "0713", 4, "dual", "KZ", ("3131",), 30, 2,
...                    2026, partner_enterprises=("rosatom",))
>>> m = match([course], [npp])[0]
>>> m.score, m.isco_score
(0.733, 0.667)
>>> m.reasons[0]
'ISCO 3131 Power production plant operators: programme trains exactly this unit group (100 needed)'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eurasia.agenda.classifications import (
    ISCED_CATEGORIES,
    isced_category,
    isced_match_code,
    isced_title,
    isco_groups,
    isco_title,
)
from eurasia.agenda.model import Programme, Project
from eurasia.errors import DataError

__all__ = [
    "COUNTED_DIGITS",
    "LEVEL_WEIGHTS",
    "GapReport",
    "GapRow",
    "Match",
    "NeedMatch",
    "check_codes",
    "gap_report",
    "match",
]

#: Weight of a match by the number of leading digits shared.
LEVEL_WEIGHTS = {4: 1.0, 3: 0.6, 2: 0.3}
_LEVEL_NAMES = {4: "unit group", 3: "minor group", 2: "sub-major group"}
#: Fewest shared ISCO digits that count toward coverage: a shared sub-major group (2 digits,
#: e.g. 21 science and engineering professionals) is a loose match — shown, not counted, since
#: an aerospace programme does not train a nuclear plant's engineers.
COUNTED_DIGITS = 3


def _shared_digits(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def check_codes(programmes: Iterable[Programme], projects: Iterable[Project]) -> None:
    """Check every ISCO-08 and ISCED-F code against the bundled classifications.

    Raises
    ------
    DataError
        Naming the programme or project and the unknown code.
    """
    known = isco_groups()
    for p in programmes:
        for code in p.target_isco:
            if code not in known:
                msg = f"programme {p.id!r}: target_isco {code!r} is not an ISCO-08 unit group"
                raise DataError(msg)
        _check_isced(p.isced_field, f"programme {p.id!r}")
    for project in projects:
        for need in project.needs:
            if need.isco not in known:
                msg = f"project {project.id!r}: need {need.isco!r} is not an ISCO-08 unit group"
                raise DataError(msg)
        for field in project.isced_fields:
            _check_isced(field, f"project {project.id!r}")


def _check_isced(code: str, where: str) -> None:
    try:
        isced_title(code)
    except KeyError:
        msg = f"{where}: ISCED-F field {code!r} is not in ISCED-F 2013"
        raise DataError(msg) from None


@dataclass(frozen=True)
class NeedMatch:
    """How one needed occupation is reached by a programme target."""

    isco: str
    target: str
    digits: int
    weight: float
    headcount: int
    #: Whether the match counts toward the share of workers reached (not a loose one).
    counted: bool = True


@dataclass(frozen=True)
class Match:
    """A programme that can supply a project, with its score and the reasons for it."""

    programme_id: str
    project_id: str
    score: float
    isco_score: float
    isced_score: float
    place_score: float
    partner_score: float
    needs: tuple[NeedMatch, ...]
    reasons: tuple[str, ...]


def _best_target(need: str, targets: Sequence[str], min_digits: int) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for target in targets:
        digits = _shared_digits(need, target)
        if digits >= min_digits and (best is None or digits > best[1]):
            best = (target, digits)
    return best


def _isced_label(code: str) -> str:
    """Return a code with its title and, for a coding category, what matching makes of it."""
    category = isced_category(code)
    label = f"{code} {isced_title(code)}"
    return label if category == "field" else f"{label} ({ISCED_CATEGORIES[category]})"


def _isced_level(field: str, project_fields: Sequence[str]) -> tuple[float, str]:
    """Return the best ISCED-F level weight between a programme's field and a project's, and why.

    Coding categories compare only as far as they are known (:func:`isced_match_code`): a field
    "not further defined" or "not elsewhere classified" as its parent, an inter-disciplinary one
    as its broad field, an unknown one not at all.
    """
    mine = isced_match_code(field)
    best, reason = 0.0, ""
    for other in project_fields:
        theirs = isced_match_code(other)
        digits = min(_shared_digits(mine, theirs), len(mine), len(theirs))
        if digits >= 2 and LEVEL_WEIGHTS.get(digits, 0.0) > best:
            best = LEVEL_WEIGHTS[digits]
            level = {4: "detailed", 3: "narrow", 2: "broad"}[digits]
            reason = (
                f"ISCED-F {_isced_label(field)} and project field {_isced_label(other)} share the "
                f"{level} field {theirs[:digits]}"
            )
    return best, reason


def _pair(programme: Programme, project: Project, min_digits: int) -> Match | None:
    demand: dict[str, int] = defaultdict(int)
    for need in project.needs:
        demand[need.isco] += need.headcount
    total = sum(demand.values())
    reasons: list[str] = []
    matched: list[NeedMatch] = []
    reached = 0.0
    for code in sorted(demand, key=lambda c: (-demand[c], c)):
        best = _best_target(code, programme.target_isco, min_digits)
        if best is None:
            continue
        target, digits = best
        weight = LEVEL_WEIGHTS[digits]
        counted = digits >= COUNTED_DIGITS
        reached += weight * demand[code] if counted else 0.0
        matched.append(NeedMatch(code, target, digits, weight, demand[code], counted))
        if not counted:
            group = code[:digits]
            reasons.append(
                f"ISCO {code} {isco_title(code)} ↔ programme target {target} "
                f"{isco_title(target)}: only the same {_LEVEL_NAMES[digits]} {group} "
                f"{isco_title(group)}, a loose match shown but not counted ({demand[code]} needed)"
            )
        elif digits == 4:
            reasons.append(
                f"ISCO {code} {isco_title(code)}: programme trains exactly this unit group "
                f"({demand[code]} needed)"
            )
        else:
            group = code[:digits]
            reasons.append(
                f"ISCO {code} {isco_title(code)} ↔ programme target {target} "
                f"{isco_title(target)}: same {_LEVEL_NAMES[digits]} {group} "
                f"{isco_title(group)} (weight {weight}, {demand[code]} needed)"
            )
    isco_score = reached / total if total else 0.0
    isced_score, isced_reason = _isced_level(programme.isced_field, project.isced_fields)
    if isced_score:
        reasons.append(isced_reason)
    if not matched and isced_score < LEVEL_WEIGHTS[3]:
        return None
    if programme.city and project.city and programme.city.casefold() == project.city.casefold():
        place = 1.0
        reasons.append(f"same city {project.city}")
    elif programme.country == project.country:
        place = 0.5
        reasons.append(f"same country {project.country}")
    else:
        place = 0.0
    shared = sorted(set(programme.partner_enterprises) & set(project.partners))
    partner = 1.0 if shared else 0.0
    if shared:
        reasons.append(f"{programme.mode} programme with project partner(s) {', '.join(shared)}")
    if total:
        reasons.insert(len(matched), f"reaches {isco_score:.0%} of the {total} workers needed")
    score = 0.65 * isco_score + 0.2 * isced_score + 0.1 * place + 0.05 * partner
    return Match(
        programme_id=programme.id,
        project_id=project.id,
        score=round(score, 3),
        isco_score=round(isco_score, 3),
        isced_score=isced_score,
        place_score=place,
        partner_score=partner,
        needs=tuple(matched),
        reasons=tuple(reasons),
    )


def match(
    programmes: Iterable[Programme],
    projects: Iterable[Project],
    *,
    min_digits: int = 2,
    min_score: float = 0.0,
) -> list[Match]:
    """Score every programme against every project; keep pairs that reach a need or a field.

    Parameters
    ----------
    programmes, projects
        What to match.
    min_digits
        Shallowest ISCO-08 level that counts (2, 3 or 4).
    min_score
        Drop matches scoring below this.

    Returns
    -------
    list of Match
        Best first.

    Raises
    ------
    DataError
        If ``min_digits`` is not 2, 3 or 4.
    """
    if min_digits not in LEVEL_WEIGHTS:
        msg = f"min_digits={min_digits}: expected 2, 3 or 4"
        raise DataError(msg)
    projects = list(projects)
    out = []
    for programme in programmes:
        for project in projects:
            found = _pair(programme, project, min_digits)
            if found is not None and found.score >= min_score:
                out.append(found)
    out.sort(key=lambda m: (-m.score, m.project_id, m.programme_id))
    return out


@dataclass(frozen=True)
class GapRow:
    """Demand and supply of one occupation in one year."""

    year: int
    isco: str
    title: str
    demand: int
    supply: float
    shortfall: float
    projects: tuple[str, ...]
    programmes: tuple[str, ...]


@dataclass(frozen=True)
class GapReport:
    """Needs not covered by intake, year by year, and programmes that serve no project."""

    rows: tuple[GapRow, ...]
    unserved_programmes: tuple[str, ...]
    min_digits: int

    def shortfall(self, year: int) -> float:
        """Total workers short in ``year``."""
        return sum(r.shortfall for r in self.rows if r.year == year)


def gap_report(
    programmes: Sequence[Programme],
    projects: Sequence[Project],
    *,
    years: Iterable[int] | None = None,
    min_digits: int = 3,
) -> GapReport:
    """Compare each year's needed headcount per occupation with programmes' graduates.

    A programme's graduates in a year (:meth:`Programme.graduates`) are split evenly over its
    target occupations; each target's share goes to the needed occupations it reaches in that
    year — the identical unit group if needed, else those sharing at least ``min_digits``
    digits — split evenly, so no graduate is counted twice. Supply is an upper bound: it assumes
    every graduate joins these projects.

    Parameters
    ----------
    programmes, projects
        What to compare.
    years
        Years to report (default: every year with a need).
    min_digits
        Shallowest ISCO-08 level at which a graduate may fill a need (2, 3 or 4).

    Returns
    -------
    GapReport
        Rows sorted by year, then shortfall (largest first).

    Raises
    ------
    DataError
        If ``min_digits`` is not 2, 3 or 4.

    Examples
    --------
    >>> from eurasia.agenda.model import Programme, Project, WorkforceNeed
    >>> npp = Project("npp", "NPP", "energy", "KZ", 2025, 2035,
    ...               needs=(WorkforceNeed("3131", 100, 2030),))
    >>> ops = Programme("ops", "Operators", "College", "0713", 4, "dual", "KZ", ("3131",), 30, 2,
    ...                 2026)
    >>> row = gap_report([ops], [npp]).rows[0]
    >>> row.year, row.demand, row.supply, row.shortfall
    (2030, 100, 30.0, 70.0)
    """
    if min_digits not in LEVEL_WEIGHTS:
        msg = f"min_digits={min_digits}: expected 2, 3 or 4"
        raise DataError(msg)
    demand: dict[tuple[int, str], int] = defaultdict(int)
    who_needs: dict[tuple[int, str], set[str]] = defaultdict(set)
    for project in projects:
        for need in project.needs:
            demand[need.year, need.isco] += need.headcount
            who_needs[need.year, need.isco].add(project.id)
    wanted = sorted(set(years) if years is not None else {y for y, _ in demand})
    supply: dict[tuple[int, str], float] = defaultdict(float)
    suppliers: dict[tuple[int, str], set[str]] = defaultdict(set)
    for year in wanted:
        needed = [code for (y, code) in demand if y == year]
        for programme in programmes:
            graduates = programme.graduates(year)
            if not graduates:
                continue
            share = graduates / len(programme.target_isco)
            for target in programme.target_isco:
                if target in needed:
                    reached = [target]
                else:
                    reached = [c for c in needed if _shared_digits(c, target) >= min_digits]
                for code in reached:
                    supply[year, code] += share / len(reached)
                    suppliers[year, code].add(programme.id)
    rows = []
    for (year, code), headcount in demand.items():
        if year not in wanted:
            continue
        available = round(supply[year, code], 1)
        rows.append(
            GapRow(
                year=year,
                isco=code,
                title=isco_title(code),
                demand=headcount,
                supply=available,
                shortfall=round(max(headcount - available, 0.0), 1),
                projects=tuple(sorted(who_needs[year, code])),
                programmes=tuple(sorted(suppliers[year, code])),
            )
        )
    rows.sort(key=lambda r: (r.year, -r.shortfall, r.isco))
    matched = {m.programme_id for m in match(programmes, projects, min_digits=min_digits)}
    unserved = tuple(sorted(p.id for p in programmes if p.id not in matched))
    return GapReport(tuple(rows), unserved, min_digits)
