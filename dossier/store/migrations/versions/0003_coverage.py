"""Schema 4: real coverage. Inferred publication dates (documents.published_inferred), trigger
lemmas (events.lemma), measure classes (figures.measure_class, ledgers.measure_class) and
stories of articles (stories.title, outlets, languages, first, last, events, shared,
group_id).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_JSON = sa.JSON(none_as_null=True)
_ADDED = {
    "documents": [sa.Column("published_inferred", sa.Text(), nullable=True)],
    "events": [sa.Column("lemma", sa.String(length=64), nullable=True)],
    "figures": [sa.Column("measure_class", sa.String(length=32), nullable=True)],
    "ledgers": [sa.Column("measure_class", sa.String(length=32), nullable=True)],
    "stories": [
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlets", _JSON, nullable=True),
        sa.Column("languages", _JSON, nullable=True),
        sa.Column("first", sa.String(length=32), nullable=True),
        sa.Column("last", sa.String(length=32), nullable=True),
        sa.Column("events", _JSON, nullable=True),
        sa.Column("shared", _JSON, nullable=True),
        sa.Column("group_id", sa.String(length=64), nullable=True),
    ],
}
_INDEXED = [
    ("figures", "measure_class"),
    ("ledgers", "measure_class"),
    ("stories", "first"),
    ("stories", "last"),
    ("stories", "group_id"),
]


def upgrade() -> None:
    for table, columns in _ADDED.items():
        for column in columns:
            op.add_column(table, column)
    for table, column in _INDEXED:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(_INDEXED):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    for table, columns in reversed(_ADDED.items()):
        for column in reversed(columns):
            op.drop_column(table, column.name)
