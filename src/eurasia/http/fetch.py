"""Fetching a document from a URL a user gave: the one place eurasia reads from the network.

Domain packages read files and bytes only (:func:`eurasia.agenda.ical.parse_ical` takes the
bytes); an interface that accepts a URL — ``eurasia agenda import https://…`` — fetches it here
and hands the body on. A URL is data from a user, so a fetch must not become a way into the
machine's own network (server-side request forgery, issue 18):

* only ``http://`` and ``https://``, on every hop;
* the host is resolved once and **every** address it resolves to is checked: loopback, private
  (RFC 1918, unique-local), link-local (which holds the cloud metadata service 169.254.169.254),
  carrier-grade NAT, multicast, reserved and unspecified addresses are refused, whatever the
  spelling (``0x7f000001``, ``127.1``, ``2130706433``, ``[::1]``, ``[::ffff:127.0.0.1]``) —
  unless the caller passes ``allow_private=True`` (the CLI's ``--allow-private-network``);
* the connection goes to the address that was checked (no second lookup a DNS server could
  answer differently), with TLS still verified against the host name;
* redirects are followed by hand, at most ``max_redirects``, each target checked like the first;
* one **overall** deadline covers connecting, every redirect, the headers and the body (a server
  that trickles a byte at a time is cut off at the deadline, not after each read), and the body
  is read up to ``max_bytes`` and no further.

Every failure is a :class:`~eurasia.errors.DataError` naming the URL.

Examples
--------
>>> fetch_url("file:///etc/passwd", what="calendar")
Traceback (most recent call last):
...
eurasia.errors.DataError: calendar URL 'file:///etc/passwd': expected an http:// or https:// URL
>>> fetch_url("http://0x7f000001/cal.ics", what="calendar")
Traceback (most recent call last):
...
eurasia.errors.DataError: calendar URL http://0x7f000001/cal.ics: refused: 0x7f000001 is 127.0.0.1, a loopback address (pass allow_private to fetch from the local network)
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from eurasia.errors import DataError

__all__ = ["MAX_BYTES", "USER_AGENT", "check_address", "fetch_url"]

#: Largest body fetched by default, in bytes (the default ``EURASIA_MAX_IMPORT_BYTES``).
MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = "eurasia-agenda"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Networks refused besides what :mod:`ipaddress` flags (shared address space, NAT64 of them).
_EXTRA_BLOCKED = (
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT (RFC 6598)
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.ip_network("198.18.0.0/15"),  # benchmarking
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64 of IPv4 (may reach private IPv4)
)


def check_address(address: str) -> str | None:
    """Why ``address`` (an IP literal) may not be fetched from, or ``None`` if it may.

    Examples
    --------
    >>> [check_address(a) for a in ("93.184.215.14", "10.0.0.1", "::ffff:127.0.0.1", "fe80::1")]
    [None, 'a private address', 'a loopback address', 'a link-local address']
    >>> check_address("169.254.169.254")
    'a link-local address'
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, what in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, flag):
            return what
    if any(ip in net for net in _EXTRA_BLOCKED if net.version == ip.version):
        return "a special-purpose address"
    if not ip.is_global:
        return "a non-global address"
    return None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def _allowed(address: str, networks: tuple[str, ...]) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def _resolve(
    url: str, *, what: str, allow_private: bool, allow_networks: tuple[str, ...]
) -> _Target:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        msg = f"{what} URL {url!r}: expected an http:// or https:// URL"
        raise DataError(msg)
    host = parts.hostname
    if not host:
        msg = f"{what} URL {url!r}: no host name"
        raise DataError(msg)
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        msg = f"{what} URL {url!r}: the port is not a number in 1-65535"
        raise DataError(msg) from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        msg = f"{what} URL {url}: cannot resolve {host}: {exc}"
        raise DataError(msg) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            reason = None if _allowed(address, allow_networks) else check_address(address)
            if reason is not None:
                shown = host if host == address else f"{host} is {address}"
                msg = (
                    f"{what} URL {url}: refused: {shown}, {reason} (pass allow_private to "
                    "fetch from the local network)"
                )
                raise DataError(msg)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme, host, port, path, addresses[0])


def _open(target: _Target, timeout: float) -> http.client.HTTPConnection:
    """Return a connection to the checked address, TLS verified against the host name."""
    sock = socket.create_connection((target.address, target.port), timeout=timeout)
    if target.scheme == "https":
        context = ssl.create_default_context()
        sock = context.wrap_socket(sock, server_hostname=target.host)
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    connection.sock = sock
    connection.raw_socket = sock  # type: ignore[attr-defined]
    return connection


def fetch_url(
    url: str,
    *,
    what: str = "document",
    timeout: float = 30.0,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = 5,
    allow_private: bool = False,
    allow_networks: tuple[str, ...] = (),
) -> bytes:
    """Return the body of the document at ``url``, fetched over HTTP(S) within a deadline and a size.

    Parameters
    ----------
    url
        An ``http://`` or ``https://`` URL.
    what
        What the document is, for messages (``"calendar"`` gives ``calendar URL …: …``).
    timeout
        Seconds for the whole fetch: connecting, redirects, headers and body.
    max_bytes
        Largest body accepted.
    max_redirects
        Redirects followed at most.
    allow_private
        Fetch from loopback, private and link-local addresses too (an operator's own network).
    allow_networks
        Networks (``"10.1.2.0/24"``) allowed although they are not public, the others refused.

    Returns
    -------
    bytes
        The response body.

    Raises
    ------
    DataError
        For a URL that is not HTTP(S) or points into the local network, a network or HTTP error,
        too many redirects, the deadline passing, or a body over ``max_bytes``.
    """
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        target = _resolve(
            current, what=what, allow_private=allow_private, allow_networks=allow_networks
        )
        status, location, body = _get(
            target, current, what=what, deadline=deadline, max_bytes=max_bytes
        )
        if status in _REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status >= 400:
            msg = f"{what} URL {current}: HTTP {status}"
            raise DataError(msg)
        return body
    msg = f"{what} URL {url}: more than {max_redirects} redirects"
    raise DataError(msg)


def _get(
    target: _Target, url: str, *, what: str, deadline: float, max_bytes: int
) -> tuple[int, str | None, bytes]:
    """One GET: status, ``Location`` and body, all before ``deadline``."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        msg = f"{what} URL {url}: no answer within the deadline"
        raise DataError(msg)
    expired = threading.Event()
    connection: http.client.HTTPConnection | None = None

    def cut_off() -> None:  # ends a trickle that each read's timeout alone would let go on
        expired.set()
        # the raw socket: http.client drops its own reference once a response will close
        sock = getattr(connection, "raw_socket", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(remaining, cut_off)
    timer.daemon = True
    timer.start()
    try:
        connection = _open(target, remaining)
        connection.request("GET", target.path, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response.getheader("Location"), b""
        declared = response.getheader("Content-Length")
        if declared and declared.isdecimal() and int(declared) > max_bytes:
            msg = f"{what} URL {url}: larger than {max_bytes} bytes"
            raise DataError(msg)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                msg = f"{what} URL {url}: larger than {max_bytes} bytes"
                raise DataError(msg)
            chunks.append(chunk)
        if expired.is_set():
            raise TimeoutError
        return response.status, None, b"".join(chunks)
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError):
            msg = f"{what} URL {url}: no complete answer within the deadline"
            raise DataError(msg) from None
        msg = f"{what} URL {url}: cannot fetch: {exc}"
        raise DataError(msg) from None
    finally:
        timer.cancel()
        if connection is not None:
            connection.close()
