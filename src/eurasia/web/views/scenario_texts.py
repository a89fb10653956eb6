"""Readable names of the bundled scenarios and OD groups, marked for translation.

A bundled scenario file carries a label (``name: baseline-2024``, used in reports) and an English
``description``; the pages show a title from :data:`SCENARIO_TITLES` and the description through
the catalogues, whose message ids are listed in :data:`SCENARIO_DESCRIPTIONS` exactly as the
files say them (a test checks that they match, so a changed description cannot lose its
translation silently). OD groups (``CN-EU``) read as :data:`GROUPS` says.

Examples
--------
>>> from eurasia.i18n import translations
>>> scenario_title("baseline_2024", translations("en").gettext)
'Baseline 2024'
>>> scenario_title("my-own-scenario", translations("en").gettext)  # runs of user scenarios
'my-own-scenario'
>>> group_label("CN-EU", translations("en").gettext)
'China – Europe'
"""

from __future__ import annotations

from collections.abc import Callable

from eurasia.i18n import N_

__all__ = ["GROUPS", "SCENARIO_DESCRIPTIONS", "SCENARIO_TITLES", "group_label", "scenario_title"]

#: Title of each bundled scenario (file stem → title).
SCENARIO_TITLES = {
    "baseline_2024": N_("Baseline 2024"),
    "2030_construction": N_("2030: the lines under construction open"),
    "2035_100mt": N_("2035: 100 Mt of transit demand"),
    "caspian_ferry_x2": N_("Caspian ferry capacity doubled"),
    "harmonised_titr_2030": N_("2030 with harmonised Middle Corridor procedures"),
    "russia_closed_eu": N_("Russia closed to EU-bound transit"),
}

#: The ``description`` of each bundled scenario file, word for word (the catalogues' message ids).
SCENARIO_DESCRIPTIONS = {
    "baseline_2024": N_(
        "The 2024 network and the 2024 OD demand estimate, calibrated so that modelled transit "
        "through Kazakhstan is about 27.4 Mt (2024, Transport Minister, Aug 2025) and the Middle "
        "Corridor's trans-Caspian volume about 4.5 Mt (2024, kt.kz 2025-04-12)."
    ),
    "2030_construction": N_(
        "The network of 2030 with every line under construction in 2025 open, and demand grown "
        "from the 2024 baseline: transit groups at 4.5 %/yr (about the national target of 35 Mt "
        "of transit by 2029), Middle Corridor groups at 16 %/yr (the World Bank's \"could triple "
        "to 11 Mt by 2030\"), Kazakhstan's own trade at 3 %/yr (estimate)."
    ),
    "2035_100mt": N_(
        "The 2030 network taken to 2035 with transit demand scaled to 100 Mt a year (forecast, not "
        "a target), keeping the 2030 mix between transit groups. Shows which crossings, ports and "
        "ferries saturate."
    ),
    "caspian_ferry_x2": N_(
        "The 2024 baseline with the capacity of every Caspian Sea crossing doubled."
    ),
    "harmonised_titr_2030": N_(
        "The 2030 network and demand (lines under construction open) with the harmonisation "
        "measures of the Middle Corridor in force from 2026: shorter border and transfer dwell "
        "and lower border fees at its crossings."
    ),
    "russia_closed_eu": N_(
        "The 2024 baseline with transit via Russia and Belarus closed to cargo that starts or "
        "ends in the EU (China-Europe, Central Asia-Europe, Kazakh exports to Europe), by the "
        "rule layer; other cargo unchanged."
    ),
}

#: OD groups of the bundled demand (``corridors/data/demand/README.md``), in words.
GROUPS = {
    "CN-EU": N_("China – Europe"),
    "CN-CA": N_("China – Central Asia and Afghanistan"),
    "RU-CA": N_("Russia – Central Asia and Afghanistan"),
    "RU-CN": N_("Russia – China"),
    "CN-TR": N_("China – Caucasus and Turkey"),
    "CA-EU": N_("Central Asia – Europe"),
    "RU-IR": N_("Russia – Iran"),
    "CN-IR": N_("China – Iran"),
    "KZ-CN": N_("Kazakhstan – China"),
    "KZ-RU": N_("Kazakhstan – Russia"),
    "KZ-CA": N_("Kazakhstan – Central Asia and Afghanistan"),
    "KZ-MC": N_("Kazakhstan – Caucasus and Turkey"),
    "KZ-EU": N_("Kazakhstan – Europe"),
}


def scenario_title(name: str, gettext: Callable[[str], str]) -> str:
    """Return the title of a run's label: a bundled scenario's title, else the label itself."""
    title = SCENARIO_TITLES.get(name)
    return gettext(title) if title else name


def group_label(code: str, gettext: Callable[[str], str]) -> str:
    """Return an OD group in words (unknown codes pass through)."""
    text = GROUPS.get(code)
    return gettext(text) if text else code
