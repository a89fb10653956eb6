"""Why two events clash or pair well, in the reader's language.

:func:`~eurasia.agenda.sync.find_clashes` and :func:`~eurasia.agenda.sync.suggest_pairs` explain
themselves in English; these functions say the same from the instances themselves, through the
gettext catalogues, with dates and numbers of the locale — for the pages and the command line.

Examples
--------
>>> from datetime import date
>>> from eurasia.agenda.model import Event, Venue
>>> from eurasia.agenda.recurrence import expand
>>> from eurasia.agenda.sync import ClashRules, find_clashes, suggest_pairs
>>> astana = Venue(city="Astana", country="KZ")
>>> forum = Event("f", "Forum", "business", date(2025, 6, 2), date(2025, 6, 4), "Asia/Almaty",
...               venue=astana)
>>> opera = Event("o", "Opera", "culture", date(2025, 6, 3), date(2025, 6, 4), "Asia/Almaty",
...               venue=astana)
>>> instances = expand([forum, opera], date(2025, 1, 1), date(2026, 1, 1))
>>> clash_reasons(find_clashes(instances)[0], locale="ru")  # doctest: +ELLIPSIS
['тот же город Astana, дни совпадают: 3 июн. 2025...']
>>> rules = ClashRules(same_city=False)  # else this pair is a clash, never a suggestion
>>> suggestion_reasons(suggest_pairs(instances, clash_rules=rules)[0], within_days=7, locale="kk",
...                    rules=rules)  # doctest: +NORMALIZE_WHITESPACE
['бір қала Astana, күндері қиылысады не іргелес (жақындығы 1,00)',
 'қайшылық жоқ: қосылған қайшылық ережелері (қала, ұйымдастырушы, аудитория) қолданылмайды']
"""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_decimal

from eurasia.agenda.model import Instance
from eurasia.agenda.sync import Clash, ClashRules, Suggestion
from eurasia.i18n import translations

__all__ = ["clash_reasons", "suggestion_reasons"]


def _when(a: Instance, b: Instance, locale: str) -> str:
    t = translations(locale)
    first, last = max(a.first_day, b.first_day), min(a.last_day, b.last_day)
    if first > last:
        gap = a.days_apart(b)
        return t.ngettext("%(num)d day apart", "%(num)d days apart", gap) % {"num": gap}
    days = format_date(first, "medium", locale=locale)
    if last != first:
        days += " – " + format_date(last, "medium", locale=locale)
    return t.gettext("overlapping days: %(days)s") % {"days": days}


def clash_reasons(clash: Clash, *, locale: str, rules: ClashRules | None = None) -> list[str]:
    """Each rule the two instances of ``clash`` break, as a phrase in ``locale``.

    Parameters
    ----------
    clash
        A clash found by :func:`~eurasia.agenda.sync.find_clashes`.
    locale
        Language of the phrases.
    rules
        The rules the clashes were found with (default: every rule).

    Returns
    -------
    list of str
        Same city, same organiser, same audience: those that apply.
    """
    rules = rules or ClashRules()
    t = translations(locale)
    a, b = clash.first, clash.second
    when = _when(a, b, locale)
    out = []
    if rules.same_city and a.city and b.city and a.city.casefold() == b.city.casefold():
        out.append(t.gettext("same city %(city)s, %(when)s") % {"city": a.city, "when": when})
    organisers = ", ".join(sorted(set(a.organisers) & set(b.organisers)))
    if rules.same_organiser and organisers:
        text = t.gettext("same organiser %(names)s, %(when)s")
        out.append(text % {"names": organisers, "when": when})
    audience = ", ".join(sorted(set(a.audience) & set(b.audience)))
    if rules.same_audience and audience:
        text = t.gettext("same audience %(names)s, %(when)s")
        out.append(text % {"names": audience, "when": when})
    return out


def suggestion_reasons(
    suggestion: Suggestion, *, within_days: int, locale: str, rules: ClashRules | None = None
) -> list[str]:
    """Why a business event and a cultural or educational one pair well, in ``locale``.

    Parameters
    ----------
    suggestion
        A pair from :func:`~eurasia.agenda.sync.suggest_pairs`.
    within_days
        The largest gap the suggestions were searched with (it scales the proximity).
    locale
        Language of the phrases.
    rules
        The clash rules the suggestions were searched with (default :class:`ClashRules`).

    Returns
    -------
    list of str
        Same city and how close in time, then shared partner countries, audience, organisers,
        and why the pair is no clash.
    """
    t = translations(locale)
    b, p, gap = suggestion.business, suggestion.partner, suggestion.days_apart
    proximity = format_decimal(1 - gap / (within_days + 1), format="0.00", locale=locale)
    if gap == 0:
        when = t.gettext("overlapping or adjacent days")
    else:
        when = t.ngettext("%(num)d day apart", "%(num)d days apart", gap) % {"num": gap}
    out = [
        t.gettext("same city %(city)s, %(when)s (proximity %(proximity)s)")
        % {"city": b.city, "when": when, "proximity": proximity}
    ]
    shared = [
        (t.gettext("shared partner countries %(names)s"), b.partner_countries, p.partner_countries),
        (t.gettext("shared audience %(names)s"), b.audience, p.audience),
        (t.gettext("shared organisers %(names)s"), b.organisers, p.organisers),
    ]
    for text, mine, theirs in shared:
        common = sorted(set(mine) & set(theirs))
        if common:
            out.append(text % {"names": ", ".join(common)})
    rules = rules or ClashRules()
    if gap > rules.buffer_days:
        out.append(
            t.gettext("no clash: further apart than the clash buffer (%(buffer)d days)")
            % {"buffer": rules.buffer_days}
        )
    else:
        out.append(
            t.gettext("no clash: the enabled clash rules (city, organiser, audience) do not apply")
        )
    return out
