"""Every code the domain defines has a translatable label, and every label is translated."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from eurasia import errors
from eurasia.agenda import model as agenda
from eurasia.auth.roles import Role
from eurasia.corridors.io.dataset import read_dataset
from eurasia.corridors.network.codes import CORRIDORS, Mode, Status
from eurasia.i18n import translations, vocabulary
from eurasia.indicators import model as indicators
from eurasia.indicators.analysis import track_targets
from eurasia.indicators.bundled import bundled_observatory
from eurasia.indicators.claims import VERDICTS
from tests.i18n.test_catalogues import SAME


def _subclasses(cls: type) -> Iterable[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _codes() -> dict[str, set[str]]:
    dataset = read_dataset()
    observatory = bundled_observatory()
    return {
        "MODES": {m.value for m in Mode} | {"transfer"},
        "LINK_STATUSES": {s.value for s in Status},
        "NODE_KINDS": {n.kind for n in dataset.nodes},
        "TRANSFER_KINDS": {t.type for t in dataset.transfers} | {"border_crossing", "sailing_wait"},
        "CORRIDORS": set(CORRIDORS),
        "OBS_STATUSES": set(indicators.OBS_STATUSES),
        "REPORTER_SIDES": set(indicators.REPORTER_SIDES),
        "FLOWS": set(indicators.FLOWS),
        "VERDICTS": set(VERDICTS),
        "TARGET_KINDS": set(indicators.TARGET_KINDS),
        "TARGET_STATUSES": {t.status for t in track_targets(observatory)},
        "TOPICS": {i.topic for i in observatory.indicators.values()},
        "EVENT_KINDS": set(agenda.EVENT_KINDS),
        "EVENT_STATUSES": set(agenda.STATUSES),
        "VISIBILITIES": set(agenda.VISIBILITIES),
        "PROGRAMME_MODES": set(agenda.PROGRAMME_MODES),
        "ROLES": {r.value for r in Role},
        "ERROR_TITLES": {c.title for c in [errors.EurasiaError, *_subclasses(errors.EurasiaError)]},
    }


@pytest.mark.parametrize("table", sorted(_codes()))
def test_every_domain_code_has_a_label(table: str) -> None:
    labels: Mapping[str, str] = getattr(vocabulary, table)
    assert _codes()[table] - set(labels) == set()


def test_objectives_are_criteria_too() -> None:
    assert set(vocabulary.OBJECTIVES) <= set(vocabulary.CRITERIA)


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_every_label_is_translated(locale: str) -> None:
    gettext = translations(locale).gettext
    untranslated = [
        (name, text)
        for name in vocabulary.__all__
        if name.isupper()
        for text in getattr(vocabulary, name).values()
        if gettext(text) == text and text not in SAME[locale]
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    ("table", "code", "ru", "kk"),
    [
        ("MODES", "rail", "железная дорога", "теміржол"),
        ("TRANSFER_KINDS", "port", "заход в порт", "портқа кіру"),
        ("VERDICTS", "partly supported", "подтверждено частично", "ішінара расталды"),
        ("EVENT_KINDS", "culture", "культура", "мәдениет"),
        ("TARGET_STATUSES", "on track", "в графике", "кестеге сай"),
        ("TOPICS", "transit", "Транзит", "Транзит"),
    ],
)
def test_labels_read_in_each_language(table: str, code: str, ru: str, kk: str) -> None:
    labels = getattr(vocabulary, table)
    assert vocabulary.label(labels, code, translations("ru").gettext) == ru
    assert vocabulary.label(labels, code, translations("kk").gettext) == kk
    assert vocabulary.label(labels, code, translations("en").gettext) == labels[code]


def test_unknown_codes_are_shown_as_they_are() -> None:
    assert vocabulary.label(vocabulary.MODES, "pipeline", translations("ru").gettext) == "pipeline"
