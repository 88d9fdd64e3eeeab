"""The poll loop: each due source is fetched (conditional GET), its new items are written
pending, fetched as pages and added to the store, then everything is linked once per round.

A round goes source by source in configuration order. For each source: if it is due, it is
polled, and every item not yet known to it is written ``pending``; then every pending item of
the source (new ones and any left by a watcher that was killed) is fetched and added, one at a
time, and marked ``added``, ``present`` or ``failed``. An error polling a source or adding an item
is logged and recorded against it; the other sources go on. After a round that added something,
:func:`dossier.link.link_all` links the new articles.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from spacy.language import Language

from dossier.errors import DossierError, StoreError
from dossier.fetch import Fetcher, FetchError, FetchResult
from dossier.fetch.errors import HTTPStatusFailure
from dossier.fetch.pages import add_urls, stored_for_key, url_key
from dossier.store import Store
from dossier.watch import state
from dossier.watch.discover import (
    Item,
    feed_items,
    filter_items,
    listing_items,
    sitemap_items,
)
from dossier.watch.sources import Source

logger = logging.getLogger(__name__)

MAX_WAIT = 30.0
"""Longest sleep of :func:`run_forever` between rounds, in seconds (a new source in the
store, or a stop, is noticed at least this often)."""


@dataclass
class SourceRound:
    """What one round did with one source."""

    name: str
    polled: bool = False
    http_status: int | None = None
    not_modified: bool = False
    found: int = 0
    """Items the source listed."""
    new: int = 0
    """Items written pending this round (new to the source, or requeued)."""
    added: int = 0
    present: int = 0
    failed: int = 0
    error: str | None = None


@dataclass
class RoundSummary:
    """What one round did: per source (only those polled or with pending items), and linking."""

    started: str
    sources: list[SourceRound] = field(default_factory=list)
    linked: bool = False
    link_error: str | None = None
    stopped: bool = False
    """The stop event was set during the round (the rest of it was left for the next)."""

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sources)

    @property
    def present(self) -> int:
        return sum(s.present for s in self.sources)

    @property
    def failed(self) -> int:
        return sum(s.failed for s in self.sources)

    @property
    def polled(self) -> int:
        return sum(s.polled for s in self.sources)

    @property
    def errors(self) -> int:
        return sum(s.error is not None for s in self.sources)

    def line(self) -> str:
        """One line for a log."""
        text = (
            f"polled {self.polled} source(s): {self.added} added, {self.present} present, "
            f"{self.failed} failed, {self.errors} source error(s)"
        )
        if self.link_error:
            text += f"; linking failed: {self.link_error}"
        return text


def describe_error(exc: BaseException) -> str:
    """An error as stored in ``watch_items.error`` / ``watch_sources.last_error``: its class
    (with the status for HTTP failures) and message, e.g. ``HTTPStatusFailure(503): ...``."""
    name = type(exc).__name__
    if isinstance(exc, HTTPStatusFailure):
        name = f"{name}({exc.status})"
    message = exc.message if isinstance(exc, DossierError) else str(exc)
    return f"{name}: {message}"


def _header(result: FetchResult, name: str) -> str | None:
    for key, value in result.headers.items():
        if key.lower() == name:
            return value
    return None


def _parse_time(value: str | None) -> str | None:
    """A feed or sitemap date as a stored UTC time string, or None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return state.iso(moment)


# -- polling one source ------------------------------------------------------------------------


def discover(
    source: Source, result: FetchResult, fetcher: Fetcher, *, since: str | None
) -> tuple[list[Item], list[str]]:
    """The items a fetched source lists, and errors met on child sitemaps.

    A sitemap index's children are fetched (one level) when their ``<lastmod>`` is missing or
    not before ``since`` (the previous poll; every child on the first poll).
    """
    base = result.final_url or source.url
    errors: list[str] = []
    if source.kind == "feed":
        items = feed_items(result.body, base)
    elif source.kind == "listing":
        return listing_items(result.body, base, pattern=source.pattern), errors
    else:
        found = sitemap_items(result.body, base)
        items = list(found.items)
        for child in found.children:
            changed = _parse_time(child.updated)
            if since and changed and changed < since:
                continue
            try:
                page = fetcher.get(child.url)
                items.extend(sitemap_items(page.body, page.final_url or child.url).items)
            except DossierError as exc:
                logger.warning("%s: child sitemap %s: %s", source.name, child.url, exc)
                errors.append(f"{child.url}: {describe_error(exc)}")
    return filter_items(items, source.pattern), errors


def _requeue_known(
    store: Store, source: Source, items: list[Item], keys: list[str], now: datetime
) -> int:
    """Requeue this source's known items that failed for a passing reason, or that the source
    says were updated after they were seen; how many were."""
    known = state.known_keys(store, source.name, keys)
    stamp = state.iso(now)
    transient, updated, latest = [], [], stamp
    for item, key in zip(items, keys, strict=True):
        row = known.get(key)
        if row is None:
            continue
        if row.state == "failed" and (row.error or "").startswith(state.TRANSIENT):
            transient.append(key)
        elif row.state in ("added", "present"):
            changed = _parse_time(item.updated)
            if changed and changed > row.seen_at:
                updated.append(key)
                latest = max(latest, changed)
    count = state.requeue(store, source.name, transient, stamp)
    # Seen "at" the latest update, so that a date in the future is not refetched every poll.
    return count + state.requeue(store, source.name, updated, latest)


def poll_source(
    store: Store, source: Source, fetcher: Fetcher, now: datetime, result: SourceRound
) -> None:
    """Fetch one source (conditional GET) and write its new items pending; errors are recorded
    against the source, never raised (except the store's own)."""
    remembered = state.source_state(store, source.name)
    etag = remembered.etag if remembered else None
    last_modified = remembered.last_modified if remembered else None
    since = remembered.last_polled if remembered else None
    result.polled = True
    try:
        fetched = fetcher.get(source.url, etag=etag, last_modified=last_modified)
    except FetchError as exc:
        result.error = describe_error(exc)
        result.http_status = getattr(exc, "status", None)
        logger.warning("%s: %s", source.name, result.error)
        state.record_poll(
            store,
            source,
            now=now,
            status=result.http_status,
            error=result.error,
            keep_validators=True,
        )
        return
    result.http_status = fetched.status
    if fetched.not_modified:
        result.not_modified = True
        logger.info("%s: not modified", source.name)
        state.record_poll(store, source, now=now, status=fetched.status, keep_validators=True)
        return
    try:
        items, child_errors = discover(source, fetched, fetcher, since=since)
    except DossierError as exc:
        result.error = describe_error(exc)
        logger.warning("%s: %s", source.name, result.error)
        state.record_poll(store, source, now=now, status=fetched.status, error=result.error)
        return
    keys = [url_key(i.url) for i in items]
    result.found = len(items)
    result.new = state.add_pending(
        store, source.name, list(zip(keys, (i.url for i in items), strict=True)), now
    )
    result.new += _requeue_known(store, source, items, keys, now)
    if child_errors:
        result.error = "; ".join(child_errors)
    logger.info("%s: %d item(s) listed, %d to fetch", source.name, result.found, result.new)
    state.record_poll(
        store,
        source,
        now=now,
        status=fetched.status,
        error=result.error,
        etag=_header(fetched, "etag"),
        last_modified=_header(fetched, "last-modified"),
        new_items=result.new,
    )


# -- adding items ------------------------------------------------------------------------------


def add_item(
    store: Store, nlp: Language, fetcher: Fetcher, url: str, *, refresh: bool = False
) -> tuple[str, str | None, str | None]:
    """Fetch one page and add it: (state, document id, error) with state ``added``,
    ``present`` or ``failed``."""
    outcomes = []
    try:
        summary = add_urls(
            store, nlp, [url], fetcher=fetcher, refresh=refresh, on_outcome=outcomes.append
        )
    except FetchError as exc:
        return "failed", None, describe_error(exc)
    document_id = next((o.document.id for o in outcomes if o.document is not None), None)
    if summary.added:
        return "added", document_id, None
    if summary.present:
        return "present", document_id or stored_for_key(store, url_key(url)), None
    error = next((o.error for o in outcomes if o.error is not None), None)
    if error is not None:
        return "failed", document_id, describe_error(error)
    reason = summary.failed[0][1] if summary.failed else "nothing came of the page"
    return "failed", document_id, reason


def process_pending(
    store: Store,
    nlp: Language,
    source: Source,
    fetcher: Fetcher,
    result: SourceRound,
    stop: threading.Event | None = None,
) -> bool:
    """Fetch and add every pending item of ``source``; False if stopped before the end."""
    for key, url, previous in state.pending_items(store, source.name):
        if stop is not None and stop.is_set():
            return False
        outcome, document_id, error = add_item(
            store, nlp, fetcher, url, refresh=previous is not None
        )
        state.finish_item(
            store, source.name, key, outcome, document_id=document_id or previous, error=error
        )
        setattr(result, outcome, getattr(result, outcome) + 1)
        if error:
            logger.warning("%s: %s: %s", source.name, url, error)
        else:
            logger.info("%s: %s %s", source.name, outcome, url)
    return True


# -- rounds ------------------------------------------------------------------------------------


def run_once(
    store: Store,
    nlp: Language,
    sources: Sequence[Source],
    fetcher: Fetcher,
    *,
    now: datetime | None = None,
    link: bool = True,
    stop: threading.Event | None = None,
) -> RoundSummary:
    """One round: poll the due sources, add every pending item, link if anything was added.

    ``now`` is the time the round runs at (what is due, what is stored); the current time by
    default. Errors of one source are recorded in its :class:`SourceRound` and the state;
    only a failing store raises.
    """
    now = state.utc(now)
    summary = RoundSummary(started=state.iso(now))
    state.sync_sources(store, sources)
    due = {s.name for s in state.due_sources(store, sources, now)}
    for source in sources:
        if stop is not None and stop.is_set():
            summary.stopped = True
            break
        result = SourceRound(source.name)
        try:
            if source.name in due:
                poll_source(store, source, fetcher, now, result)
            if not process_pending(store, nlp, source, fetcher, result, stop):
                summary.stopped = True
        except StoreError:
            raise
        except DossierError as exc:
            result.error = describe_error(exc)
            logger.error("%s: %s", source.name, result.error)
        except Exception as exc:  # a bug on one source must not stop the others
            result.error = describe_error(exc)
            logger.exception("%s: polling failed", source.name)
        if result.polled or result.added or result.present or result.failed or result.error:
            summary.sources.append(result)
    if link and summary.added:
        _link(store, summary)
    logger.info("round %s: %s", summary.started, summary.line())
    return summary


def _link(store: Store, summary: RoundSummary) -> None:
    from dossier.link import link_all

    try:
        linked = link_all(store)
    except DossierError as exc:
        summary.link_error = str(exc)
        logger.error("linking failed: %s", exc)
        return
    summary.linked = True
    logger.info("linked in %.1fs: %s", linked.seconds, linked.counts)


def run_forever(
    store: Store,
    nlp: Language,
    sources: Sequence[Source],
    fetcher: Fetcher,
    *,
    stop: threading.Event,
    on_round: Callable[[RoundSummary], None] | None = None,
    max_wait: float = MAX_WAIT,
    link: bool = True,
) -> None:
    """Rounds until ``stop`` is set: each waits for the next source to be due (at most
    ``max_wait`` seconds). A round that fails on the store is logged and tried again later."""
    while not stop.is_set():
        try:
            summary = run_once(store, nlp, sources, fetcher, link=link, stop=stop)
        except DossierError as exc:
            logger.error("round failed: %s", exc)
        else:
            if on_round is not None:
                on_round(summary)
        wait = max_wait
        try:
            due = state.next_due(store, sources)
        except DossierError as exc:
            logger.error("cannot read the watch state: %s", exc)
        else:
            if due is not None:
                wait = (due - datetime.now(UTC)).total_seconds()
        stop.wait(min(max(wait, 0.05), max_wait))
