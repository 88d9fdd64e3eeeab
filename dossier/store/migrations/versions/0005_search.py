"""Schema 5: search that scales (see dossier/store/search.py for the query semantics).

SQLite: ``documents_fts``, an external-content FTS5 table over documents(title, text) with the
trigram tokenizer (case-insensitive substrings), keyed by documents' rowid and kept in step by
AFTER INSERT/DELETE/UPDATE triggers; the rows already stored are indexed here. Without FTS5 or
its trigram tokenizer (SQLite before 3.34), nothing is created and search falls back to a scan.

PostgreSQL: ``pg_trgm`` GIN index on the title and text (substrings, ILIKE) and a stored
generated ``search_tsv`` tsvector ('simple' configuration, title weighted A, text B, first
100,000 characters) with a GIN index, for ts_rank. No triggers are needed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

logger = logging.getLogger(__name__)

_SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='documents', content_rowid='rowid', tokenize='trigram')"
)
_SQLITE_TRIGGERS = (
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text)
  VALUES ('delete', old.rowid, old.title, old.text);
END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text)
  VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END""",
)
_SQLITE_PROBE = "CREATE VIRTUAL TABLE temp.dossier_fts_probe USING fts5(a, tokenize='trigram')"

_PG_HAYSTACK = "(coalesce(title, '') || E'\\n' || text)"
_PG_STATEMENTS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE documents ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', left(coalesce(title, ''), 100000)), 'A') || "
    "setweight(to_tsvector('simple', left(text, 100000)), 'B')) STORED",
    "CREATE INDEX ix_documents_search_tsv ON documents USING gin (search_tsv)",
    f"CREATE INDEX ix_documents_search_trgm ON documents USING gin ({_PG_HAYSTACK} gin_trgm_ops)",
)


def _sqlite_has_trigram(bind: sa.Connection) -> str | None:
    """None when FTS5 with the trigram tokenizer works here, else why not."""
    try:
        bind.exec_driver_sql(_SQLITE_PROBE)
    except sa.exc.DBAPIError as exc:
        return str(exc.orig)
    bind.exec_driver_sql("DROP TABLE temp.dossier_fts_probe")
    return None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        missing = _sqlite_has_trigram(bind)
        if missing is not None:
            logger.warning(
                "SQLite %s lacks FTS5 with the trigram tokenizer (%s): search will scan",
                bind.exec_driver_sql("SELECT sqlite_version()").scalar(),
                missing,
            )
            return
        op.execute(_SQLITE_TABLE)
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        for statement in _PG_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_search_trgm")
        op.execute("DROP INDEX IF EXISTS ix_documents_search_tsv")
        op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search_tsv")
