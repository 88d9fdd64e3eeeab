"""The store's schema migrations (Alembic), for SQLite and PostgreSQL alike.

Migration scripts live in ``dossier/store/migrations/versions``; :func:`upgrade` brings a store
to the newest one on a connection dossier already holds (inside its transaction and lock). A
store made before migrations existed (schema version 2 in its ``meta`` table, no
``alembic_version`` table) is stamped at revision 0001 first, then upgraded.

To write a new migration after changing the tables::

    .venv/bin/alembic -c dossier/store/migrations/alembic.ini revision --autogenerate -m "..."

(with ``sqlalchemy.url`` pointing at a store at the previous head), then read and fix it.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PRE_ALEMBIC = {"2": "0001", "3": "0002"}
"""``meta.schema_version`` of a store made before migrations -> the revision it is at (3: the
tables of revision 0002, made by ``create_all`` just before migrations came in)."""


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for dossier's migrations (on ``connection`` when given)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def head() -> str:
    """The newest migration."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None
    return found


@cache
def known() -> frozenset[str]:
    """Every migration's revision id."""
    return frozenset(s.revision for s in ScriptDirectory.from_config(config()).walk_revisions())


def current(conn: Connection) -> str | None:
    """The store's revision (None: not under migrations yet, or empty)."""
    return MigrationContext.configure(conn).get_current_revision()


def stamp(conn: Connection, revision: str) -> None:
    """Record that the store is at ``revision`` without running anything."""
    command.stamp(config(conn), revision)


def upgrade(conn: Connection) -> None:
    """Run every migration the store lacks."""
    command.upgrade(config(conn), "head")


def target_metadata() -> MetaData:
    """Every table of the store, for autogenerate: records, and the link stage's tables."""
    from dossier.link.entities import entity_metadata
    from dossier.link.tables import link_metadata
    from dossier.store.follow import follow_metadata
    from dossier.store.schema import metadata

    combined = MetaData()
    for md in (metadata, link_metadata, entity_metadata, follow_metadata):
        for table in md.tables.values():
            table.to_metadata(combined)
    return combined
