"""The tables of following stories as they happen: the fetch cache for conditional GET
(``fetches``), the watcher's sources and items (``watch_sources``, ``watch_items``), alert
rules and the alerts fired (``alert_rules``, ``alerts``). Created by migration 0004."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text

from dossier.store.schema import ID

follow_metadata = MetaData()


def _json() -> JSON:
    return JSON(none_as_null=True)


# Following sources (dossier/fetch, dossier/watch, dossier/alerts): no foreign keys, so that
# state survives the documents it names being deleted.
fetches = Table(
    "fetches",
    follow_metadata,
    Column("url_key", ID, primary_key=True),  # sha256 of the normalised URL, first 64 hex
    Column("url", Text, nullable=False),
    Column("final_url", Text),
    Column("status", Integer),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", ID),
    Column("document_id", ID),
    Column("fetched_at", String(40), nullable=False),
    Column("error", Text),
)

watch_sources = Table(
    "watch_sources",
    follow_metadata,
    Column("name", String(255), primary_key=True),
    Column("kind", String(16), nullable=False),  # feed | sitemap | listing
    Column("url", Text, nullable=False),
    Column("interval_s", Integer, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", String(40)),
    Column("next_poll", String(40), index=True),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("polls", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    Column("items", Integer, nullable=False, default=0),
)

watch_items = Table(
    "watch_items",
    follow_metadata,
    Column("source", String(255), primary_key=True),
    Column("url_key", ID, primary_key=True),
    Column("url", Text, nullable=False),
    Column("seen_at", String(40), nullable=False, index=True),
    Column("state", String(16), nullable=False),  # pending | added | present | failed
    Column("document_id", ID),
    Column("error", Text),
)

alert_rules = Table(
    "alert_rules",
    follow_metadata,
    Column("name", String(255), primary_key=True),
    Column("spec", _json(), nullable=False),
    Column("created_at", String(40), nullable=False),
)

alerts = Table(
    "alerts",
    follow_metadata,
    Column("id", ID, primary_key=True),  # hash of the rule and the change: fires once
    Column("rule", String(255), nullable=False, index=True),
    Column("fired_at", String(40), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("summary", Text),
    Column("link", Text),
    Column("payload", _json()),
    Column("delivered", _json()),
)
