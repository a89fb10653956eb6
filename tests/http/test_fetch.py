"""Fetching a calendar from a URL (moved out of the agenda domain with the fetcher)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from eurasia.agenda.ical import parse_ical
from eurasia.errors import DataError
from eurasia.http.fetch import fetch_url

CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:url@test\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def http_calendar() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 serving /cal.ics (and 404 elsewhere)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/cal.ics":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(CALENDAR)))
            self.end_headers()
            self.wfile.write(CALENDAR)

        def log_message(self, *_: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_fetch_over_http(http_calendar: str) -> None:
    body = fetch_url(f"{http_calendar}/cal.ics", what="calendar", allow_private=True)
    assert parse_ical(body, source="cal.ics").events[0].uid == "url@test"
    with pytest.raises(DataError, match="HTTP 404"):
        fetch_url(f"{http_calendar}/missing.ics", what="calendar", allow_private=True)
    with pytest.raises(DataError, match="http:// or https://"):
        fetch_url("file:///etc/passwd", what="calendar")


def test_a_body_over_the_limit_is_refused(http_calendar: str) -> None:
    with pytest.raises(DataError, match=r"calendar URL .*cal\.ics: larger than 10 bytes"):
        fetch_url(f"{http_calendar}/cal.ics", what="calendar", max_bytes=10, allow_private=True)
    assert (
        fetch_url(f"{http_calendar}/cal.ics", max_bytes=len(CALENDAR), allow_private=True)
        == CALENDAR
    )


def _closed_port_url() -> str:
    """A loopback URL on a port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/cal.ics"


def test_an_unreachable_host_names_the_url() -> None:
    url = _closed_port_url()
    with pytest.raises(DataError, match=f"calendar URL {url}: cannot fetch"):
        fetch_url(url, what="calendar", timeout=5, allow_private=True)
