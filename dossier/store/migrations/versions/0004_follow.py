"""Schema 4: following stories. Fetched pages keep their final URL, fetch time and earlier
version (documents.final_url, fetched_at, previous_version, url_key); the fetch cache for
conditional GET (fetches); the watcher's sources and items (watch_sources, watch_items); alert
rules and the alerts fired (alert_rules, alerts).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_JSON = sa.JSON(none_as_null=True)
_ID = sa.String(length=64)
_TIME = sa.String(length=40)
_DOCUMENT_COLUMNS = [
    sa.Column("final_url", sa.Text(), nullable=True),
    sa.Column("fetched_at", _TIME, nullable=True),
    sa.Column("previous_version", _ID, nullable=True),
    sa.Column("url_key", _ID, nullable=True),
]


def upgrade() -> None:
    for column in _DOCUMENT_COLUMNS:
        op.add_column("documents", column)
    op.create_index("ix_documents_previous_version", "documents", ["previous_version"])
    op.create_index("ix_documents_url_key", "documents", ["url_key"])
    op.create_table(
        "fetches",
        sa.Column("url_key", _ID, primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text()),
        sa.Column("status", sa.Integer()),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("content_hash", _ID),
        sa.Column("document_id", _ID),
        sa.Column("fetched_at", _TIME, nullable=False),
        sa.Column("error", sa.Text()),
    )
    op.create_table(
        "watch_sources",
        sa.Column("name", sa.String(length=255), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("last_polled", _TIME),
        sa.Column("next_poll", _TIME),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
    )
    op.create_index("ix_watch_sources_next_poll", "watch_sources", ["next_poll"])
    op.create_table(
        "watch_items",
        sa.Column("source", sa.String(length=255), primary_key=True),
        sa.Column("url_key", _ID, primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("seen_at", _TIME, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("document_id", _ID),
        sa.Column("error", sa.Text()),
    )
    op.create_index("ix_watch_items_seen_at", "watch_items", ["seen_at"])
    op.create_table(
        "alert_rules",
        sa.Column("name", sa.String(length=255), primary_key=True),
        sa.Column("spec", _JSON, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("rule", sa.String(length=255), nullable=False),
        sa.Column("fired_at", _TIME, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text()),
        sa.Column("link", sa.Text()),
        sa.Column("payload", _JSON),
        sa.Column("delivered", _JSON),
    )
    op.create_index("ix_alerts_rule", "alerts", ["rule"])
    op.create_index("ix_alerts_fired_at", "alerts", ["fired_at"])


def downgrade() -> None:
    for table in ("alerts", "alert_rules", "watch_items", "watch_sources", "fetches"):
        op.drop_table(table)
    op.drop_index("ix_documents_url_key", table_name="documents")
    op.drop_index("ix_documents_previous_version", table_name="documents")
    for column in reversed(_DOCUMENT_COLUMNS):
        op.drop_column("documents", column.name)
