"""Fixtures of the i18n tests: a store with the bundled data and an editor, and a web client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.api.app import create_app
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled

PASSWORD = "correct horse battery"


@pytest.fixture(scope="package")
def loaded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a SQLite store loaded with the bundled data and the editor ``eli``."""
    folder = tmp_path_factory.mktemp("i18n")
    url = f"sqlite:///{folder / 'eurasia.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_bundled(engine)
    with session_scope(engine) as session:
        create_user(session, username="eli", password=PASSWORD, role=Role.EDITOR)
    engine.dispose()
    return Settings(database_url=url, data_dir=folder / "data", log_level="WARNING")


@pytest.fixture
def client(loaded_settings: Settings) -> Iterator[TestClient]:
    """A web client of the app on that store."""
    with TestClient(create_app(loaded_settings)) as test_client:
        yield test_client
