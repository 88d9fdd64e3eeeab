"""The link stage's own tables: working state, not records.

They are created on first use by the stage that needs them (``link_metadata.create_all``), so
a store that was never linked has none of them. Records made by linking (duplicates, stories,
ledgers) live in the store's record tables (:mod:`dossier.store.schema`).
"""

from __future__ import annotations

from sqlalchemy import Column, Index, MetaData, PrimaryKeyConstraint, String, Table

link_metadata = MetaData()

# Near-duplicates (dossier.link.duplicates): documents already linked, and their LSH band keys.
link_documents = Table(
    "link_documents",
    link_metadata,
    Column("document_id", String(64), primary_key=True),
)
link_bands = Table(
    "link_bands",
    link_metadata,
    Column("key", String(24), nullable=False),
    Column("document_id", String(64), nullable=False),
    Index("ix_link_bands_key", "key"),
)

# Groupings (dossier.link.groups): for each kind ("story", "ledger"), the documents whose items
# were grouped, the block keys of each item, and each item's group (items in no group with
# another have no row).
group_documents = Table(
    "link_group_documents",
    link_metadata,
    Column("kind", String(16), nullable=False),
    Column("document_id", String(64), nullable=False),
    PrimaryKeyConstraint("kind", "document_id"),
)
group_blocks = Table(
    "link_group_blocks",
    link_metadata,
    Column("kind", String(16), nullable=False),
    Column("block", String(160), nullable=False),
    Column("item_id", String(64), nullable=False),
    Index("ix_link_group_blocks_block", "kind", "block"),
)
group_members = Table(
    "link_group_members",
    link_metadata,
    Column("kind", String(16), nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("group_id", String(64), nullable=False),
    PrimaryKeyConstraint("kind", "item_id"),
    Index("ix_link_group_members_group", "kind", "group_id"),
)
