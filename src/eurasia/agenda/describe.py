"""Recurrence rules in plain words, in English, Russian and Kazakh.

:func:`describe_rule` turns an ``RRULE`` into the sentence a coordinator reads on an event page:
"every year on the second Thursday of June", "every 2 weeks on Monday and Wednesday, 10 times",
"every month on the last Friday, until 31 December 2027". Weekday and month names come from
Babel's locale data (CLDR); the grammar around them is written per language, because Russian and
Kazakh inflect what English strings together: Russian numerals choose the noun's case ("каждые 2
недели", "каждые 5 недель"), weekdays take the dative plural ("по понедельникам") and ordinals
agree with the weekday's gender ("в последнюю пятницу"); Kazakh adds possessive and case
suffixes that follow vowel harmony ("маусымның екінші бейсенбісінде", "желтоқсанға дейін").

The common forms are described exactly: every frequency with its interval, weekdays, numbered
weekdays of the month or year, days of the month (counted from the end too), a date or months of
the year, times of day, the last weekday of a month (``BYSETPOS``), ``COUNT`` and ``UNTIL``.
Anything else (``BYWEEKNO``, ``BYYEARDAY``, sub-daily rules with filters, and other mixtures) gets
a clear generic sentence: the frequency and "on a custom pattern", never the raw rule text.

Examples
--------
>>> describe_rule("FREQ=YEARLY;BYMONTH=6;BYDAY=2TH")
'every year on the second Thursday of June'
>>> describe_rule("FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,WE", "ru")
'каждые 2 недели по понедельникам и средам, 10 раз'
>>> describe_rule("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231", "kk")
'ай сайын айдың соңғы жұмасында, 2027 ж. 31 желтоқсанға дейін'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import ClassVar

from babel.core import Locale
from babel.dates import format_date

from eurasia.agenda.rrule import Rule, parse_rule

__all__ = ["LOCALES", "describe_rule"]

#: Languages described; any other locale falls back to English.
LOCALES = ("en", "ru", "kk")
_WORKDAYS = (0, 1, 2, 3, 4)
_WEEKEND = (5, 6)
_UNITS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")


@dataclass(frozen=True)
class _Shape:
    """What a rule says, in the pieces the sentences are built from."""

    freq: str
    interval: int
    weekdays: tuple[int, ...] = ()  # plain weekdays, or a set group for BYSETPOS
    numbered: tuple[tuple[int, int], ...] = ()  # (ordinal, weekday)
    monthdays: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    times: tuple[tuple[int, int], ...] = ()
    setpos: int | None = None  # with ``weekdays``: the n-th of those days in the month
    custom: bool = False


# --------------------------------------------------------------------------- languages


class _Language:
    """Sentence pieces of one language; the subclasses fill them in."""

    code = "en"

    def __init__(self) -> None:
        data = Locale.parse(self.code)
        self.day_names = [str(data.days["format"]["wide"][i]) for i in range(7)]
        # format (not stand-alone) names: lower-case in Kazakh, the genitive in Russian
        self.month_names = [""] + [str(data.months["format"]["wide"][i]) for i in range(1, 13)]

    def join(self, items: Sequence[str]) -> str:
        """Join a list as prose: ``a``, ``a and b``, ``a, b and c``."""
        conj = self.conjunction
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conj} {items[-1]}"

    conjunction = "and"

    def every(self, freq: str, interval: int) -> str:
        raise NotImplementedError

    workdays = "on weekdays"
    weekend = "at weekends"

    def weekdays(self, days: tuple[int, ...]) -> str:
        """Name the weekdays of a rule (Monday to Friday and the weekend by a word of their own)."""
        if days == _WORKDAYS:
            return self.workdays
        if days == _WEEKEND:
            return self.weekend
        return self.weekday_list(days)

    def weekday_list(self, days: tuple[int, ...]) -> str:
        raise NotImplementedError

    def numbered(self, pairs: tuple[tuple[int, int], ...], month: int | None, freq: str) -> str:
        raise NotImplementedError

    def monthdays(self, days: tuple[int, ...]) -> str:
        raise NotImplementedError

    def on_date(self, month: int, days: tuple[int, ...]) -> str:
        raise NotImplementedError

    def months(self, months: tuple[int, ...]) -> str:
        raise NotImplementedError

    def nth_of_set(self, position: int, days: tuple[int, ...]) -> str:
        raise NotImplementedError

    at = "at"

    def times(self, times: tuple[tuple[int, int], ...]) -> str:
        """Name the times of day, ``at 09:00 and 17:00``."""
        return f"{self.at} " + self.join([f"{h:02d}:{m:02d}" for h, m in times])

    def count(self, count: int) -> str:
        raise NotImplementedError

    def until(self, day: date) -> str:
        raise NotImplementedError

    custom = "on a custom pattern"

    def sentence(self, head: str, pieces: list[str], limits: list[str]) -> str:
        """Join the frequency, what limits it, then the count or end date after a comma."""
        body = " ".join([head, *pieces])
        return ", ".join([body, *limits])


class _English(_Language):
    code = "en"
    _ORDINALS: ClassVar[dict[int, str]] = {
        1: "first",
        2: "second",
        3: "third",
        4: "fourth",
        5: "fifth",
    }
    _UNIT: ClassVar[dict[str, str]] = dict(
        zip(_UNITS, ("year", "month", "week", "day", "hour", "minute", "second"), strict=True)
    )

    def every(self, freq: str, interval: int) -> str:
        unit = self._UNIT[freq]
        return f"every {unit}" if interval == 1 else f"every {interval} {unit}s"

    def _ordinal(self, n: int) -> str:
        if n > 0:
            return self._ORDINALS[n]
        return "last" if n == -1 else f"{self._ORDINALS[-n]}-to-last"

    def weekday_list(self, days: tuple[int, ...]) -> str:
        return "on " + self.join([self.day_names[d] for d in days])

    def numbered(self, pairs: tuple[tuple[int, int], ...], month: int | None, freq: str) -> str:
        items = [f"the {self._ordinal(n)} {self.day_names[w]}" for n, w in pairs]
        tail = (
            f" of {self.month_names[month]}"
            if month
            else (" of the year" if freq == "YEARLY" else "")
        )
        return "on " + self.join(items) + tail

    @staticmethod
    def _nth(n: int) -> str:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    def monthdays(self, days: tuple[int, ...]) -> str:
        items = [f"the {self._nth(d)}" if d > 0 else f"the {self._ordinal(d)} day" for d in days]
        return "on " + self.join(items)

    def on_date(self, month: int, days: tuple[int, ...]) -> str:
        return f"on {self.join([str(d) for d in days])} {self.month_names[month]}"

    def months(self, months: tuple[int, ...]) -> str:
        return "in " + self.join([self.month_names[m] for m in months])

    def nth_of_set(self, position: int, days: tuple[int, ...]) -> str:
        kind = "weekday" if days == _WORKDAYS else "weekend day"
        return f"on the {self._ordinal(position)} {kind}"

    def count(self, count: int) -> str:
        return {1: "once", 2: "twice"}.get(count, f"{count} times")

    def until(self, day: date) -> str:
        return "until " + format_date(day, "d MMMM y", locale=self.code)


def _russian_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


class _Russian(_Language):
    code = "ru"
    conjunction = "и"
    # каждый/каждую + noun (1, 21...), каждые + noun (2-4), каждые + noun (5+)
    _UNIT: ClassVar[dict[str, tuple[str, str, str, str]]] = {
        "YEARLY": ("каждый", "год", "года", "лет"),
        "MONTHLY": ("каждый", "месяц", "месяца", "месяцев"),
        "WEEKLY": ("каждую", "неделю", "недели", "недель"),
        "DAILY": ("каждый", "день", "дня", "дней"),
        "HOURLY": ("каждый", "час", "часа", "часов"),
        "MINUTELY": ("каждую", "минуту", "минуты", "минут"),
        "SECONDLY": ("каждую", "секунду", "секунды", "секунд"),
    }
    _DATIVE_PLURAL = (
        "понедельникам",
        "вторникам",
        "средам",
        "четвергам",
        "пятницам",
        "субботам",
        "воскресеньям",
    )
    _ACCUSATIVE = (
        "понедельник",
        "вторник",
        "среду",
        "четверг",
        "пятницу",
        "субботу",
        "воскресенье",
    )
    _GENDER = ("m", "m", "f", "m", "f", "f", "n")
    _ORDINALS: ClassVar[dict[str, tuple[str, ...]]] = {
        "m": ("первый", "второй", "третий", "четвёртый", "пятый", "последний", "предпоследний"),
        "f": ("первую", "вторую", "третью", "четвёртую", "пятую", "последнюю", "предпоследнюю"),
        "n": ("первое", "второе", "третье", "четвёртое", "пятое", "последнее", "предпоследнее"),
    }
    _PREPOSITIONAL_MONTHS = (
        "",
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    )

    def every(self, freq: str, interval: int) -> str:
        each, one, few, many = self._UNIT[freq]
        if interval == 1:
            return f"{each} {one}"
        noun = _russian_plural(interval, one, few, many)
        return f"{each if noun == one else 'каждые'} {interval} {noun}"

    def _ordinal(self, n: int, gender: str) -> str:
        forms = self._ORDINALS[gender]
        if n > 0:
            return forms[n - 1]
        if n in (-1, -2):
            return forms[4 - n]
        return f"{forms[-n - 1]} с конца"

    @staticmethod
    def _in(word: str) -> str:
        return f"во {word}" if word.startswith("вт") else f"в {word}"

    workdays = "по будням"
    weekend = "по выходным"

    def weekday_list(self, days: tuple[int, ...]) -> str:
        return "по " + self.join([self._DATIVE_PLURAL[d] for d in days])

    def numbered(self, pairs: tuple[tuple[int, int], ...], month: int | None, freq: str) -> str:
        items = [
            self._in(f"{self._ordinal(n, self._GENDER[w])} {self._ACCUSATIVE[w]}") for n, w in pairs
        ]
        tail = f" {self.month_names[month]}" if month else (" года" if freq == "YEARLY" else "")
        return self.join(items) + tail

    def monthdays(self, days: tuple[int, ...]) -> str:
        positive = [f"{d}-го" for d in days if d > 0]
        items = [self.join(positive) + " числа"] if positive else []
        items += [f"в {self._ordinal(d, 'm')} день месяца" for d in days if d < 0]
        return self.join(items)

    def on_date(self, month: int, days: tuple[int, ...]) -> str:
        return f"{self.join([str(d) for d in days])} {self.month_names[month]}"

    def months(self, months: tuple[int, ...]) -> str:
        return self._in(self.join([self._PREPOSITIONAL_MONTHS[m] for m in months]))

    def nth_of_set(self, position: int, days: tuple[int, ...]) -> str:
        kind = "будний день" if days == _WORKDAYS else "выходной день"
        return self._in(f"{self._ordinal(position, 'm')} {kind} месяца")

    at = "в"

    def count(self, count: int) -> str:
        return f"{count} {_russian_plural(count, 'раз', 'раза', 'раз')}"

    def until(self, day: date) -> str:
        return "до " + format_date(day, "long", locale=self.code)

    custom = "по особому правилу"


_BACK_VOWELS = frozenset("аоұыяю")
_FRONT_VOWELS = frozenset("әөүіеэи")
_VOICELESS = frozenset("кқпстфхцчшщ")


def _kazakh_suffix(word: str, back: str, front: str, voiceless: tuple[str, str]) -> str:
    """``word`` with a case suffix chosen by vowel harmony and the last sound.

    Examples
    --------
    >>> _kazakh_suffix("желтоқсан", "ға", "ге", ("қа", "ке")), _kazakh_suffix("сәуір", "ға", "ге", ("қа", "ке"))
    ('желтоқсанға', 'сәуірге')
    >>> _kazakh_suffix("қыркүйек", "да", "де", ("та", "те"))
    'қыркүйекте'
    """
    last_vowel = next((c for c in reversed(word.lower()) if c in _BACK_VOWELS | _FRONT_VOWELS), "а")
    is_front = last_vowel in _FRONT_VOWELS
    if word[-1].lower() in _VOICELESS:
        return word + voiceless[1 if is_front else 0]
    return word + (front if is_front else back)


class _Kazakh(_Language):
    code = "kk"
    conjunction = "және"
    _UNIT: ClassVar[dict[str, str]] = dict(
        zip(_UNITS, ("жыл", "ай", "апта", "күн", "сағат", "минут", "секунд"), strict=True)
    )
    _ORDINALS = ("бірінші", "екінші", "үшінші", "төртінші", "бесінші")
    # weekday + 3rd person possessive + locative: "the month's ... Friday" → "жұмасында"
    _POSSESSIVE_LOCATIVE = (
        "дүйсенбісінде",
        "сейсенбісінде",
        "сәрсенбісінде",
        "бейсенбісінде",
        "жұмасында",
        "сенбісінде",
        "жексенбісінде",
    )
    _MONTH_GENITIVE = (
        "",
        "қаңтардың",
        "ақпанның",
        "наурыздың",
        "сәуірдің",
        "мамырдың",
        "маусымның",
        "шілденің",
        "тамыздың",
        "қыркүйектің",
        "қазанның",
        "қарашаның",
        "желтоқсанның",
    )

    def every(self, freq: str, interval: int) -> str:
        unit = self._UNIT[freq]
        return f"{unit} сайын" if interval == 1 else f"{interval} {unit} сайын"

    def _ordinal(self, n: int) -> str:
        if n > 0:
            return self._ORDINALS[n - 1]
        return "соңғы" if n == -1 else f"соңынан {self._ORDINALS[-n - 1]}"

    workdays = "жұмыс күндері"
    weekend = "демалыс күндері"

    def weekday_list(self, days: tuple[int, ...]) -> str:
        names = [self.day_names[d] for d in days]
        return self.join(names) + (" күні" if len(names) == 1 else " күндері")

    def numbered(self, pairs: tuple[tuple[int, int], ...], month: int | None, freq: str) -> str:
        items = [f"{self._ordinal(n)} {self._POSSESSIVE_LOCATIVE[w]}" for n, w in pairs]
        head = self._MONTH_GENITIVE[month] if month else ("жылдың" if freq == "YEARLY" else "айдың")
        return f"{head} {self.join(items)}"

    def monthdays(self, days: tuple[int, ...]) -> str:
        positive = [str(d) for d in days if d > 0]
        items = []
        if positive:
            items.append(self.join(positive) + ("-күні" if len(positive) == 1 else "-күндері"))
        items += [f"айдың {self._ordinal(d)} күні" for d in days if d < 0]
        return self.join(items)

    def on_date(self, month: int, days: tuple[int, ...]) -> str:
        name = _kazakh_suffix(self.month_names[month], "да", "де", ("та", "те"))
        return f"{self.join([str(d) for d in days])} {name}"

    def months(self, months: tuple[int, ...]) -> str:
        names = [self.month_names[m] for m in months]
        return self.join(names) + (" айында" if len(names) == 1 else " айларында")

    def nth_of_set(self, position: int, days: tuple[int, ...]) -> str:
        kind = "жұмыс күні" if days == _WORKDAYS else "демалыс күні"
        return f"айдың {self._ordinal(position)} {kind}"

    at = "сағат"

    def count(self, count: int) -> str:
        return f"{count} рет"

    def until(self, day: date) -> str:
        return (
            _kazakh_suffix(format_date(day, "long", locale=self.code), "ға", "ге", ("қа", "ке"))
            + " дейін"
        )

    custom = "арнайы ереже бойынша"


_LANGUAGES: dict[str, _Language] = {}


def _language(locale: str) -> _Language:
    code = locale.replace("-", "_").split("_")[0].lower()
    code = code if code in LOCALES else "en"
    if code not in _LANGUAGES:
        _LANGUAGES[code] = {"en": _English, "ru": _Russian, "kk": _Kazakh}[code]()
    return _LANGUAGES[code]


# --------------------------------------------------------------------------- reading the rule


def _times_of(rule: Rule, start: date | datetime | None) -> tuple[tuple[int, int], ...] | None:
    """Return the times of day the rule names (``None``: too many, or seconds, to say)."""
    if not (rule.byhour or rule.byminute):
        return ()
    if rule.bysecond:
        return None
    default_minute = start.minute if isinstance(start, datetime) else 0
    default_hour = start.hour if isinstance(start, datetime) else None
    hours = sorted(rule.byhour) or ([default_hour] if default_hour is not None else [])
    minutes = sorted(rule.byminute) or [default_minute]
    if not hours or len(hours) * len(minutes) > 6:
        return None
    return tuple((h, m) for h in hours for m in minutes)


def _ordinals_ok(pairs: tuple[tuple[int, int], ...]) -> bool:
    return all(1 <= abs(n) <= 5 for n, _w in pairs)


def _days_shape(base: _Shape, rule: Rule, start: date | datetime | None) -> _Shape | None:
    """Return the day pieces of a rule coarser than daily (``None`` when they are exotic)."""
    plain = tuple(sorted(w for n, w in rule.byday if n == 0))
    numbered = tuple((n, w) for n, w in rule.byday if n != 0)
    monthdays = tuple(sorted(rule.bymonthday, key=lambda d: (d < 0, abs(d))))
    if rule.byweekno or rule.byyearday or (plain and numbered) or (monthdays and rule.byday):
        return None
    if not _ordinals_ok(numbered) or any(d < -5 for d in monthdays):
        return None
    if rule.bysetpos:
        return _setpos_shape(base, rule, plain)
    if rule.freq == "WEEKLY" and not (monthdays or numbered):
        days = plain or ((start.weekday(),) if start is not None else ())
        return replace(base, weekdays=days, months=tuple(sorted(rule.bymonth)))
    if rule.freq == "MONTHLY" and not rule.bymonth and not plain:
        if not (numbered or monthdays) and start is not None:
            monthdays = (start.day,)
        return replace(base, numbered=numbered, monthdays=monthdays)
    if rule.freq == "YEARLY":
        return _year_shape(base, rule, (plain, numbered, monthdays), start)
    return None


def _setpos_shape(base: _Shape, rule: Rule, plain: tuple[int, ...]) -> _Shape | None:
    if (
        rule.freq == "MONTHLY"
        and len(rule.bysetpos) == 1
        and plain in (_WORKDAYS, _WEEKEND)
        and not (rule.bymonth or rule.bymonthday)
        and 1 <= abs(rule.bysetpos[0]) <= 5
    ):
        return replace(base, weekdays=plain, setpos=rule.bysetpos[0])
    return None


def _year_shape(
    base: _Shape,
    rule: Rule,
    days: tuple[tuple[int, ...], tuple[tuple[int, int], ...], tuple[int, ...]],
    start: date | datetime | None,
) -> _Shape | None:
    plain, numbered, monthdays = days
    months = tuple(sorted(rule.bymonth))
    if plain or (monthdays and len(months) != 1) or any(d < 0 for d in monthdays):
        return None
    if numbered and len(months) > 1:
        return None
    if not (numbered or monthdays or months) and start is not None:
        months, monthdays = (start.month,), (start.day,)
    elif len(months) == 1 and not (numbered or monthdays) and start is not None:
        monthdays = (start.day,)
    return replace(base, numbered=numbered, monthdays=monthdays, months=months)


def _shape(rule: Rule, start: date | datetime | None) -> _Shape:
    times = _times_of(rule, start)
    if rule.sub_daily or times is None:
        bare = not (rule.byday or rule.bymonthday or rule.bymonth or rule.byyearday)
        plain_sub_daily = rule.sub_daily and bare and not (rule.byweekno or rule.bysetpos)
        custom = not plain_sub_daily or bool(rule.byhour or rule.byminute or rule.bysecond)
        return _Shape(rule.freq, rule.interval, custom=custom)
    if rule.freq == "DAILY":
        return _daily_shape(rule, times)
    shape = _days_shape(_Shape(rule.freq, rule.interval, times=times), rule, start)
    return shape or _Shape(rule.freq, rule.interval, custom=True)


def _daily_shape(rule: Rule, times: tuple[tuple[int, int], ...]) -> _Shape:
    others = rule.bymonthday or rule.bymonth or rule.byyearday or rule.byweekno or rule.bysetpos
    plain = tuple(sorted(w for _n, w in rule.byday))
    if others or (plain and rule.interval != 1):
        return _Shape(rule.freq, rule.interval, custom=True)
    if plain and len(plain) < 7:
        return _Shape("WEEKLY", 1, weekdays=plain, times=times)  # daily on those days = weekly
    return _Shape(rule.freq, rule.interval, times=times)


def _plain_spaces(text: str) -> str:
    """Replace CLDR's (narrow) no-break spaces, as in "2027 ж.", by plain ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _until_day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def describe_rule(
    rule: str | Rule, locale: str = "en", *, start: date | datetime | None = None
) -> str:
    """Say what a recurrence rule means, in one sentence in ``locale``.

    Parameters
    ----------
    rule
        An ``RRULE`` value (``RRULE:`` prefix allowed) or a parsed :class:`~eurasia.agenda.rrule.Rule`.
    locale
        ``en``, ``ru`` or ``kk`` (region suffixes like ``ru_RU`` are fine); others give English.
    start
        The series' DTSTART, if known: the day, weekday or month a rule takes from it (``FREQ=
        MONTHLY`` alone is "every month on the 15th" when the series starts on a 15th).

    Returns
    -------
    str
        A sentence without a capital or a full stop, to be placed after a label; a rule outside
        the common forms gets its frequency and "on a custom pattern" (never the rule text).

    Raises
    ------
    DataError
        If ``rule`` is text that is not a valid ``RRULE`` value.

    Examples
    --------
    >>> describe_rule("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z")
    'every month on the last Friday, until 31 December 2027'
    >>> describe_rule("FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,WE")
    'every 2 weeks on Monday and Wednesday, 10 times'
    >>> describe_rule("FREQ=YEARLY;BYMONTH=6;BYDAY=2TH", "ru")
    'каждый год во второй четверг июня'
    >>> describe_rule("FREQ=YEARLY;BYMONTH=6;BYDAY=2TH", "kk")
    'жыл сайын маусымның екінші бейсенбісінде'
    >>> describe_rule("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "en")
    'every year, on a custom pattern'
    """
    parsed = parse_rule(rule) if isinstance(rule, str) else rule
    words = _language(locale)
    shape = _shape(parsed, start)
    limits = []
    if parsed.count is not None:
        limits.append(words.count(parsed.count))
    if parsed.until is not None:
        limits.append(words.until(_until_day(parsed.until)))
    head = words.every(shape.freq, shape.interval)
    if shape.custom:
        return _plain_spaces(", ".join([head, words.custom, *limits]))
    return _plain_spaces(words.sentence(head, _pieces(words, shape), limits))


def _pieces(words: _Language, shape: _Shape) -> list[str]:
    pieces = []
    if shape.setpos is not None:
        pieces.append(words.nth_of_set(shape.setpos, shape.weekdays))
    elif shape.weekdays:
        pieces.append(words.weekdays(shape.weekdays))
    month = shape.months[0] if len(shape.months) == 1 else None
    if shape.numbered:
        pieces.append(words.numbered(shape.numbered, month, shape.freq))
    elif shape.monthdays and month is not None:
        pieces.append(words.on_date(month, shape.monthdays))
    elif shape.monthdays:
        pieces.append(words.monthdays(shape.monthdays))
    elif shape.months:
        pieces.append(words.months(shape.months))
    if shape.times:
        pieces.append(words.times(shape.times))
    return pieces
