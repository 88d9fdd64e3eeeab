"""What keeps a web page from using a local ``dossier serve``: Host, Origin and the token cookie.

A page on another site can make the browser send requests to ``http://127.0.0.1:8000`` (a
multipart form post needs no CORS preflight), and a name it controls can be re-pointed at
127.0.0.1 (DNS rebinding). :class:`RequestGuard`, an ASGI middleware, answers every request:

- **Host**: only names on the allow-list (loopback names and addresses, the ``--host`` the
  server binds, each ``--allow-host``; any port) are served; any other Host gets 400
  ``host_not_allowed``. A rebound name never matches, so its pages cannot read or write.
- **Origin** on POST, PUT, PATCH and DELETE: the ``Origin`` header (else the ``Referer``'s
  origin) must be the server's own, the host and port the request was sent to; else 403
  ``cross_origin``. ``Origin: null`` (a page with ``Referrer-Policy: no-referrer`` posting a
  form to itself) is taken only with ``Sec-Fetch-Site: same-origin``, which pages cannot set.
  A write with neither header (curl, scripts: browsers always send ``Origin`` on a POST)
  needs a valid ``Authorization: Bearer`` token, else 401.
- **Token in the URL**: ``GET /?token=T`` with the server's token (the URL ``dossier serve``
  prints) sets it in an ``HttpOnly; SameSite=Strict`` cookie and redirects to the same URL
  without it, so the pages' own forms and ``/docs`` write with the cookie. A cross-site post
  gets no cookie (``SameSite=Strict``) and is refused by the Origin check anyway.

>>> sorted(allowed_hosts("0.0.0.0", ["News.Example.", "[::1]:8000"]))
['0.0.0.0', '127.0.0.1', '::1', 'localhost', 'news.example']
>>> split_host("[::1]:8000"), split_host("LOCALHOST"), split_host("a b")
(('::1', 8000), ('localhost', None), None)
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from dossier.api.errors import error_response

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names always served (with any port)."""
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods whose requests must come from the server's own origin."""
COOKIE_PREFIX = "dossier-token-"
"""The token cookie is named by the port it was set on (cookies do not tell ports apart)."""
TOKEN_PARAM = "token"
"""The query parameter that carries the token in the URL ``dossier serve`` prints."""
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._:")


def normal_host(name: str) -> str:
    """A host name as compared: lower case, no brackets, no trailing dot.

    >>> normal_host("[::1]"), normal_host("LocalHost."), normal_host("example.org:8000")
    ('::1', 'localhost', 'example.org')
    """
    name = name.strip().lower()
    if name.startswith("["):
        return name[1:].split("]", 1)[0]
    if name.count(":") == 1:  # name:port (an IPv6 address has several colons)
        name = name.split(":", 1)[0]
    return name.rstrip(".")


def allowed_hosts(bind_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names served: loopback names, the address bound, and ``extra``."""
    names = {normal_host(bind_host), *(normal_host(name) for name in extra)}
    return LOOPBACK_NAMES | {name for name in names if name}


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header (or an origin's netloc) as (normal name, port or None); None if malformed."""
    value = value.strip().lower()
    if not value or any(c not in _NAME_CHARS and c not in "[]" for c in value):
        return None
    port: str | None = None
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    elif value.count(":") == 1:
        name, port = value.split(":")
    elif ":" in value:  # a bare IPv6 address is not a valid Host
        return None
    else:
        name = value
    if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
        return None
    name = name.rstrip(".")
    return (name, int(port) if port else None) if name else None


def host_allowed(name: str, allowed: frozenset[str]) -> bool:
    """Whether a (normal) Host name is served: on the list, or a literal loopback address.

    >>> host_allowed("127.0.0.2", frozenset()), host_allowed("evil.example", LOOPBACK_NAMES)
    (True, False)
    """
    if name in allowed:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, normal host, port) of an Origin or Referer value; None if it has none.

    >>> origin_of("http://127.0.0.1:8000/x?y"), origin_of("https://Evil.Example")
    (('http', '127.0.0.1', 8000), ('https', 'evil.example', 443))
    >>> origin_of("null"), origin_of("file:///etc/passwd")
    (None, None)
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        return None
    host = split_host(parts.netloc.rpartition("@")[2])
    if host is None:
        return None
    return scheme, host[0], host[1] or DEFAULT_PORTS[scheme]


def same_origin(origin: str, host_header: str, scheme: str) -> bool:
    """Whether ``origin`` (an Origin or Referer) is the one the request was sent to: the same
    host and port as its Host header (ports filled in from each side's scheme).

    >>> same_origin("http://localhost:8000", "localhost:8000", "http")
    True
    >>> same_origin("http://localhost:3000", "localhost:8000", "http")
    False
    >>> same_origin("https://localhost", "localhost", "http")  # port 443 is not port 80
    False
    """
    found = origin_of(origin)
    host = split_host(host_header)
    if found is None or host is None:
        return False
    port = host[1] or DEFAULT_PORTS.get(scheme, 80)
    return (found[1], found[2]) == (host[0], port)


def cookie_name(host_header: str | None) -> str:
    """The token cookie's name for a request sent to ``host_header``.

    >>> cookie_name("127.0.0.1:8000"), cookie_name("localhost")
    ('dossier-token-8000', 'dossier-token-80')
    """
    host = split_host(host_header or "")
    return f"{COOKIE_PREFIX}{(host[1] if host else None) or 80}"


def token_matches(given: str | None, token: str | None) -> bool:
    """Whether ``given`` is the server's token (in constant time); False when either is empty."""
    if not given or not token:
        return False
    return secrets.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def bearer(headers: Headers) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def cookie_token(headers: Headers) -> str | None:
    """The token cookie of a request (named by the port of its Host), else None."""
    wanted = cookie_name(headers.get("host"))
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == wanted and value:
            return value
    return None


def token_url(host: str, port: int, token: str | None) -> str:
    """The URL to open the UI of a server bound to ``host`` (a wildcard address opens on
    loopback), with the token when given.

    >>> token_url("0.0.0.0", 8000, "abc"), token_url("::1", 80, None)
    ('http://127.0.0.1:8000/?token=abc', 'http://[::1]:80/')
    """
    name = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host.strip(), host.strip())
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    query = f"?{urlencode({TOKEN_PARAM: token})}" if token else ""
    return f"http://{name}:{port}/{query}"


class RequestGuard:
    """ASGI middleware: the Host check, the Origin check and the token cookie (see the module).

    Reads ``state.token`` (None: writes need no token) and ``state.allowed_hosts`` at each
    request, so they are the application's current settings."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self.refusal(scope, headers)
        if refusal is None and scope["type"] == "http":
            refusal = self.token_in_url(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope, headers: Headers) -> Any:
        """The error response for a request from a foreign Host or Origin, else None."""
        raw_host = headers.get("host", "")
        host = split_host(raw_host)
        if host is None:
            shown = f"a malformed Host header ({raw_host[:100]!r})" if raw_host else "no Host"
            return error_response(400, f"refused: {shown}", "host_not_allowed")
        if not host_allowed(host[0], self.state.allowed_hosts):
            return error_response(
                400,
                f"refused: this server does not answer to the host name {host[0]!r} (a page "
                f"may be using DNS rebinding); to serve it, start with --allow-host {host[0]}",
                "host_not_allowed",
            )
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            return None
        return self.cross_origin(scope, headers, raw_host)

    def cross_origin(self, scope: Scope, headers: Headers, raw_host: str) -> Any:
        """The error response for a write that is not from the server's own origin, else None."""
        site = headers.get("sec-fetch-site", "").lower()
        if site in ("cross-site", "same-site"):
            return _refuse_origin(f"a {site} request")
        origin = headers.get("origin")
        if origin is not None and origin.strip() == "null":
            if site == "same-origin":
                return None
            return _refuse_origin("Origin 'null'")
        sender = origin or headers.get("referer")
        if sender:
            if same_origin(sender, raw_host, scope.get("scheme", "http")):
                return None
            return _refuse_origin(f"{'Origin' if origin else 'Referer'} {sender[:200]!r}")
        token = self.state.token
        if token is None or token_matches(bearer(headers), token):
            return None
        return error_response(
            401,
            "a write without Origin or Referer (not from a browser) needs "
            "'Authorization: Bearer <token>'",
            "unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )

    def token_in_url(self, scope: Scope, headers: Headers) -> Any:
        """For a GET with ``?token=``: the redirect that moves the token into the cookie (or
        401 for a wrong token); else None."""
        if scope["method"] not in ("GET", "HEAD") or self.state.token is None:
            return None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
        given = [value for name, value in query if name == TOKEN_PARAM]
        if not given:
            return None
        if not token_matches(given[-1], self.state.token):
            return error_response(
                401, "wrong token in the URL: open the URL `dossier serve` printed", "unauthorized"
            )
        from starlette.responses import RedirectResponse

        rest = urlencode([(name, value) for name, value in query if name != TOKEN_PARAM])
        raw = scope.get("raw_path") or quote(scope.get("root_path", "") + scope["path"]).encode()
        path = "/" + raw.decode("latin-1").lstrip("/")  # never "//host": no open redirect
        response = RedirectResponse(path + (f"?{rest}" if rest else ""), status_code=303)
        response.set_cookie(
            cookie_name(headers.get("host")),
            self.state.token,
            httponly=True,
            samesite="strict",
            path="/",
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


def _refuse_origin(what: str) -> Any:
    return error_response(
        403,
        f"refused: {what} is not this server's own origin; writes are taken only from its own "
        "pages or from clients with 'Authorization: Bearer <token>' and no Origin",
        "cross_origin",
    )
