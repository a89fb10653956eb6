"""The table of published references the model is checked against (``references.csv``).

One row a published figure: what it measures (``kind``), where (origin, destination, the view
of the network the published service uses, or the scenario and links it concerns), the published
range (``low`` .. ``high``, in ``unit``), the sources it comes from (ids in ``sources.csv``) and
whether the model was fitted to it (``use`` = ``calibration``) or not (``held_out``). A row whose
``status`` is ``pending`` names a figure the model cannot evaluate yet (the ``reason`` says why);
it is listed, never counted as passed or failed.

Kinds and what the model value is:

- ``time_days`` — fastest door-to-door time (days) from any vertex of ``origin`` to any vertex
  of ``destination`` (through ``via`` when given) in the view ``view`` of the network as of
  ``year``, at the service level ``service`` (``typical`` or ``block``, see
  :mod:`eurasia.corridors.network.service`); ``ends`` says what the published figure covers:
  ``door`` (default) from the first terminal to the last, so the path pays the lift at both ends
  (the network's ``end_costs``: rail terminal lift, port handling and dwell), ``line`` the
  section or freight alone (a border-to-border section, a train's run, ocean freight port to port);
- ``rate_usd_feu`` — money (USD per FEU) along that fastest path: the sum of ``usd_feu``
  (``statistic`` picks ``central``, ``low`` or ``high``);
- ``indicator`` — a summary indicator (``target``) of scenario ``scenario``;
- ``flow_mt`` — Mt a year on the links listed in ``target`` (``;``-separated, both directions
  summed) in scenario ``scenario``.

Examples
--------
>>> refs = read_references()
>>> sorted({r.use for r in refs})
['calibration', 'held_out']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eurasia.corridors.io.dataset import bundled_data_dir, read_csv_rows
from eurasia.corridors.network.records import Problems
from eurasia.corridors.network.service import SERVICE_LEVELS
from eurasia.errors import DataError

__all__ = ["ENDS", "KINDS", "STATISTICS", "USES", "VIEWS", "Reference", "read_references"]

#: What a reference measures (see the module docstring).
KINDS = ("time_days", "rate_usd_feu", "indicator", "flow_mt")
#: The views of the network a published service runs on.
VIEWS = ("any", "rail", "titr", "caspian", "sea", "cape", "road")
#: Whether the model was fitted to the reference.
USES = ("calibration", "held_out")
#: What a time or rate covers at its two ends (see the module docstring).
ENDS = ("door", "line")
#: Which of the model's low / central / high values is compared.
STATISTICS = ("central", "low", "high")
_COLUMNS = (
    "id",
    "kind",
    "use",
    "label",
    "low",
    "high",
    "unit",
    "source",
)


@dataclass(frozen=True)
class Reference:
    """A published figure with its range, as read from ``references.csv``."""

    id: str
    kind: str
    use: str
    label: str
    low: float
    high: float
    unit: str
    source: tuple[str, ...]
    origin: str = ""
    destination: str = ""
    view: str = "any"
    via: str = ""
    year: int = 2025
    statistic: str = "central"
    service: str = "typical"
    ends: str = "door"
    scenario: str = ""
    target: str = ""
    status: str = "active"
    reason: str = ""
    note: str = ""

    @property
    def pending(self) -> bool:
        """True when the model cannot evaluate the reference yet."""
        return self.status == "pending"


def _number(value: str, where: str, name: str, problems: Problems) -> float:
    try:
        out = float(value)
    except ValueError:
        problems.add(where, name, f"expected a number, got {value!r}")
        return math.nan
    if not math.isfinite(out) or out < 0:
        problems.add(where, name, f"expected a finite number >= 0, got {value!r}")
    return out


def read_references(
    path: str | Path | None = None,
    *,
    node_ids: Iterable[str] | None = None,
    source_ids: Iterable[str] | None = None,
) -> tuple[Reference, ...]:
    r"""Read and check a references file (default: the bundled ``references.csv``).

    Parameters
    ----------
    path
        The CSV file; the bundled one by default.
    node_ids, source_ids
        Known node and source ids; by default those of the bundled dataset.

    Returns
    -------
    tuple of Reference

    Raises
    ------
    DataError
        Every problem at once, each with its file, line and field: an unknown kind, view, use,
        statistic, node or source, a range with ``low > high``, a duplicate id, a missing field.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "refs.csv"
    >>> _ = p.write_text("id,kind,use,label,low,high,unit,source,origin,destination\n"
    ...                  "x,time_days,held_out,X,9,3,days,carec-cpmm,kz-dostyk,nowhere\n")
    >>> read_references(p)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: 2 problems in the network data:
      refs.csv line 2, field 'high': expected low <= high, got 9.0 > 3.0
      refs.csv line 2, field 'destination': unknown node 'nowhere'
    """
    if node_ids is None or source_ids is None:
        from eurasia.corridors.io.dataset import read_dataset

        dataset = read_dataset()
        node_ids = [n.id for n in dataset.nodes] if node_ids is None else node_ids
        source_ids = [s.id for s in dataset.sources] if source_ids is None else source_ids
    nodes, sources = set(node_ids), set(source_ids)
    file = Path(path) if path is not None else bundled_data_dir() / "references.csv"
    rows = read_csv_rows(file, required=_COLUMNS)
    problems = Problems()
    out: list[Reference] = []
    seen: set[str] = set()
    for row in rows:
        reference = _reference(row.fields, row.where, nodes, sources, problems)
        if reference.id in seen:
            problems.add(row.where, "id", f"duplicate id {reference.id!r}")
        seen.add(reference.id)
        out.append(reference)
    if problems.items:
        problems.raise_if_any()
    return tuple(out)


def _choices(
    f: Mapping[str, str], where: str, problems: Problems
) -> tuple[str, str, str, str, str, str]:
    kind, use = f.get("kind", "").strip(), f.get("use", "").strip()
    ends = f.get("ends", "").strip() or "door"
    view = f.get("view", "").strip() or "any"
    statistic = f.get("statistic", "").strip() or "central"
    service = f.get("service", "").strip() or "typical"
    for name, value, allowed in (
        ("kind", kind, KINDS),
        ("use", use, USES),
        ("view", view, VIEWS),
        ("statistic", statistic, STATISTICS),
        ("service", service, SERVICE_LEVELS),
        ("ends", ends, ENDS),
    ):
        if value and value not in allowed:
            problems.add(where, name, f"unknown {name} {value!r}; expected one of {allowed}")
    return kind, use, view, statistic, service, ends


def _reference(
    f: Mapping[str, str], where: str, nodes: set[str], sources: set[str], problems: Problems
) -> Reference:
    """One checked row (problems are recorded, never raised here)."""
    for name in _COLUMNS:
        if not f.get(name, "").strip():
            problems.add(where, name, "required")
    kind, use, view, statistic, service, ends = _choices(f, where, problems)
    low = _number(f.get("low", "0") or "0", where, "low", problems)
    high = _number(f.get("high", "0") or "0", where, "high", problems)
    if low > high:
        problems.add(where, "high", f"expected low <= high, got {low} > {high}")
    refs = tuple(s.strip() for s in f.get("source", "").split(";") if s.strip())
    for s in refs:
        if s not in sources:
            problems.add(where, "source", f"unknown source id {s!r} (not in sources.csv)")
    origin, destination = f.get("origin", "").strip(), f.get("destination", "").strip()
    via = f.get("via", "").strip()
    if kind in ("time_days", "rate_usd_feu"):
        for name, node in (("origin", origin), ("destination", destination), ("via", via)):
            if (node or name != "via") and node not in nodes:
                problems.add(where, name, f"unknown node {node!r}")
    scenario, target = f.get("scenario", "").strip(), f.get("target", "").strip()
    if kind in ("indicator", "flow_mt") and not (scenario and target):
        problems.add(where, "scenario", f"a {kind} reference names a scenario and a target")
    status = f.get("status", "").strip() or "active"
    if status not in ("active", "pending"):
        problems.add(where, "status", f"expected 'active' or 'pending', got {status!r}")
    if status == "pending" and not f.get("reason", "").strip():
        problems.add(where, "reason", "a pending reference says why it is pending")
    year_text = f.get("year", "").strip() or "2025"
    try:
        year = int(year_text)
    except ValueError:
        problems.add(where, "year", f"expected a year, got {year_text!r}")
        year = 2025
    return Reference(
        id=f.get("id", "").strip(),
        kind=kind,
        use=use,
        label=f.get("label", "").strip(),
        low=low,
        high=high,
        unit=f.get("unit", "").strip(),
        source=refs,
        origin=origin,
        destination=destination,
        view=view,
        via=via,
        year=year,
        statistic=statistic,
        service=service,
        ends=ends,
        scenario=scenario,
        target=target,
        status=status,
        reason=f.get("reason", "").strip(),
        note=f.get("note", "").strip(),
    )


def by_use(references: Sequence[Reference], use: str) -> tuple[Reference, ...]:
    """Return the references of one ``use`` (``calibration`` or ``held_out``).

    Raises
    ------
    DataError
        ``use`` is not one of :data:`USES`.
    """
    if use not in USES:
        msg = f"use: expected one of {USES}, got {use!r}"
        raise DataError(msg)
    return tuple(r for r in references if r.use == use)
