"""Turning database exceptions into dossier's errors, so none escapes the store raw."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from dossier.errors import StoreError, StoreFullError, StoreLockedError

logger = logging.getLogger(__name__)

_LOCKED_SQLSTATES = {"55P03", "40P01"}  # lock_not_available, deadlock_detected
_FULL_SQLSTATES = {"53100", "53200"}  # disk_full, out_of_memory
_LOCKED_TEXT = ("database is locked", "database table is locked", "database is busy")
_FULL_TEXT = ("database or disk is full", "no space left on device", "disk full")


def driver_message(exc: BaseException) -> str:
    """The driver's own message, on one line.

    >>> driver_message(sqlite3.OperationalError("database is locked"))
    'database is locked'
    """
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return "; ".join(lines) or type(orig).__name__


def classify(exc: BaseException, action: str, source: str) -> StoreError:
    """The :class:`StoreError` (or subclass) that stands for a database exception.

    >>> err = classify(sqlite3.OperationalError("database or disk is full"), "add", "x.db")
    >>> type(err).__name__, str(err)
    ('StoreFullError', 'x.db: add: the database or the disk is full (database or disk is full)')
    """
    orig = getattr(exc, "orig", None) or exc
    detail = driver_message(exc)
    lowered = detail.lower()
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate in _LOCKED_SQLSTATES or any(t in lowered for t in _LOCKED_TEXT):
        return StoreLockedError(
            f"{action}: the store is locked by another process; try again ({detail})",
            source=source,
        )
    if sqlstate in _FULL_SQLSTATES or any(t in lowered for t in _FULL_TEXT):
        return StoreFullError(
            f"{action}: the database or the disk is full ({detail})", source=source
        )
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return StoreError(
            f"{action}: lost the connection to the database ({detail})", source=source
        )
    return StoreError(f"{action}: {detail}", source=source)


@contextmanager
def translating(action: str, source: str) -> Iterator[None]:
    """Re-raise any database exception inside the block as a :class:`StoreError`.

    ``action`` says what was being done ("cannot open the store"), ``source`` which store.
    """
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        error = classify(exc, action, source)
        logger.debug("%s: %s", source, error, exc_info=True)
        raise error from exc
