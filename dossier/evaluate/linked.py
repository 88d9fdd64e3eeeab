"""Articles run through what a user runs, for the evaluations of the link stage: added to a
temporary SQLite store as ``dossier add`` adds them (:func:`dossier.pipeline.add`), linked as
``dossier link`` links them (:func:`dossier.link.run.link_all`), and read back before the store
goes away."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from dossier.link.run import LinkAllSummary
    from dossier.model import Document
    from dossier.pipeline import AddSummary
    from dossier.store import Store

T = TypeVar("T")


def add_and_link(
    articles: Sequence[tuple[str, Document]],
    nlp: Any,
    read: Callable[[Store], T],
    *,
    batch_size: int = 32,
    ledger_method: str = "lexical",
    progress: Callable[[], None] | None = None,
) -> tuple[AddSummary, LinkAllSummary, T]:
    """Add ``articles`` (source, document) to a fresh store, link them, and return what was
    added, what linking did and ``read(store)``. ``progress`` is called once per article."""
    from dossier import pipeline
    from dossier.ingest.result import Ingested
    from dossier.link.run import link_all
    from dossier.store import open_store

    items = [Ingested(source, document, None) for source, document in articles]
    with (
        tempfile.TemporaryDirectory(prefix="dossier-eval-") as folder,
        open_store(Path(folder) / "eval.db") as store,
    ):
        added = pipeline.add(
            store,
            nlp,
            items,
            batch_size=batch_size,
            on_outcome=(lambda _outcome: progress()) if progress else None,
        )
        linked = link_all(store, ledger_method=ledger_method)
        return added, linked, read(store)
