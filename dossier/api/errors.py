"""The API's one error shape, and the one place DossierErrors are given an HTTP status.

Every error answers ``{"error": {"status": 404, "code": "not_found", "message": "..."}}``;
a server error says only that it is one (the details go to the log, never to the client).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from dossier.errors import (
    ConfigError,
    DossierError,
    ExtractionError,
    InputError,
    ModelNotFoundError,
    NotFoundError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    UnsupportedFormatError,
)
from dossier.store.query import AmbiguousIdError

logger = logging.getLogger(__name__)

STATUSES: tuple[tuple[type[DossierError], int], ...] = (
    (NotFoundError, 404),
    (AmbiguousIdError, 400),
    (UnsupportedFormatError, 415),
    (InputError, 400),
    (ModelNotFoundError, 500),
    (ConfigError, 400),
    (ExtractionError, 422),
    (StoreLockedError, 503),
    (StoreFullError, 507),
    (StoreError, 500),
)
"""DossierError class -> HTTP status; the first class the error is an instance of wins."""

SERVER_ERROR_MESSAGE = "internal server error; see the server's log"


class UploadTooLarge(Exception):
    """An upload bigger than the server accepts (413)."""


def status_of(error: DossierError) -> int:
    """The HTTP status of a DossierError.

    >>> status_of(NotFoundError("no story 'x'")), status_of(StoreLockedError("busy"))
    (404, 503)
    """
    return next((status for cls, status in STATUSES if isinstance(error, cls)), 500)


CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "unavailable",
    507: "insufficient_storage",
}


def code_of(status: int) -> str:
    """The error code of a status (else its reason phrase in snake case).

    >>> code_of(404), code_of(413), code_of(409)
    ('not_found', 'payload_too_large', 'conflict')
    """
    if status in CODES:
        return CODES[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return "_".join(phrase.lower().replace("-", " ").replace("'", "").split())


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The JSON body of an error.

    >>> error_body(404, "no document 'x'")
    {'error': {'status': 404, 'code': 'not_found', 'message': "no document 'x'"}}
    """
    return {"error": {"status": status, "code": code or code_of(status), "message": message}}


def error_response(
    status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON response holding :func:`error_body`."""
    return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)


def validation_message(exc: RequestValidationError) -> str:
    """One line naming each invalid field and why: ``query.limit: Input should be ...``."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


async def _dossier_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DossierError)
    status = status_of(exc)
    if status >= 500:
        logger.error("%s %s: %s", request.method, request.url.path, exc)
        message = SERVER_ERROR_MESSAGE if status == 500 else exc.message
        return error_response(status, message)
    return error_response(status, exc.message)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else code_of(exc.status_code)
    return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, validation_message(exc))


async def _too_large(request: Request, exc: Exception) -> JSONResponse:
    return error_response(413, str(exc) or "the upload is too large")


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(500, SERVER_ERROR_MESSAGE)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` answer the one JSON shape."""
    app.add_exception_handler(DossierError, _dossier_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(UploadTooLarge, _too_large)
    app.add_exception_handler(Exception, _server_error)
