"""Validation: bundled shares against published figures, each row's verdict held here."""

from __future__ import annotations

import pytest

from eurasia.corridors.energy.dataset import read_energy_dataset
from eurasia.corridors.energy.validation import validate, validation_markdown

# The one known miss: 2022 volumes outside Russian ports (1.5 Mt in the data, 1.91 Mt published):
# Kazakh oil railed from Baku to Batumi in 2022 is not in the bundled flows.
KNOWN_FAIL = {"bypass-2022"}


def test_every_band_holds_except_the_documented_miss() -> None:
    rows = validate(read_energy_dataset())
    assert {r.id for r in rows if not r.passed} == KNOWN_FAIL
    assert sum(not r.calibrated for r in rows) >= 6


@pytest.mark.parametrize(
    ("check", "value"),
    [
        ("cpc-share-2022", 52.2 / 64.3 * 100),
        ("cpc-share-2023", 56 / 70.5 * 100),
        ("cpc-kazakh-2022", 52.2 / 58.7 * 100),
    ],
)
def test_model_values_by_hand(check: str, value: float) -> None:
    rows = {r.id: r for r in validate(read_energy_dataset())}
    assert rows[check].model == pytest.approx(value)


def test_markdown_keeps_calibrated_apart() -> None:
    text = validation_markdown(validate(read_energy_dataset()))
    head, _, tail = text.partition("Calibrated on (not independent):")
    assert "cpc-share-2023" in head
    assert "crude-total-2023" in tail
    assert "FAIL" in head
