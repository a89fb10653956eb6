"""Browser-test fixtures: built assets, a live server on 127.0.0.1 and Debian's Chromium.

The server runs ``eurasia.http.app:create_app`` under uvicorn in a thread, on a temporary SQLite
store migrated and loaded with the bundled data, with one user of each role. Chromium is driven by
Playwright (``EURASIA_CHROMIUM``, default ``/usr/bin/chromium``) with flags that stop it from
calling home; every page records the requests that would leave 127.0.0.1 and aborts them, and
:func:`page` fails the test if there was any. Outside CI, missing Chromium or npm skip the tests;
with ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

from eurasia.auth.roles import Role
from eurasia.http.app import create_app
from eurasia.http.assets import assets_built
from tests.web.stores import PASSWORD, loaded_store

ROOT = Path(__file__).resolve().parents[2]
USERS = {"ada": Role.ADMIN, "eli": Role.EDITOR, "vic": Role.VIEWER}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"  # refreshed with EURASIA_SCREENSHOTS=1
# The first route plan compiles the numba kernels; give assertions time on a 2-core machine.
expect.set_options(timeout=20_000)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_assets() -> None:
    """The front-end bundle, built with ``make assets`` when missing."""
    if assets_built():
        return
    if shutil.which("npm") is None:
        _unavailable("the front-end assets are not built and npm is not installed")
    result = subprocess.run(
        ["make", "assets"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0 or not assets_built():
        _unavailable(f"`make assets` failed: {result.stderr[-2000:]}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the Chromium executable."""
    path = os.environ.get("EURASIA_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        _unavailable(f"no Chromium at {path} (set EURASIA_CHROMIUM or install Debian's chromium)")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(built_assets: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app served on 127.0.0.1 with bundled data and users ada, eli, vic."""
    settings = loaded_store(tmp_path_factory.mktemp("live"), USERS, env="development")
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the live server did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The Playwright driver."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    """Headless Debian Chromium that makes no outside connections of its own."""
    instance = playwright_instance.chromium.launch(
        executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
    )
    yield instance
    instance.close()


class OutsideRequests(list[str]):
    """URLs the page tried to fetch from hosts other than the live server."""


def _context(
    browser: Browser, base_url: str, outside: OutsideRequests, **options: object
) -> BrowserContext:
    context = browser.new_context(base_url=base_url, accept_downloads=True, **options)  # type: ignore[arg-type]
    host = urlsplit(base_url).netloc

    def guard(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or parts.netloc == host:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    return context


@pytest.fixture
def outside_requests() -> OutsideRequests:
    """Requests to other hosts seen during the test (the :func:`page` fixture asserts none)."""
    return OutsideRequests()


@pytest.fixture
def page(browser: Browser, live_server: str, outside_requests: OutsideRequests) -> Iterator[Page]:
    """A fresh laptop-sized page (1366×850); fails the test if anything left 127.0.0.1."""
    context = _context(
        browser, live_server, outside_requests, viewport={"width": 1366, "height": 850}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert list(outside_requests) == [], f"requests left localhost: {outside_requests}"
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def phone(browser: Browser, live_server: str, outside_requests: OutsideRequests) -> Iterator[Page]:
    """A phone-sized page (390×844, touch)."""
    context = _context(
        browser,
        live_server,
        outside_requests,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    yield page
    context.close()
    assert list(outside_requests) == [], f"requests left localhost: {outside_requests}"


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Screenshot for the docs: saved in ``docs/screenshots/`` when ``EURASIA_SCREENSHOTS=1``.

    Taken in every run (so a page that cannot be drawn still fails), kept only when asked for,
    so that test runs do not rewrite the committed images.
    """
    image = page.screenshot(full_page=full_page)
    if os.environ.get("EURASIA_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(image)


def login(page: Page, username: str) -> None:
    """Sign in through the form as ``username``."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
