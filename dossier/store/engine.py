"""Where the store lives: turning a target (path, URL, ``$DOSSIER_DB``) into an engine.

SQLite connections get WAL journaling, foreign keys and a busy timeout, set on every new
connection. dossier also emits SQLite's ``BEGIN`` itself so that writers can ask for
``BEGIN IMMEDIATE`` (take the write lock up front, waiting up to the busy timeout) instead of
failing later when a read turns into a write.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from dossier.errors import StoreError

logger = logging.getLogger(__name__)

ENV_VAR = "DOSSIER_DB"
"""Environment variable naming the store when no target is given."""
DEFAULT_FILENAME = "dossier.db"
"""The SQLite file used, in the current directory, when neither a target nor the env is set."""
DEFAULT_BUSY_TIMEOUT = 10.0
"""Seconds a SQLite writer waits for another writer's lock before giving up."""
DEFAULT_CONNECT_TIMEOUT = 10
"""Seconds to wait for a PostgreSQL server to answer."""

BEGIN_OPTION = "dossier_begin"
"""Execution option: ``"IMMEDIATE"`` makes a SQLite transaction take the write lock at once."""

_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_POSTGRES_SCHEMES = {"postgres", "postgresql"}


def is_url(target: str) -> bool:
    """Whether ``target`` reads as a database URL rather than a file path.

    >>> is_url("sqlite:///x.db"), is_url("data/x.db"), is_url(r"C:\\data\\x.db")
    (True, False, False)
    """
    return bool(_URL_RE.match(target))


def resolve_url(target: str | Path | None, environ: Mapping[str, str] | None = None) -> URL:
    """The SQLAlchemy URL of a store target.

    ``None`` means ``$DOSSIER_DB`` if set, else ``dossier.db`` in the current directory.
    A path means a SQLite file; ``postgres://`` and ``postgresql://`` use psycopg 3.

    >>> resolve_url("postgres://me:secret@db.example/news").render_as_string()
    'postgresql+psycopg://me:***@db.example/news'
    >>> resolve_url("sqlite:///x.db").database
    'x.db'
    """
    env = os.environ if environ is None else environ
    if target is None:
        target = env.get(ENV_VAR) or DEFAULT_FILENAME
    if isinstance(target, Path) or not is_url(target):
        path = Path(target).expanduser().absolute()
        return URL.create("sqlite+pysqlite", database=str(path))
    try:
        url = make_url(target)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}", source=_safe(target)) from exc
    if url.drivername in _POSTGRES_SCHEMES:
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: URL) -> str:
    """The URL for messages: a SQLite file as its path, passwords hidden.

    >>> describe(resolve_url("postgresql://me:secret@localhost/news"))
    'postgresql+psycopg://me:***@localhost/news'
    """
    if url.get_backend_name() == "sqlite" and url.database and not is_memory(url):
        return url.database
    return url.render_as_string(hide_password=True)


def is_memory(url: URL) -> bool:
    """Whether a SQLite URL names an in-memory database."""
    db = url.database or ""
    return url.get_backend_name() == "sqlite" and (
        db in ("", ":memory:") or "mode=memory" in db or "mode=memory" in str(url.query)
    )


def make_engine(url: URL, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """An engine for ``url``, with dossier's connection settings (see module doc).

    Creates the parent folder of a SQLite file. Connects to nothing yet.
    """
    label = describe(url)
    backend = url.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        if is_memory(url):
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            _make_parent(url, label)
            kwargs["connect_args"] = {"timeout": busy_timeout}
    elif backend == "postgresql" and "connect_timeout" not in url.query:
        kwargs["connect_args"] = {"connect_timeout": DEFAULT_CONNECT_TIMEOUT}
    try:
        engine = create_engine(url, pool_pre_ping=backend != "sqlite", **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use this database: {exc}", source=label) from exc
    if backend == "sqlite":
        _configure_sqlite(engine, busy_timeout)
    logger.debug("engine for %s", label)
    return engine


def _make_parent(url: URL, label: str) -> None:
    db = url.database or ""
    if db.startswith("file:"):
        return
    try:
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store's folder: {exc}", source=label) from exc


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    timeout_ms = max(0, int(busy_timeout * 1000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # dossier emits BEGIN itself (see _on_begin); the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def _safe(target: str) -> str:
    """``target`` with anything that looks like a URL password hidden.

    >>> _safe("postgresql://me:secret@host/db")
    'postgresql://me:***@host/db'
    """
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", target)
