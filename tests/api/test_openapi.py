"""The OpenAPI document only grows: every operation (method, path, operation id) and every schema
name published before the HTTP layer was split out (``openapi_baseline.json``) is still there.

A new schema whose class name repeats another's makes FastAPI rename both to module-qualified
names (``eurasia__api__…__RoutePublic``), which silently removes the published name; that is
refused too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eurasia.http.app import create_app
from eurasia.settings import Settings

BASELINE = json.loads(Path(__file__).with_name("openapi_baseline.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("openapi")
    app = create_app(Settings(database_url="sqlite://", data_dir=str(data_dir)))
    return app.openapi()


def test_every_published_operation_keeps_its_path_method_and_id(document: dict[str, Any]) -> None:
    now = {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    missing = {op: op_id for op, op_id in BASELINE["operations"].items() if now.get(op) != op_id}
    assert missing == {}


def test_every_published_schema_name_is_still_there(document: dict[str, Any]) -> None:
    names = set(document["components"]["schemas"])
    assert sorted(set(BASELINE["schemas"]) - names) == []


def test_no_schema_name_is_module_qualified(document: dict[str, Any]) -> None:
    assert [n for n in document["components"]["schemas"] if "__" in n] == []
