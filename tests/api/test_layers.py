"""Imports go one way (docs/architecture.md): the API and the web never import each other, only
the app factory imports them, jobs use no interface, and the domain uses no store or interface.

The check reads every module's ``import`` statements (also those inside functions), so a late
import cannot slip past it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import eurasia

SRC = Path(eurasia.__file__).parent

#: what a domain package (corridors, indicators, agenda) must not import
DOMAIN_FORBIDDEN = (
    "eurasia.store",
    "eurasia.jobs",
    "eurasia.auth",
    "eurasia.http",
    "eurasia.api",
    "eurasia.web",
    "eurasia.cli",
)
#: package -> packages it must not import
FORBIDDEN = {
    "api": ("eurasia.web", "eurasia.cli"),
    "web": ("eurasia.api", "eurasia.cli"),
    "http": ("eurasia.api", "eurasia.web", "eurasia.cli"),  # but http.app, which mounts them
    "jobs": ("eurasia.http", "eurasia.api", "eurasia.web", "eurasia.cli"),
    "auth": ("eurasia.http", "eurasia.api", "eurasia.web", "eurasia.cli", "eurasia.jobs"),
    "store": ("eurasia.http", "eurasia.api", "eurasia.web", "eurasia.cli", "eurasia.jobs"),
    **dict.fromkeys(("corridors", "indicators", "agenda"), DOMAIN_FORBIDDEN),
}
ALLOWED = {"http/app.py"}  # the factory mounts the API and web routers


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _violations(package: str) -> list[str]:
    found = []
    for path in sorted((SRC / package).rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in ALLOWED or "/migrations/" in relative:
            continue
        for name in sorted(_imports(path)):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{relative} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_down(package: str) -> None:
    assert _violations(package) == []


def test_the_check_sees_a_late_import(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from eurasia.web.pages import router\n", encoding="utf-8")
    assert "eurasia.web.pages" in _imports(module)
