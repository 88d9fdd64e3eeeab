"""The store as of schema version 2 (records of the extractors, stories, ledgers, duplicates).

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(length=255), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=32), nullable=True),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("added_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_documents_added_at"), "documents", ["added_at"], unique=False)
    op.create_index(op.f("ix_documents_outlet"), "documents", ["outlet"], unique=False)
    op.create_index(op.f("ix_documents_published"), "documents", ["published"], unique=False)
    op.create_table(
        "duplicates",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("original_id", sa.String(length=64), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "original_id"),
    )
    op.create_index(op.f("ix_duplicates_original_id"), "duplicates", ["original_id"], unique=False)
    op.create_table(
        "ledgers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("measure", sa.String(length=64), nullable=True),
        sa.Column("entries", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("contested", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_ledgers_contested"), "ledgers", ["contested"], unique=False)
    op.create_index(op.f("ix_ledgers_measure"), "ledgers", ["measure"], unique=False)
    op.create_index(op.f("ix_ledgers_unit"), "ledgers", ["unit"], unique=False)
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("plover", sa.String(length=64), nullable=True),
        sa.Column("time", sa.String(length=64), nullable=True),
        sa.Column("place", sa.String(length=64), nullable=True),
        sa.Column("reports", sa.JSON(none_as_null=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_stories_plover"), "stories", ["plover"], unique=False)
    op.create_index(op.f("ix_stories_time"), "stories", ["time"], unique=False)
    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("source_entity", sa.String(length=64), nullable=True),
        sa.Column("cue", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("content", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("time", sa.String(length=64), nullable=True),
        sa.Column("place", sa.String(length=64), nullable=True),
        sa.Column("figures", sa.JSON(none_as_null=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_claims_document_id"), "claims", ["document_id"], unique=False)
    op.create_index(op.f("ix_claims_modality"), "claims", ["modality"], unique=False)
    op.create_index(op.f("ix_claims_source_entity"), "claims", ["source_entity"], unique=False)
    op.create_index(op.f("ix_claims_time"), "claims", ["time"], unique=False)
    op.create_table(
        "entities",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=32), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("mentions", sa.JSON(none_as_null=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_entities_code"), "entities", ["code"], unique=False)
    op.create_index(op.f("ix_entities_country"), "entities", ["country"], unique=False)
    op.create_index(op.f("ix_entities_document_id"), "entities", ["document_id"], unique=False)
    op.create_index(op.f("ix_entities_kind"), "entities", ["kind"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("plover", sa.String(length=64), nullable=False),
        sa.Column("cameo", sa.String(length=16), nullable=True),
        sa.Column("mode", sa.String(length=64), nullable=True),
        sa.Column("context", sa.String(length=64), nullable=True),
        sa.Column("trigger", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("actor1", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("actor1_code", sa.String(length=32), nullable=True),
        sa.Column("actor2", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("actor2_code", sa.String(length=32), nullable=True),
        sa.Column("place", sa.String(length=64), nullable=True),
        sa.Column("time", sa.String(length=64), nullable=True),
        sa.Column("time_fallback", sa.Boolean(), nullable=False),
        sa.Column("place_fallback", sa.Boolean(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("claim", sa.String(length=64), nullable=True),
        sa.Column("figures", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("sentence", sa.JSON(none_as_null=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_events_actor1_code"), "events", ["actor1_code"], unique=False)
    op.create_index(op.f("ix_events_actor2_code"), "events", ["actor2_code"], unique=False)
    op.create_index(op.f("ix_events_cameo"), "events", ["cameo"], unique=False)
    op.create_index(op.f("ix_events_document_id"), "events", ["document_id"], unique=False)
    op.create_index(op.f("ix_events_modality"), "events", ["modality"], unique=False)
    op.create_index(op.f("ix_events_plover"), "events", ["plover"], unique=False)
    op.create_index(op.f("ix_events_time"), "events", ["time"], unique=False)
    op.create_table(
        "figures",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("measure", sa.String(length=64), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=True),
        sa.Column("claim", sa.String(length=64), nullable=True),
        sa.Column("event", sa.String(length=64), nullable=True),
        sa.Column("time", sa.String(length=64), nullable=True),
        sa.Column("vague", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_figures_document_id"), "figures", ["document_id"], unique=False)
    op.create_index(op.f("ix_figures_measure"), "figures", ["measure"], unique=False)
    op.create_index(op.f("ix_figures_time"), "figures", ["time"], unique=False)
    op.create_index(op.f("ix_figures_unit"), "figures", ["unit"], unique=False)
    op.create_table(
        "timexes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_timexes_document_id"), "timexes", ["document_id"], unique=False)
    op.create_index(op.f("ix_timexes_value"), "timexes", ["value"], unique=False)


def downgrade() -> None:
    for table in (
        "events",
        "claims",
        "figures",
        "timexes",
        "entities",
        "duplicates",
        "ledgers",
        "stories",
        "documents",
        "meta",
    ):
        op.drop_table(table)
