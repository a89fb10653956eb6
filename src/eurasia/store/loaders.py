"""Loading the bundled datasets of every pillar into the store, idempotently.

Each pillar contributes a :class:`BundledDataset`: a name, a checksum of its source files and a
function that writes it inside the caller's transaction (replacing the rows it owns). A dataset
whose checksum matches the last load is skipped. The corridors pillar's dataset is the bundled
scenarios run to equilibrium (:func:`eurasia.store.corridors.scenarios_dataset`, about 7 s).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eurasia.store.db import session_scope
from eurasia.store.tables import DataLoad, utcnow

__all__ = ["BundledDataset", "LoadResult", "bundled_datasets", "files_checksum", "load_bundled"]


@dataclass(frozen=True)
class BundledDataset:
    """A dataset shipped with the package and how to write it into the store."""

    name: str
    files: tuple[Path, ...]
    write: Callable[[Session], int]


@dataclass(frozen=True)
class LoadResult:
    """Outcome of loading one dataset."""

    name: str
    rows: int
    skipped: bool


def files_checksum(files: Iterable[Path]) -> str:
    """SHA-256 over the names and bytes of ``files``, in the given order.

    Examples
    --------
    >>> len(files_checksum([]))
    64
    """
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def bundled_datasets() -> list[BundledDataset]:
    """Every bundled dataset, in load order (pillars register theirs here)."""
    from eurasia.store.agenda import agenda_dataset
    from eurasia.store.corridors import scenarios_dataset
    from eurasia.store.indicators import bundled_dataset as indicators_dataset

    return [agenda_dataset(), indicators_dataset(), scenarios_dataset()]


def load_bundled(engine: Engine, *, force: bool = False) -> list[LoadResult]:
    """Load every bundled dataset; each applies whole or not at all.

    Parameters
    ----------
    engine
        A migrated store.
    force
        Reload even when the checksum is unchanged.
    """
    results = []
    for dataset in bundled_datasets():
        checksum = files_checksum(dataset.files)
        with session_scope(engine) as session:
            previous = session.get(DataLoad, dataset.name)
            if previous is not None and previous.checksum == checksum and not force:
                results.append(LoadResult(dataset.name, previous.rows, skipped=True))
                continue
            rows = dataset.write(session)
            if previous is None:
                session.add(DataLoad(dataset=dataset.name, checksum=checksum, rows=rows))
            else:
                previous.checksum, previous.rows, previous.loaded_at = checksum, rows, utcnow()
            results.append(LoadResult(dataset.name, rows, skipped=False))
    return results
