"""The HTTP protocol ``eurasia serve`` runs uvicorn with: replies leave without Nagle's delay.

With ``--workers`` above 1, uvicorn binds the listening socket itself without naming the TCP
protocol, so asyncio does not set ``TCP_NODELAY`` on the connections it accepts. A reply is then
written in two pieces (headers, then body) and the second waits for the client's delayed
acknowledgement: about 40 ms on every request on a keep-alive connection (measured in
``benchmarks/bench_load.py``). This protocol sets the option on each connection.

Examples
--------
>>> import socket
>>> class FakeTransport:
...     def __init__(self, sock): self.sock = sock
...     def get_extra_info(self, name, default=None): return self.sock if name == "socket" else default
>>> with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
...     set_nodelay(FakeTransport(sock))
...     sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
True
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from eurasia.settings import Settings

__all__ = ["NoDelayH11Protocol", "proxy_options", "set_nodelay"]


def set_nodelay(transport: Any) -> None:
    """Set ``TCP_NODELAY`` on the transport's socket, if it is a TCP one."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with ``TCP_NODELAY`` set on every connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Set ``TCP_NODELAY`` on the new connection, then serve it as uvicorn does."""
        set_nodelay(transport)
        super().connection_made(transport)


def proxy_options(settings: Settings) -> dict[str, Any]:
    """Uvicorn's proxy options for ``settings``: forwarded headers only from trusted proxies.

    uvicorn's own default believes ``X-Forwarded-For`` from 127.0.0.1, so any local process, or a
    client behind a proxy that passes the header through, could claim any address and dodge the
    per-address login limit. Here no peer is trusted unless ``EURASIA_TRUSTED_PROXIES`` names it.

    Examples
    --------
    >>> proxy_options(Settings())
    {'proxy_headers': False, 'forwarded_allow_ips': ''}
    >>> proxy_options(Settings(trusted_proxies="10.0.0.5, 10.0.1.0/24"))
    {'proxy_headers': True, 'forwarded_allow_ips': '10.0.0.5,10.0.1.0/24'}
    """
    trusted = settings.trusted_proxy_list
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": ",".join(trusted)}
