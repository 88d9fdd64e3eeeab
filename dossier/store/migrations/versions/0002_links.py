"""Schema 3: what stories and ledgers say about their sources (stories.documents,
stories.disputed, ledgers.label, ledgers.documents) and the link stage's working tables
(near-duplicate bands, groups, entity keys). A store that already ran an older ``dossier link``
has some of those tables: they are kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _has(table: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    op.add_column(
        "stories", sa.Column("documents", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "stories",
        sa.Column("disputed", sa.JSON(none_as_null=True), nullable=False, server_default="[]"),
    )
    op.add_column("ledgers", sa.Column("label", sa.Text(), nullable=True))
    op.add_column(
        "ledgers", sa.Column("documents", sa.Integer(), nullable=False, server_default="0")
    )
    if not _has("link_documents"):
        op.create_table(
            "link_documents",
            sa.Column("document_id", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("document_id"),
        )
    if not _has("link_bands"):
        op.create_table(
            "link_bands",
            sa.Column("key", sa.String(length=24), nullable=False),
            sa.Column("document_id", sa.String(length=64), nullable=False),
        )
        op.create_index("ix_link_bands_key", "link_bands", ["key"], unique=False)
    op.create_table(
        "link_entities",
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("country", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("entity_id"),
    )
    op.create_index("ix_link_entities_document_id", "link_entities", ["document_id"], unique=False)
    op.create_index("ix_link_entities_key", "link_entities", ["key"], unique=False)
    op.create_table(
        "link_group_blocks",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("block", sa.String(length=160), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
    )
    op.create_index(
        "ix_link_group_blocks_block", "link_group_blocks", ["kind", "block"], unique=False
    )
    op.create_table(
        "link_group_documents",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("kind", "document_id"),
    )
    op.create_table(
        "link_group_members",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_id"),
    )
    op.create_index(
        "ix_link_group_members_group", "link_group_members", ["kind", "group_id"], unique=False
    )


def downgrade() -> None:
    for table in ("link_group_members", "link_group_documents", "link_group_blocks"):
        op.drop_table(table)
    op.drop_table("link_entities")
    with op.batch_alter_table("ledgers") as batch:
        batch.drop_column("documents")
        batch.drop_column("label")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("disputed")
        batch.drop_column("documents")
