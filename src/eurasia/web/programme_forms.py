"""The programme and project editing forms.

From submitted fields to agenda objects, with per-field errors in the reader's language.

Codes are checked against the bundled classifications as they are typed: ISCO-08 unit groups
(4 digits) for a programme's targets and a project's workforce needs, ISCED-F 2013 fields for
both. A project's needs are entered one a line as ``ISCO, headcount, year`` or
``ISCO, headcount a year, first–last year``.

Examples
--------
>>> form = ProgrammeForm(title="Welding (dual)", provider="Aktau College", isced_field="0715",
...                      target_isco="7212, 7126", intake_per_year="60", start_year="2026")
>>> programme, errors = form.to_programme(programme_id="aktau-welding")
>>> errors, programme.target_isco
({}, ('7212', '7126'))
>>> ProgrammeForm(target_isco="7212, 9999").to_programme(programme_id="x")[1]["target_isco"]
'Not ISCO-08 unit groups: 9999.'
>>> project, errors = ProjectForm(title="Dry port", sector="logistics", start_year="2026",
...     end_year="2030", needs="8343, 20, 2027-2028").to_project(project_id="dry-port")
>>> [(n.isco, n.headcount, n.year) for n in project.needs]
[('8343', 20, 2027), ('8343', 20, 2028)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

from eurasia.agenda.classifications import isced_codes, isco_groups
from eurasia.agenda.model import PROGRAMME_MODES, Programme, Project, WorkforceNeed
from eurasia.agenda.seed import programme_from_record, project_from_record
from eurasia.errors import DataError
from eurasia.web.event_form import check_country

__all__ = [
    "PROGRAMME_FIELDS",
    "PROJECT_FIELDS",
    "ProgrammeForm",
    "ProjectForm",
    "need_lines",
    "parse_needs",
]

#: Fields of the programme form with an inline error slot, in form order.
PROGRAMME_FIELDS = (
    "title",
    "provider",
    "isced_field",
    "isced_level",
    "mode",
    "city",
    "country",
    "partner_enterprises",
    "target_isco",
    "intake_per_year",
    "duration_years",
    "start_year",
    "end_year",
)
#: Fields of the project form with an inline error slot, in form order.
PROJECT_FIELDS = (
    "title",
    "sector",
    "city",
    "country",
    "lat",
    "lon",
    "start_year",
    "end_year",
    "partners",
    "isced_fields",
    "needs",
)
_YEARS = re.compile(r"^(\d{4})\s*(?:[-–]\s*(\d{4}))?$")
_MAX_TEXT = {"title": 300, "provider": 300, "sector": 100, "city": 100}
_Gettext = Callable[[str], str]


def _identity(message: str) -> str:
    return message


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _read(cls: type[Any], data: Mapping[str, Any]) -> dict[str, str]:
    return {f.name: str(data[f.name]).strip() for f in fields(cls) if f.name in data}


@dataclass
class _Form:
    """What both forms share: reading the submitted strings."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        """Read the form from submitted data (unknown keys are ignored)."""
        return cls(**_read(cls, data))

    @classmethod
    def _prefilled(cls, record: object, **special: str) -> Self:
        """Return the form showing ``record``'s fields of the same names (``special`` as given).

        Lists are comma-separated, numbers written plainly (``2.5``, not ``2.500``), ``None`` empty.
        """
        values = dict(special)
        for f in fields(cls):
            if f.name not in values:
                values[f.name] = _shown(getattr(record, f.name))
        return cls(**values)


def _shown(value: object) -> str:
    """Return a record's value as the form shows it.

    Examples
    --------
    >>> _shown(("7212", "3131")), _shown(2.5), _shown(None), _shown(2027)
    ('7212, 3131', '2.5', '', '2027')
    """
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _in_order(start: int | None, end: int | None, errors: dict[str, str], _: _Gettext) -> None:
    if start is not None and end is not None and end < start:
        errors["end_year"] = _("The last year must not be before the first.")


def _whole(value: str, name: str, errors: dict[str, str], _: _Gettext, *, low: int) -> int | None:
    if value.isdecimal() and int(value) >= low:
        return int(value)
    errors[name] = _("Enter a whole number of %(low)s or more.") % {"low": low}
    return None


def _year(value: str, name: str, errors: dict[str, str], _: _Gettext) -> int | None:
    if value.isdecimal() and 1900 <= int(value) <= 2200:
        return int(value)
    errors[name] = _("Enter a year between 1900 and 2200.")
    return None


def _texts(form: object, required: tuple[str, ...], errors: dict[str, str], _: _Gettext) -> None:
    for name in required:
        if not getattr(form, name):
            errors[name] = _("This field is required.")
    for name, limit in _MAX_TEXT.items():
        if len(getattr(form, name, "")) > limit:
            errors[name] = _("At most %(num)s characters.") % {"num": limit}


def _isced(codes: list[str], name: str, errors: dict[str, str], _: _Gettext) -> None:
    unknown = [code for code in codes if code not in isced_codes()]
    if unknown:
        errors[name] = _("Not ISCED-F 2013 fields: %(codes)s.") % {"codes": ", ".join(unknown)}


def _isco(codes: list[str]) -> list[str]:
    """Return the codes that are not ISCO-08 unit groups (4 digits, in the classification)."""
    return [code for code in codes if len(code) != 4 or code not in isco_groups()]


def _recorded(
    build: Callable[[Mapping[str, Any]], Any], record: dict[str, Any], names: tuple[str, ...]
) -> tuple[Any, dict[str, str]]:
    """Return the object built from a checked record, or the domain's message on its field."""
    try:
        return build(record), {}
    except DataError as exc:
        message = str(exc)
        for name in names:
            if f"'{name}'" in message:
                return None, {name: message}
        return None, {"form": message}


@dataclass
class ProgrammeForm(_Form):
    """The raw values of the programme form (all strings, as submitted)."""

    title: str = ""
    provider: str = ""
    isced_field: str = ""
    isced_level: str = "4"
    mode: str = "full-time"
    city: str = ""
    country: str = "KZ"
    partner_enterprises: str = ""
    target_isco: str = ""
    intake_per_year: str = ""
    duration_years: str = "2"
    start_year: str = ""
    end_year: str = ""
    illustrative: str = ""

    @classmethod
    def from_programme(cls, p: Programme) -> Self:
        """Return the form pre-filled from an existing programme."""
        return cls._prefilled(p)

    def to_programme(
        self, *, programme_id: str, source: str | None = None, gettext: _Gettext = _identity
    ) -> tuple[Programme | None, dict[str, str]]:
        """Return the programme, or ``None`` with messages keyed by field (``"form"`` for the rest).

        ``source`` is kept from the stored programme (the form does not edit citations).
        """
        _ = gettext
        errors: dict[str, str] = {}
        _texts(self, ("title", "provider"), errors, _)
        if not self.isced_field:
            errors["isced_field"] = _("This field is required.")
        else:
            _isced([self.isced_field], "isced_field", errors, _)
        level = self.isced_level
        if not (level.isdecimal() and 0 <= int(level) <= 8):
            errors["isced_level"] = _("Choose an ISCED level from 0 to 8.")
        if self.mode not in PROGRAMME_MODES:
            errors["mode"] = _("Choose a mode from the list.")
        country = check_country(self.country, errors, _, required=True)
        targets = _split(self.target_isco)
        unknown = _isco(targets)
        if not targets:
            errors["target_isco"] = _("Give at least one ISCO-08 unit group, e.g. 7212.")
        elif unknown:
            errors["target_isco"] = _("Not ISCO-08 unit groups: %(codes)s.") % {
                "codes": ", ".join(unknown)
            }
        intake = _whole(self.intake_per_year, "intake_per_year", errors, _, low=0)
        try:
            duration = float(self.duration_years.replace(",", "."))
        except ValueError:
            duration = -1.0
        if not 0 < duration <= 10:
            errors["duration_years"] = _("Enter a duration above 0 and up to 10 years.")
        start = _year(self.start_year, "start_year", errors, _)
        end = _year(self.end_year, "end_year", errors, _) if self.end_year else None
        _in_order(start, end, errors, _)
        if errors:
            return None, errors
        record = {
            "id": programme_id,
            "title": self.title,
            "provider": self.provider,
            "isced_field": self.isced_field,
            "isced_level": int(level),
            "mode": self.mode,
            "city": self.city or None,
            "country": country,
            "partner_enterprises": _split(self.partner_enterprises),
            "target_isco": targets,
            "intake_per_year": intake,
            "duration_years": duration,
            "start_year": start,
            "end_year": end,
            "source": source,
            "illustrative": self.illustrative or None,
        }
        return _recorded(programme_from_record, record, PROGRAMME_FIELDS)


def parse_needs(text: str, gettext: _Gettext = _identity) -> tuple[list[WorkforceNeed], str | None]:
    r"""Workforce needs from lines ``ISCO, headcount, year`` or ``ISCO, headcount, first-last``.

    Returns the needs and ``None``, or what is wrong with the first bad line.

    Examples
    --------
    >>> needs, error = parse_needs("7212, 200, 2027-2028\n3131, 60, 2031")
    >>> [(n.isco, n.headcount, n.year) for n in needs], error
    ([('7212', 200, 2027), ('7212', 200, 2028), ('3131', 60, 2031)], None)
    >>> parse_needs("7212, -5, 2027")[1]
    'Line 1: the headcount must be a whole number above 0.'
    """
    _ = gettext
    needs: list[WorkforceNeed] = []
    seen: set[tuple[str, int]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = {"line": number}
        parts = [part.strip() for part in line.split(",")]
        if len(parts) != 3:
            return [], _("Line %(line)s: write ISCO code, headcount, year (or first-last).") % where
        code, count, years = parts
        if _isco([code]):
            return [], _("Line %(line)s: %(code)s is not an ISCO-08 unit group.") % {
                **where,
                "code": code,
            }
        if not count.isdecimal() or int(count) < 1:
            return [], _("Line %(line)s: the headcount must be a whole number above 0.") % where
        found = _YEARS.match(years)
        first, last = (
            (int(found.group(1)), int(found.group(2) or found.group(1))) if found else (0, 0)
        )
        if not found or not 1900 <= first <= last <= 2200:
            return [], _("Line %(line)s: give a year or a range like 2027-2031.") % where
        for year in range(first, last + 1):
            if (code, year) in seen:
                return [], _("Line %(line)s: %(code)s in %(year)s is listed twice.") % {
                    **where,
                    "code": code,
                    "year": year,
                }
            seen.add((code, year))
            needs.append(WorkforceNeed(code, int(count), year))
    return needs, None


def need_lines(needs: tuple[WorkforceNeed, ...]) -> str:
    r"""Needs as form lines, runs of years with the same headcount joined into a range.

    Examples
    --------
    >>> need_lines((WorkforceNeed("7212", 5, 2027), WorkforceNeed("7212", 5, 2028),
    ...             WorkforceNeed("7212", 8, 2029)))
    '7212, 5, 2027-2028\n7212, 8, 2029'
    """
    runs: list[list[Any]] = []
    for need in sorted(needs, key=lambda n: (n.isco, n.year)):
        last = runs[-1] if runs else None
        if last and last[0] == need.isco and last[1] == need.headcount and last[3] == need.year - 1:
            last[3] = need.year
        else:
            runs.append([need.isco, need.headcount, need.year, need.year])
    return "\n".join(
        f"{code}, {count}, {first}" + (f"-{last}" if last != first else "")
        for code, count, first, last in runs
    )


@dataclass
class ProjectForm(_Form):
    """The raw values of the project form (all strings, as submitted)."""

    title: str = ""
    sector: str = ""
    city: str = ""
    country: str = "KZ"
    lat: str = ""
    lon: str = ""
    start_year: str = ""
    end_year: str = ""
    partners: str = ""
    isced_fields: str = ""
    needs: str = ""
    description: str = ""
    illustrative: str = ""

    @classmethod
    def from_project(cls, p: Project) -> Self:
        """Return the form pre-filled from an existing project."""
        return cls._prefilled(p, needs=need_lines(p.needs))

    def _coordinate(
        self, name: str, limit: float, errors: dict[str, str], _: _Gettext
    ) -> float | None:
        value = getattr(self, name)
        if not value:
            return None
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = float("nan")
        if not -limit <= number <= limit:
            errors[name] = _("Enter a number from -%(limit)s to %(limit)s.") % {"limit": int(limit)}
            return None
        return number

    def to_project(
        self, *, project_id: str, source: str | None = None, gettext: _Gettext = _identity
    ) -> tuple[Project | None, dict[str, str]]:
        """Return the project, or ``None`` with messages keyed by field (``"form"`` for the rest)."""
        _ = gettext
        errors: dict[str, str] = {}
        _texts(self, ("title", "sector"), errors, _)
        country = check_country(self.country, errors, _, required=True)
        lat = self._coordinate("lat", 90, errors, _)
        lon = self._coordinate("lon", 180, errors, _)
        start = _year(self.start_year, "start_year", errors, _)
        end = _year(self.end_year, "end_year", errors, _)
        _in_order(start, end, errors, _)
        fields_of_study = _split(self.isced_fields)
        _isced(fields_of_study, "isced_fields", errors, _)
        needs, problem = parse_needs(self.needs, _)
        if problem:
            errors["needs"] = problem
        if errors:
            return None, errors
        record = {
            "id": project_id,
            "title": self.title,
            "sector": self.sector,
            "country": country,
            "start_year": start,
            "end_year": end,
            "city": self.city or None,
            "lat": lat,
            "lon": lon,
            "partners": _split(self.partners),
            "isced_fields": fields_of_study,
            "description": self.description,
            "needs": [{"isco": n.isco, "headcount": n.headcount, "year": n.year} for n in needs],
            "source": source,
            "illustrative": self.illustrative or None,
        }
        return _recorded(project_from_record, record, PROJECT_FIELDS)
