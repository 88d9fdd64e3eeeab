"""Every record type out of the store: JSON lines, CSV files, Parquet files.

The records are those of :mod:`dossier.model`, as stored. Records that belong to one article
(entities, timexes, figures, claims, events) carry that article's id as ``document``, since the
records themselves do not name it. Read a JSON line back with :func:`parse_line`.

The date window (``date_from``/``date_to``, inclusive ISO dates) keeps the records of articles
published in it; a story is kept when one of its reports is, a ledger when one of its entries
is, a duplicate when its copy is. Articles without a publication date are left out of a window.
"""

from __future__ import annotations

import csv
import json
import logging
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import Connection, select

from dossier.errors import ConfigError
from dossier.model import RECORD_TYPES, Document, Extraction, Record
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import DOCUMENTS, EXTRACTION_PARTS, RECORD_MAPS, documents

logger = logging.getLogger(__name__)

TABLE_RECORDS: tuple[str, ...] = tuple(RECORD_MAPS)
"""Record types with one row per record in csv/parquet, in the order they are written."""

PER_DOCUMENT: frozenset[str] = frozenset(
    name for name, rmap in RECORD_MAPS.items() if rmap in EXTRACTION_PARTS.values()
)
"""Record types that belong to one article (they get a ``document`` column)."""

BATCH = 2000
"""Rows per Parquet row group and per database fetch."""

CHUNK = 500
"""Articles read at once: values per SQL ``IN (...)``, below every engine's parameter limit."""


@dataclass(frozen=True)
class DateWindow:
    """Inclusive bounds on the publication date (ISO ``YYYY-MM-DD``); None is open."""

    start: str | None = None
    end: str | None = None

    @property
    def open(self) -> bool:
        return self.start is None and self.end is None

    def holds(self, published: str | None) -> bool:
        """Whether an article published on ``published`` is in the window.

        >>> DateWindow("2026-03-01", "2026-03-31").holds("2026-03-10")
        True
        >>> DateWindow("2026-03-01").holds("2026-02-28"), DateWindow("2026-03-01").holds(None)
        (False, False)
        >>> DateWindow().holds(None)
        True
        """
        if self.open:
            return True
        if not published:
            return False
        day = published[:10]
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def parse_records(value: str | None, *, allowed: Iterable[str]) -> list[str]:
    """The record types named in a comma-separated option (None: all of ``allowed``).

    >>> parse_records("event, entity", allowed=["entity", "event"])
    ['event', 'entity']
    >>> parse_records("events", allowed=["event"])
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: unknown record type 'events'; choose from event
    """
    allowed = list(allowed)
    if value is None or not value.strip():
        return allowed
    names = [name.strip() for name in value.split(",") if name.strip()]
    for name in names:
        if name not in allowed:
            raise ConfigError(f"unknown record type {name!r}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(names))


# -- reading -------------------------------------------------------------------------------------


def list_documents(store: Store, window: DateWindow = DateWindow()) -> list[dict[str, str]]:
    """``id``, ``published`` and ``added_at`` (when stored) of the articles in the window, by id."""
    c = documents.c
    query = select(c.id, c.published, c.added_at).order_by(c.id)
    return [row for row in stream_rows(store, query) if window.holds(row["published"])]


def iter_extractions(store: Store, window: DateWindow = DateWindow()) -> Iterator[Extraction]:
    """Each stored article in the window with its records, equal to ``store.get`` (by id).

    Articles are read a chunk at a time (one query per table per chunk, not per article).
    """
    ids = [row["id"] for row in list_documents(store, window)]
    for chunk in chunks(ids):
        yield from read_extractions(store, chunk)


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    """``items`` in chunks of ``size``.

    >>> list(chunks("abcde", 2))
    ['ab', 'cd', 'e']
    """
    for i in range(0, len(items), size):
        yield items[i : i + size]


def read_extractions(store: Store, ids: Sequence[str]) -> list[Extraction]:
    """The stored extractions of ``ids`` (at most :data:`CHUNK` of them), in that order; ids no
    longer stored are left out."""
    parts: dict[str, dict[str, list[Record]]] = {i: {n: [] for n in EXTRACTION_PARTS} for i in ids}
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        query = select(documents).where(documents.c.id.in_(ids))
        found = {r.id: DOCUMENTS.from_row(r._mapping) for r in conn.execute(query)}
        for name, rmap in EXTRACTION_PARTS.items():
            table = rmap.table
            query = (
                select(table)
                .where(table.c.document_id.in_(ids))
                .order_by(table.c.document_id, *(table.c[c] for c in rmap.order_by))
            )
            for row in conn.execute(query):
                parts[row.document_id][name].append(rmap.from_row(row._mapping))
    return [
        Extraction.model_validate({"document": found[i], **parts[i]}) for i in ids if i in found
    ]


def iter_records(
    store: Store, name: str, window: DateWindow = DateWindow()
) -> Iterator[tuple[str | None, Record]]:
    """``(document id or None, record)`` for every stored record of type ``name``."""
    if name == "extraction":
        for extraction in iter_extractions(store, window):
            yield None, extraction
        return
    if name not in RECORD_MAPS:
        raise ConfigError(f"unknown record type {name!r}; choose from {', '.join(RECORD_MAPS)}")
    rmap = RECORD_MAPS[name]
    table = rmap.table
    published = _published(store) if not window.open else {}
    if name in PER_DOCUMENT:
        order = [table.c.document_id, *(table.c[c] for c in rmap.order_by)]
    else:
        order = [table.c[c] for c in rmap.order_by]
    for row in stream_rows(store, select(table).order_by(*order)):
        record = rmap.from_row(row)
        if name in PER_DOCUMENT:
            if window.open or window.holds(published.get(row["document_id"])):
                yield row["document_id"], record
        elif window.open or _cross_in_window(record, window, published):
            yield None, record


def _cross_in_window(
    record: Record, window: DateWindow, published: Mapping[str, str | None]
) -> bool:
    """Whether a record that is not one article's (a document, story, ledger, duplicate) is
    in the window: its own publication date, or one of its reports', entries', copy's."""
    days: list[str | None]
    if isinstance(record, Document):
        days = [record.published]
    elif hasattr(record, "reports"):
        days = [r.published or published.get(r.document) for r in record.reports]  # type: ignore[attr-defined]
    elif hasattr(record, "entries"):
        days = [e.published or published.get(e.document) for e in record.entries]  # type: ignore[attr-defined]
    else:
        days = [published.get(record.document)]  # type: ignore[attr-defined]
    return any(window.holds(day) for day in days)


def _published(store: Store) -> dict[str, str | None]:
    query = select(documents.c.id, documents.c.published)
    return {row["id"]: row["published"] for row in stream_rows(store, query)}


def stream_rows(store: Store, query) -> Iterator[dict[str, Any]]:
    """The rows of a select on the store, fetched in batches."""
    with (
        translating("cannot read the store", store.source),
        store.engine.connect() as conn,
    ):
        yield from _rows(conn, query)


def _rows(conn: Connection, query) -> Iterator[dict[str, Any]]:
    for row in conn.execute(query.execution_options(yield_per=BATCH)):
        yield dict(row._mapping)


# -- JSON lines ----------------------------------------------------------------------------------


def jsonl_lines(
    store: Store, names: Iterable[str], window: DateWindow = DateWindow(), *, bare: bool = False
) -> Iterator[str]:
    """One JSON object per record: ``{"record": "event", "document": ..., ...record}``.

    The record type is under ``record``, not ``type`` (a timex has a field ``type``). With
    ``bare``, extractions are printed as ``dossier extract --json`` prints them (no type).
    """
    for name in names:
        for document_id, record in iter_records(store, name, window):
            if bare and name == "extraction":
                yield record.model_dump_json()
                continue
            head: dict[str, Any] = {"record": name}
            if document_id is not None:
                head["document"] = document_id
            yield json.dumps({**head, **record.model_dump(mode="json")}, ensure_ascii=False)


def parse_line(line: str) -> tuple[str, str | None, Record]:
    """``(type, document id or None, record)`` from a line of :func:`jsonl_lines`.

    >>> parse_line('{"record": "duplicate", "document": "a", "original": "b", "similarity": 0.9}')
    ('duplicate', None, Duplicate(document='a', original='b', similarity=0.9))
    """
    data = json.loads(line)
    if "record" not in data:  # an extraction line, as ``dossier extract --json`` prints it
        return "extraction", None, Extraction.model_validate(data)
    name = data.pop("record")
    model = RECORD_TYPES[name]
    document_id = data.pop("document") if name in PER_DOCUMENT else None
    return name, document_id, model.model_validate(data)


# -- tables (CSV, Parquet) -----------------------------------------------------------------------


def columns(name: str) -> list[str]:
    """The columns of a record type's table: its fields, after ``document`` where it has one.

    >>> columns("timex")
    ['document', 'id', 'start', 'end', 'text', 'type', 'value']
    """
    fields = list(RECORD_TYPES[name].model_fields)
    return ["document", *fields] if name in PER_DOCUMENT else fields


def table_rows(
    store: Store, name: str, window: DateWindow = DateWindow()
) -> Iterator[dict[str, Any]]:
    """The rows of a record type's table: its records' JSON dumps, plus ``document``."""
    for document_id, record in iter_records(store, name, window):
        data = record.model_dump(mode="json")
        yield {"document": document_id, **data} if name in PER_DOCUMENT else data


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: nested objects and lists as JSON text, None as empty.

    >>> [csv_cell(v) for v in (None, True, 3, 0.5, "a", {"lat": 1.0}, ["x"])]
    ['', 'true', '3', '0.5', 'a', '{"lat": 1.0}', '["x"]']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_csv(rows: Iterable[Mapping[str, Any]], header: list[str], path: Path) -> int:
    """Write ``rows`` under ``header`` to ``path``; the number of rows written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(row.get(column)) for column in header])
            count += 1
    return count


def arrow_schema(name: str):
    """The explicit Arrow schema of a record type's table (columns as :func:`columns`).

    Nested records become structs and lists become Arrow lists, from the pydantic model.

    >>> str(arrow_schema("duplicate")).splitlines()
    ['document: string not null', 'original: string not null', 'similarity: double not null']
    """
    import pyarrow as pa

    model = RECORD_TYPES[name]
    fields = [_arrow_field(field, info.annotation) for field, info in model.model_fields.items()]
    if name in PER_DOCUMENT:
        fields.insert(0, pa.field("document", pa.string(), nullable=False))
    return pa.schema(fields)


def write_parquet(rows: Iterable[Mapping[str, Any]], schema, path: Path) -> int:
    """Write ``rows`` to a Parquet file with ``schema`` in row groups; the rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[Mapping[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def export_tables(
    store: Store,
    names: Iterable[str],
    directory: Path,
    fmt: Literal["csv", "parquet"],
    window: DateWindow = DateWindow(),
) -> dict[str, int]:
    """One file per record type (``event.csv``, ``event.parquet`` ...) in ``directory``;
    the rows written per type."""
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for name in names:
        path = directory / f"{name}.{fmt}"
        rows = table_rows(store, name, window)
        if fmt == "csv":
            written[name] = write_csv(rows, columns(name), path)
        else:
            written[name] = write_parquet(rows, arrow_schema(name), path)
        logger.info("wrote %d %s rows to %s", written[name], name, path)
    return written


def _arrow_field(name: str, annotation: Any):
    import pyarrow as pa

    optional, inner = _unwrap_optional(annotation)
    return pa.field(name, _arrow_type(inner), nullable=optional)


def _arrow_type(annotation: Any):
    import pyarrow as pa

    _, annotation = _unwrap_optional(annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal or annotation is str:
        return pa.string()
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is float:
        return pa.float64()
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_arrow_type(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(
            [_arrow_field(f, info.annotation) for f, info in annotation.model_fields.items()]
        )
    raise TypeError(f"no Arrow type for {annotation!r}")


def _unwrap_optional(annotation: Any) -> tuple[bool, Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return True, args[0]
    return False, annotation
