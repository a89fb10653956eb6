"""Recurrence in plain words: every frequency and the bundled agenda's rules in en/ru/kk, the
Russian and Kazakh grammar of the common forms, and the generic sentence for exotic rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from eurasia.agenda.describe import LOCALES, _kazakh_suffix, describe_rule
from eurasia.agenda.rrule import parse_rule
from eurasia.agenda.seed import load_seed
from eurasia.errors import DataError

START = datetime(2025, 9, 15, 10)  # a Monday

EVERY_FREQUENCY = {
    "FREQ=YEARLY;INTERVAL=2": (
        "every 2 years on 15 September",
        "каждые 2 года 15 сентября",
        "2 жыл сайын 15 қыркүйекте",
    ),
    "FREQ=MONTHLY": ("every month on the 15th", "каждый месяц 15-го числа", "ай сайын 15-күні"),
    "FREQ=WEEKLY": (
        "every week on Monday",
        "каждую неделю по понедельникам",
        "апта сайын дүйсенбі күні",
    ),
    "FREQ=DAILY;COUNT=5": ("every day, 5 times", "каждый день, 5 раз", "күн сайын, 5 рет"),
    "FREQ=HOURLY;INTERVAL=3": ("every 3 hours", "каждые 3 часа", "3 сағат сайын"),
    "FREQ=MINUTELY;INTERVAL=15": ("every 15 minutes", "каждые 15 минут", "15 минут сайын"),
    "FREQ=SECONDLY;INTERVAL=21": ("every 21 seconds", "каждую 21 секунду", "21 секунд сайын"),
}


@pytest.mark.parametrize("rule", sorted(EVERY_FREQUENCY))
def test_every_frequency_in_three_languages(rule: str) -> None:
    got = tuple(describe_rule(rule, locale, start=START) for locale in LOCALES)
    assert got == EVERY_FREQUENCY[rule]


COMMON_FORMS = {
    "FREQ=YEARLY;BYMONTH=6;BYDAY=2TH": (
        "every year on the second Thursday of June",
        "каждый год во второй четверг июня",
        "жыл сайын маусымның екінші бейсенбісінде",
    ),
    "FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,WE": (
        "every 2 weeks on Monday and Wednesday, 10 times",
        "каждые 2 недели по понедельникам и средам, 10 раз",
        "2 апта сайын дүйсенбі және сәрсенбі күндері, 10 рет",
    ),
    "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z": (
        "every month on the last Friday, until 31 December 2027",
        "каждый месяц в последнюю пятницу, до 31 декабря 2027 г.",
        "ай сайын айдың соңғы жұмасында, 2027 ж. 31 желтоқсанға дейін",
    ),
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1": (
        "every month on the last weekday",
        "каждый месяц в последний будний день месяца",
        "ай сайын айдың соңғы жұмыс күні",
    ),
    "FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=1": (
        "every month on the 1st and the last day, once",
        "каждый месяц 1-го числа и в последний день месяца, 1 раз",
        "ай сайын 1-күні және айдың соңғы күні, 1 рет",
    ),
    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8": (
        "every year on 8 March",
        "каждый год 8 марта",
        "жыл сайын 8 наурызда",
    ),
    "FREQ=YEARLY;BYMONTH=6,7": (
        "every year in June and July",
        "каждый год в июне и июле",
        "жыл сайын маусым және шілде айларында",
    ),
    "FREQ=DAILY;BYHOUR=9,17": (
        "every day at 09:00 and 17:00",
        "каждый день в 09:00 и 17:00",
        "күн сайын сағат 09:00 және 17:00",
    ),
    "FREQ=WEEKLY;BYDAY=SA,SU": (
        "every week at weekends",
        "каждую неделю по выходным",
        "апта сайын демалыс күндері",
    ),
    "FREQ=MONTHLY;BYDAY=2TU,-2SU": (
        "every month on the second Tuesday and the second-to-last Sunday",
        "каждый месяц во второй вторник и в предпоследнее воскресенье",
        "ай сайын айдың екінші сейсенбісінде және соңынан екінші жексенбісінде",
    ),
}


@pytest.mark.parametrize("rule", sorted(COMMON_FORMS))
def test_common_forms_in_three_languages(rule: str) -> None:
    assert tuple(describe_rule(rule, locale) for locale in LOCALES) == COMMON_FORMS[rule]


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (1, "каждую неделю"),
        (2, "каждые 2 недели"),
        (5, "каждые 5 недель"),
        (11, "каждые 11 недель"),
        (12, "каждые 12 недель"),
        (21, "каждую 21 неделю"),
        (22, "каждые 22 недели"),
        (111, "каждые 111 недель"),
    ],
)
def test_russian_numerals_choose_the_case_of_the_noun(interval: int, expected: str) -> None:
    assert describe_rule(f"FREQ=WEEKLY;INTERVAL={interval}", "ru") == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("MO", "в первый понедельник"),
        ("TU", "в первый вторник"),
        ("WE", "в первую среду"),
        ("SU", "в первое воскресенье"),
    ],
)
def test_russian_ordinals_agree_with_the_weekday(day: str, expected: str) -> None:
    assert describe_rule(f"FREQ=MONTHLY;BYDAY=1{day}", "ru") == f"каждый месяц {expected}"


def test_russian_counts() -> None:
    got = [describe_rule(f"FREQ=DAILY;COUNT={n}", "ru").split(", ")[1] for n in (1, 3, 5, 12, 22)]
    assert got == ["1 раз", "3 раза", "5 раз", "12 раз", "22 раза"]


def test_kazakh_suffixes_follow_vowel_harmony_and_the_last_sound() -> None:
    dative = [
        _kazakh_suffix(m, "ға", "ге", ("қа", "ке"))
        for m in ("наурыз", "сәуір", "шілде", "қыркүйек")
    ]
    assert dative == ["наурызға", "сәуірге", "шілдеге", "қыркүйекке"]
    # every month's locative, through describe_rule
    got = [
        describe_rule(f"FREQ=YEARLY;BYMONTH={m};BYMONTHDAY=1", "kk").split()[-1]
        for m in range(1, 13)
    ]
    assert got == [
        "қаңтарда",
        "ақпанда",
        "наурызда",
        "сәуірде",
        "мамырда",
        "маусымда",
        "шілдеде",
        "тамызда",
        "қыркүйекте",
        "қазанда",
        "қарашада",
        "желтоқсанда",
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYWEEKNO=20",
        "FREQ=YEARLY;BYYEARDAY=100,200",
        "FREQ=HOURLY;BYHOUR=9,10,11",
        "FREQ=MONTHLY;BYDAY=MO,2TU",
        "FREQ=MINUTELY;BYSECOND=0,30",
        "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR",
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1",
    ],
)
def test_exotic_rules_get_a_generic_sentence_never_the_rule(rule: str) -> None:
    generic = {
        "en": "on a custom pattern",
        "ru": "по особому правилу",
        "kk": "арнайы ереже бойынша",
    }
    for locale in LOCALES:
        text = describe_rule(rule, locale, start=START)
        assert generic[locale] in text
        assert "FREQ" not in text
        assert "BY" not in text


def test_exotic_rules_keep_their_frequency_and_limits() -> None:
    text = describe_rule("FREQ=YEARLY;INTERVAL=2;BYWEEKNO=1;UNTIL=20300101", "en")
    assert text == "every 2 years, on a custom pattern, until 1 January 2030"


def test_bundled_agenda_rules_in_three_languages() -> None:
    """Every rule of the bundled agenda reads as a sentence of the common forms in each language."""
    generic = ("on a custom pattern", "по особому правилу", "арнайы ереже бойынша")
    seen = set()
    for event in load_seed().events:
        for rule in event.rrules:
            for locale, words in zip(LOCALES, generic, strict=True):
                text = describe_rule(rule, locale, start=event.start)
                assert words not in text, (event.uid, rule, locale)
                assert "FREQ" not in text
                assert text.strip() == text
                seen.add((rule, locale, text))
    assert len({rule for rule, _l, _t in seen}) >= 4
    assert any(
        t.startswith("каждую неделю по пятницам в январе") for r, lo, t in seen if lo == "ru"
    )
    assert any(t.startswith("апта сайын жұма күні қаңтар") for r, lo, t in seen if lo == "kk")


def test_the_start_fills_in_what_the_rule_leaves_to_it() -> None:
    assert describe_rule("FREQ=YEARLY") == "every year"
    assert describe_rule("FREQ=YEARLY", start=date(2026, 3, 22)) == "every year on 22 March"
    assert describe_rule("FREQ=YEARLY;BYMONTH=3", start=date(2026, 3, 22), locale="ru") == (
        "каждый год 22 марта"
    )


def test_parsed_rules_region_locales_and_unknown_locales() -> None:
    rule = parse_rule("FREQ=MONTHLY;BYDAY=2TU")
    assert (
        describe_rule(rule, "kk_KZ")
        == describe_rule(rule, "kk")
        == ("ай сайын айдың екінші сейсенбісінде")
    )
    assert describe_rule(rule, "ru-RU") == "каждый месяц во второй вторник"
    assert describe_rule(rule, "de") == "every month on the second Tuesday"


def test_invalid_rule_text_is_a_data_error() -> None:
    with pytest.raises(DataError, match="FREQ is missing"):
        describe_rule("BYDAY=MO", "en")
