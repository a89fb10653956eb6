"""Outbound fetches (issue 18, finding 7): no way into the local network, every redirect checked,
http(s) only, one overall deadline and a size cap. Servers run on 127.0.0.1 only; the refused
addresses are refused before any connection is made."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from eurasia.errors import DataError
from eurasia.http.fetch import fetch_url

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], int]]:
    """Start a local HTTP server on 127.0.0.1 with a GET handler; returns its port."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handle: Handler) -> int:
        class Request(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handle(self)

            def log_message(self, *_: object) -> None:
                return

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Request)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return int(server.server_address[1])

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _ok(request: http.server.BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Length", str(len(CALENDAR)))
    request.end_headers()
    request.wfile.write(CALENDAR)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "0x7f000001",
        "127.1",
        "2130706433",
        "0177.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "0.0.0.0",
    ],
)
def test_loopback_in_any_spelling_is_refused(serve: Callable[[Handler], int], host: str) -> None:
    port = serve(_ok)
    with pytest.raises(DataError, match=r"refused: .*(loopback|unspecified)"):
        fetch_url(f"http://{host}:{port}/cal.ics", what="calendar")
    assert fetch_url(f"http://127.0.0.1:{port}/cal.ics", allow_private=True) == CALENDAR


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
        ("http://[fd00:ec2::254]/", "private"),
        ("http://10.1.2.3/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://100.64.0.1/", "special-purpose|non-global|private"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
    ],
)
def test_private_link_local_and_metadata_addresses_are_refused(url: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(DataError, match=rf"refused: .*({reason})"):
        fetch_url(url, timeout=5)
    assert time.monotonic() - started < 1  # refused before connecting: nothing was sent


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/", "data:,x"]
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(DataError, match="http:// or https://"):
        fetch_url(url, allow_private=True)


def test_every_redirect_is_checked_again(serve: Callable[[Handler], int]) -> None:
    target = serve(_ok)

    def to(location: str) -> Handler:
        def handle(request: http.server.BaseHTTPRequestHandler) -> None:
            request.send_response(302)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        return handle

    allowed = ("127.0.0.1/32",)  # the first server is allowed, nothing else on loopback
    to_other_loopback = serve(to(f"http://127.0.0.2:{target}/cal.ics"))
    with pytest.raises(DataError, match=r"refused: 127\.0\.0\.2, a loopback"):
        fetch_url(f"http://127.0.0.1:{to_other_loopback}/", allow_networks=allowed)
    to_metadata = serve(to("http://169.254.169.254/latest/meta-data/"))
    with pytest.raises(DataError, match="link-local"):
        fetch_url(f"http://127.0.0.1:{to_metadata}/", allow_networks=allowed)
    to_file = serve(to("file:///etc/passwd"))
    with pytest.raises(DataError, match="http:// or https://"):
        fetch_url(f"http://127.0.0.1:{to_file}/", allow_networks=allowed)
    followed = serve(to(f"http://127.0.0.1:{target}/cal.ics"))
    assert fetch_url(f"http://127.0.0.1:{followed}/", allow_networks=allowed) == CALENDAR


def test_redirect_loops_stop(serve: Callable[[Handler], int]) -> None:
    def loop(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(301)
        request.send_header("Location", request.path + "x")
        request.send_header("Content-Length", "0")
        request.end_headers()

    port = serve(loop)
    with pytest.raises(DataError, match="more than 3 redirects"):
        fetch_url(f"http://127.0.0.1:{port}/", max_redirects=3, allow_private=True)


def test_a_trickle_is_cut_off_at_the_overall_deadline(serve: Callable[[Handler], int]) -> None:
    # before: the timeout was per read, so a byte every few seconds kept the import hanging
    def trickle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(100):  # bounded: ~20 s at most
            try:
                request.wfile.write(b"x")
                request.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    port = serve(trickle)
    started = time.monotonic()
    with pytest.raises(DataError, match="deadline"):
        fetch_url(f"http://127.0.0.1:{port}/", timeout=1.5, allow_private=True)
    assert time.monotonic() - started < 4


def test_trickled_headers_are_cut_off_too(serve: Callable[[Handler], int]) -> None:
    def slow_headers(request: http.server.BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(100):
            try:
                request.wfile.write(f"X-{i}: y\r\n".encode())
                request.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    port = serve(slow_headers)
    started = time.monotonic()
    with pytest.raises(DataError, match="deadline"):
        fetch_url(f"http://127.0.0.1:{port}/", timeout=1.5, allow_private=True)
    assert time.monotonic() - started < 4


def test_a_body_without_length_stops_at_the_cap(serve: Callable[[Handler], int]) -> None:
    def endless(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.end_headers()
        for _ in range(4096):  # bounded: 256 MiB at most
            try:
                request.wfile.write(b"x" * 65536)
            except OSError:
                return

    port = serve(endless)
    with pytest.raises(DataError, match="larger than 1000000 bytes"):
        fetch_url(f"http://127.0.0.1:{port}/", max_bytes=1_000_000, allow_private=True)


def test_an_unresolvable_host_is_a_data_error() -> None:
    with pytest.raises(DataError, match="cannot resolve"):
        fetch_url("http://no-such-host.invalid/cal.ics", timeout=5)
