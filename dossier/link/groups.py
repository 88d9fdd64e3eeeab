"""Incremental, order-independent grouping of items across the store (stories, ledgers).

A :class:`Grouping` says how to read a kind of item (an event, a figure) from the store, which
*block keys* it has, when two items belong together (:meth:`Grouping.same`) and how to write
the records of a group. :func:`link_groups` then does the rest, the same way for every kind:

* only documents not yet grouped for this kind are read; their items' block keys are stored
  (table ``link_group_blocks``) and every stored item that shares a key is a *candidate*;
* each (new item, candidate) pair is decided with :meth:`Grouping.same`; a match is an *edge*;
* edges join the stored groups they touch (table ``link_group_members``) into connected
  components; only those groups' records are deleted and rewritten.

Every pair of items that share a block key is decided exactly once, when the later of the two
is added, so the edge set, hence the groups, their ids (from their smallest item id) and their
records, do not depend on the order in which articles were added or linked. Nothing is compared
with the whole store: the cost of a new article is its items' lookups and the candidates in
their blocks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import Connection, and_, delete, insert, or_, select

from dossier.link.components import components
from dossier.link.sql import chunks, writing
from dossier.link.tables import group_blocks, group_documents, group_members, link_metadata
from dossier.model import stable_id
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import documents, duplicates

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Grouping(Protocol[T]):
    """What :func:`link_groups` needs to know about one kind of item."""

    kind: str
    """Short name of the kind ("story", "ledger"): the link tables are shared by kinds."""

    def load(self, conn: Connection, document_ids: Sequence[str]) -> dict[str, T]:
        """The items of these documents, by item id."""
        ...

    def load_items(self, conn: Connection, item_ids: Sequence[str]) -> dict[str, T]:
        """These stored items, by id (ids no longer in the store are left out)."""
        ...

    def blocks(self, item: T) -> list[str]:
        """Block keys: two items are compared only if they share one. None: never grouped."""
        ...

    def same(self, a: T, b: T) -> bool:
        """Whether two items belong in one group (symmetric)."""
        ...

    def clear(self, conn: Connection, group_ids: Sequence[str]) -> None:
        """Delete the records of these groups (ids of groups that have none are harmless)."""
        ...

    def write(self, conn: Connection, group_id: str, items: Sequence[T]) -> bool:
        """Write the record(s) of one group; False when the group makes none (e.g. too small)."""
        ...

    def clear_all(self, conn: Connection) -> None:
        """Delete every record of this kind (a rebuild)."""
        ...


@dataclass
class GroupSummary:
    """What one :func:`link_groups` run did."""

    kind: str
    documents: int = 0
    """Documents grouped in this run."""
    items: int = 0
    """Their items."""
    compared: int = 0
    """Pairs decided with ``same``."""
    edges: int = 0
    """Of those, matches."""
    groups_rewritten: int = 0
    """Groups whose records were rewritten."""
    records: int = 0
    """Groups that wrote records in this run."""
    seconds: float = 0.0


ProgressFn = Callable[[int, int], None]


def group_id(kind: str, item_ids: Iterable[str]) -> str:
    """A group's id: a hash of its kind and its smallest item id, so the same members give
    the same id whatever order they came in.

    >>> group_id("story", ["evt_b", "evt_a"]) == group_id("story", ["evt_a", "evt_b"])
    True
    """
    return stable_id(kind[:5], kind, min(item_ids))


def link_groups(
    store: Store,
    grouping: Grouping[T],
    *,
    batch_size: int = 200,
    rebuild: bool = False,
    on_progress: ProgressFn | None = None,
) -> GroupSummary:
    """Group the items of documents not yet grouped for ``grouping.kind``; rewrite the groups
    they touch. Idempotent. Raises :class:`~dossier.errors.StoreError` for the store."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    kind = grouping.kind
    summary = GroupSummary(kind=kind)
    started = time.perf_counter()
    with translating(f"cannot link {kind} groups in the store", store.source):
        engine = store.engine
        with writing(engine) as conn:
            link_metadata.create_all(conn)
            if rebuild:
                _reset(conn, grouping)
        with engine.connect() as conn:
            done = group_documents.c
            todo = list(
                conn.scalars(
                    select(documents.c.id)
                    .outerjoin(
                        group_documents,
                        and_(done.document_id == documents.c.id, done.kind == kind),
                    )
                    .where(done.document_id.is_(None))
                    .order_by(documents.c.id)
                )
            )
        if on_progress:
            on_progress(0, len(todo))
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            with writing(engine) as conn:
                fresh = _ungrouped(conn, kind, batch)
                if fresh:
                    _group_batch(conn, grouping, fresh, summary)
                    conn.execute(
                        insert(group_documents), [{"kind": kind, "document_id": d} for d in fresh]
                    )
            summary.documents += len(fresh)
            if on_progress:
                on_progress(start + len(batch), len(todo))
    summary.seconds = time.perf_counter() - started
    logger.info(
        "%s: grouped %d %s items of %d documents in %.2f s (%d pairs, %d matches)",
        store.source,
        summary.items,
        kind,
        summary.documents,
        summary.seconds,
        summary.compared,
        summary.edges,
    )
    return summary


@dataclass
class Copies:
    """The duplicate links of some documents (see :func:`copies`)."""

    original: dict[str, str]
    """copy document id -> its original."""
    copies: dict[str, list[str]]
    """original document id -> its copies, in id order."""


def copies(conn: Connection, document_ids: Iterable[str]) -> Copies:
    """The duplicate records that name any of ``document_ids``, as copy or as original."""
    found = Copies({}, {})
    for chunk in chunks(sorted(set(document_ids))):
        query = select(duplicates.c.document_id, duplicates.c.original_id).where(
            or_(duplicates.c.document_id.in_(chunk), duplicates.c.original_id.in_(chunk))
        )
        for row in conn.execute(query):
            found.original[row.document_id] = row.original_id
    for copy, original in sorted(found.original.items()):
        found.copies.setdefault(original, []).append(copy)
    return found


def document_info(
    conn: Connection, document_ids: Iterable[str]
) -> dict[str, tuple[str | None, str | None]]:
    """document id -> (outlet, published)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for chunk in chunks(sorted(set(document_ids))):
        query = select(documents.c.id, documents.c.outlet, documents.c.published).where(
            documents.c.id.in_(chunk)
        )
        found.update((row.id, (row.outlet, row.published)) for row in conn.execute(query))
    return found


def rewrite_groups(store: Store, grouping: Grouping[T], document_ids: Iterable[str]) -> int:
    """Rewrite the records of the groups that hold items of these documents (their members
    do not change): for when something a record shows changed, e.g. a document became a
    copy of another. Returns the number of groups rewritten."""
    docs = sorted(set(document_ids))
    if not docs:
        return 0
    kind = grouping.kind
    rewritten = 0
    with (
        translating(f"cannot link {kind} groups in the store", store.source),
        writing(store.engine) as conn,
    ):
        link_metadata.create_all(conn)
        items = grouping.load(conn, docs)
        group_ids: set[str] = set()
        for chunk in chunks(sorted(items)):
            query = select(group_members.c.group_id).where(
                group_members.c.kind == kind, group_members.c.item_id.in_(chunk)
            )
            group_ids.update(conn.scalars(query))
        members: dict[str, list[str]] = {}
        for chunk in chunks(sorted(group_ids)):
            query = select(group_members.c.item_id, group_members.c.group_id).where(
                group_members.c.kind == kind, group_members.c.group_id.in_(chunk)
            )
            for row in conn.execute(query):
                members.setdefault(row.group_id, []).append(row.item_id)
        known = dict(items)
        wanted = sorted({i for ids in members.values() for i in ids} - known.keys())
        known.update(grouping.load_items(conn, wanted))
        grouping.clear(conn, sorted(members))
        for gid, ids in sorted(members.items()):
            grouping.write(conn, gid, [known[i] for i in sorted(ids) if i in known])
            rewritten += 1
    return rewritten


# -- helpers -----------------------------------------------------------------------------------


def _reset(conn: Connection, grouping: Grouping[T]) -> None:
    kind = grouping.kind
    logger.info("grouping %s items from scratch", kind)
    for table in (group_blocks, group_members, group_documents):
        conn.execute(delete(table).where(table.c.kind == kind))
    grouping.clear_all(conn)


def _ungrouped(conn: Connection, kind: str, batch: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    for chunk in chunks(batch):
        query = select(group_documents.c.document_id).where(
            group_documents.c.kind == kind, group_documents.c.document_id.in_(chunk)
        )
        seen.update(conn.scalars(query))
    return [d for d in batch if d not in seen]


def _group_batch(
    conn: Connection, grouping: Grouping[T], batch: Sequence[str], summary: GroupSummary
) -> None:
    kind = grouping.kind
    items = grouping.load(conn, batch)
    summary.items += len(items)
    blocks_of = {item_id: sorted(set(grouping.blocks(item))) for item_id, item in items.items()}
    rows = [
        {"kind": kind, "block": block, "item_id": item_id}
        for item_id, blocks in blocks_of.items()
        for block in blocks
    ]
    if rows:
        conn.execute(insert(group_blocks), rows)

    # Candidates: every stored item sharing a block (this batch's own included).
    members_of: dict[str, list[str]] = {}
    for chunk in chunks(sorted({b for blocks in blocks_of.values() for b in blocks})):
        query = select(group_blocks.c.block, group_blocks.c.item_id).where(
            group_blocks.c.kind == kind, group_blocks.c.block.in_(chunk)
        )
        for row in conn.execute(query):
            members_of.setdefault(row.block, []).append(row.item_id)
    pairs: set[tuple[str, str]] = set()
    for item_id, blocks in blocks_of.items():
        for block in blocks:
            for other in members_of.get(block, ()):
                # A pair of two new items is decided once; a new and an old item, here.
                if other != item_id and not (other in items and other < item_id):
                    pairs.add((min(item_id, other), max(item_id, other)))
    if not pairs:
        return
    known = dict(items)
    others = sorted({i for pair in pairs for i in pair} - known.keys())
    known.update(grouping.load_items(conn, others))
    edges = []
    for a, b in sorted(pairs):
        if a in known and b in known:
            summary.compared += 1
            if grouping.same(known[a], known[b]):
                edges.append((a, b))
    summary.edges += len(edges)
    if edges:
        _regroup(conn, grouping, edges, known, summary)


def _regroup(
    conn: Connection,
    grouping: Grouping[T],
    edges: Sequence[tuple[str, str]],
    known: dict[str, T],
    summary: GroupSummary,
) -> None:
    """Merge ``edges`` with the stored groups they touch; rewrite those groups."""
    kind = grouping.kind
    nodes = sorted({i for edge in edges for i in edge})
    old_groups: set[str] = set()
    stored: list[tuple[str, str]] = []
    for chunk in chunks(nodes):
        query = select(group_members.c.group_id).where(
            group_members.c.kind == kind, group_members.c.item_id.in_(chunk)
        )
        old_groups.update(conn.scalars(query))
    for chunk in chunks(sorted(old_groups)):
        query = select(group_members.c.item_id, group_members.c.group_id).where(
            group_members.c.kind == kind, group_members.c.group_id.in_(chunk)
        )
        stored.extend((row.item_id, f"group:{row.group_id}") for row in conn.execute(query))
    joined = [
        [i for i in group if not i.startswith("group:")] for group in components([*stored, *edges])
    ]
    members = sorted(i for group in joined for i in group)
    missing = [i for i in members if i not in known]
    known.update(grouping.load_items(conn, missing))

    grouping.clear(conn, sorted(old_groups))
    for chunk in chunks(sorted(old_groups)):
        conn.execute(
            delete(group_members).where(
                group_members.c.kind == kind, group_members.c.group_id.in_(chunk)
            )
        )
    rows = []
    for group in joined:
        present = sorted(i for i in group if i in known)
        if len(present) < 2:
            continue
        gid = group_id(kind, present)
        rows.extend({"kind": kind, "item_id": i, "group_id": gid} for i in present)
        summary.groups_rewritten += 1
        if grouping.write(conn, gid, [known[i] for i in present]):
            summary.records += 1
    if rows:
        conn.execute(insert(group_members), rows)


__all__ = [
    "Copies",
    "GroupSummary",
    "Grouping",
    "copies",
    "document_info",
    "group_id",
    "link_groups",
    "rewrite_groups",
]
