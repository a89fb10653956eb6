"""Labels of the fixed vocabularies, marked for translation.

The domain stores short codes (``rail``, ``gauge_change``, ``partly supported``, ``A``); people
read labels. Each table here maps the codes of one vocabulary to its English label, marked with
:func:`~eurasia.i18n.N_` so that ``pybabel extract`` puts it in the catalogues; :func:`label`
translates one code for a language. Codes themselves (what the API and files carry) never change
with the language. A test checks that every code the domain defines has a label here.

Examples
--------
>>> from eurasia.i18n import translations
>>> label(MODES, "rail", translations("ru").gettext)
'железная дорога'
>>> label(TRANSFER_KINDS, "gauge_change", translations("kk").gettext)
'жол табанын ауыстыру'
>>> label(TOPICS, "agriculture", translations("ru").gettext)  # unknown codes pass through
'agriculture'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from eurasia.i18n import N_

__all__ = [
    "CORRIDORS",
    "COST_UNITS",
    "CRITERIA",
    "ENERGY_COMMODITIES",
    "ENERGY_DIRECTIONS",
    "ERROR_TITLES",
    "EVENT_KINDS",
    "EVENT_STATUSES",
    "FLOWS",
    "LINK_STATUSES",
    "MODES",
    "NODE_KINDS",
    "OBJECTIVES",
    "OBS_STATUSES",
    "PROGRAMME_MODES",
    "REPORTER_SIDES",
    "ROLES",
    "SCALE_WORDS",
    "TARGET_KINDS",
    "TARGET_STATUSES",
    "TOPICS",
    "TRANSFER_KINDS",
    "VERDICTS",
    "VISIBILITIES",
    "label",
]

#: Transport modes of links (``transfer`` for the transfer edges inside a node).
MODES = {
    "rail": N_("rail"),
    "road": N_("road"),
    "ferry": N_("ferry"),
    "sea": N_("sea"),
    "transfer": N_("transfer"),
}
#: Operating status of links and transfers.
LINK_STATUSES = {
    "open": N_("open"),
    "construction": N_("under construction"),
    "planned": N_("planned"),
}
#: Energy export commodities and directions (eurasia.corridors.energy).
ENERGY_COMMODITIES = {"crude": N_("crude oil"), "gas": N_("natural gas"), "uranium": N_("uranium")}
ENERGY_DIRECTIONS = {
    "west": N_("west"),
    "north": N_("north"),
    "east": N_("east"),
    "south": N_("south"),
}
#: Kinds of node.
NODE_KINDS = {
    "terminal": N_("terminal"),
    "border": N_("border crossing point"),
    "port": N_("port"),
    "junction": N_("junction"),
    "waypoint": N_("waypoint"),
    "city": N_("city"),
}
#: Transfers between the legs of a route.
TRANSFER_KINDS = {
    "gauge_change": N_("gauge change"),
    "port": N_("port call"),
    "mode_change": N_("mode change"),
    "border_crossing": N_("border crossing"),
    "sailing_wait": N_("wait for a sailing"),
}
#: Freight corridors that links belong to.
CORRIDORS = {
    "northern": N_("Northern Corridor (via Russia)"),
    "titr": N_("Middle Corridor (Trans-Caspian route)"),
    "china_ca_iran": N_("China – Central Asia – Iran"),
    "instc_caspian": N_("North–South: Caspian route"),
    "instc_east": N_("North–South: eastern route"),
    "transsib": N_("Trans-Siberian Railway"),
    "sea": N_("Sea route via Suez"),
    "other": N_("other"),
}
#: What a route is best by.
OBJECTIVES = {
    "time": N_("fastest"),
    "cost": N_("cheapest"),
    "co2": N_("lowest CO2"),
    "risk": N_("least disruption risk"),
    "distance": N_("shortest"),
}
#: Criteria of a Pareto set.
CRITERIA = {
    "time": N_("time"),
    "cost": N_("cost"),
    "co2": N_("CO2"),
    "risk": N_("risk"),
    "distance": N_("distance"),
}
#: SDMX observation statuses.
OBS_STATUSES = {
    "A": N_("actual"),
    "P": N_("provisional"),
    "E": N_("estimate"),
    "F": N_("forecast"),
    "T": N_("target"),
}
#: Whose statistics a bilateral figure is.
REPORTER_SIDES = {"reporter": N_("reporter"), "mirror": N_("mirror (partner-reported)")}
#: Trade flows.
FLOWS = {
    "X": N_("exports"),
    "M": N_("imports"),
    "T": N_("total trade"),
    "_Z": N_("not applicable"),
}
#: Verdicts of the claim check.
VERDICTS = {
    "supported": N_("supported"),
    "partly supported": N_("partly supported"),
    "misleading": N_("misleading"),
    "contradicted": N_("contradicted"),
    "forecast, not actual": N_("forecast, not actual"),
    "outdated": N_("outdated"),
    "unverified": N_("unverified"),
}
#: Kinds of target.
TARGET_KINDS = {
    "official target": N_("official target"),
    "forecast": N_("forecast"),
    "aspiration": N_("aspiration"),
}
#: Where a target stands.
TARGET_STATUSES = {
    "achieved": N_("achieved"),
    "missed": N_("missed"),
    "no trend": N_("no trend"),
    "on track": N_("on track"),
    "off track": N_("off track"),
}
#: Indicator topics.
TOPICS = {
    "trade": N_("Trade"),
    "transit": N_("Transit"),
    "energy": N_("Energy"),
    "cooperation": N_("Cooperation"),
    "owid": N_("Energy (Our World in Data)"),
    "wdi": N_("World Development Indicators"),
}
#: Kinds of event.
EVENT_KINDS = {
    "business": N_("business"),
    "culture": N_("culture"),
    "education": N_("education"),
    "science": N_("science"),
    "sport": N_("sport"),
    "other": N_("other"),
}
#: RFC 5545 event statuses.
EVENT_STATUSES = {
    "confirmed": N_("confirmed"),
    "tentative": N_("tentative"),
    "cancelled": N_("cancelled"),
}
#: Who may see an event.
VISIBILITIES = {"public": N_("public"), "private": N_("private")}
#: How a programme is delivered.
PROGRAMME_MODES = {
    "full-time": N_("full-time"),
    "part-time": N_("part-time"),
    "dual": N_("dual (college and enterprise)"),
    "distance": N_("distance"),
    "short-course": N_("short course"),
}
#: Roles of accounts.
ROLES = {"viewer": N_("viewer"), "editor": N_("editor"), "admin": N_("admin")}
#: Units of the network's cost columns.
COST_UNITS = {
    "km": N_("km"),
    "h": N_("h"),
    "USD/TEU": N_("USD/TEU"),
    "USD/t": N_("USD/t"),
    "kg CO2e/TEU": N_("kg CO2e/TEU"),
    "kg CO2e/t": N_("kg CO2e/t"),
}
#: Words for powers of ten in units (``bn USD``).
SCALE_WORDS = {9: N_("bn"), 6: N_("million"), 3: N_("thousand")}
#: Titles of the error classes (``EurasiaError.title``).
ERROR_TITLES = {
    title: title
    for title in (
        N_("Internal error"),
        N_("Configuration error"),
        N_("Invalid data"),
        N_("Not found"),
        N_("Conflict"),
        N_("No route"),
        N_("Label budget exceeded"),
        N_("Store unavailable"),
        N_("Not authenticated"),
        N_("Forbidden"),
        N_("Too many login attempts"),
        N_("Payload too large"),
        N_("Work budget exceeded"),
        N_("Too many requests"),
    )
}


def label(vocabulary: Mapping[str, str], code: str, gettext: Callable[[str], str]) -> str:
    """Return the translated label of ``code`` in ``vocabulary`` (the code itself when unknown).

    Parameters
    ----------
    vocabulary
        One of the tables of this module.
    code
        The stored code, e.g. ``rail``.
    gettext
        The translation function of the language wanted.

    Returns
    -------
    str
        The label in that language.

    Examples
    --------
    >>> label(OBS_STATUSES, "P", lambda s: s.upper())
    'PROVISIONAL'
    """
    found = vocabulary.get(code)
    return code if found is None else gettext(found)
