"""The store's tables, and the one generic mapping between a record and its row.

Every record type of :mod:`dossier.model` has a table. A :class:`RecordMap` says, for each
column, which field of the record (a *path* into its JSON dump) fills it:

* a path of one name (``("plover",)``) copies a field as is: a scalar for a plain column, a
  dict or list for a ``JSON`` column;
* a longer path whose first name has no column of its own (``("geo", "lat")``) *flattens* a
  nested object: reading the row builds the object back from its columns;
* a longer path whose first name *does* have a column (``("actor1", "code")`` next to the
  ``actor1`` JSON column) is *derived*: it is written for queries and indexes and ignored
  when the record is read back.

Columns with no path (``document_id``, ``seq``, ``added_at``) belong to the store, not to the
record: the caller passes them to :meth:`RecordMap.to_row`.

Only types that behave the same on SQLite and PostgreSQL are used.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from dossier.model import (
    Claim,
    Document,
    Duplicate,
    Entity,
    Event,
    Figure,
    Ledger,
    Record,
    Story,
    Timex,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 5
"""Bump when a table changes; a store written with another version is refused."""

ID = String(64)
CODE = String(32)

metadata = MetaData()


def _json() -> JSON:
    """A JSON column that stores Python ``None`` as SQL NULL (so ``IS NULL`` works)."""
    return JSON(none_as_null=True)


def _document_fk() -> Column[str]:
    return Column(
        "document_id",
        ID,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _seq() -> Column[int]:
    """The record's position in its extraction's list: records come back in that order."""
    return Column("seq", Integer, nullable=False)


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", ID, primary_key=True),
    Column("url", Text),
    Column("outlet", String(255), index=True),
    Column("title", Text),
    Column("published", String(32), index=True),
    Column("dateline", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("published_inferred", Text),
    Column("added_at", String(40), nullable=False, index=True),
    Column("final_url", Text),
    Column("fetched_at", String(40)),
    Column("previous_version", ID, index=True),
    Column("url_key", ID, index=True),
)

entities = Table(
    "entities",
    metadata,
    Column("id", ID, primary_key=True),
    _document_fk(),
    _seq(),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False, index=True),
    Column("country", CODE, index=True),
    Column("role", CODE),
    Column("code", CODE, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Column("mentions", _json(), nullable=False),
)

timexes = Table(
    "timexes",
    metadata,
    Column("id", ID, primary_key=True),
    _document_fk(),
    _seq(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("value", String(64), index=True),
)

figures = Table(
    "figures",
    metadata,
    Column("id", ID, primary_key=True),
    _document_fk(),
    _seq(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", String(16), nullable=False),
    Column("unit", String(64), index=True),
    Column("subject", Text),
    Column("measure", String(64), index=True),
    Column("modality", String(16)),
    Column("claim", ID),
    Column("event", ID),
    Column("time", String(64), index=True),
    Column("vague", Boolean, nullable=False, default=False),
    Column("measure_class", String(32), index=True),
)

claims = Table(
    "claims",
    metadata,
    Column("id", ID, primary_key=True),
    _document_fk(),
    _seq(),
    Column("kind", String(16), nullable=False),
    Column("source", _json(), nullable=False),
    Column("source_entity", ID, index=True),
    Column("cue", _json(), nullable=False),
    Column("content", _json(), nullable=False),
    Column("modality", String(16), nullable=False, index=True),
    Column("time", String(64), index=True),
    Column("place", ID),
    Column("figures", _json(), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    _document_fk(),
    _seq(),
    Column("plover", String(64), nullable=False, index=True),
    Column("cameo", String(16), index=True),
    Column("mode", String(64)),
    Column("context", String(64)),
    Column("trigger", _json(), nullable=False),
    Column("actor1", _json()),
    Column("actor1_code", CODE, index=True),
    Column("actor2", _json()),
    Column("actor2_code", CODE, index=True),
    Column("place", ID),
    Column("time", String(64), index=True),
    Column("time_fallback", Boolean, nullable=False, default=False),
    Column("place_fallback", Boolean, nullable=False, default=False),
    Column("lemma", String(64)),
    Column("modality", String(16), nullable=False, index=True),
    Column("claim", ID),
    Column("figures", _json(), nullable=False),
    Column("sentence", _json(), nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", ID, primary_key=True),
    Column("plover", String(64), index=True),
    Column("time", String(64), index=True),
    Column("place", ID),
    Column("reports", _json(), nullable=False),
    Column("documents", Integer, nullable=False, default=0),
    Column("disputed", _json(), nullable=False),
    Column("title", Text),
    Column("outlets", _json()),
    Column("languages", _json()),
    Column("first", String(32), index=True),
    Column("last", String(32), index=True),
    Column("events", _json()),
    Column("shared", _json()),
    # Store-owned: the link stage's group (a connected set of articles) the story came from.
    Column("group_id", ID, index=True),
)

ledgers = Table(
    "ledgers",
    metadata,
    Column("id", ID, primary_key=True),
    Column("subject", Text),
    Column("unit", String(64), index=True),
    Column("measure", String(64), index=True),
    Column("entries", _json(), nullable=False),
    Column("contested", Boolean, nullable=False, index=True),
    Column("label", Text),
    Column("documents", Integer, nullable=False, default=0),
    Column("measure_class", String(32), index=True),
)

# No foreign keys here: the link stage may name documents that were skipped as duplicates.
duplicates = Table(
    "duplicates",
    metadata,
    Column("document_id", ID, primary_key=True),
    Column("original_id", ID, primary_key=True, index=True),
    Column("similarity", Float, nullable=False),
)


FieldPath = tuple[str, ...]


@dataclass(frozen=True)
class RecordMap:
    """How one record type is written to, and read back from, its table."""

    model: type[Record]
    table: Table
    paths: Mapping[str, FieldPath]
    """Column name -> path into the record's JSON dump (columns not named: store-owned)."""
    order_by: tuple[str, ...] = ("id",)
    """Columns giving the stable order records are read back in."""
    _direct: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        missing = [c for c in self.paths if c not in self.table.c]
        if missing:
            raise ValueError(f"{self.table.name}: no column {missing}")
        direct = frozenset(p[0] for p in self.paths.values() if len(p) == 1)
        object.__setattr__(self, "_direct", direct)

    def to_row(self, record: Record, **extra: Any) -> dict[str, Any]:
        """The row for ``record``; ``extra`` fills the store-owned columns."""
        if not isinstance(record, self.model):
            raise TypeError(f"{self.table.name} stores {self.model.__name__}, not {record!r}")
        clash = self.paths.keys() & extra.keys()
        if clash:
            raise ValueError(f"{self.table.name}: {sorted(clash)} come from the record")
        data = record.model_dump(mode="json")
        row = {column: _get(data, path) for column, path in self.paths.items()}
        row.update(extra)
        return row

    def from_row(self, row: Mapping[str, Any]) -> Record:
        """The record that :meth:`to_row` wrote as ``row`` (extra columns are ignored)."""
        data: dict[str, Any] = {}
        nested: dict[str, dict[str, Any]] = {}
        for column, path in self.paths.items():
            if len(path) == 1:
                data[path[0]] = row[column]
            elif path[0] not in self._direct:
                _put(nested.setdefault(path[0], {}), path[1:], row[column])
        for name, value in nested.items():
            # A flattened object with no values at all was None (Geo() reads back as None).
            data[name] = value if _has_values(value) else None
        return self.model.model_validate(data)


def _get(data: Any, path: FieldPath) -> Any:
    for name in path:
        if data is None:
            return None
        data = data[name]
    return data


def _put(target: dict[str, Any], path: FieldPath, value: Any) -> None:
    for name in path[:-1]:
        target = target.setdefault(name, {})
    target[path[-1]] = value


def _has_values(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_values(v) for v in value.values())
    return value is not None


def _same(*names: str) -> dict[str, FieldPath]:
    return {name: (name,) for name in names}


DOCUMENTS = RecordMap(
    Document,
    documents,
    _same(
        "id",
        "url",
        "outlet",
        "title",
        "published",
        "dateline",
        "language",
        "text",
        "published_inferred",
        "final_url",
        "fetched_at",
        "previous_version",
    ),
)
ENTITIES = RecordMap(
    Entity,
    entities,
    {
        **_same("id", "name", "kind", "country", "role", "code", "mentions"),
        "lat": ("geo", "lat"),
        "lon": ("geo", "lon"),
        "geonames_id": ("geo", "geonames_id"),
    },
    order_by=("seq", "id"),
)
TIMEXES = RecordMap(
    Timex,
    timexes,
    _same("id", "start", "end", "text", "type", "value"),
    order_by=("seq", "id"),
)
FIGURES = RecordMap(
    Figure,
    figures,
    _same(
        "id",
        "start",
        "end",
        "text",
        "low",
        "high",
        "qualifier",
        "unit",
        "subject",
        "measure",
        "modality",
        "claim",
        "event",
        "time",
        "vague",
        "measure_class",
    ),
    order_by=("seq", "id"),
)
CLAIMS = RecordMap(
    Claim,
    claims,
    {
        **_same("id", "kind", "source", "cue", "content", "modality", "time", "place", "figures"),
        "source_entity": ("source", "entity"),
    },
    order_by=("seq", "id"),
)
EVENTS = RecordMap(
    Event,
    events,
    {
        **_same(
            "id",
            "plover",
            "cameo",
            "mode",
            "context",
            "trigger",
            "actor1",
            "actor2",
            "place",
            "time",
            "time_fallback",
            "place_fallback",
            "lemma",
            "modality",
            "claim",
            "figures",
            "sentence",
        ),
        "actor1_code": ("actor1", "code"),
        "actor2_code": ("actor2", "code"),
    },
    order_by=("seq", "id"),
)
STORIES = RecordMap(
    Story,
    stories,
    _same(
        "id",
        "plover",
        "time",
        "place",
        "reports",
        "documents",
        "disputed",
        "title",
        "outlets",
        "languages",
        "first",
        "last",
        "events",
        "shared",
    ),
)
LEDGERS = RecordMap(
    Ledger,
    ledgers,
    _same(
        "id",
        "subject",
        "unit",
        "measure",
        "entries",
        "contested",
        "label",
        "documents",
        "measure_class",
    ),
)
DUPLICATES = RecordMap(
    Duplicate,
    duplicates,
    {"document_id": ("document",), "original_id": ("original",), "similarity": ("similarity",)},
    order_by=("document_id", "original_id"),
)

EXTRACTION_PARTS: dict[str, RecordMap] = {
    "entities": ENTITIES,
    "timexes": TIMEXES,
    "figures": FIGURES,
    "claims": CLAIMS,
    "events": EVENTS,
}
"""``Extraction`` list field -> the map of its records, in the order they are written."""

RECORD_MAPS: dict[str, RecordMap] = {
    "document": DOCUMENTS,
    "entity": ENTITIES,
    "timex": TIMEXES,
    "figure": FIGURES,
    "claim": CLAIMS,
    "event": EVENTS,
    "story": STORIES,
    "ledger": LEDGERS,
    "duplicate": DUPLICATES,
}
"""Record type name (as in :data:`dossier.model.RECORD_TYPES`) -> its map."""

DATA_TABLES: tuple[Table, ...] = tuple(m.table for m in RECORD_MAPS.values())
"""The tables that hold records (everything but ``meta``)."""
