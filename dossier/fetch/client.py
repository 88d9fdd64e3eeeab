"""Fetching one URL politely and safely: :class:`Fetcher`.

* http and https only; every hop's host is resolved and checked (:mod:`dossier.fetch.safety`)
  at connect time by :class:`PinnedBackend`, which dials the checked IP itself: the name is
  never resolved twice, so DNS rebinding between check and connect is not possible. TLS still
  uses the host name (SNI and certificate check) and the Host header is the URL's.
* Redirects are followed here, hop by hop (``max_redirects``; a loop fails at once).
* robots.txt obeyed per origin; one request at a time per host with ``min_delay`` between.
* Retries with exponential backoff on connect errors, timeouts, 429, 502, 503, 504 only;
  ``Retry-After`` honoured up to ``max_retry_after`` seconds, beyond it the fetch fails.
* The body is read as a stream and decoded here (gzip, deflate), each inflation step bounded,
  so neither a large body nor a compression bomb gets past ``max_bytes`` decoded bytes.
* Environment proxies are ignored (``trust_env=False``): a proxy would resolve names itself.
* HTTP/2 is offered over TLS (ALPN) and HTTP/1.1 used where the server does not take it;
  :attr:`FetchResult.http_version` says which. Certificates are checked against certifi's
  CAs plus ``ca_file``'s; a certificate that fails the check is a :class:`FetchError` at once
  (not retried).
"""

from __future__ import annotations

import os
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from dossier.fetch.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusFailure,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)
from dossier.fetch.politeness import HostGate, parse_retry_after
from dossier.fetch.robots import ROBOTS_MAX_BYTES, RobotsCache
from dossier.fetch.safety import check_scheme, safe_addresses

REDIRECTS = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
CONTACT_ENV = "DOSSIER_CONTACT"
ALLOW_PRIVATE_ENV = "DOSSIER_ALLOW_PRIVATE_FETCH"
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class FetchConfig:
    """How a :class:`Fetcher` behaves. ``allow_private`` is for tests and closed networks.

    ``ca_file``: a PEM file of CA certificates trusted *in addition to* certifi's (a closed
    network's own CA, or a test CA). Certificates are always checked, with the host name.
    """

    user_agent: str = "dossier/0.1 (+https://example.invalid/dossier)"
    contact: str | None = None
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    min_delay: float = 1.0
    retries: int = 3
    backoff: float = 0.5
    allow_private: bool = False
    obey_robots: bool = True
    max_retry_after: float = 120.0
    ca_file: str | None = None

    @classmethod
    def from_env(cls, *, contact: str | None = None, **settings: Any) -> FetchConfig:
        """A config for the command line: ``contact`` else ``$DOSSIER_CONTACT``;
        ``$DOSSIER_ALLOW_PRIVATE_FETCH=1`` allows private addresses (for tests and closed
        networks only)."""
        contact = contact or os.environ.get(CONTACT_ENV) or None
        allow = os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")
        settings.setdefault("allow_private", allow)
        return cls(contact=contact, **settings)

    @property
    def agent_header(self) -> str:
        """The User-Agent sent: ``user_agent`` with the contact added, if any."""
        if not self.contact:
            return self.user_agent
        if self.user_agent.endswith(")"):
            return f"{self.user_agent[:-1]}; {self.contact})"
        return f"{self.user_agent} ({self.contact})"

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt rules are matched against (``dossier``)."""
        return self.user_agent.split("/", 1)[0].split()[0].lower() or "dossier"


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL: ``final_url`` after redirects; ``not_modified`` on a 304;
    ``http_version`` of the last hop as httpx names it (``"HTTP/1.1"``, ``"HTTP/2"``)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    fetched_at: str
    not_modified: bool
    content_type: str | None
    http_version: str | None = None


def now_iso() -> str:
    """The current time, ISO 8601 in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class PinnedBackend(httpcore.NetworkBackend):
    """Connects to the addresses :func:`safe_addresses` checked, never re-resolving."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve and check ``host``, then dial the first checked address that answers."""
        addresses = safe_addresses(host, port, allow_private=self.allow_private)
        error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(self, *args: object, **kwargs: object) -> httpcore.NetworkStream:
        """Unix sockets are never used."""
        raise httpcore.ConnectError("unix sockets are not used by dossier")

    def sleep(self, seconds: float) -> None:
        """Sleep (httpcore's interface)."""
        time.sleep(seconds)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on :class:`PinnedBackend`.

    Relies on ``HTTPTransport._pool`` (httpx 0.28 and 0.29); tests check that names are resolved
    through the backend.
    """

    def __init__(self, *, allow_private: bool, ca_file: str | None = None) -> None:
        super().__init__(http1=True, http2=True, retries=0, trust_env=False)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(ca_file),
            http1=True,
            http2=True,
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=PinnedBackend(allow_private=allow_private),
        )


def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """certifi's CAs, plus ``ca_file``'s if given; :class:`FetchError` if it cannot be read."""
    context = httpx.create_ssl_context(trust_env=False)
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise FetchError(f"cannot load CA certificates from {ca_file}: {exc}") from exc
    return context


def _certificate_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate check failure behind ``exc`` (httpx wraps it twice), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


@dataclass
class _Answer:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    http_version: str | None = None


class _Inflater:
    """Bounded gzip/deflate decoding (raw deflate accepted where zlib is announced)."""

    def __init__(self, encoding: str, source: str) -> None:
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._obj = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}", source=source)
        self._started = False
        self.source = source

    def feed(self, data: bytes, room: int) -> Iterable[bytes]:
        """Inflate ``data``, yielding pieces of at most ``room + 1`` bytes at a time."""
        while data:
            try:
                piece = self._obj.decompress(data, room + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and not self._started:
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise FetchError(
                    f"corrupt {self.encoding} body: {exc}", source=self.source
                ) from exc
            self._started = True
            data = self._obj.unconsumed_tail
            if not piece and not data:
                break
            yield piece


def _read_body(
    response: httpx.Response, url: str, *, max_bytes: int, deadline: float, truncate: bool
) -> bytes:
    """The decoded body, failing (or stopping, with ``truncate``) past ``max_bytes``."""
    encodings = [
        e.strip().lower()
        for e in response.headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    if len(encodings) > 1:
        raise FetchError(f"unsupported content encoding {', '.join(encodings)}", source=url)
    inflater = _Inflater(encodings[0], url) if encodings else None
    out = bytearray()
    for chunk in response.iter_raw():
        if time.monotonic() > deadline:
            raise FetchTimeout("the body took longer than the timeout to arrive", source=url)
        pieces = [chunk] if inflater is None else inflater.feed(chunk, max_bytes - len(out))
        for piece in pieces:
            out += piece
            if len(out) > max_bytes:
                if truncate:
                    return bytes(out[:max_bytes])
                raise TooLarge(f"the body is over {max_bytes} bytes; not fetched", source=url)
    return bytes(out)


class Fetcher:
    """Fetches URLs for dossier (see the module doc). Thread-safe; use as a context manager.

    ``sleep`` is what waits between retries and between requests to one host (tests pass
    a recorder).
    """

    def __init__(
        self, config: FetchConfig | None = None, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._gate = HostGate(self.config.min_delay, sleep=sleep)
        self._robots = RobotsCache(self.config.robots_agent, self._fetch_robots)
        self._client = httpx.Client(
            transport=_PinnedTransport(
                allow_private=self.config.allow_private, ca_file=self.config.ca_file
            ),
            follow_redirects=False,
            timeout=httpx.Timeout(self.config.timeout),
            trust_env=False,
            headers={
                "User-Agent": self.config.agent_header,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
        )
        self._closed = threading.Event()

    # -- public ----------------------------------------------------------------------------

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch ``url`` (conditionally with ``etag``/``last_modified``).

        Returns a success or a 304 (``not_modified``); raises a :class:`FetchError`
        subclass for anything else.
        """
        url = url.strip()
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        answer = self._follow(url, headers, max_bytes=self.config.max_bytes, robots=True)
        if answer.status == 304:
            not_modified = True
        elif 200 <= answer.status < 300:
            not_modified = False
        else:
            raise HTTPStatusFailure(
                f"the server answered HTTP {answer.status}", status=answer.status, source=url
            )
        return FetchResult(
            url=url,
            final_url=answer.url,
            status=answer.status,
            headers=answer.headers,
            body=answer.body,
            fetched_at=answer.fetched_at,
            not_modified=not_modified,
            content_type=answer.headers.get("content-type"),
            http_version=answer.http_version,
        )

    def close(self) -> None:
        """Close the connections (twice is fine)."""
        if not self._closed.is_set():
            self._closed.set()
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- hops ------------------------------------------------------------------------------

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        max_bytes: int,
        robots: bool,
        truncate: bool = False,
    ) -> _Answer:
        """The answer at the end of ``url``'s redirects (any status but a redirect)."""
        check_scheme(url)
        seen = {url}
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if robots and self.config.obey_robots and not self._robots.allowed(current):
                raise RobotsDisallowed("robots.txt disallows fetching this URL", source=current)
            answer = self._with_retries(current, headers, max_bytes=max_bytes, truncate=truncate)
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS or not location:
                return answer
            target = urljoin(current, location.strip())
            check_scheme(target)
            if target in seen:
                raise TooManyRedirects(f"redirect loop back to {target}", source=url)
            seen.add(target)
            current = target
        raise TooManyRedirects(
            f"more than {self.config.max_redirects} redirects; last was {current}", source=url
        )

    def _with_retries(
        self, url: str, headers: dict[str, str], *, max_bytes: int, truncate: bool
    ) -> _Answer:
        """One hop, retried with backoff on transient failures."""
        config = self.config
        attempt = 0
        while True:
            wait = config.backoff * (2**attempt)
            try:
                answer = self._send(url, headers, max_bytes=max_bytes, truncate=truncate)
            except (FetchTimeout, _Transient) as exc:
                if attempt >= config.retries:
                    if isinstance(exc, _Transient):
                        raise exc.final() from exc.__cause__
                    raise
                self._sleep(wait)
                attempt += 1
                continue
            if answer.status not in TRANSIENT_STATUSES:
                return answer
            if answer.status in (429, 503):
                asked = parse_retry_after(answer.headers.get("retry-after"))
                if asked is not None and asked > config.max_retry_after:
                    raise HTTPStatusFailure(
                        f"HTTP {answer.status}: the server asks to retry after {asked:.0f} s, "
                        f"more than the {config.max_retry_after:.0f} s dossier waits",
                        status=answer.status,
                        source=url,
                    )
                if asked is not None:
                    wait = max(wait, asked)
            if attempt >= config.retries:
                raise HTTPStatusFailure(
                    f"the server answered HTTP {answer.status} "
                    f"(after {attempt + 1} attempt{'s' if attempt else ''})",
                    status=answer.status,
                    source=url,
                )
            self._sleep(wait)
            attempt += 1

    def _send(
        self, url: str, headers: dict[str, str], *, max_bytes: int, truncate: bool
    ) -> _Answer:
        """One request in the host's turn; transient network failures as :class:`_Transient`."""
        host = urlsplit(url).netloc
        deadline = time.monotonic() + self.config.timeout
        with self._gate.turn(host):
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    fetched_at = now_iso()
                    answer_headers = {k.lower(): v for k, v in response.headers.items()}
                    body = b""
                    if 200 <= response.status_code < 300:
                        _check_length(answer_headers, url, max_bytes, truncate)
                        body = _read_body(
                            response,
                            url,
                            max_bytes=max_bytes,
                            deadline=deadline,
                            truncate=truncate,
                        )
            except httpx.TimeoutException as exc:
                raise FetchTimeout(
                    f"no answer within {self.config.timeout:g} s", source=url
                ) from exc
            except httpx.NetworkError as exc:
                failure = _certificate_failure(exc)
                if failure is not None:
                    reason = failure.verify_message or failure.reason or str(failure)
                    raise FetchError(
                        f"the TLS certificate of {urlsplit(url).hostname} was not accepted: "
                        f"{reason}",
                        source=url,
                    ) from exc
                raise _Transient(f"cannot connect: {exc or type(exc).__name__}", url) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"HTTP failure: {exc or type(exc).__name__}", source=url) from exc
        return _Answer(
            str(response.url),
            response.status_code,
            answer_headers,
            body,
            fetched_at,
            response.http_version,
        )

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """robots.txt's status and body (4xx returned, 5xx/unreachable raised)."""
        answer = self._follow(url, {}, max_bytes=ROBOTS_MAX_BYTES, robots=False, truncate=True)
        return answer.status, answer.body


def _check_length(headers: dict[str, str], url: str, max_bytes: int, truncate: bool) -> None:
    declared = headers.get("content-length", "").strip()
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(
            f"the body is {int(declared)} bytes, over the {max_bytes} byte cap; not fetched",
            source=url,
        )


class _Transient(Exception):
    """A network failure worth retrying; :meth:`final` is what is raised when retries end."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def final(self) -> FetchError:
        return FetchError(self.message, source=self.url)
