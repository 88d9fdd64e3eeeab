"""Creating the store's tables on open, and checking the schema version."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, insert, inspect, select, text

from dossier.errors import StoreError
from dossier.store.engine import BEGIN_OPTION
from dossier.store.failures import translating
from dossier.store.schema import SCHEMA_VERSION, meta, metadata

logger = logging.getLogger(__name__)

VERSION_KEY = "schema_version"
_PG_LOCK_KEY = 0x646F7373  # "doss": serialises concurrent schema creation on PostgreSQL


def ensure_schema(engine: Engine, source: str) -> None:
    """Create any missing table and record the schema version (idempotent, concurrency-safe).

    Raises :class:`StoreError` if the store was written with another schema version.
    """
    with translating("cannot open the store", source):
        if _is_current(engine, source):
            return
        with engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                metadata.create_all(conn)
                version = _version(conn)
                if version is None:
                    conn.execute(insert(meta).values(key=VERSION_KEY, value=str(SCHEMA_VERSION)))
                    logger.info("%s: created the store (schema %d)", source, SCHEMA_VERSION)
                else:
                    _check(version, source)


def _is_current(engine: Engine, source: str) -> bool:
    """Whether every table exists and the version is ours (a read: no write lock taken)."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        if not set(metadata.tables) <= present:
            return False
        version = _version(conn)
    if version is None:
        return False
    _check(version, source)
    return True


def _version(conn: Connection) -> str | None:
    return conn.scalar(select(meta.c.value).where(meta.c.key == VERSION_KEY))


def _check(version: str, source: str) -> None:
    if version != str(SCHEMA_VERSION):
        raise StoreError(
            f"the store has schema version {version}, this dossier reads version "
            f"{SCHEMA_VERSION}; use a matching dossier or a new store",
            source=source,
        )
