"""The scenario builder: a form that writes the scenario YAML the CLI reads, checks it and runs it.

A reader picks a bundled scenario to build on and adds rows: close a country or a crossing from a
year (and until one), change the capacity, tariff or speed of a country's, crossing's, mode's or
corridor's links, grow the demand of OD groups. :class:`BuilderForm` turns the rows into the
scenario mapping (:meth:`BuilderForm.scenario`), which is dumped as YAML and checked by the same
function as the API and the CLI (:func:`eurasia.jobs.scenario_runs.validate_run`, with
``bundled_only``); errors are shown next to the field they concern, in the reader's language,
without key paths. Anyone may check and download the file; editors may run it, which stores a
run like ``POST /api/scenarios/runs``.

Examples
--------
>>> form = BuilderForm.from_mapping({"name": "Dostyk closed", "base": "baseline_2024",
...     "close-0-what": "node:kz-dostyk", "close-0-from": "2024"})
>>> text, errors, _rows = form.check(lambda s: s)
>>> errors
{}
>>> print(text)
name: Dostyk closed
extends: baseline_2024
closures:
- nodes:
  - kz-dostyk
  from: 2024
  source: 'scenario assumption: scenario builder'
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, BackgroundTasks
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eurasia.auth.roles import Principal, Role
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.scenarios.parsing import bundled_scenario_names
from eurasia.errors import DataError, EurasiaError, TooManyRequestsError
from eurasia.http.deps import get_network
from eurasia.i18n import N_, country_name, translations, vocabulary
from eurasia.jobs.scenario_runs import execute_run, queue_run, validate_run
from eurasia.web.templating import locale_of
from eurasia.web.views.common import PageDep, PageRequest, gettext_for
from eurasia.web.views.scenario_texts import GROUPS, scenario_title

__all__ = ["CHANGE_FIELDS", "GROWTH_KINDS", "SECTIONS", "BuilderForm", "router"]

router = APIRouter(prefix="/corridors/scenarios", include_in_schema=False)

Gettext = Callable[[str], str]

#: The repeated rows of the form: prefix and the fields of one row.
SECTIONS = {
    "close": ("what", "from", "until"),
    "change": ("what", "field", "value"),
    "grow": ("groups", "kind", "value"),
}
#: What a change row may set (scenario key → label).
CHANGE_FIELDS = {
    "capacity_factor": N_("capacity × factor"),
    "capacity_mt": N_("capacity, Mt/yr"),
    "tariff_factor": N_("tariff × factor"),
    "speed_factor": N_("speed × factor"),
}
#: How a growth row grows demand (form value → label).
GROWTH_KINDS = {
    "rate": N_("yearly rate in per cent, from the demand year"),
    "factor": N_("× factor"),
    "total_mt": N_("to a total, Mt/yr"),
}
#: The most rows of one kind a form may have.
MAX_ROWS = 30
_SOURCE = "scenario assumption: scenario builder"
#: Fields that always hold a value (a select without an empty option): typed rows need more.
_CHOICE_FIELDS = ("field", "kind")
_ROW_KEY = re.compile(r"^(close|change|grow)-(\d{1,2})-(\w+)$")
#: Problems the scenario check finds, by the words of its (English, coded) message.
_CHECK_MESSAGES = (
    ("selects no edge", N_("Nothing on the network matches this choice in the scenario year.")),
    ("before it starts", N_("The last year is before the first.")),
    ("unknown OD group", N_("Choose groups from the list.")),
    ("unknown country", N_("Choose a country from the list.")),
    ("unknown node", N_("Choose a crossing or port from the list.")),
    ("expected a finite number", N_("Give a number of zero or more.")),
)


@dataclass
class Row:
    """One filled row of a section: its index in the form and its values."""

    section: str
    index: int
    values: dict[str, Any]

    def key(self, name: str) -> str:
        """Return the form field name of this row's ``name``."""
        return f"{self.section}-{self.index}-{name}"


@dataclass
class BuilderForm:
    """What the builder form holds, as typed."""

    name: str = ""
    base: str = "baseline_2024"
    year: str = ""
    description: str = ""
    rows: dict[str, list[Row]] = field(default_factory=dict)
    #: The scenario year, once :meth:`check` found the scenario valid.
    checked_year: int | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BuilderForm:
        """Read the form fields (repeated rows are ``close-0-what``, ``grow-1-groups``, …)."""
        rows: dict[str, dict[int, Row]] = {s: {} for s in SECTIONS}
        for key in data:
            found = _ROW_KEY.match(str(key))
            if found is None or found.group(3) not in SECTIONS[found.group(1)]:
                continue
            section, index, name = found.group(1), int(found.group(2)), found.group(3)
            if index >= MAX_ROWS:
                continue
            row = rows[section].setdefault(index, Row(section, index, {}))
            getter = getattr(data, "getlist", None)
            if name == "groups" and getter is not None:
                row.values[name] = [str(v) for v in getter(key) if str(v)]
            else:
                row.values[name] = str(data[key]).strip()
        return cls(
            name=str(data.get("name", "")).strip(),
            base=str(data.get("base", "baseline_2024")),
            year=str(data.get("year", "")).strip(),
            description=str(data.get("description", "")).strip(),
            rows={s: [rows[s][i] for i in sorted(rows[s])] for s in SECTIONS},
        )

    def shown_rows(self, add: str | None = None) -> dict[str, list[Row]]:
        """Return the rows to draw: those typed, at least one per section, one more in ``add``."""
        out = {}
        for section in SECTIONS:
            rows = list(self.rows.get(section, []))
            if not rows or (section == add and len(rows) < MAX_ROWS):
                index = rows[-1].index + 1 if rows else 0
                rows.append(Row(section, index, {}))
            out[section] = rows
        return out

    def filled(self, section: str) -> list[Row]:
        """Return the rows of ``section`` with anything typed in."""
        return [
            r
            for r in self.rows.get(section, [])
            if any(v for k, v in r.values.items() if k not in _CHOICE_FIELDS)
        ]

    def scenario(self, errors: dict[str, str], _: Gettext) -> tuple[dict[str, Any], dict[str, Row]]:
        """Return the scenario mapping and which row each list item came from (``closures[0]``)."""
        out: dict[str, Any] = {}
        if not self.name:
            errors["name"] = _("Give the scenario a name.")
        elif len(self.name) > 200:
            errors["name"] = _("Keep the name under 200 characters.")
        out["name"] = self.name or "unnamed"
        if self.description:
            out["description"] = self.description
        if self.base not in bundled_scenario_names():
            errors["base"] = _("Choose a scenario from the list.")
        out["extends"] = self.base
        year = _year(self.year, "year", errors, _)
        if year is not None:
            out["year"] = year
        origin: dict[str, Row] = {}
        for key, section, build in (
            ("closures", "close", _closure),
            ("changes", "change", _change),
        ):
            items: list[dict[str, Any]] = []
            for row in self.filled(section):
                item = build(row, errors, _)
                if item is not None:
                    origin[f"{key}[{len(items)}]"] = row
                    items.append(item)
            if items:
                out[key] = items
        growth: list[dict[str, Any]] = []
        for row in self.filled("grow"):
            item = _growth(row, errors, _)
            if item is not None:
                origin[f"demand.growth[{len(growth)}]"] = row
                growth.append(item)
        if growth:
            out["demand"] = {"growth": growth}
        return out, origin

    def check(self, _: Gettext) -> tuple[str, dict[str, str], dict[str, Row]]:
        """Return the YAML, the errors by field name (empty when the scenario is valid), the rows.

        The YAML is checked by :func:`~eurasia.jobs.scenario_runs.validate_run` only when the
        form itself has no errors; a problem it finds is put on the row it came from.
        """
        errors: dict[str, str] = {}
        mapping, origin = self.scenario(errors, _)
        text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
        if not errors:
            try:
                self.checked_year = validate_run(yaml=text)[0].year
            except EurasiaError as exc:
                _place_error(str(exc), origin, errors, _)
        return text, errors, origin

    def notes(self, _: Gettext) -> list[str]:
        """Return what a valid scenario does not do as it may seem: closures after its year."""
        if self.checked_year is None:
            return []
        out = []
        for row in self.filled("close"):
            start = row.values.get("from", "")
            if start.isdecimal() and int(start) > self.checked_year:
                msg = _(
                    "The closure from %(start)s starts after the scenario year %(year)s: it has no effect in this run."
                )
                out.append(msg % {"start": start, "year": self.checked_year})
        return out


def _can_run(user: Principal | None) -> bool:
    return user is not None and user.has_role(Role.EDITOR)


def _year(value: str, name: str, errors: dict[str, str], _: Gettext) -> int | None:
    if not value:
        return None
    if not value.isdecimal() or not 2000 <= int(value) <= 2100:
        errors[name] = _("Give a year between 2000 and 2100.")
        return None
    return int(value)


def _number(value: str, name: str, errors: dict[str, str], _: Gettext) -> float | None:
    try:
        number = float(value.replace(",", ".").replace("\u2212", "-"))
    except ValueError:
        errors[name] = _("Give a number, e.g. 1.5.")
        return None
    if number != number or number in (float("inf"), float("-inf")):
        errors[name] = _("Give a number, e.g. 1.5.")
        return None
    return number


def _row_number(row: Row, missing: str, errors: dict[str, str], _: Gettext) -> float | None:
    """Return the row's ``value`` as a number, or None with ``missing`` or another error set."""
    value = row.values.get("value", "")
    if not value:
        errors[row.key("value")] = missing
        return None
    return _number(value, row.key("value"), errors, _)


def _selector(value: str, name: str, errors: dict[str, str], _: Gettext) -> dict[str, Any] | None:
    kind, _sep, code = value.partition(":")
    key = {"country": "countries", "node": "nodes", "mode": "modes", "corridor": "corridors"}
    if kind not in key or not code:
        errors[name] = _("Choose what this row applies to.")
        return None
    return {key[kind]: [code]}


def _closure(row: Row, errors: dict[str, str], _: Gettext) -> dict[str, Any] | None:
    item = _selector(row.values.get("what", ""), row.key("what"), errors, _)
    start = _year(row.values.get("from", ""), row.key("from"), errors, _)
    end = _year(row.values.get("until", ""), row.key("until"), errors, _)
    if item is None:
        return None
    if start is not None:
        item["from"] = start
    if end is not None:
        item["until"] = end
    item["source"] = _SOURCE
    return item


def _change(row: Row, errors: dict[str, str], _: Gettext) -> dict[str, Any] | None:
    item = _selector(row.values.get("what", ""), row.key("what"), errors, _)
    what = row.values.get("field", "")
    if what not in CHANGE_FIELDS:
        errors[row.key("field")] = _("Choose what to change.")
        return None
    number = _row_number(row, _("Give the new value."), errors, _)
    if number is not None and number <= 0 and what != "capacity_mt":
        errors[row.key("value")] = _("Give a factor above 0, e.g. 2 to double or 0.5 to halve.")
        return None
    if item is None or number is None:
        return None
    return {**item, what: number, "source": _SOURCE}


def _growth(row: Row, errors: dict[str, str], _: Gettext) -> dict[str, Any] | None:
    kind = row.values.get("kind", "")
    if kind not in GROWTH_KINDS:
        errors[row.key("kind")] = _("Choose how demand grows.")
        return None
    number = _row_number(row, _("Give the growth."), errors, _)
    if number is None:
        return None
    if kind == "rate":
        if number <= -99:
            errors[row.key("value")] = _("Give a yearly rate above −99 %.")
            return None
        number = round(number / 100, 10)
    elif number < 0:
        errors[row.key("value")] = _("Give a number of zero or more.")
        return None
    groups = [g for g in row.values.get("groups") or [] if g]
    item: dict[str, Any] = {"groups": groups} if groups else {}
    return {**item, kind: number, "source": _SOURCE}


def _error_field(section: str, message: str) -> str:
    if section == "close":
        return "until" if "before it starts" in message else "what"
    if section == "grow":
        return "groups" if "group" in message else "value"
    return "what" if "selects no edge" in message or "unknown" in message else "value"


def _place_error(message: str, origin: dict[str, Row], errors: dict[str, str], _: Gettext) -> None:
    """Put a problem the scenario check found on its row, in the reader's words."""
    words = next((text for probe, text in _CHECK_MESSAGES if probe in message), None)
    for path, row in origin.items():
        if re.search(rf": {re.escape(path)}[.:]", message):
            text = _(words) if words else _("This row cannot be used; check its values.")
            errors[row.key(_error_field(row.section, message))] = text
            return
    errors["form"] = (
        _(words) if words else _("The scenario could not be checked; check the values.")
    )


def _shown(data: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Return the errors to show: of fields or rows typed in, and the form's."""
    touched = {str(k) for k, v in data.items() if v and k != "csrf_token"}
    rows = {k.rsplit("-", 1)[0] for k in touched if _ROW_KEY.match(k)}
    return {
        k: v
        for k, v in errors.items()
        if k == "form" or k in touched or k.rsplit("-", 1)[0] in rows
    }


def _choices(network: Network, locale: str) -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
    """Return the options of the selects, (group label, [(value, label)]), in ``locale``."""
    gettext = translations(locale).gettext
    countries = sorted(
        {str(c) for c in network.node_country.tolist() if c},
        key=lambda c: country_name(c, locale),
    )
    crossings = sorted(
        (
            (f"node:{network.node_ids[i]}", f"{localized_name(network, i, locale)} ({c})")
            for i, (kind, c) in enumerate(
                zip(network.node_kind.tolist(), network.node_country.tolist(), strict=True)
            )
            if kind in ("border", "port")
        ),
        key=lambda item: item[1],
    )
    country_items = [(f"country:{c}", country_name(c, locale)) for c in countries]
    modes = [(f"mode:{m}", gettext(t)) for m, t in vocabulary.MODES.items() if m != "transfer"]
    families = set("|".join(network.edge_corridors.tolist()).split("|")) - {""}
    corridors = [
        (f"corridor:{c}", gettext(t)) for c, t in vocabulary.CORRIDORS.items() if c in families
    ]
    close = [(gettext("Countries"), country_items), (gettext("Crossings and ports"), crossings)]
    change = [*close, (gettext("Modes"), modes), (gettext("Corridors"), corridors)]
    return {"close": close, "change": change}


def _context(
    page: PageRequest,
    form: BuilderForm,
    *,
    add: str | None = None,
    errors: dict[str, str] | None = None,
    text: str = "",
) -> dict[str, Any]:
    gettext = gettext_for(page.request)
    locale = locale_of(page.request)
    return {
        "form": form,
        "rows": form.shown_rows(add),
        "errors": errors or {},
        "yaml_text": text,
        "notes": form.notes(gettext),
        "bases": [(n, scenario_title(n, gettext)) for n in bundled_scenario_names()],
        "choices": _choices(get_network(), locale),
        "change_fields": CHANGE_FIELDS,
        "growth_kinds": GROWTH_KINDS,
        "groups": GROUPS,
        "can_run": _can_run(page.user),
    }


def _page(page: PageRequest, context: dict[str, Any], *, status_code: int = 200) -> HTMLResponse:
    return page.render("corridors/scenario_builder.html", context, status_code=status_code)


@router.get("/new", response_class=HTMLResponse)
def builder_page(page: PageDep) -> Response:
    """Render the builder: empty on the 2024 baseline, or filled from the query (a copied link)."""
    form = BuilderForm.from_mapping(page.request.query_params)
    if form.base not in bundled_scenario_names():
        form.base = "baseline_2024"
    gettext = gettext_for(page.request)
    text, errors, _rows = form.check(gettext) if form.name else ("", {}, {})
    return _page(page, _context(page, form, errors=errors, text=text))


@router.post("/new/check", response_class=HTMLResponse)
async def check_builder(page: PageDep) -> Response:
    """Inline validation: the error of every field and the YAML so far (swapped out of band)."""
    request = page.request
    data = await request.form()
    form = BuilderForm.from_mapping(data)
    text, errors, _rows = form.check(gettext_for(request))
    fields = [str(k) for k in data if k not in ("csrf_token", "action")]
    context = {
        "errors": _shown(data, errors),
        "fields": list(dict.fromkeys(fields)),
        "yaml_text": text,
        "valid": not errors,
        "notes": form.notes(gettext_for(request)),
    }
    return page.render("corridors/_builder_checked.html", context)


@router.post("/new", response_class=HTMLResponse)
async def submit_builder(page: PageDep, tasks: BackgroundTasks) -> Response:
    """Add a row, download the YAML or (editors) run it, after checking the whole scenario."""
    request, user = page.request, page.user
    data = await request.form()
    form = BuilderForm.from_mapping(data)
    action = str(data.get("action", "check"))
    gettext = gettext_for(request)
    if action.startswith("add-") and action[4:] in SECTIONS:
        return _page(page, _context(page, form, add=action[4:]))
    text, errors, _rows = form.check(gettext)
    if action == "run" and not errors and not _can_run(user):
        errors["form"] = gettext("Running scenarios needs the editor role.")
    if errors:
        context = _context(page, form, errors=errors, text=text)
        return _page(page, context, status_code=422)
    if action == "download":
        filename = re.sub(r"[^A-Za-z0-9_-]+", "_", form.name).strip("_") or "scenario"
        return Response(
            text,
            media_type="application/yaml; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.yaml"'},
        )
    if action != "run" or user is None:
        return _page(page, _context(page, form, text=text))
    try:
        scenario, label = validate_run(yaml=text)
        queued = queue_run(page.session, scenario, label=label, yaml_text=text, user=user.username)
        run_id = queued.id
    except TooManyRequestsError as exc:
        errors["form"] = gettext(
            "You have too many runs queued or running; wait for one to finish."
        )
        context = _context(page, form, errors=errors, text=text)
        return _page(page, context, status_code=exc.status_code)
    except DataError as exc:  # checked above; only a change of the bundled data in between
        errors["form"] = str(exc)
        context = _context(page, form, errors=errors, text=text)
        return _page(page, context, status_code=exc.status_code)
    tasks.add_task(execute_run, request.app.state.engine, run_id, scenario)
    return RedirectResponse(f"/corridors/scenarios/runs/{quote(run_id)}", status_code=303)
