"""Synchronising calendars: clashes, co-scheduling suggestions and the annual calendar.

All three work on :class:`~eurasia.agenda.model.Instance` lists from
:func:`eurasia.agenda.recurrence.expand` and compare the local calendar days instances cover
(``first_day`` to ``last_day``), so an evening concert and a morning forum on the same day in the
same city overlap.

Examples
--------
>>> from datetime import date
>>> from eurasia.agenda.model import Event, Venue
>>> astana = Venue(city="Astana", country="KZ")
>>> forum = Event("f", "Forum", "business", date(2025, 6, 2), date(2025, 6, 4), "Asia/Almaty",
...               venue=astana)
>>> opera = Event("o", "Opera", "culture", date(2025, 6, 3), date(2025, 6, 4), "Asia/Almaty",
...               venue=astana)
>>> from eurasia.agenda.recurrence import expand
>>> instances = expand([forum, opera], date(2025, 1, 1), date(2026, 1, 1))
>>> [c.reasons for c in find_clashes(instances)]
[('same city Astana on overlapping days 2025-06-03–2025-06-03',)]
>>> suggest_pairs(instances)  # a clashing pair is never a suggestion
[]
>>> rules = ClashRules(same_city=False)  # a city that hosts both at once
>>> find_clashes(instances, rules=rules)
[]
>>> top = suggest_pairs(instances, clash_rules=rules)[0]
>>> top.business.title, top.partner.title, top.score, top.reasons[-1]
('Forum', 'Opera', 0.6, 'no clash: the enabled clash rules (city, organiser, audience) do not apply')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from eurasia.agenda.model import Event, Instance
from eurasia.agenda.recurrence import expand
from eurasia.errors import DataError

__all__ = [
    "MAX_CLASHES",
    "MAX_COMPARISONS",
    "Clash",
    "ClashRules",
    "Gap",
    "SeriesYear",
    "Suggestion",
    "YearView",
    "clash_reasons",
    "find_clashes",
    "suggest_pairs",
    "year_view",
]


@dataclass(frozen=True)
class ClashRules:
    """What makes two instances clash (any enabled rule with overlapping days).

    ``buffer_days`` widens "overlapping": instances fewer than this many days apart also clash.
    """

    same_city: bool = True
    same_organiser: bool = True
    same_audience: bool = True
    buffer_days: int = 0

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        if self.buffer_days < 0:
            msg = f"clash rule buffer_days={self.buffer_days}: expected 0 or more"
            raise DataError(msg)


@dataclass(frozen=True)
class Clash:
    """Two instances that compete for the same city, organiser or audience."""

    first: Instance
    second: Instance
    reasons: tuple[str, ...]


def _span(a: Instance, b: Instance) -> str:
    first = max(a.first_day, b.first_day)
    last = min(a.last_day, b.last_day)
    if first > last:
        return f"{a.days_apart(b)} day(s) apart"
    return f"on overlapping days {first.isoformat()}–{last.isoformat()}"


#: Most clashes :func:`find_clashes` reports by default: two dense series in one city clash on
#: every pair of their instances, and nobody reads a million of them (issue 18).
MAX_CLASHES = 1000
#: Most instance pairs :func:`find_clashes` and :func:`suggest_pairs` compare by default: dense
#: series on the same days make the comparisons quadratic; beyond this many the scan stops with
#: what it found (the earliest instances' pairs).
MAX_COMPARISONS = 200_000


def clash_reasons(a: Instance, b: Instance, rules: ClashRules) -> tuple[str, ...]:
    """Return every rule by which two instances clash; empty when they do not.

    They clash when they belong to different events, are at most ``rules.buffer_days`` days
    apart (0: on overlapping days) and share a city, organiser or audience (each rule enabled).

    Examples
    --------
    >>> from datetime import date
    >>> def day(uid, d):
    ...     return Instance(uid, d, uid, "culture", d, d + timedelta(days=1), "UTC", "Astana", "KZ",
    ...                     (), (), ("students",), "confirmed", "public", False)
    >>> clash_reasons(day("a", date(2025, 5, 1)), day("b", date(2025, 5, 1)), ClashRules())
    ('same city Astana on overlapping days 2025-05-01–2025-05-01', 'same audience students on overlapping days 2025-05-01–2025-05-01')
    >>> clash_reasons(day("a", date(2025, 5, 1)), day("b", date(2025, 5, 3)), ClashRules())
    ()
    """
    if a.uid == b.uid or a.days_apart(b) > rules.buffer_days:
        return ()
    reasons = []
    when = _span(a, b)
    if rules.same_city and a.city and b.city and a.city.casefold() == b.city.casefold():
        reasons.append(f"same city {a.city} {when}")
    shared = sorted(set(a.organisers) & set(b.organisers))
    if rules.same_organiser and shared:
        reasons.append(f"same organiser {', '.join(shared)} {when}")
    audience = sorted(set(a.audience) & set(b.audience))
    if rules.same_audience and audience:
        reasons.append(f"same audience {', '.join(audience)} {when}")
    return tuple(reasons)


def find_clashes(
    instances: Sequence[Instance],
    *,
    rules: ClashRules | None = None,
    limit: int | None = MAX_CLASHES,
    max_comparisons: int = MAX_COMPARISONS,
) -> list[Clash]:
    """Pairs of instances of different events that clash under ``rules``.

    Parameters
    ----------
    instances
        Expanded instances (:func:`eurasia.agenda.recurrence.expand`).
    rules
        What counts as a clash (default :class:`ClashRules`).
    limit
        Stop after this many clashes (``None``: all of them).
    max_comparisons
        Stop after comparing this many pairs.

    Returns
    -------
    list of Clash
        Ordered by the first instance's day; each clash names every rule it breaks.
    """
    rules = rules or ClashRules()
    ordered = sorted(instances, key=lambda i: (i.first_day, i.uid))
    clashes: list[Clash] = []
    compared = 0
    for index, a in enumerate(ordered):
        horizon = a.last_day + timedelta(days=rules.buffer_days)
        for b in ordered[index + 1 :]:
            if b.first_day > horizon:
                break
            compared += 1
            if compared > max_comparisons:
                return clashes
            reasons = clash_reasons(a, b, rules)
            if reasons:
                clashes.append(Clash(a, b, reasons))
                if limit is not None and len(clashes) >= limit:
                    return clashes
    return clashes


@dataclass(frozen=True)
class Suggestion:
    """A business instance paired with a cultural or educational one nearby in time and place."""

    business: Instance
    partner: Instance
    days_apart: int
    score: float
    reasons: tuple[str, ...]


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = set(a), set(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def suggest_pairs(
    instances: Sequence[Instance],
    *,
    within_days: int = 7,
    partner_kinds: Iterable[str] = ("culture", "education"),
    limit: int | None = None,
    max_comparisons: int = MAX_COMPARISONS,
    clash_rules: ClashRules | None = None,
) -> list[Suggestion]:
    """Pair business instances with partner-kind instances in the same city within N days.

    A pair that clashes under ``clash_rules`` (default :class:`ClashRules`, the rules
    :func:`find_clashes` uses by default) is never suggested, so the two lists never contradict
    each other; each suggestion says why it is no clash.

    Score (0–1) = 0.6 × proximity + 0.2 × shared partner countries + 0.1 × shared audience +
    0.1 × shared organisers, where proximity is ``1 - days_apart / (within_days + 1)`` and the
    shares are Jaccard indices. Every term that contributes is explained.

    Parameters
    ----------
    instances
        Expanded instances (business and partner kinds among them).
    within_days
        Largest gap in days between the two instances' covered days.
    partner_kinds
        Kinds paired with business events.
    clash_rules
        The clash rules in force; pass the same as to :func:`find_clashes`.
    limit
        Keep only the best ``limit`` suggestions.
    max_comparisons
        Stop after comparing this many pairs (dense series; see :data:`MAX_COMPARISONS`).

    Raises
    ------
    DataError
        If ``within_days`` is negative.
    """
    if within_days < 0:
        msg = f"within_days={within_days}: expected 0 or more"
        raise DataError(msg)
    rules = clash_rules or ClashRules()
    kinds = set(partner_kinds)
    business = [i for i in instances if i.kind == "business" and i.city]
    partners = [i for i in instances if i.kind in kinds and i.city]
    out = []
    compared = 0
    for b, p in ((b, p) for b in business for p in partners):
        compared += 1
        if compared > max_comparisons:
            break
        if b.city.casefold() != p.city.casefold():  # type: ignore[union-attr]
            continue
        gap = b.days_apart(p)
        if gap > within_days or clash_reasons(b, p, rules):
            continue
        proximity = 1 - gap / (within_days + 1)
        countries = _jaccard(b.partner_countries, p.partner_countries)
        audience = _jaccard(b.audience, p.audience)
        organisers = _jaccard(b.organisers, p.organisers)
        score = 0.6 * proximity + 0.2 * countries + 0.1 * audience + 0.1 * organisers
        when = "overlapping or adjacent days" if gap == 0 else f"{gap} day(s) apart"
        reasons = [f"same city {b.city}, {when} (proximity {proximity:.2f})"]
        if countries:
            shared = ", ".join(sorted(set(b.partner_countries) & set(p.partner_countries)))
            reasons.append(f"shared partner countries {shared}")
        if audience:
            reasons.append(
                f"shared audience {', '.join(sorted(set(b.audience) & set(p.audience)))}"
            )
        if organisers:
            reasons.append(
                f"shared organisers {', '.join(sorted(set(b.organisers) & set(p.organisers)))}"
            )
        reasons.append(_no_clash(b, p, rules))
        out.append(Suggestion(b, p, gap, round(score, 3), tuple(reasons)))
        if limit is not None and len(out) > 4 * limit + 100:  # keep memory to the best ones
            out = _best(out)[:limit]
    out = _best(out)
    return out[:limit] if limit is not None else out


def _no_clash(a: Instance, b: Instance, rules: ClashRules) -> str:
    """Say why a suggested pair is not a clash under ``rules``."""
    gap = a.days_apart(b)
    if gap > rules.buffer_days:
        return f"no clash: {gap} day(s) apart, more than the clash buffer of {rules.buffer_days}"
    return "no clash: the enabled clash rules (city, organiser, audience) do not apply"


def _best(suggestions: list[Suggestion]) -> list[Suggestion]:
    return sorted(
        suggestions, key=lambda s: (-s.score, s.business.first_day, s.business.uid, s.partner.uid)
    )


@dataclass(frozen=True)
class SeriesYear:
    """When one event (series) falls in a year."""

    uid: str
    title: str
    kind: str
    city: str | None
    recurring: bool
    days: tuple[date, ...]

    @property
    def months(self) -> tuple[int, ...]:
        """Months (1–12) with at least one instance."""
        return tuple(sorted({d.month for d in self.days}))


@dataclass(frozen=True)
class Gap:
    """A run of days (inclusive) on which no instance takes place."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Length of the gap in days."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class YearView:
    """The annual calendar: each series' days, empty months and gaps of ``min_gap_days`` or more."""

    year: int
    series: tuple[SeriesYear, ...]
    empty_months: tuple[int, ...]
    gaps: tuple[Gap, ...]


def year_view(events: Iterable[Event], year: int, *, min_gap_days: int = 21) -> YearView:
    """When each event falls in ``year``, and where the year has no event at all.

    Parameters
    ----------
    events
        Events to lay out (filter them first for one city, kind or organiser).
    year
        Calendar year.
    min_gap_days
        Shortest run of empty days reported as a gap.

    Raises
    ------
    DataError
        If ``min_gap_days`` is below 1 or ``year`` is outside 1900–2200.

    Examples
    --------
    >>> from eurasia.agenda.model import Event
    >>> ev = Event("s", "Season", "culture", date(2025, 2, 1), date(2025, 12, 1), "Asia/Almaty")
    >>> view = year_view([ev], 2025, min_gap_days=20)
    >>> [(g.start.isoformat(), g.days) for g in view.gaps], view.empty_months
    ([('2025-01-01', 31), ('2025-12-01', 31)], (1, 12))
    """
    if min_gap_days < 1:
        msg = f"min_gap_days={min_gap_days}: expected 1 or more"
        raise DataError(msg)
    if not 1900 <= year <= 2200:
        msg = f"year {year}: expected a year between 1900 and 2200"
        raise DataError(msg)
    first, last = date(year, 1, 1), date(year, 12, 31)
    instances = expand(events, first, date(year + 1, 1, 1))
    busy: set[date] = set()
    per_series: dict[str, list[Instance]] = {}
    for instance in instances:
        per_series.setdefault(instance.uid, []).append(instance)
        day = max(instance.first_day, first)
        while day <= min(instance.last_day, last):
            busy.add(day)
            day += timedelta(days=1)
    series = tuple(
        SeriesYear(
            uid=uid,
            title=items[0].title,
            kind=items[0].kind,
            city=items[0].city,
            recurring=items[0].recurring,
            days=tuple(sorted({max(i.first_day, first) for i in items})),
        )
        for uid, items in sorted(per_series.items(), key=lambda kv: (kv[1][0].first_day, kv[0]))
    )
    gaps = []
    day, run_start = first, None
    while day <= last + timedelta(days=1):
        empty = day <= last and day not in busy
        if empty and run_start is None:
            run_start = day
        if not empty and run_start is not None:
            if (day - run_start).days >= min_gap_days:
                gaps.append(Gap(run_start, day - timedelta(days=1)))
            run_start = None
        day += timedelta(days=1)
    busy_months = {d.month for d in busy}
    empty_months = tuple(m for m in range(1, 13) if m not in busy_months)
    return YearView(year, series, empty_months, tuple(gaps))
