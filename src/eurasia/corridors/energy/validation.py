"""Bundled export shares against published figures: a table of model vs published, pass or fail.

``data/validation.csv`` lists the references: commodity, year, metric, subject, the published
figure as stated, its band (``low`` .. ``high``), unit, source, and whether the bundled data were
calibrated on it (``calibrated`` = ``yes``: the check then only confirms the arithmetic). Metrics:

- ``route_share`` -- share of a route in the year's exports (%), subject = route id;
- ``outlet_not_in`` / ``outlet_not_in_share`` -- exports whose route's outlet is not in the
  subject country (Mt or %); "bypassing Russian ports" is ``RU``;
- ``asset_share`` -- a route's flow over the asset's whole load, subject ``route:asset`` (%);
- ``total`` -- the routes' sum (canonical unit).

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> rows = validate(read_energy_dataset())
>>> [(r.id, round(r.model, 1), r.passed) for r in rows][:2]
[('cpc-share-2022', 81.2, True), ('cpc-share-2023', 79.4, True)]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from eurasia.errors import DataError

from .allocation import asset_loads
from .dataset import DATA_DIR, EnergyDataset, _choice, _cite, _number, _rows, _where, _year
from .dependence import shares
from .units import check_commodity

__all__ = ["METRICS", "ValidationCheck", "read_references", "validate", "validation_markdown"]

METRICS = ("route_share", "outlet_not_in", "outlet_not_in_share", "asset_share", "total")


@dataclass(frozen=True)
class ValidationCheck:
    """One reference with the model's value and the verdict."""

    id: str
    commodity: str
    year: int
    metric: str
    subject: str
    published: str
    low: float
    high: float
    unit: str
    source: str
    calibrated: bool
    note: str
    model: float = float("nan")
    passed: bool = False

    def as_dict(self) -> dict[str, object]:
        """Plain dict."""
        return asdict(self)


def read_references(
    ds: EnergyDataset, path: Path = DATA_DIR / "validation.csv"
) -> list[ValidationCheck]:
    """Read the reference table (errors name file, line and field)."""
    out: list[ValidationCheck] = []
    cols = (
        "id",
        "commodity",
        "year",
        "metric",
        "subject",
        "published",
        "low",
        "high",
        "unit",
        "source",
        "calibrated",
        "note",
    )
    for line, row in _rows(path, cols):
        commodity = check_commodity(row["commodity"], where=_where(path, line, "commodity"))
        metric = _choice(path, line, row, "metric", METRICS)
        if row["calibrated"] not in ("yes", "no"):
            msg = f"{_where(path, line, 'calibrated')}expected yes or no, got {row['calibrated']!r}"
            raise DataError(msg)
        low = _number(path, line, row, "low")
        high = _number(path, line, row, "high")
        if high < low:
            msg = f"{_where(path, line, 'high')}{high} is below low {low}"
            raise DataError(msg)
        year = _year(path, line, row, "year")
        assert year is not None
        out.append(
            ValidationCheck(
                row["id"],
                commodity,
                year,
                metric,
                row["subject"],
                row["published"],
                low,
                high,
                row["unit"],
                _cite(path, line, row, "source", ds.sources),
                row["calibrated"] == "yes",
                row["note"],
            )
        )
    return out


def _model(ds: EnergyDataset, c: ValidationCheck) -> float:
    flows = ds.route_flows(c.year, c.commodity)
    total = sum(flows.values())
    if c.metric == "route_share":
        return 100.0 * shares(ds, c.year, c.commodity).get(c.subject, 0.0)
    if c.metric in ("outlet_not_in", "outlet_not_in_share"):
        out = sum(v for r, v in flows.items() if ds.nodes[ds.routes[r].outlet].country != c.subject)
        return out if c.metric == "outlet_not_in" else 100.0 * out / total
    if c.metric == "asset_share":
        route, asset = c.subject.split(":")
        return 100.0 * flows.get(route, 0.0) / asset_loads(ds, c.year, flows)[asset]
    return total


def validate(
    ds: EnergyDataset, references: list[ValidationCheck] | None = None
) -> list[ValidationCheck]:
    """Each reference with the model value and pass (``low <= model <= high``, rounded to 0.1)."""
    refs = read_references(ds) if references is None else references
    out = []
    for c in refs:
        value = _model(ds, c)
        passed = c.low - 0.05 <= round(value, 1) <= c.high + 0.05
        out.append(ValidationCheck(**{**asdict(c), "model": value, "passed": passed}))
    return out


def validation_markdown(rows: list[ValidationCheck]) -> str:
    """Return the table as Markdown, independent references first, calibrated ones apart.

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> print(validation_markdown(validate(read_energy_dataset())).splitlines()[0])
    | check | year | published | band | model | result | source |
    """
    lines = []
    for calibrated in (False, True):
        if calibrated:
            lines += ["", "Calibrated on (not independent):", ""]
        lines += [
            "| check | year | published | band | model | result | source |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in rows:
            if r.calibrated != calibrated:
                continue
            lines.append(
                f"| {r.id} | {r.year} | {r.published} | {r.low:g}-{r.high:g} {r.unit} | "
                f"{r.model:.1f} {r.unit} | {'pass' if r.passed else 'FAIL'} | {r.source} |"
            )
    return "\n".join(lines)
