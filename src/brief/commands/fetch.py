"""The one place brief reaches the network: `brief capture` fetching a web page, once.

urllib of the standard library, with these limits: `http` and `https` only (a redirect
to any other scheme, `file:` or `ftp:`, is refused); at most 10 redirects, each counted
and kept; a timeout for the whole fetch, redirects included (and for each wait on the
socket); at most `BRIEF_MAX_CAPTURE_SIZE` bytes (20 MB), refused from the
`Content-Length` the server announces or as soon as more arrives; no cookies are sent or
kept, and nothing is decompressed (no `Accept-Encoding` is sent: the bytes are kept as
served). Every failure is one `BriefError` that says what happened to which address.
"""

from __future__ import annotations

import datetime
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from ..errors import BriefError
from ..files import limit, size_text, too_large
from ..version import __version__

MOST_REDIRECTS = 10
DEFAULT_TIMEOUT = 30.0
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_ACCEPT = ("text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,"
           "*/*;q=0.1")


@dataclass(frozen=True)
class Fetched:
    """What the server sent for an address, after its redirects."""

    url: str  # as asked
    final_url: str  # after the redirects
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]  # as sent, in order
    body: bytes  # as served
    retrieved: datetime.datetime  # UTC, when the final answer began
    redirects: tuple[tuple[int, str, str], ...] = ()  # (status, from, to)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by `fetch` itself: counted, and checked for their scheme."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check_address(url: str) -> urllib.parse.SplitResult:
    """The parts of a web address brief may fetch: `http` or `https`, with a host."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError as exc:
        raise BriefError(f"not a web address: {url!r} ({exc})",
                         hint="give the page's address as the browser shows it, "
                         "https://...") from None
    if parts.scheme.lower() not in ("http", "https"):
        what = f"its scheme is {parts.scheme}:" if parts.scheme else "it is not a web address"
        raise BriefError(f"brief captures only http and https pages; {url!r}: {what}",
                         hint="give the page's address as the browser shows it, https://...")
    if not parts.hostname:
        raise BriefError(f"the address {url!r} names no host",
                         hint="give the page's address as the browser shows it, https://...")
    return parts


def ascii_address(url: str) -> str:
    """`url` as it goes on the wire: its host in IDNA (`xn--…`), the rest of its non-ASCII
    characters (a Cyrillic path, a space) percent-encoded, as a browser sends them."""
    parts = urllib.parse.urlsplit(url.strip())
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            raise BriefError(f"the host of {url!r} is not a valid domain name") from None
    safe = "/%:@!$&'()*+,;=-._~"
    return urllib.parse.urlunsplit((
        parts.scheme, netloc, urllib.parse.quote(parts.path, safe=safe),
        urllib.parse.quote(parts.query, safe=safe + "?"),
        urllib.parse.quote(parts.fragment, safe=safe + "?")))


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """Fetch `url`, following at most 10 redirects within `timeout` seconds in all."""
    check_address(url)
    opener = urllib.request.build_opener(_NoRedirect())
    opener.addheaders = [("User-Agent", f"brief/{__version__} (capture)"),
                         ("Accept", _ACCEPT)]
    deadline = time.monotonic() + timeout
    hops: list[tuple[int, str, str]] = []
    current = ascii_address(url)
    while True:
        retrieved = datetime.datetime.now(datetime.UTC)
        status, reason, headers, body = _get(opener, current, deadline, timeout)
        location = dict((k.lower(), v) for k, v in headers).get("location")
        if status not in _REDIRECTS:
            break
        if not location:
            raise BriefError(f"the server answered {status} {reason} for {current} but "
                             "said nowhere to go")
        # a Location header is Latin-1 as http.client reads it; servers send UTF-8
        location = location.strip().encode("latin-1", "replace").decode("utf-8", "replace")
        target = ascii_address(urllib.parse.urljoin(current, location))
        scheme = urllib.parse.urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise BriefError(f"{current} redirects to {target!r}, a {scheme or 'relative'}: "
                             "address; brief follows redirects to http and https pages only; "
                             "nothing was captured")
        hops.append((status, current, target))
        if len(hops) > MOST_REDIRECTS:
            raise BriefError(f"{url} redirects more than {MOST_REDIRECTS} times (the last "
                             f"to {target}); nothing was captured",
                             hint="open the address in a browser: the site may be "
                             "redirecting in a loop")
        current = target
    if not 200 <= status < 300:
        raise BriefError(f"the server answered {status} {reason} for {current}; nothing "
                         "was captured", hint=_hint(status))
    return Fetched(url.strip(), current, status, reason, headers, body, retrieved,
                   tuple(hops))


def _hint(status: int) -> str | None:
    if status in (401, 403):
        return "the page needs a login or refuses brief: save it from the browser instead"
    if status == 404:
        return "check the address; a page that moved may be in the Internet Archive"
    if status >= 500:
        return "the site has a problem: try again later"
    return None


def _get(opener: urllib.request.OpenerDirector, url: str, deadline: float,
         timeout: float) -> tuple[int, str, tuple[tuple[str, str], ...], bytes]:
    """One request: the status, reason, headers and body (the body of a redirect or an
    error is not read)."""
    host = urllib.parse.urlsplit(url).hostname or url
    left = max(deadline - time.monotonic(), 0.001)
    try:
        response = opener.open(urllib.request.Request(url), timeout=min(left, timeout))
    except urllib.error.HTTPError as error:  # 3xx (not followed by urllib), 4xx, 5xx
        headers = tuple(error.headers.items()) if error.headers else ()
        error.close()
        return error.code, str(error.reason), headers, b""
    except urllib.error.URLError as error:
        raise _failure(error.reason, url, host, timeout) from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise _failure(error, url, host, timeout) from None
    with response:
        headers = tuple(response.headers.items())
        try:
            body = _body(response, url, deadline, timeout)
        except (OSError, http.client.HTTPException) as error:
            raise _failure(error, url, host, timeout) from None
        return response.status, str(response.reason), headers, body


def _body(response: Any, url: str, deadline: float, timeout: float) -> bytes:
    most = limit("capture")
    announced = response.headers.get("Content-Length", "").strip()
    if announced.isdigit() and int(announced) > most:
        raise too_large("capture", url, None, BriefError,
                        f"is {size_text(int(announced))} (as the server says)")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise BriefError(f"{url} took more than {timeout:g} seconds to arrive; nothing "
                             "was captured", hint="try again, or allow more time with "
                             "--timeout")
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > most:
            raise too_large("capture", url, None, BriefError, "is larger")
        chunks.append(chunk)
    if announced.isdigit() and size < int(announced):
        raise BriefError(f"{url} was cut short: {size:,} of the {int(announced):,} bytes "
                         "the server announced arrived; nothing was captured",
                         hint="try again: the connection was closed early")
    return b"".join(chunks)


def _failure(reason: object, url: str, host: str, timeout: float) -> BriefError:
    """A failure to reach or read a page, said in a reader's words."""
    if isinstance(reason, BriefError):
        return reason
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return BriefError(f"no answer from {host} within {timeout:g} seconds ({url}); "
                          "nothing was captured",
                          hint="try again, or allow more time with --timeout")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return BriefError(f"TLS error: the certificate of {host} cannot be trusted "
                          f"({reason.verify_message or reason.reason}); nothing was "
                          "captured", hint="check the address; brief does not capture "
                          "from a site whose identity it cannot check")
    if isinstance(reason, ssl.SSLError):
        return BriefError(f"TLS error talking to {host}: {reason.reason or reason}; nothing "
                          "was captured", hint="check that the address should be https")
    if isinstance(reason, ConnectionRefusedError):
        return BriefError(f"{host} refused the connection ({url}); nothing was captured",
                          hint="check the address and the port, and that the site is up")
    if isinstance(reason, socket.gaierror):
        return BriefError(f"the host {host} cannot be found ({reason.strerror}); nothing "
                          "was captured", hint="check the address, and the network")
    if isinstance(reason, http.client.HTTPException):
        return BriefError(f"the answer of {host} cannot be read ({type(reason).__name__}"
                          f"{': ' + str(reason) if str(reason) else ''}); nothing was "
                          "captured")
    if isinstance(reason, OSError):
        return BriefError(f"the connection to {host} failed: {reason.strerror or reason}; "
                          "nothing was captured")
    return BriefError(f"{url} cannot be fetched: {reason}; nothing was captured")
