"""``dossier load``: the Parquet datasets of ``dossier spark extract`` into a store.

The datasets are read with pyarrow one ``published_month`` partition at a time (memory is
bounded by the largest month), the rows of each document put back together into its
:class:`~dossier.model.Extraction` (:func:`dossier.spark.schemas.extraction_from_rows`), and
written ``batch_size`` documents per transaction with the store's own row maps
(``dossier.store.schema``), so the store holds what ``dossier add`` would have stored.
Documents already in the store are skipped (a second load adds nothing). Should a batch
collide with a concurrent writer, its documents are stored one by one with
:meth:`~dossier.store.Store.add`, which skips those already there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from dossier.errors import ConfigError
from dossier.link.sql import chunks, writing
from dossier.model import Extraction
from dossier.spark.schemas import PARTITION, PARTS, extraction_from_rows
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import DOCUMENTS, EXTRACTION_PARTS, documents

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 500


@dataclass
class LoadSummary:
    added: int = 0
    present: int = 0
    seconds: float = 0.0


def months(folder: Path) -> list[str]:
    """The ``published_month`` partitions of a dataset folder, sorted.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for m in ("2026-03", "unknown", "1987-04"):
    ...         (Path(tmp) / f"published_month={m}").mkdir()
    ...     months(Path(tmp))
    ['1987-04', '2026-03', 'unknown']
    """
    prefix = f"{PARTITION}="
    return sorted(
        p.name[len(prefix) :] for p in folder.iterdir() if p.is_dir() and p.name.startswith(prefix)
    )


def read_rows(folder: Path) -> list[dict[str, Any]]:
    """The rows of the Parquet files in one folder (none when it holds no data file)."""
    import pyarrow.parquet as pq

    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return []
    return pq.read_table(folder).to_pylist()


def read_extractions(folder: str | Path) -> Iterator[Extraction]:
    """Every extraction of a ``spark extract`` output, month by month, by document id."""
    root = Path(folder)
    if not (root / "documents").is_dir():
        raise ConfigError(f"{root} has no documents dataset: give `dossier spark extract` output")
    for month in months(root / "documents"):
        part = f"{PARTITION}={month}"
        docs = sorted(read_rows(root / "documents" / part), key=lambda r: r["id"])
        parts: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name in PARTS:
            for row in read_rows(root / name / part):
                parts.setdefault(row["document_id"], {}).setdefault(name, []).append(row)
        for doc in docs:
            yield extraction_from_rows(doc, parts.get(doc["id"], {}))


def load(
    store: Store,
    folder: str | Path,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Store the extractions under ``folder``, ``batch_size`` documents per transaction."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    summary = LoadSummary()
    batch: list[Extraction] = []
    for extraction in read_extractions(folder):
        batch.append(extraction)
        if len(batch) >= batch_size:
            _store_batch(store, batch, summary)
            if on_batch:
                on_batch(len(batch))
            batch = []
    if batch:
        _store_batch(store, batch, summary)
        if on_batch:
            on_batch(len(batch))
    summary.seconds = time.perf_counter() - started
    logger.info(
        "%s: loaded %d documents (%d already present) in %.1f s",
        store.source,
        summary.added,
        summary.present,
        summary.seconds,
    )
    return summary


def _store_batch(store: Store, batch: Sequence[Extraction], summary: LoadSummary) -> None:
    added_at = datetime.now(UTC).isoformat(timespec="microseconds")
    try:
        with (
            translating("cannot load into the store", store.source),
            _collisions(),
            writing(store.engine) as conn,
        ):
            ids = sorted({e.document.id for e in batch})
            stored: set[str] = set()
            for chunk in chunks(ids):
                query = select(documents.c.id).where(documents.c.id.in_(chunk))
                stored.update(conn.scalars(query))
            fresh, seen = [], set(stored)
            for extraction in batch:
                if extraction.document.id not in seen:
                    seen.add(extraction.document.id)
                    fresh.append(extraction)
            _insert(conn, fresh, added_at)
    except _Collision:
        logger.info("a batch met a concurrent writer; storing it one document at a time")
        for extraction in batch:
            if store.add(extraction):
                summary.added += 1
            else:
                summary.present += 1
        return
    summary.added += len(fresh)
    summary.present += len(batch) - len(fresh)


class _Collision(Exception):
    """A batch's insert met rows another writer stored meanwhile."""


@contextmanager
def _collisions() -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        raise _Collision from exc


def _insert(conn: Any, batch: Sequence[Extraction], added_at: str) -> None:
    if not batch:
        return
    conn.execute(
        insert(documents), [DOCUMENTS.to_row(e.document, added_at=added_at) for e in batch]
    )
    for name, rmap in EXTRACTION_PARTS.items():
        rows = [
            rmap.to_row(record, document_id=e.document.id, seq=seq)
            for e in batch
            for seq, record in enumerate(getattr(e, name))
        ]
        if rows:
            conn.execute(insert(rmap.table), rows)
