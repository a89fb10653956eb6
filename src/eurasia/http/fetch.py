"""Fetching a document from a URL a user gave: the one place eurasia reads from the network.

Domain packages read files and bytes only (:func:`eurasia.agenda.ical.parse_ical` takes the
bytes); an interface that accepts a URL — ``eurasia agenda import https://…`` — fetches it here
and hands the body on. Only ``http://`` and ``https://`` URLs are fetched, with a timeout and a
size limit, and every failure is a :class:`~eurasia.errors.DataError` naming the URL.

Examples
--------
>>> fetch_url("file:///etc/passwd", what="calendar")
Traceback (most recent call last):
...
eurasia.errors.DataError: calendar URL 'file:///etc/passwd': expected an http:// or https:// URL
"""

from __future__ import annotations

import urllib.error
import urllib.request

from eurasia.errors import DataError

__all__ = ["MAX_BYTES", "USER_AGENT", "fetch_url"]

#: Largest body fetched, in bytes (20 MiB: well above any calendar or data file we read).
MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "eurasia-agenda"


def fetch_url(
    url: str, *, what: str = "document", timeout: float = 30.0, max_bytes: int = MAX_BYTES
) -> bytes:
    """The body of the document at ``url``, fetched over HTTP(S).

    Parameters
    ----------
    url
        An ``http://`` or ``https://`` URL.
    what
        What the document is, for messages (``"calendar"`` gives ``calendar URL …: …``).
    timeout
        Seconds to wait for the connection and for each read.
    max_bytes
        Largest body accepted.

    Returns
    -------
    bytes
        The response body.

    Raises
    ------
    DataError
        For a URL that is not HTTP(S), a network or HTTP error, or a body over ``max_bytes``.
    """
    if not url.lower().startswith(("http://", "https://")):
        msg = f"{what} URL {url!r}: expected an http:// or https:// URL"
        raise DataError(msg)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        msg = f"{what} URL {url}: HTTP {exc.code} {exc.reason}"
        exc.close()
        raise DataError(msg) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        msg = f"{what} URL {url}: cannot fetch: {reason}"
        raise DataError(msg) from None
    if len(data) > max_bytes:
        msg = f"{what} URL {url}: larger than {max_bytes} bytes"
        raise DataError(msg)
    return data
