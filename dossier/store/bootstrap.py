"""Creating or upgrading the store's tables on open (Alembic migrations, :mod:`.migrate`)."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, delete, insert, inspect, select, text

from dossier.errors import StoreError
from dossier.store import migrate
from dossier.store.engine import BEGIN_OPTION
from dossier.store.failures import translating
from dossier.store.schema import SCHEMA_VERSION, meta

logger = logging.getLogger(__name__)

VERSION_KEY = "schema_version"
_PG_LOCK_KEY = 0x646F7373  # "doss": serialises concurrent schema changes on PostgreSQL


def ensure_schema(engine: Engine, source: str) -> None:
    """Create the tables of a new store or run the migrations an older one lacks
    (idempotent, safe when several processes open the store at once).

    Raises :class:`StoreError` if the store was written by a newer dossier or is not a store.
    """
    with translating("cannot open the store", source):
        with engine.connect() as conn:
            if _is_current(conn, source):
                return
        with engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                if _is_current(conn, source):  # another process did it meanwhile
                    return
                revision = migrate.current(conn)
                if revision is None and inspect(conn).has_table("documents"):
                    version = _version(conn)
                    if version not in migrate.PRE_ALEMBIC:
                        raise StoreError(
                            f"the store has schema version {version}, which this dossier "
                            "cannot upgrade; use a matching dossier or a new store",
                            source=source,
                        )
                    migrate.stamp(conn, migrate.PRE_ALEMBIC[version])
                    revision = migrate.PRE_ALEMBIC[version]
                logger.info(
                    "%s: migrating the store from %s to %s", source, revision, migrate.head()
                )
                migrate.upgrade(conn)
                conn.execute(delete(meta).where(meta.c.key == VERSION_KEY))
                conn.execute(insert(meta).values(key=VERSION_KEY, value=str(SCHEMA_VERSION)))


def _is_current(conn: Connection, source: str) -> bool:
    """Whether the store is at the newest migration (a read: no write lock taken)."""
    revision = migrate.current(conn)
    if revision is not None and revision not in migrate.known():
        raise StoreError(
            f"the store is at schema revision {revision}, written by a newer dossier; "
            "upgrade dossier or use a new store",
            source=source,
        )
    return revision == migrate.head()


def _version(conn: Connection) -> str | None:
    if not inspect(conn).has_table("meta"):
        return None
    return conn.scalar(select(meta.c.value).where(meta.c.key == VERSION_KEY))
