"""Fixtures of the i18n tests: a store with the bundled data and an editor, and a web client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.roles import Role
from eurasia.http.app import create_app
from eurasia.settings import Settings
from tests.web.stores import loaded_store


@pytest.fixture(scope="package")
def loaded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a SQLite store loaded with the bundled data and the editor ``eli``."""
    return loaded_store(tmp_path_factory.mktemp("i18n"), {"eli": Role.EDITOR})


@pytest.fixture
def client(loaded_settings: Settings) -> Iterator[TestClient]:
    """A web client of the app on that store."""
    with TestClient(create_app(loaded_settings)) as test_client:
        yield test_client
