"""The FastAPI application of ``dossier serve``: the store, the token, the routes, the errors.

>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app("sqlite://"))
>>> client.get("/api/documents").json()
{'items': [], 'total': 0, 'limit': 50, 'offset': 0}
>>> client.get("/api/stories/nope").json()["error"]["code"]
'not_found'
>>> docs = client.get("/docs").text  # Swagger UI from a package, not from a CDN
>>> "/docs-assets/swagger-ui-bundle.js" in docs, "cdn" in docs
(True, False)
>>> client.get("/docs-assets/swagger-ui-bundle.js").status_code
200
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from spacy.language import Language

from dossier.api.errors import install_error_handlers
from dossier.errors import ConfigError
from dossier.store import Store, open_store

logger = logging.getLogger(__name__)

MODEL_ENV = "DOSSIER_MODEL"
"""Environment variable naming the spaCy model used for uploads (as for the CLI)."""
TOKEN_ENV = "DOSSIER_TOKEN"
"""Environment variable holding the write token of ``dossier serve``."""

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
) -> FastAPI:
    """The application over the store at ``target`` (see :func:`dossier.store.open_store`),
    or over ``store`` when given (the caller then closes it).

    With a ``token``, writes need ``Authorization: Bearer <token>``. Uploads over
    ``max_upload_bytes`` are refused (413). The spaCy pipeline is loaded by the first upload.
    """
    from dossier.api.routes import router

    owned = store is None
    the_store = open_store(target) if store is None else store

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
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
    app.state.token = token or None
    app.state.max_upload_bytes = max_upload_bytes
    app.state.nlp = None
    app.state.nlp_lock = threading.Lock()
    install_error_handlers(app)
    app.include_router(router)
    if find_spec("dossier.api.web") is not None:
        from dossier.api.web import router as web_router

        app.include_router(web_router)
    logger.info("serving %s%s", the_store.source, " (writes need a token)" if token else "")
    return app


def get_store(request: Request) -> Store:
    """The application's store (a FastAPI dependency)."""
    return request.app.state.store


def require_token(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> None:
    """Refuse (401) a write without the server's token, when it has one."""
    token: str | None = request.app.state.token
    if token is None:
        return
    given = credentials.credentials if credentials is not None else ""
    if not secrets.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(
            401,
            "this server needs a token for writes: send 'Authorization: Bearer <token>'"
            if not given
            else "wrong token",
            headers={"WWW-Authenticate": "Bearer"},
        )


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
    """Refuse to serve writes to other machines without a token (ConfigError).

    >>> check_bind("127.0.0.1", None); check_bind("0.0.0.0", "s3cret")
    >>> check_bind("0.0.0.0", None)
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: refusing to listen on 0.0.0.0 without a token: anyone who \
can reach it could add articles; give --token (or $DOSSIER_TOKEN), or --host 127.0.0.1
    """
    if not token and not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host} without a token: anyone who can reach it could "
            f"add articles; give --token (or ${TOKEN_ENV}), or --host 127.0.0.1"
        )
