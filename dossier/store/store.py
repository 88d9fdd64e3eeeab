"""The store: extractions in, extractions out, on SQLite or PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from dossier.errors import NotFoundError, StoreError
from dossier.model import Document, Extraction
from dossier.store.bootstrap import ensure_schema
from dossier.store.engine import (
    BEGIN_OPTION,
    DEFAULT_BUSY_TIMEOUT,
    describe,
    make_engine,
    resolve_url,
)
from dossier.store.failures import driver_message, translating
from dossier.store.schema import DATA_TABLES, DOCUMENTS, EXTRACTION_PARTS, documents

logger = logging.getLogger(__name__)

_AMBIGUOUS_SHOWN = 5


class Store:
    """A store of extractions. Open one with :func:`open_store`; close it (or use ``with``).

    Every public method raises only :class:`~dossier.errors.DossierError` subclasses
    (``StoreError``, ``StoreLockedError``, ``StoreFullError``, ``NotFoundError``).
    A store may be shared by threads; separate processes may open the same store.
    """

    def __init__(self, engine: Engine, *, source: str | None = None) -> None:
        """Wrap ``engine`` (whose schema must exist: :func:`open_store` sees to that)."""
        self._engine: Engine | None = engine
        self._source = source or describe(engine.url)

    @property
    def source(self) -> str:
        """Which store this is, for messages (a file path or a URL without its password)."""
        return self._source

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for read queries beyond this class."""
        if self._engine is None:
            raise StoreError("the store is closed", source=self._source)
        return self._engine

    def __repr__(self) -> str:
        state = "closed" if self._engine is None else "open"
        return f"<Store {self._source} ({state})>"

    # -- writing ---------------------------------------------------------------------------

    def add(self, extraction: Extraction) -> bool:
        """Store an extraction in one transaction; False (nothing written) if already stored.

        Documents are identified by their id (a content hash), so adding the same article
        again, even from two processes at once, writes it once.
        """
        doc = extraction.document
        added_at = datetime.now(UTC).isoformat(timespec="microseconds")
        action = f"cannot store document {doc.id}"
        with translating(action, self._source):
            try:
                with self._writing() as conn:
                    if self._exists(conn, doc.id):
                        logger.debug("%s: %s already stored", self._source, doc.id)
                        return False
                    conn.execute(insert(documents), [DOCUMENTS.to_row(doc, added_at=added_at)])
                    for name, rmap in EXTRACTION_PARTS.items():
                        rows = [
                            rmap.to_row(record, document_id=doc.id, seq=seq)
                            for seq, record in enumerate(getattr(extraction, name))
                        ]
                        if rows:
                            conn.execute(insert(rmap.table), rows)
            except IntegrityError as exc:
                # Another process stored the same document between our check and insert.
                if self.has(doc.id):
                    logger.debug("%s: %s stored concurrently", self._source, doc.id)
                    return False
                raise StoreError(
                    f"{action}: its records conflict ({driver_message(exc)})", source=self._source
                ) from exc
        logger.info("%s: stored %s", self._source, doc.id)
        return True

    # -- reading ---------------------------------------------------------------------------

    def has(self, document_id: str) -> bool:
        """Whether the document with this exact id is stored."""
        with translating("cannot read the store", self._source), self._reading() as conn:
            return self._exists(conn, document_id)

    def get(self, document_id: str) -> Extraction:
        """The stored extraction of a document, equal to what was added.

        Records come back in the order they were added. Raises :class:`NotFoundError`.
        """
        with translating("cannot read the store", self._source), self._reading() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise NotFoundError(f"no document {document_id!r}", source=self._source)
            parts = {}
            for name, rmap in EXTRACTION_PARTS.items():
                table = rmap.table
                query = (
                    select(table)
                    .where(table.c.document_id == document_id)
                    .order_by(*(table.c[c] for c in rmap.order_by))
                )
                parts[name] = [rmap.from_row(r._mapping) for r in conn.execute(query)]
        return Extraction.model_validate({"document": DOCUMENTS.from_row(row._mapping), **parts})

    def find_document(self, prefix: str) -> Document:
        """The document whose id is ``prefix`` or starts with it.

        Raises :class:`NotFoundError` if none matches, :class:`StoreError` if several do.
        """
        prefix = prefix.strip()
        if not prefix:
            raise StoreError("give a document id or the start of one", source=self._source)
        with translating("cannot read the store", self._source), self._reading() as conn:
            exact = conn.execute(select(documents).where(documents.c.id == prefix)).first()
            if exact is not None:
                return DOCUMENTS.from_row(exact._mapping)
            rows = conn.execute(
                select(documents)
                .where(documents.c.id.startswith(prefix, autoescape=True))
                .order_by(documents.c.id)
                .limit(_AMBIGUOUS_SHOWN + 1)
            ).all()
        if not rows:
            raise NotFoundError(f"no document id starts with {prefix!r}", source=self._source)
        if len(rows) > 1:
            ids = ", ".join(r.id for r in rows[:_AMBIGUOUS_SHOWN])
            more = ", ..." if len(rows) > _AMBIGUOUS_SHOWN else ""
            raise StoreError(
                f"id prefix {prefix!r} is ambiguous: {ids}{more}; give more characters",
                source=self._source,
            )
        return DOCUMENTS.from_row(rows[0]._mapping)

    def list_documents(self, limit: int = 50, offset: int = 0) -> list[Document]:
        """Stored documents, the most recently added first (with their text)."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        query = (
            select(documents)
            .order_by(documents.c.added_at.desc(), documents.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with translating("cannot read the store", self._source), self._reading() as conn:
            return [DOCUMENTS.from_row(r._mapping) for r in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """The number of rows in each record table, by table name."""
        with translating("cannot read the store", self._source), self._reading() as conn:
            return {
                table.name: int(conn.scalar(select(func.count()).select_from(table)) or 0)
                for table in DATA_TABLES
            }

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Release the store's connections (closing twice is fine)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers ---------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A connection in a transaction that holds the write lock (SQLite) from its start."""
        with self.engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with conn.begin():
                yield conn

    @staticmethod
    def _exists(conn: Connection, document_id: str) -> bool:
        query = select(documents.c.id).where(documents.c.id == document_id)
        return conn.execute(query).first() is not None


def open_store(
    target: str | Path | None = None, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Store:
    """Open (creating if needed) the store at ``target``.

    ``target`` is a SQLite file path, or a SQLAlchemy URL (``sqlite:///file.db``,
    ``postgresql://user@host/db``: PostgreSQL URLs use psycopg 3). ``None`` means
    ``$DOSSIER_DB``, else ``dossier.db`` in the current directory. ``busy_timeout`` is how
    long (seconds) a SQLite writer waits for another before :class:`StoreLockedError`.
    Raises :class:`StoreError` naming the target if it cannot be opened.
    """
    url = resolve_url(target)
    source = describe(url)
    engine = make_engine(url, busy_timeout=busy_timeout)
    try:
        ensure_schema(engine, source)
    except BaseException:
        engine.dispose()
        raise
    logger.debug("opened %s", source)
    return Store(engine, source=source)
