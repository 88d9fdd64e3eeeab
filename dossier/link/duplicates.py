"""Near-duplicate articles: syndicated wire copy, reprints with another headline, small edits.

How it works:

* a document is the set of its word *shingles* (``k`` consecutive words of the text, lower
  case, punctuation dropped), so a different headline, a line of boilerplate or a few edited
  words change only a few shingles;
* each set gets a MinHash signature (datasketch, fixed seed and scheme, so signatures are the
  same on every run) cut into ``bands`` of ``rows`` values; the hash of each band is a bucket
  key kept in the store (table ``link_bands``). Two documents that share a bucket are
  *candidates*; ``bands``/``rows`` are chosen so that a pair at the threshold is a candidate
  with probability >= 0.98;
* candidates are checked with their *exact* Jaccard similarity; a pair at or above the
  threshold that shares at least ``min_shared`` shingles (short notices cut from one
  template are alike but are not copies) is a near-duplicate edge. Edges join documents
  into groups (connected components); a group's *original* is its earliest published
  document (undated ones last, then the shortest text, then by id), and every other member gets one
  :class:`~dossier.model.Duplicate` record
  (``document`` = the copy, ``original``, ``similarity`` = exact Jaccard to the original).

Linking is incremental: only documents not yet linked (not in table ``link_documents``) are
shingled, their bucket keys stored and looked up, and only the groups they touch are
rewritten. Nothing is ever compared with every stored document, so the cost per new article
does not grow with the store (one indexed lookup per band). The edge set, hence the groups
and their records, does not depend on the order in which articles were added or linked.
The parameters are kept in the store's ``meta`` table; linking with other parameters (another
threshold) rebuilds the link tables and the duplicate records from the stored texts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash
from sqlalchemy import (
    Connection,
    delete,
    func,
    insert,
    or_,
    select,
)

from dossier.link.components import components
from dossier.link.sql import chunks, writing
from dossier.link.tables import link_bands, link_documents, link_metadata
from dossier.model import Duplicate
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import DUPLICATES, documents, duplicates, meta

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5
"""Exact Jaccard similarity of word shingles at or above which two articles are duplicates."""
DEFAULT_SHINGLE = 3
"""Words per shingle."""
DEFAULT_MIN_SHARED = 20
"""Shingles two duplicates must share at least: two short notices of one template ("Qtly div
five cts vs five cts prior Pay April 17 Record March 16") are alike, but not copies."""
DEFAULT_NUM_PERM = 128
"""MinHash permutations per signature."""
CANDIDATE_RECALL = 0.98
"""Probability that a pair exactly at the threshold shares at least one bucket."""
SEED = 1
SCHEME = "affine32"
PARAMS_KEY = "link.duplicates"
"""Key of the linking parameters in the store's ``meta`` table."""

_WORD_RE = re.compile(r"\w+")

# -- pure functions ----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The text's words, case-folded, without punctuation.

    >>> words("MOSCOW (Reuters) - Russia's Duma ratified it.")
    ['moscow', 'reuters', 'russia', 's', 'duma', 'ratified', 'it']
    """
    return _WORD_RE.findall(text.casefold())


def shingles(text: str, k: int = DEFAULT_SHINGLE) -> set[str]:
    """The set of ``k``-word shingles of ``text`` (a shorter text is one shingle; none: empty).

    >>> sorted(shingles("The Duma ratified the pact.", k=3))
    ['duma ratified the', 'ratified the pact', 'the duma ratified']
    >>> shingles("Hello, world", k=3), shingles(" ... ", k=3)
    ({'hello world'}, set())
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) <= k:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two sets (two empty sets: 0.0).

    >>> jaccard({"a", "b", "c"}, {"b", "c", "d"})
    0.5
    >>> jaccard(set(), set())
    0.0
    """
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def is_duplicate(
    a: set[str],
    b: set[str],
    threshold: float = DEFAULT_THRESHOLD,
    min_shared: int = DEFAULT_MIN_SHARED,
) -> bool:
    """Whether two shingle sets are near-duplicates: Jaccard >= ``threshold`` and at least
    ``min_shared`` shingles in common.

    >>> a = shingles("one two three four five six seven eight nine ten eleven twelve")
    >>> b = shingles("one two three four five six seven eight nine ten eleven zwölf")
    >>> is_duplicate(a, b, 0.5, min_shared=5), is_duplicate(a, b, 0.5, min_shared=15)
    (True, False)
    """
    return len(a & b) >= min_shared and jaccard(a, b) >= threshold


def band_params(
    threshold: float, num_perm: int = DEFAULT_NUM_PERM, recall: float = CANDIDATE_RECALL
) -> tuple[int, int]:
    """``(bands, rows)`` for LSH: the most rows per band (fewest chance candidates) such that
    a pair with Jaccard ``threshold`` shares a bucket with probability at least ``recall``.

    >>> band_params(0.5), band_params(0.8)
    ((42, 3), (18, 7))
    >>> r = band_params(0.5)
    >>> 1 - (1 - 0.5 ** r[1]) ** r[0] >= CANDIDATE_RECALL
    True
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
        else:
            break
    return best


def original_key(
    published: str | None, length: int, document_id: str
) -> tuple[bool, str, int, str]:
    """Sort key that puts a group's original first: earliest published, undated last, then the
    shortest text (a copy adds a headline, a standfirst or a footer to the wire text), then id.

    >>> docs = [("2025-10-08", 90, "b"), (None, 90, "a"), ("2025-10-07", 120, "c"),
    ...         ("2025-10-07", 100, "d")]
    >>> [d[2] for d in sorted(docs, key=lambda d: original_key(*d))]
    ['d', 'c', 'b', 'a']
    """
    return (published is None, published or "", length, document_id)


@dataclass(frozen=True)
class Params:
    """What the bucket keys and edges depend on; stored so a later run can check them."""

    threshold: float = DEFAULT_THRESHOLD
    shingle: int = DEFAULT_SHINGLE
    min_shared: int = DEFAULT_MIN_SHARED
    num_perm: int = DEFAULT_NUM_PERM
    bands: int = 0
    rows: int = 0
    seed: int = SEED
    scheme: str = SCHEME

    @classmethod
    def make(
        cls,
        threshold: float = DEFAULT_THRESHOLD,
        shingle: int = DEFAULT_SHINGLE,
        num_perm: int = DEFAULT_NUM_PERM,
        min_shared: int = DEFAULT_MIN_SHARED,
    ) -> Params:
        """Parameters with ``bands``/``rows`` from :func:`band_params`.

        >>> p = Params.make(0.5)
        >>> (p.bands, p.rows, p.shingle)
        (42, 3, 3)
        """
        if shingle < 1:
            raise ValueError("shingle must be at least 1")
        if min_shared < 1:
            raise ValueError("min_shared must be at least 1")
        bands, rows = band_params(threshold, num_perm)
        return cls(threshold, shingle, min_shared, num_perm, bands, rows)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


class Sketcher:
    """MinHash signatures and bucket keys under one set of :class:`Params`."""

    def __init__(self, params: Params) -> None:
        self.params = params
        self._permutations = MinHash(
            num_perm=params.num_perm, seed=params.seed, scheme=params.scheme
        ).permutations

    def signature(self, shingle_set: Iterable[str]) -> np.ndarray:
        """The MinHash values of a set of shingles."""
        m = MinHash(
            num_perm=self.params.num_perm,
            seed=self.params.seed,
            scheme=self.params.scheme,
            permutations=self._permutations,
        )
        m.update_batch([s.encode("utf-8") for s in shingle_set])
        return m.hashvalues

    def keys(self, shingle_set: set[str]) -> list[str]:
        """One bucket key per band (``bb`` band number + 16 hex digits); none for no shingles.

        >>> sk = Sketcher(Params.make(0.5))
        >>> a = sk.keys(shingles("the duma ratified the pact with cuba on tuesday"))
        >>> len(a), a == sk.keys(shingles("The Duma ratified the pact with Cuba on Tuesday!"))
        (42, True)
        """
        if not shingle_set:
            return []
        values = self.signature(shingle_set)
        rows = self.params.rows
        keys = []
        for band in range(self.params.bands):
            chunk = values[band * rows : (band + 1) * rows].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8).hexdigest()
            keys.append(f"{band:02x}{digest}")
        return keys


# -- over the store ----------------------------------------------------------------------------


@dataclass
class LinkSummary:
    """What one :func:`link_duplicates` run did."""

    linked: int = 0
    """Documents linked in this run (those not linked before)."""
    candidates: int = 0
    """Candidate pairs (sharing a bucket) checked with their exact similarity."""
    pairs: int = 0
    """Of those, pairs at or above the threshold."""
    groups_rewritten: int = 0
    """Duplicate groups whose records were (re)written."""
    duplicates: int = 0
    """Duplicate records in the store after the run."""
    documents: int = 0
    """Documents in the store."""
    rebuilt: bool = False
    """Whether the link tables were rebuilt (first run, or other parameters than last time)."""
    seconds: float = 0.0
    params: dict[str, object] = field(default_factory=dict)


ProgressFn = Callable[[int, int], None]
"""Called with (documents linked so far in this run, documents to link in this run)."""


def link_duplicates(
    store: Store,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    shingle: int = DEFAULT_SHINGLE,
    num_perm: int = DEFAULT_NUM_PERM,
    min_shared: int = DEFAULT_MIN_SHARED,
    batch_size: int = 500,
    rebuild: bool = False,
    on_progress: ProgressFn | None = None,
) -> LinkSummary:
    """Find near-duplicates among the store's documents not yet linked and record them.

    Idempotent: a second run with nothing new changes nothing. Raises ``ValueError`` for bad
    parameters and :class:`~dossier.errors.StoreError` for the store.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    params = Params.make(threshold, shingle, num_perm, min_shared)
    sketcher = Sketcher(params)
    summary = LinkSummary(params=dict(params.__dict__))
    started = time.perf_counter()
    source = store.source
    with translating("cannot link the store", source):
        engine = store.engine
        with writing(engine) as conn:
            link_metadata.create_all(conn)
            stored = conn.scalar(select(meta.c.value).where(meta.c.key == PARAMS_KEY))
            if rebuild or stored != params.to_json():
                _reset(conn, params)
                summary.rebuilt = True
        with engine.connect() as conn:
            todo = list(
                conn.scalars(
                    select(documents.c.id)
                    .outerjoin(link_documents, link_documents.c.document_id == documents.c.id)
                    .where(link_documents.c.document_id.is_(None))
                    .order_by(documents.c.id)
                )
            )
        logger.info("%s: %d documents to link", source, len(todo))
        if on_progress:
            on_progress(0, len(todo))
        done = 0
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            with writing(engine) as conn:
                # Another `link` may have linked some of them meanwhile: skip those.
                fresh = _unlinked(conn, batch)
                if fresh:
                    _link_batch(conn, fresh, sketcher, summary)
            summary.linked += len(fresh)
            done += len(batch)
            if on_progress:
                on_progress(done, len(todo))
        with engine.connect() as conn:
            summary.duplicates = int(conn.scalar(select(func.count()).select_from(duplicates)))
            summary.documents = int(conn.scalar(select(func.count()).select_from(documents)))
    summary.seconds = time.perf_counter() - started
    logger.info(
        "%s: linked %d documents in %.2f s: %d candidate pairs, %d duplicate pairs",
        source,
        summary.linked,
        summary.seconds,
        summary.candidates,
        summary.pairs,
    )
    return summary


def list_duplicates(store: Store) -> list[Duplicate]:
    """Every duplicate record in the store, by copy then original."""
    order = [duplicates.c[c] for c in DUPLICATES.order_by]
    with (
        translating("cannot read the store", store.source),
        store.engine.connect() as conn,
    ):
        rows = conn.execute(select(duplicates).order_by(*order))
        return [DUPLICATES.from_row(r._mapping) for r in rows]  # type: ignore[misc]


# -- helpers -----------------------------------------------------------------------------------


def _reset(conn: Connection, params: Params) -> None:
    """Forget all linking state (bands, linked marks, duplicate records); store ``params``."""
    logger.info("linking from scratch with %s", params.to_json())
    conn.execute(delete(link_bands))
    conn.execute(delete(link_documents))
    conn.execute(delete(duplicates))
    conn.execute(delete(meta).where(meta.c.key == PARAMS_KEY))
    conn.execute(insert(meta).values(key=PARAMS_KEY, value=params.to_json()))


def _unlinked(conn: Connection, batch: Sequence[str]) -> list[str]:
    """The documents of ``batch`` not marked as linked, in order."""
    linked: set[str] = set()
    for chunk in chunks(batch):
        query = select(link_documents.c.document_id).where(link_documents.c.document_id.in_(chunk))
        linked.update(conn.scalars(query))
    return [d for d in batch if d not in linked]


def _texts(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """id -> (text, published) for the given documents."""
    found: dict[str, tuple[str, str | None]] = {}
    for chunk in chunks(sorted(set(ids))):
        query = select(documents.c.id, documents.c.text, documents.c.published).where(
            documents.c.id.in_(chunk)
        )
        for row in conn.execute(query):
            found[row.id] = (row.text, row.published)
    return found


def _link_batch(
    conn: Connection, batch: Sequence[str], sketcher: Sketcher, summary: LinkSummary
) -> None:
    """Store the bucket keys of ``batch``, find its edges, and rewrite the groups it touches."""
    k = sketcher.params.shingle
    threshold = sketcher.params.threshold
    docs = _texts(conn, batch)
    sets: dict[str, set[str]] = {}
    keys_of: dict[str, list[str]] = {}
    for doc_id in batch:
        text = docs.get(doc_id, ("", None))[0]
        sets[doc_id] = shingles(text, k)
        # A text with fewer shingles than a duplicate must share can have no duplicate.
        if len(sets[doc_id]) >= sketcher.params.min_shared:
            keys_of[doc_id] = sketcher.keys(sets[doc_id])
    rows = [{"key": key, "document_id": d} for d, keys in keys_of.items() for key in keys]
    if rows:
        conn.execute(insert(link_bands), rows)
    conn.execute(insert(link_documents), [{"document_id": d} for d in batch])

    # Candidates: every document sharing a bucket (the batch's own included).
    by_key: dict[str, list[str]] = {}
    for key_chunk in chunks(sorted({key for keys in keys_of.values() for key in keys})):
        query = select(link_bands.c.key, link_bands.c.document_id).where(
            link_bands.c.key.in_(key_chunk)
        )
        for row in conn.execute(query):
            by_key.setdefault(row.key, []).append(row.document_id)
    pairs: set[tuple[str, str]] = set()
    for doc_id, keys in keys_of.items():
        for key in keys:
            for other in by_key.get(key, ()):
                if other != doc_id:
                    pairs.add((min(doc_id, other), max(doc_id, other)))
    if not pairs:
        return
    summary.candidates += len(pairs)
    others = {d for pair in pairs for d in pair} - sets.keys()
    for doc_id, (text, _) in _texts(conn, others).items():
        sets[doc_id] = shingles(text, k)
    edges = [
        (a, b)
        for a, b in sorted(pairs)
        if is_duplicate(sets[a], sets[b], threshold, sketcher.params.min_shared)
    ]
    summary.pairs += len(edges)
    if edges:
        summary.groups_rewritten += _regroup(conn, edges, sets, k)


def _regroup(
    conn: Connection, edges: Sequence[tuple[str, str]], sets: dict[str, set[str]], k: int
) -> int:
    """Merge ``edges`` with the stored groups they touch; rewrite those groups' records."""
    stored: list[tuple[str, str]] = []
    nodes = sorted({d for edge in edges for d in edge})
    # The stored groups of these nodes: their originals, then all copies of those originals.
    originals: set[str] = set()
    for chunk in chunks(nodes):
        query = select(duplicates.c.document_id, duplicates.c.original_id).where(
            or_(duplicates.c.document_id.in_(chunk), duplicates.c.original_id.in_(chunk))
        )
        for row in conn.execute(query):
            originals.add(row.original_id)
    for chunk in chunks(sorted(originals)):
        query = select(duplicates.c.document_id, duplicates.c.original_id).where(
            duplicates.c.original_id.in_(chunk)
        )
        stored.extend((row.document_id, row.original_id) for row in conn.execute(query))
    groups = components([*stored, *edges])
    members = sorted(d for group in groups for d in group)
    info = _texts(conn, members)
    for doc_id, (text, _) in info.items():
        if doc_id not in sets:
            sets[doc_id] = shingles(text, k)
    for chunk in chunks(members):
        conn.execute(
            delete(duplicates).where(
                or_(duplicates.c.document_id.in_(chunk), duplicates.c.original_id.in_(chunk))
            )
        )
    records: list[Duplicate] = []
    for group in groups:
        if len(group) < 2:
            continue
        present = [d for d in group if d in info]
        present.sort(key=lambda d: original_key(info[d][1], len(info[d][0]), d))
        if len(present) < 2:
            continue
        original = present[0]
        for copy in present[1:]:
            similarity = round(jaccard(sets[copy], sets[original]), 4)
            records.append(Duplicate(document=copy, original=original, similarity=similarity))
    if records:
        conn.execute(insert(duplicates), [DUPLICATES.to_row(r) for r in records])
    return sum(1 for g in groups if len(g) > 1)


def duplicate_groups(records: Iterable[Duplicate]) -> Mapping[str, list[Duplicate]]:
    """Duplicate records grouped by their original, in the records' order.

    >>> recs = [Duplicate(document="b", original="a", similarity=0.9),
    ...         Duplicate(document="c", original="a", similarity=0.7)]
    >>> {k: [r.document for r in v] for k, v in duplicate_groups(recs).items()}
    {'a': ['b', 'c']}
    """
    groups: dict[str, list[Duplicate]] = {}
    for record in records:
        groups.setdefault(record.original, []).append(record)
    return groups
