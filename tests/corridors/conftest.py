"""Fixtures for the corridors tests: the bundled network and a writable copy of its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eurasia.corridors.io.dataset import bundled_data_dir, load_network
from eurasia.corridors.network.model import Network

DATA_FILES = (
    "nodes.geojson",
    "links.csv",
    "transfers.csv",
    "services.csv",
    "sources.csv",
    "parameters.csv",
)


@pytest.fixture(scope="session")
def bundled() -> Network:
    """The bundled network (all statuses)."""
    return load_network()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled dataset files in a temporary folder, free to corrupt."""
    folder = tmp_path / "net"
    folder.mkdir()
    for name in DATA_FILES:
        shutil.copy(bundled_data_dir() / name, folder / name)
    return folder
