"""Batches: articles in, one outcome per article out, a bad article never stopping the rest.

The CLI (and later the API and the Spark jobs) call these functions; they hold no state.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from dossier.errors import DossierError, ExtractionError
from dossier.ingest import Ingested
from dossier.ingest.language import is_english
from dossier.lang.pipeline import language_pipeline
from dossier.lang.registry import LanguageUnavailable, spec_for
from dossier.model import Document, Extraction
from dossier.nlp import extraction_from_doc, make_doc
from dossier.store import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one article: its extraction, or the error that stopped it."""

    source: str
    document: Document | None = None
    extraction: Extraction | None = None
    error: DossierError | None = None
    notice: str | None = None
    """What the user should know about an article's records: stored without any (its
    language is not installed), or coded in part (German: dates and figures only)."""


def extract(
    nlp: Language,
    items: Iterable[Ingested],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Outcome]:
    """Run ingested articles through the pipeline; failures come out as outcomes with an error.

    One outcome per item, in the order of the items. With ``n_process`` > 1, worker processes
    forked from this one (so they share its loaded pipeline) each parse and extract whole
    chunks of articles and send back the records, which are small, rather than the parsed
    Docs: the parent only reads and stores, so the work scales with the workers. Where
    processes cannot be forked, spaCy's own ``n_process`` is used.
    """
    if n_process <= 1:
        yield from _extract(nlp, items, batch_size)
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from _extract(nlp, items, batch_size, n_process)
        return
    global _WORKER_NLP
    _WORKER_NLP = nlp
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(n_process) as pool:
            chunks = _chunked(items, batch_size * _CHUNK_BATCHES)
            for outcomes in pool.imap(_extract_chunk, ((c, batch_size) for c in chunks)):
                yield from outcomes
    finally:
        _WORKER_NLP = None


_CHUNK_BATCHES = 2
"""Batches of ``nlp.pipe`` per chunk sent to a worker process."""
_WORKER_NLP: Language | None = None
"""The pipeline worker processes inherit when forked (set only while :func:`extract` runs)."""


def _chunked(items: Iterable[Ingested], size: int) -> Iterator[list[Ingested]]:
    chunk: list[Ingested] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract_chunk(job: tuple[list[Ingested], int]) -> list[Outcome]:
    """In a worker process: the outcomes of one chunk of articles."""
    items, batch_size = job
    assert _WORKER_NLP is not None, "the pipeline is inherited from the parent process"
    return list(_extract(_WORKER_NLP, items, batch_size))


def _extract(
    nlp: Language, items: Iterable[Ingested], batch_size: int, n_process: int = 1
) -> Iterator[Outcome]:
    """:func:`extract` in this process (spaCy may still fork for the parse)."""
    # Items that never reach the parse, with their position, waiting for the parsed ones
    # before them (nlp.pipe reads ahead, so they are always queued by then).
    aside: deque[tuple[int, Outcome]] = deque()

    def docs() -> Iterator[tuple[Doc, tuple[int, str, Document]]]:
        for index, item in enumerate(items):
            if item.error is not None or item.document is None:
                aside.append((index, Outcome(item.source, error=item.error)))
                continue
            if not is_english(item.document.language):
                aside.append((index, _extract_other_language(item.source, item.document)))
                continue
            try:
                doc = make_doc(nlp, item.document)
            except DossierError as exc:
                aside.append((index, Outcome(item.source, item.document, error=exc)))
                continue
            yield doc, (index, item.source, item.document)

    for doc, (index, source, document) in nlp.pipe(
        docs(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        while aside and aside[0][0] < index:
            yield aside.popleft()[1]
        try:
            extraction = extraction_from_doc(document, doc)
        except DossierError as exc:
            yield Outcome(source, document, error=exc)
        except Exception as exc:  # a bug on one article must not stop the batch
            logger.exception("%s: extraction failed", source)
            error = ExtractionError(f"{type(exc).__name__}: {exc}")
            yield Outcome(source, document, error=error)
        else:
            yield Outcome(source, document, extraction)
    while aside:
        yield aside.popleft()[1]


def _extract_other_language(source: str, document: Document) -> Outcome:
    """An article not in English, through its own language's pipeline (loaded on first use).

    Where the language is not supported or its extra is not installed, the article is stored,
    marked with its language, without records, and the notice says what to install.
    """
    try:
        nlp = language_pipeline(document.language or "")
    except LanguageUnavailable as exc:
        notice = f"stored without records: {exc}"
        return Outcome(source, document, Extraction(document=document), notice=notice)
    spec = spec_for(document.language)
    notice = f"{spec.name} is coded in part: {spec.note}" if spec.note else None
    try:
        doc = nlp(make_doc(nlp, document))
        return Outcome(source, document, extraction_from_doc(document, doc), notice=notice)
    except DossierError as exc:
        return Outcome(source, document, error=exc)
    except Exception as exc:  # a bug on one article must not stop the batch
        logger.exception("%s: extraction failed", source)
        return Outcome(source, document, error=ExtractionError(f"{type(exc).__name__}: {exc}"))


@dataclass
class AddSummary:
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (source, Outcome.notice)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.present) + len(self.failed)


def add(
    store: Store,
    nlp: Language,
    items: Iterable[Ingested],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> AddSummary:
    """Extract and store articles, each in its own transaction; already stored ones are skipped.

    Articles already in the store are recognised by content hash before the parse, so re-running
    a batch costs only the reading.
    """
    summary = AddSummary()

    def fresh() -> Iterator[Ingested]:
        for item in items:
            if item.document is not None and store.has(item.document.id):
                summary.present.append(item.source)
                if on_outcome:
                    on_outcome(Outcome(item.source, item.document))
                continue
            yield item

    for outcome in extract(nlp, fresh(), batch_size=batch_size, n_process=n_process):
        if outcome.extraction is not None:
            try:
                if store.add(outcome.extraction):
                    summary.added.append(outcome.source)
                else:
                    summary.present.append(outcome.source)
            except DossierError as exc:
                outcome = Outcome(outcome.source, outcome.document, error=exc)
        if outcome.notice is not None and outcome.error is None:
            summary.notices.append((outcome.source, outcome.notice))
        if outcome.error is not None:
            logger.warning("%s: %s", outcome.source, outcome.error)
            summary.failed.append((outcome.source, str(outcome.error.message)))
        if on_outcome:
            on_outcome(outcome)
    return summary
