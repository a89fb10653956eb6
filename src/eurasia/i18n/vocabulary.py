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


def _codes_are_labels(*labels: str) -> dict[str, str]:
    """Return a vocabulary whose codes are their own English labels (each marked with ``N_``)."""
    return {label: label for label in labels}


#: Transport modes of links (``transfer`` for the transfer edges inside a node).
MODES = _codes_are_labels(N_("rail"), N_("road"), N_("ferry"), N_("sea"), N_("transfer"))
#: Operating status of links and transfers.
LINK_STATUSES = {
    "open": N_("open"),
    "construction": N_("under construction"),
    "planned": N_("planned"),
}
#: Energy export commodities and directions (eurasia.corridors.energy).
ENERGY_COMMODITIES = {"crude": N_("crude oil"), "gas": N_("natural gas"), "uranium": N_("uranium")}
ENERGY_DIRECTIONS = _codes_are_labels(N_("west"), N_("north"), N_("east"), N_("south"))
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
    "terminal": N_("terminal lift at the route's origin or destination"),
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
VERDICTS = _codes_are_labels(
    N_("supported"),
    N_("partly supported"),
    N_("misleading"),
    N_("contradicted"),
    N_("forecast, not actual"),
    N_("outdated"),
    N_("unverified"),
)
#: Kinds of target.
TARGET_KINDS = _codes_are_labels(N_("official target"), N_("forecast"), N_("aspiration"))
#: Where a target stands.
TARGET_STATUSES = _codes_are_labels(
    N_("achieved"), N_("missed"), N_("no trend"), N_("on track"), N_("off track")
)
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
EVENT_KINDS = _codes_are_labels(
    N_("business"), N_("culture"), N_("education"), N_("science"), N_("sport"), N_("other")
)
#: RFC 5545 event statuses.
EVENT_STATUSES = _codes_are_labels(N_("confirmed"), N_("tentative"), N_("cancelled"))
#: Who may see an event.
VISIBILITIES = _codes_are_labels(N_("public"), N_("private"))
#: How a programme is delivered.
PROGRAMME_MODES = {
    "full-time": N_("full-time"),
    "part-time": N_("part-time"),
    "dual": N_("dual (college and enterprise)"),
    "distance": N_("distance"),
    "short-course": N_("short course"),
}
#: Roles of accounts.
ROLES = _codes_are_labels(N_("viewer"), N_("editor"), N_("admin"))
#: Units of the network's cost columns.
COST_UNITS = _codes_are_labels(
    N_("km"), N_("h"), N_("USD/TEU"), N_("USD/t"), N_("kg CO2e/TEU"), N_("kg CO2e/t")
)
#: Words for powers of ten in units (``bn USD``).
SCALE_WORDS = {9: N_("bn"), 6: N_("million"), 3: N_("thousand")}
#: Titles of the error classes (``EurasiaError.title``).
ERROR_TITLES = _codes_are_labels(
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
