"""Read queries beyond :class:`~dossier.store.Store`: filters, pagination, search, membership.

Plain functions taking a :class:`Store`, shared by the API, the web pages and the CLI. Every
list comes back as a :class:`Page` (the items, the total that matched, the limit and offset).
The SQL is SQLAlchemy Core that runs the same on SQLite and PostgreSQL: text filters are
case-insensitive ``LIKE`` with the wildcards of the user's text escaped, dates are ISO strings
compared as strings.

>>> from dossier.store import open_store
>>> with open_store("sqlite://") as store:
...     page = list_documents(store, outlet="Reuters")
>>> page.items, page.total
([], 0)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    case,
    func,
    inspect,
    or_,
    select,
)

from dossier.errors import DossierError, NotFoundError
from dossier.model import Claim, Document, Event, Figure, Ledger, Story
from dossier.store.failures import translating
from dossier.store.schema import (
    CLAIMS,
    DOCUMENTS,
    EVENTS,
    FIGURES,
    LEDGERS,
    STORIES,
    RecordMap,
    claims,
    documents,
    entities,
    events,
    figures,
    ledgers,
    stories,
)
from dossier.store.store import Store

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_LIMIT = 200
"""The most items one page may hold."""
DEFAULT_LIMIT = 50
SNIPPET_WIDTH = 160
_AMBIGUOUS_SHOWN = 5


class AmbiguousIdError(DossierError):
    """An id prefix that starts the ids of several records."""

    exit_code = 5


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: the items, how many matched in all, and where the page starts."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class DocumentRef:
    """The article a record comes from, as lists show it."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None


@dataclass(frozen=True)
class Hit(Generic[T]):
    """A record of one article (an event, a claim, a figure) with that article."""

    record: T
    document: DocumentRef


@dataclass(frozen=True)
class EntitySummary:
    """One name across the store: how it is typed and coded, in how many articles."""

    name: str
    kind: str
    code: str | None
    country: str | None
    documents: int
    records: int


@dataclass(frozen=True)
class SearchHit:
    """A document or a claim that contains the searched text."""

    type: str
    """``document`` or ``claim``."""
    id: str
    document: DocumentRef
    snippet: str
    score: int
    """2: the title contains every term; 1: the text does (claims: 1)."""
    rank: float = 0.0
    """Relevance within a score, higher first (bm25 on SQLite, ts_rank on PostgreSQL: the
    values are not comparable across backends; 0 for claims and for :func:`search_like`)."""
    highlight: str = ""
    """``snippet`` with each term marked ``<mark>``...``</mark>`` (not escaped)."""
    marks: tuple[tuple[int, int], ...] = ()
    """Where the terms are in ``snippet``: (start, end) character offsets."""


@dataclass(frozen=True)
class Memberships:
    """Which story each event of a document belongs to, which ledger each figure."""

    stories: dict[str, str] = field(default_factory=dict)
    ledgers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Home:
    """What the home page shows: latest stories, most contested ledgers, counts."""

    stories: list[Story]
    ledgers: list[Ledger]
    counts: dict[str, int]


# -- helpers ----------------------------------------------------------------------------------


def check_page(limit: int, offset: int) -> None:
    """Refuse a page outside 1..MAX_LIMIT items or a negative offset (ValueError).

    >>> check_page(50, 0)
    >>> check_page(0, 0)
    Traceback (most recent call last):
    ...
    ValueError: limit must be between 1 and 200, not 0
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise ValueError(f"offset must not be negative, not {offset}")


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text``, case-insensitive, ``%`` and ``_`` taken literally."""
    return column.icontains(text, autoescape=True)


def date_range(column: Any, date_from: str | None, date_to: str | None) -> list[ColumnElement]:
    """Conditions keeping ISO dates within [date_from, date_to], each bound compared with as
    many characters of the date as it has: ``date_to="2026-03"`` keeps all of March, and a
    date of ``2026`` alone is before ``date_from="2026-03-01"``."""
    conds: list[ColumnElement] = []
    if date_from:
        conds.append(func.substr(column, 1, len(date_from)) >= date_from)
    if date_to:
        conds.append(func.substr(column, 1, len(date_to)) <= date_to)
    return conds


def _page(
    conn: Connection,
    query: Select,
    limit: int,
    offset: int,
    convert: Callable[[Any], T],
) -> Page[T]:
    check_page(limit, offset)
    total = int(conn.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
    rows = conn.execute(query.limit(limit).offset(offset)) if total > offset else []
    return Page([convert(r) for r in rows], total, limit, offset)


def _ref(row: Any) -> DocumentRef:
    m = row._mapping
    return DocumentRef(m["document_id"], m["doc_title"], m["doc_outlet"], m["doc_published"])


_DOC_COLUMNS = (
    documents.c.title.label("doc_title"),
    documents.c.outlet.label("doc_outlet"),
    documents.c.published.label("doc_published"),
)


def _hit(rmap: RecordMap) -> Callable[[Any], Hit]:
    return lambda row: Hit(rmap.from_row(row._mapping), _ref(row))


def _reading(store: Store):
    return translating("cannot read the store", store.source)


# -- documents --------------------------------------------------------------------------------


def list_documents(
    store: Store,
    *,
    outlet: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Document]:
    """Stored documents, the latest published first (undated last, then the latest added).

    ``outlet`` is matched whole, case-insensitive; the dates bound the publication date.
    """
    conds = date_range(documents.c.published, published_from, published_to)
    if outlet:
        conds.append(func.lower(documents.c.outlet) == outlet.strip().lower())
    query = (
        select(documents)
        .where(*conds)
        .order_by(
            documents.c.published.is_(None),
            documents.c.published.desc(),
            documents.c.added_at.desc(),
            documents.c.id,
        )
    )
    with _reading(store), store.engine.connect() as conn:
        return _page(conn, query, limit, offset, lambda r: DOCUMENTS.from_row(r._mapping))


def find_document_id(store: Store, prefix: str) -> str:
    """The id of the document whose id is ``prefix`` or starts with it.

    Raises :class:`NotFoundError` when none does, :class:`AmbiguousIdError` when several do.
    """
    prefix = prefix.strip()
    if not prefix:
        raise NotFoundError("no document with an empty id", source=store.source)
    with _reading(store), store.engine.connect() as conn:
        if conn.scalar(select(documents.c.id).where(documents.c.id == prefix)) is not None:
            return prefix
        ids = list(
            conn.scalars(
                select(documents.c.id)
                .where(documents.c.id.startswith(prefix, autoescape=True))
                .order_by(documents.c.id)
                .limit(_AMBIGUOUS_SHOWN + 1)
            )
        )
    if not ids:
        raise NotFoundError(f"no document id starts with {prefix!r}", source=store.source)
    if len(ids) > 1:
        shown = ", ".join(ids[:_AMBIGUOUS_SHOWN])
        raise AmbiguousIdError(f"id prefix {prefix!r} starts several ids: {shown}")
    return ids[0]


def memberships(store: Store, event_ids: Iterable[str], figure_ids: Iterable[str]) -> Memberships:
    """The story of each event and the ledger of each figure that has one.

    Reads the link stage's group table (absent from a store never linked: then nothing).
    """
    from dossier.link.tables import group_members

    wanted = {"story": sorted(set(event_ids)), "ledger": sorted(set(figure_ids))}
    found: dict[str, dict[str, str]] = {"story": {}, "ledger": {}}
    with _reading(store), store.engine.connect() as conn:
        if not inspect(conn).has_table(group_members.name):
            return Memberships()
        # Stories group articles; their events are members of kind "story-event".
        for kind, member, table in (
            ("story", "story-event", stories),
            ("ledger", "ledger", ledgers),
        ):
            ids = wanted[kind]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                query = (
                    select(group_members.c.item_id, group_members.c.group_id)
                    .join(table, table.c.id == group_members.c.group_id)
                    .where(group_members.c.kind == member, group_members.c.item_id.in_(chunk))
                )
                found[kind].update({r.item_id: r.group_id for r in conn.execute(query)})
    return Memberships(stories=found["story"], ledgers=found["ledger"])


# -- entities ---------------------------------------------------------------------------------


def list_entities(
    store: Store,
    *,
    name: str | None = None,
    code: str | None = None,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[EntitySummary]:
    """Entities across documents, one row per (name, kind, code, country), the most reported
    first. ``name`` is a case-insensitive part of the name; ``code`` a code or its start
    (``RUS`` finds ``RUSGOV``); ``kind`` one of the entity kinds."""
    conds: list[ColumnElement] = []
    if name:
        conds.append(contains(entities.c.name, name.strip()))
    if code:
        conds.append(entities.c.code.startswith(code.strip().upper(), autoescape=True))
    if kind:
        conds.append(entities.c.kind == kind)
    n_docs = func.count(entities.c.document_id.distinct())
    query = (
        select(
            entities.c.name,
            entities.c.kind,
            entities.c.code,
            entities.c.country,
            n_docs.label("n_docs"),
            func.count().label("n_records"),
        )
        .where(*conds)
        .group_by(entities.c.name, entities.c.kind, entities.c.code, entities.c.country)
        .order_by(n_docs.desc(), entities.c.name, entities.c.kind, entities.c.code)
    )

    def convert(r: Any) -> EntitySummary:
        return EntitySummary(r.name, r.kind, r.code, r.country, int(r.n_docs), int(r.n_records))

    with _reading(store), store.engine.connect() as conn:
        return _page(conn, query, limit, offset, convert)


# -- events, claims, figures ------------------------------------------------------------------


def _document_conds(outlet: str | None, document: str | None) -> list[ColumnElement]:
    conds: list[ColumnElement] = []
    if outlet:
        conds.append(func.lower(documents.c.outlet) == outlet.strip().lower())
    if document:
        conds.append(documents.c.id == document.strip())
    return conds


def list_events(
    store: Store,
    *,
    actor: str | None = None,
    plover: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    document: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Hit[Event]]:
    """Events, the latest first. ``actor``: an actor code or its start, on either side
    (``RUS`` finds ``RUSGOV`` as actor1 or actor2); ``plover``: the event type; the dates
    bound the event's time, else its article's publication date."""
    when = func.coalesce(events.c.time, documents.c.published)
    conds = [*date_range(when, date_from, date_to), *_document_conds(outlet, document)]
    if actor:
        code = actor.strip().upper()
        conds.append(
            or_(
                events.c.actor1_code.startswith(code, autoescape=True),
                events.c.actor2_code.startswith(code, autoescape=True),
            )
        )
    if plover:
        conds.append(events.c.plover == plover.strip().upper())
    query = (
        select(events, *_DOC_COLUMNS)
        .join(documents, documents.c.id == events.c.document_id)
        .where(*conds)
        .order_by(when.is_(None), when.desc(), events.c.document_id, events.c.seq)
    )
    with _reading(store), store.engine.connect() as conn:
        return _page(
            conn, query, limit, offset, lambda r: Hit(EVENTS.from_row(r._mapping), _ref(r))
        )


def list_claims(
    store: Store,
    *,
    source: str | None = None,
    modality: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    document: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Hit[Claim]]:
    """Claims, the latest first. ``source``: a part of the source's words (case-insensitive)
    or the id of its entity; the dates bound the claim's time, else the publication date."""
    when = func.coalesce(claims.c.time, documents.c.published)
    conds = [*date_range(when, date_from, date_to), *_document_conds(outlet, document)]
    if source:
        text = source.strip()
        conds.append(
            or_(contains(claims.c.source["text"].as_string(), text), claims.c.source_entity == text)
        )
    if modality:
        conds.append(claims.c.modality == modality)
    query = (
        select(claims, *_DOC_COLUMNS)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(*conds)
        .order_by(when.is_(None), when.desc(), claims.c.document_id, claims.c.seq)
    )
    with _reading(store), store.engine.connect() as conn:
        return _page(conn, query, limit, offset, _hit(CLAIMS))


def list_figures(
    store: Store,
    *,
    unit: str | None = None,
    measure: str | None = None,
    source: str | None = None,
    outlet: str | None = None,
    document: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Hit[Figure]]:
    """Figures, the latest published first. ``unit`` and ``measure`` are matched whole
    (case-insensitive); ``source`` is a part of the words of the source of the figure's claim."""
    conds = _document_conds(outlet, document)
    if unit:
        conds.append(func.lower(figures.c.unit) == unit.strip().lower())
    if measure:
        conds.append(func.lower(figures.c.measure) == measure.strip().lower())
    query = select(figures, *_DOC_COLUMNS).join(documents, documents.c.id == figures.c.document_id)
    if source:
        query = query.join(claims, claims.c.id == figures.c.claim)
        conds.append(contains(claims.c.source["text"].as_string(), source.strip()))
    query = query.where(*conds).order_by(
        documents.c.published.is_(None),
        documents.c.published.desc(),
        figures.c.document_id,
        figures.c.seq,
    )
    with _reading(store), store.engine.connect() as conn:
        return _page(conn, query, limit, offset, _hit(FIGURES))


# -- stories and ledgers ----------------------------------------------------------------------


def list_stories(
    store: Store,
    *,
    plover: str | None = None,
    latest: bool = False,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Story]:
    """Stories, the most reported first (``latest``: the latest first); ``plover`` keeps one
    event type."""
    conds = [stories.c.plover == plover.strip().upper()] if plover else []
    order = (
        (stories.c.time.is_(None), stories.c.time.desc(), stories.c.documents.desc())
        if latest
        else (stories.c.documents.desc(), stories.c.time.is_(None), stories.c.time.desc())
    )
    query = select(stories).where(*conds).order_by(*order, stories.c.id)
    with _reading(store), store.engine.connect() as conn:
        return _page(conn, query, limit, offset, lambda r: STORIES.from_row(r._mapping))


def list_ledgers(
    store: Store,
    *,
    text: str | None = None,
    contested: bool | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Ledger]:
    """Ledgers, contested first, then the most sourced. ``text``: words in what the ledger
    counts or who says it (as :func:`dossier.link.ledgers.list_ledgers`); ``contested``
    keeps the contested (True) or the uncontested (False) ones."""
    check_page(limit, offset)
    if text:
        from dossier.link.ledgers import list_ledgers as find_ledgers

        found = find_ledgers(store, text)
        if contested is not None:
            found = [ledger for ledger in found if ledger.contested == contested]
        return Page(found[offset : offset + limit], len(found), limit, offset)
    conds = [ledgers.c.contested == contested] if contested is not None else []
    query = (
        select(ledgers)
        .where(*conds)
        .order_by(ledgers.c.contested.desc(), ledgers.c.documents.desc(), ledgers.c.id)
    )
    with _reading(store), store.engine.connect() as conn:
        return _page(conn, query, limit, offset, lambda r: LEDGERS.from_row(r._mapping))


def home(store: Store, *, stories_shown: int = 10, ledgers_shown: int = 10) -> Home:
    """The latest stories, the most contested ledgers and the store's counts."""
    counts = store.counts()
    latest = list_stories(store, latest=True, limit=stories_shown).items
    contested = list_ledgers(store, limit=ledgers_shown).items
    return Home(latest, contested, counts)


# -- search -----------------------------------------------------------------------------------


def snippet(text: str, needle: str, width: int = SNIPPET_WIDTH) -> str:
    """About ``width`` characters of ``text`` around the first place ``needle`` is in it.

    >>> snippet("The army said 30 people were killed in the strike.", "killed", 20)
    '…were killed in…'
    >>> snippet("Short.", "absent")
    'Short.'
    """
    flat = " ".join(text.split())
    at = flat.casefold().find(needle.casefold())
    if at < 0 or len(flat) <= width:
        return flat if len(flat) <= width else flat[: width - 1] + "…"
    start = max(0, at - (width - len(needle)) // 2)
    end = min(len(flat), start + width)
    start = max(0, end - width)
    # Cut at spaces, not inside words (when the window has a space on that side).
    if start and (cut := flat.find(" ", start, at)) >= 0:
        start = cut + 1
    if end < len(flat) and (cut := flat.rfind(" ", at + len(needle), end)) >= 0:
        end = cut
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def search_like(
    store: Store, q: str, *, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page[SearchHit]:
    """The search before indexes (kept for benchmarks and tests): documents whose title or
    text, and claims whose content, contain the whole of ``q`` (case-insensitive, taken
    literally: ``%``, ``_`` and quotes are plain characters), by a ``LIKE`` scan.

    Documents come first (title matches before text matches, then the latest), then claims
    (the latest first). A blank ``q`` finds nothing.
    """
    check_page(limit, offset)
    needle = " ".join(q.split())
    if not needle:
        return Page([], 0, limit, offset)
    in_title = contains(documents.c.title, needle)
    doc_cond = or_(in_title, contains(documents.c.text, needle))
    claim_text = claims.c.content["text"].as_string()
    in_claim = contains(claim_text, needle)
    score = case((in_title, 2), else_=1)
    with _reading(store), store.engine.connect() as conn:
        n_docs = int(conn.scalar(select(func.count()).where(doc_cond)) or 0)
        n_claims = int(conn.scalar(select(func.count()).select_from(claims).where(in_claim)) or 0)
        hits: list[SearchHit] = []
        if offset < n_docs:
            query = (
                select(documents, score.label("score"))
                .where(doc_cond)
                .order_by(
                    score.desc(),
                    documents.c.published.is_(None),
                    documents.c.published.desc(),
                    documents.c.id,
                )
                .limit(limit)
                .offset(offset)
            )
            for r in conn.execute(query):
                ref = DocumentRef(r.id, r.title, r.outlet, r.published)
                text = r.text if r.score == 1 else (r.title or "")
                hits.append(SearchHit("document", r.id, ref, snippet(text, needle), int(r.score)))
        left = limit - len(hits)
        if left > 0 and n_claims:
            query = (
                select(
                    claims.c.id,
                    claims.c.document_id,
                    claim_text.label("content_text"),
                    *_DOC_COLUMNS,
                )
                .join(documents, documents.c.id == claims.c.document_id)
                .where(in_claim)
                .order_by(
                    documents.c.published.is_(None),
                    documents.c.published.desc(),
                    claims.c.document_id,
                    claims.c.seq,
                )
                .limit(left)
                .offset(max(0, offset - n_docs))
            )
            for r in conn.execute(query):
                hits.append(
                    SearchHit("claim", r.id, _ref(r), snippet(r.content_text or "", needle), 1)
                )
    return Page(hits, n_docs + n_claims, limit, offset)


def search(
    store: Store,
    q: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    entity: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[SearchHit]:
    """Documents holding every term of ``q`` in their title or text, then their claims
    holding every term, through the store's search index (:mod:`dossier.store.search`
    defines the query language, the ranking and the snippets).

    ``date_from``/``date_to`` bound the publication date, ``outlet`` and ``language`` are
    matched whole (case-insensitive), ``entity`` keeps documents with an entity of that name.
    Documents come first (every term in the title, then by relevance, then the latest), then
    claims (the latest first). A query without terms finds nothing.
    """
    from dossier.store import search as fts

    check_page(limit, offset)
    terms = fts.parse_query(q)
    if not terms:
        return Page([], 0, limit, offset)
    filters = fts.Filters(date_from, date_to, outlet, language, entity)
    with _reading(store), store.engine.connect() as conn:
        match = fts.document_match(conn, terms, filters)
        found = match.matches(conn, limit, offset)
        claim_ids = _matching_claims(conn, terms, match, found.ids) if found.total else []
        hits: list[SearchHit] = []
        rows = fts.fetch_documents(conn, [r.id for r in found.page])
        for r in found.page:
            doc = rows[r.id]
            ref = DocumentRef(doc.id, doc.title, doc.outlet, doc.published)
            piece = fts.document_snippet(doc.title, doc.text, terms)
            hits.append(_search_hit("document", doc.id, ref, piece, int(r.score), r.relevance))
        left = limit - len(hits)
        if left > 0 and claim_ids:
            start = max(0, offset - found.total)
            for r in _claim_rows(conn, claim_ids[start : start + left]):
                piece = fts.make_snippet(r.content or "", terms) or fts.Snippet(r.content or "", ())
                hits.append(_search_hit("claim", r.id, _ref(r), piece, 1, 0.0))
    return Page(hits, found.total + len(claim_ids), limit, offset)


def _matching_claims(
    conn: Any, terms: list[str], match: Any, document_ids: set[str] | None
) -> list[str]:
    """The ids of the claims holding every term whose document matches (is one of
    ``document_ids`` when they are known, else is found by ``match`` again), the latest first
    (then by document and place). Only ids are read."""
    from dossier.store import search as fts

    conds = fts.claim_conditions(terms)
    if document_ids is None:
        conds.append(claims.c.document_id.in_(match.ids()))
    query = (
        select(claims.c.id, claims.c.document_id)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(*conds)
        .order_by(
            documents.c.published.is_(None),
            documents.c.published.desc(),
            claims.c.document_id,
            claims.c.seq,
        )
    )
    rows = conn.execute(query)
    return [r.id for r in rows if document_ids is None or r.document_id in document_ids]


def _claim_rows(conn: Any, ids: list[str]) -> list[Any]:
    """These claims (id, document, words and document columns), in the order of ``ids``."""
    claim_text = claims.c.content["text"].as_string()
    query = (
        select(claims.c.id, claims.c.document_id, claim_text.label("content"), *_DOC_COLUMNS)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(claims.c.id.in_(ids))
    )
    rows = {r.id: r for r in conn.execute(query)}
    return [rows[i] for i in ids]


def _search_hit(
    kind: str, id_: str, ref: DocumentRef, piece: Any, score: int, rank: float | None
) -> SearchHit:
    return SearchHit(
        kind,
        id_,
        ref,
        piece.text,
        score,
        rank=round(float(rank or 0.0), 6),
        highlight=piece.highlight,
        marks=piece.marks,
    )
