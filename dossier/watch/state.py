"""The watcher's state in the store: ``watch_sources`` (one row per source: conditional-GET
validators, last and next poll, counters) and ``watch_items`` (one row per source and item URL).

An item is written ``pending`` before it is fetched and ``added``, ``present`` or ``failed``
after, so a watcher killed mid-round finds its pending items on restart and fetches them then;
an item already known to a source is never fetched for it again (unless it failed for a reason
that may pass, or the source says it was updated: see :func:`requeue`).

Times are ISO 8601 strings in UTC (``2025-10-07T12:00:00+00:00``), which sort as they compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, insert, select, update

from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.follow import watch_items, watch_sources
from dossier.watch.sources import Source

STATES = ("pending", "added", "present", "failed")
TRANSIENT = ("FetchTimeout", "HTTPStatusFailure(429)", "HTTPStatusFailure(5", "FetchError")
"""Starts of the ``error`` of a failed item that may pass: such items are fetched again when
their source lists them again (see :func:`requeue`)."""
_CHUNK = 400


def utc(now: datetime | None = None) -> datetime:
    """``now`` (naive taken as UTC) or the current time, in UTC, to the second."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    """The stored form of a time."""
    return utc(moment).isoformat()


@dataclass(frozen=True)
class SourceState:
    """What the store remembers of one source."""

    name: str
    etag: str | None
    last_modified: str | None
    last_polled: str | None
    next_poll: str | None


def sync_sources(store: Store, sources: Sequence[Source]) -> None:
    """Make ``watch_sources`` agree with the configuration: new sources are due at once; a
    source whose kind or URL changed forgets its validators and is due at once; a changed
    interval moves the next poll to the last poll plus the new interval."""
    with translating("cannot write the watch state", store.source), store._writing() as conn:
        rows = {r.name: r for r in conn.execute(select(watch_sources))}
        for s in sources:
            row = rows.get(s.name)
            if row is None:
                conn.execute(
                    insert(watch_sources).values(
                        name=s.name,
                        kind=s.kind,
                        url=s.url,
                        interval_s=s.interval_s,
                        polls=0,
                        errors=0,
                        items=0,
                    )
                )
                continue
            values: dict[str, Any] = {}
            if row.kind != s.kind or row.url != s.url:
                values.update(kind=s.kind, url=s.url, etag=None, last_modified=None, next_poll=None)
            if row.interval_s != s.interval_s:
                values["interval_s"] = s.interval_s
                if "next_poll" not in values and row.last_polled:
                    last = datetime.fromisoformat(row.last_polled)
                    values["next_poll"] = iso(last + timedelta(seconds=s.interval_s))
            if values:
                conn.execute(
                    update(watch_sources).where(watch_sources.c.name == s.name).values(**values)
                )


def source_state(store: Store, name: str) -> SourceState | None:
    """The stored state of one source, or None if it was never synced."""
    with translating("cannot read the watch state", store.source), store._reading() as conn:
        row = conn.execute(select(watch_sources).where(watch_sources.c.name == name)).first()
    if row is None:
        return None
    return SourceState(row.name, row.etag, row.last_modified, row.last_polled, row.next_poll)


def due_sources(store: Store, sources: Sequence[Source], now: datetime) -> list[Source]:
    """The sources never polled or whose next poll is at or before ``now``, in config order."""
    stamp = iso(now)
    with translating("cannot read the watch state", store.source), store._reading() as conn:
        next_poll = dict(
            conn.execute(select(watch_sources.c.name, watch_sources.c.next_poll)).all()
        )
    return [s for s in sources if not next_poll.get(s.name) or next_poll[s.name] <= stamp]


def record_poll(
    store: Store,
    source: Source,
    *,
    now: datetime,
    status: int | None,
    etag: str | None = None,
    last_modified: str | None = None,
    error: str | None = None,
    new_items: int = 0,
    keep_validators: bool = False,
) -> None:
    """Note a poll of ``source``: when, its HTTP status, its error (None clears it), the
    validators for the next conditional GET (kept as they were with ``keep_validators``), and
    when it is next due."""
    values: dict[str, Any] = {
        "last_polled": iso(now),
        "next_poll": iso(now + timedelta(seconds=source.interval_s)),
        "last_status": status,
        "last_error": error,
        "polls": watch_sources.c.polls + 1,
        "errors": watch_sources.c.errors + (1 if error else 0),
        "items": watch_sources.c["items"] + new_items,
    }
    if not keep_validators:
        values.update(etag=etag, last_modified=last_modified)
    with translating("cannot write the watch state", store.source), store._writing() as conn:
        conn.execute(
            update(watch_sources).where(watch_sources.c.name == source.name).values(values)
        )


def known_keys(store: Store, source: str, keys: Iterable[str]) -> dict[str, Any]:
    """The ``watch_items`` rows of ``source`` among ``keys``, by url_key."""
    keys = list(dict.fromkeys(keys))
    found: dict[str, Any] = {}
    with translating("cannot read the watch state", store.source), store._reading() as conn:
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            query = select(watch_items).where(
                and_(watch_items.c.source == source, watch_items.c.url_key.in_(chunk))
            )
            found.update((r.url_key, r) for r in conn.execute(query))
    return found


def add_pending(store: Store, source: str, items: Sequence[tuple[str, str]], now: datetime) -> int:
    """Write the (url_key, url) pairs not yet known to ``source`` as pending; how many were."""
    known = known_keys(store, source, (k for k, _ in items))
    stamp = iso(now)
    rows, seen = [], set(known)
    for key, url in items:
        if key not in seen:
            seen.add(key)
            rows.append(
                {"source": source, "url_key": key, "url": url, "seen_at": stamp, "state": "pending"}
            )
    if rows:
        with translating("cannot write the watch state", store.source), store._writing() as conn:
            conn.execute(insert(watch_items), rows)
    return len(rows)


def requeue(store: Store, source: str, keys: Iterable[str], seen_at: str) -> int:
    """Set back to pending the given items of ``source``, seen at ``seen_at``; how many were.
    Used for items that failed for a reason that may pass (:data:`TRANSIENT`) and for items the
    source says were updated after they were seen (their ``document_id`` is kept, so the page
    is fetched again as a new version of it)."""
    keys = list(keys)
    if not keys:
        return 0
    stamp = seen_at
    count = 0
    with translating("cannot write the watch state", store.source), store._writing() as conn:
        for start in range(0, len(keys), _CHUNK):
            result = conn.execute(
                update(watch_items)
                .where(watch_items.c.source == source)
                .where(watch_items.c.url_key.in_(keys[start : start + _CHUNK]))
                .values(state="pending", seen_at=stamp)
            )
            count += result.rowcount or 0
    return count


def pending_items(store: Store, source: str) -> list[tuple[str, str, str | None]]:
    """The (url_key, url, document_id) of ``source``'s pending items, the earliest seen first
    (``document_id`` is set for an item fetched before and requeued as updated)."""
    query = (
        select(watch_items.c.url_key, watch_items.c.url, watch_items.c.document_id)
        .where(watch_items.c.source == source, watch_items.c.state == "pending")
        .order_by(watch_items.c.seen_at, watch_items.c.url)
    )
    with translating("cannot read the watch state", store.source), store._reading() as conn:
        return [(r.url_key, r.url, r.document_id) for r in conn.execute(query)]


def finish_item(
    store: Store,
    source: str,
    key: str,
    state: str,
    *,
    document_id: str | None = None,
    error: str | None = None,
) -> None:
    """Record what became of one item: ``added``, ``present`` or ``failed``."""
    if state not in STATES[1:]:
        raise ValueError(f"not a final item state: {state!r}")
    with translating("cannot write the watch state", store.source), store._writing() as conn:
        conn.execute(
            update(watch_items)
            .where(watch_items.c.source == source, watch_items.c.url_key == key)
            .values(state=state, document_id=document_id, error=error)
        )


def next_due(store: Store, sources: Sequence[Source]) -> datetime | None:
    """The earliest next poll among ``sources`` (None if one was never polled)."""
    names = {s.name for s in sources}
    with translating("cannot read the watch state", store.source), store._reading() as conn:
        rows = conn.execute(select(watch_sources.c.name, watch_sources.c.next_poll)).all()
    polls = {name: due for name, due in rows if name in names}
    if len(polls) < len(names) or any(not due for due in polls.values()):
        return None
    return min(datetime.fromisoformat(due) for due in polls.values())


def status_rows(store: Store) -> list[dict[str, Any]]:
    """One dict per stored source, by name: its ``watch_sources`` columns and a count of its
    items in each state (``pending``, ``added``, ``present``, ``failed``)."""
    with translating("cannot read the watch state", store.source), store._reading() as conn:
        sources = [dict(r._mapping) for r in conn.execute(select(watch_sources))]
        counts = conn.execute(
            select(watch_items.c.source, watch_items.c.state, func.count()).group_by(
                watch_items.c.source, watch_items.c.state
            )
        ).all()
    by_source: dict[str, dict[str, int]] = {}
    for name, state, count in counts:
        by_source.setdefault(name, {})[state] = int(count)
    rows = []
    for row in sorted(sources, key=lambda r: r["name"]):
        tally = by_source.get(row["name"], {})
        row.update({state: tally.get(state, 0) for state in STATES})
        rows.append(row)
    return rows
