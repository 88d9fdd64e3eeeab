"""The FastAPI application of ``dossier serve``: the store, the token, the routes, the errors.

>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app("sqlite://", allow_hosts=["testserver"]))
>>> client.get("/api/documents").json()
{'items': [], 'total': 0, 'limit': 50, 'offset': 0}
>>> client.get("/api/stories/nope").json()["error"]["code"]
'not_found'
>>> docs = client.get("/docs").text  # Swagger UI from a package, not from a CDN
>>> "/docs-assets/swagger-ui-bundle.js" in docs, "cdn" in docs
(True, False)
>>> client.get("/docs-assets/swagger-ui-bundle.js").status_code
200
>>> client.post("/api/documents", json={"text": "x"}).status_code  # writes need the token
401
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib.util import find_spec

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from spacy.language import Language

from dossier.api.errors import install_error_handlers
from dossier.api.security import RequestGuard, allowed_hosts, bearer, cookie_token, token_matches
from dossier.errors import ConfigError
from dossier.fetch import FetchConfig, Fetcher
from dossier.store import Store, open_store

logger = logging.getLogger(__name__)

MODEL_ENV = "DOSSIER_MODEL"
"""Environment variable naming the spaCy model used for uploads (as for the CLI)."""
TOKEN_ENV = "DOSSIER_TOKEN"
"""Environment variable holding the write token of ``dossier serve``."""
PRIVATE_FETCH_ENV = "DOSSIER_ALLOW_PRIVATE_FETCH"
"""Environment variable (``1``) letting ``POST /api/urls`` fetch private and loopback hosts."""

_bearer = HTTPBearer(auto_error=False, description="the token given to `dossier serve --token`")


def _offline_docs(app: FastAPI) -> None:
    """The OpenAPI docs at ``/docs`` with Swagger UI's files from the ``swagger-ui-bundle``
    package, so they work on a machine with no network."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="dossier API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def create_app(
    target: str | None = None,
    *,
    token: str | None = None,
    max_upload_bytes: int = 10_000_000,
    store: Store | None = None,
    no_token: bool = False,
    host: str = "127.0.0.1",
    allow_hosts: Iterable[str] = (),
    allow_private_fetch: bool = False,
    fetch_config: FetchConfig | None = None,
) -> FastAPI:
    """The application over the store at ``target`` (see :func:`dossier.store.open_store`),
    or over ``store`` when given (the caller then closes it).

    Writes need the ``token`` (``Authorization: Bearer <token>``, or the cookie set by opening
    ``/?token=<token>``); without one a random token is made (``app.state.token``), unless
    ``no_token``. Requests are served only for loopback Host names, ``host`` (the address
    bound) and ``allow_hosts``; writes only from the server's own origin (see
    :mod:`dossier.api.security`). ``POST /api/urls`` fetches with ``fetch_config`` (default
    :class:`~dossier.fetch.FetchConfig`), refusing private, loopback and metadata addresses
    unless ``allow_private_fetch``. Uploads over ``max_upload_bytes`` are refused (413). The
    spaCy pipeline is loaded by the first upload.
    """
    from dossier.api.routes import router

    owned = store is None
    the_store = open_store(target) if store is None else store

    @asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        yield
        close_fetcher(app_)
        if owned:
            the_store.close()

    app = FastAPI(
        title="dossier",
        summary="News articles as a sourced, time-anchored, queryable record.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served below from a package: FastAPI's own /docs loads from a CDN
        redoc_url=None,
    )
    _offline_docs(app)
    app.state.store = the_store
    app.state.token = None if no_token else token or secrets.token_urlsafe(32)
    app.state.token_generated = not no_token and not token
    app.state.allowed_hosts = allowed_hosts(host, allow_hosts)
    app.state.fetch_config = replace(
        fetch_config or FetchConfig(), allow_private=allow_private_fetch
    )
    app.state.fetcher = None
    app.state.fetcher_lock = threading.Lock()
    app.state.max_upload_bytes = max_upload_bytes
    app.state.nlp = None
    app.state.nlp_lock = threading.Lock()
    install_error_handlers(app)
    app.add_middleware(RequestGuard, state=app.state)
    app.include_router(router)
    if find_spec("dossier.api.web") is not None:
        from dossier.api.web import router as web_router

        app.include_router(web_router)
    logger.info("serving %s%s", the_store.source, "" if no_token else " (writes need the token)")
    return app


def get_store(request: Request) -> Store:
    """The application's store (a FastAPI dependency)."""
    return request.app.state.store


def require_token(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> None:
    """Refuse (401) a write without the server's token (``Authorization: Bearer``, or the
    cookie set from the URL ``dossier serve`` prints), unless it runs with ``--no-token``.
    (The cookie is safe to take: :class:`~dossier.api.security.RequestGuard` has already
    refused writes from other origins.)"""
    token: str | None = request.app.state.token
    if token is None:
        return
    given = bearer(request.headers)
    if token_matches(given, token):
        return
    if given is None and token_matches(cookie_token(request.headers), token):
        return
    wrong = given is not None or request.headers.get("authorization")
    raise HTTPException(
        401,
        "wrong token"
        if wrong
        else "this server needs a token for writes: send 'Authorization: Bearer <token>', "
        "or open the URL `dossier serve` printed",
        headers={"WWW-Authenticate": "Bearer"},
    )


def fetcher_for(app: FastAPI) -> Fetcher:
    """The application's :class:`~dossier.fetch.Fetcher` (one, shared: its politeness delays
    are per host), made on first use."""
    with app.state.fetcher_lock:
        if app.state.fetcher is None:
            app.state.fetcher = Fetcher(app.state.fetch_config)
        return app.state.fetcher


def close_fetcher(app: FastAPI) -> None:
    """Close the application's fetcher, if it made one."""
    with app.state.fetcher_lock:
        if app.state.fetcher is not None:
            app.state.fetcher.close()
            app.state.fetcher = None


def pipeline_for(app: FastAPI) -> Language:
    """The application's spaCy pipeline, built on first use (call with ``app.state.nlp_lock``
    held: uploads run one at a time)."""
    if app.state.nlp is None:
        from dossier.nlp import DEFAULT_MODEL, build_pipeline

        logger.info("loading the spaCy pipeline for uploads")
        app.state.nlp = build_pipeline(os.environ.get(MODEL_ENV) or DEFAULT_MODEL)
    return app.state.nlp


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address (or name) of this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost")
    (True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("192.168.1.5"), is_loopback("example.org")
    (False, False, False)
    """
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[] ")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve writes to other machines without a token (ConfigError); ``dossier
    serve`` passes ``None`` only for ``--no-token``.

    >>> check_bind("127.0.0.1", None); check_bind("0.0.0.0", "s3cret")
    >>> check_bind("0.0.0.0", None)
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: refusing to listen on 0.0.0.0 without a token: anyone who \
can reach it could add articles; drop --no-token (a token is made, or give --token or \
$DOSSIER_TOKEN), or use --host 127.0.0.1
    """
    if not token and not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host} without a token: anyone who can reach it could "
            f"add articles; drop --no-token (a token is made, or give --token or "
            f"${TOKEN_ENV}), or use --host 127.0.0.1"
        )
