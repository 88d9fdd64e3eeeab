"""Full-text search of the store: the query language, and its SQL on each backend.

Query semantics (the same on SQLite and PostgreSQL, and in the API and the web pages):

- The query is split into *terms*: ``"quoted phrases"`` (their inner blanks made single
  spaces) and, outside quotes, words separated by blanks. A quote without its pair is an
  ordinary character of its word; ``%``, ``_`` and ``\\`` are ordinary characters too.
- A document matches when **every** term occurs in its title or in its text, as a
  case-insensitive **substring**: ``Zelensk`` finds "Zelensky", ``"crossed the border"`` finds
  that phrase. Accents count: ``etat`` does not find "état" (neither backend folds them here:
  SQLite 3.40's trigram tokenizer has no ``remove_diacritics``, PostgreSQL's ``unaccent`` is
  not immutable, so it cannot be indexed as is).
- Terms of 3 characters or more are looked up in an index (SQLite: FTS5 ``trigram``;
  PostgreSQL: ``pg_trgm``). Shorter terms are checked by a scan of the documents the other
  terms leave (of every document when all terms are short); on SQLite their case is folded for
  ASCII letters only (SQLite's ``LIKE``), on PostgreSQL for all letters.
- A claim matches when its document matches (and passes the filters) and every term occurs in
  the claim's words (case folded as SQL ``lower`` does: ASCII only on SQLite).
- Filters: ``date_from``/``date_to`` bound ``published`` (ISO strings compared on as many
  characters as the bound has: ``date_to="2026-03"`` keeps all of March), ``outlet`` and
  ``language`` are matched whole and case-insensitive, ``entity`` keeps documents that have an
  entity of that name (whole, case-insensitive).
- Order: documents whose title holds every term first (score 2, else 1), then by relevance
  (SQLite: ``bm25`` over the trigram index, title weighted 10 to 1; PostgreSQL: ``ts_rank`` of
  the terms' words taken as prefixes against a 'simple' tsvector, title weighted A), then the
  latest published. A term found only inside words (``elensk``) adds nothing to PostgreSQL's
  rank, so such queries are ranked by the title rule and date there; relevance values differ
  between backends, the sets found do not.
- Snippets: about :data:`SNIPPET_WIDTH` characters of the text around the first term found
  (the title when the text holds none), every occurrence of a term marked with
  :data:`MARK_OPEN` and :data:`MARK_CLOSE` (``<mark>``/``</mark>``) in ``highlight`` and as
  character offsets in ``marks``. The text itself is not escaped: a literal ``<mark>`` in an
  article would look like a marker, so exact clients (and the web page) use ``marks``.

How a search runs (:meth:`DocumentMatch.matches`): one query lists every match's id, score,
relevance and date (not its text); the total is their number and the page is sorted from them in
Python, so the index is read and each candidate's text checked once, not again for a count
(beyond :data:`ONE_PASS_MAX` matches, they are counted and ranked in SQL instead). On
SQLite the score is worked out from the titles in Python (:func:`title_holds`, folding as the
index does) instead of by a second look-up of the terms in the index. Claims are scanned on their
own words and kept when their document is among the matches (or, beyond
:data:`ONE_PASS_MAX`, is found again by the index). A phrase is one FTS5 phrase of
trigrams (SQLite) or one ``ILIKE '%phrase%'`` on the indexed expression (PostgreSQL): both check
the whole phrase, never word by word. What remains proportional to the matches: bm25 (whose
document frequencies FTS5 computes by running each phrase once more), and on PostgreSQL the
recheck of every candidate the trigram index gives (its text read and lower-cased), which is most
of the time of a phrase of common words.

Without FTS5 or its trigram tokenizer (the 0005 migration logs why), SQLite search falls back
to :func:`like_conditions` scans with the same semantics (slowly) and
:func:`index_kind` says ``"scan"``.
"""

from __future__ import annotations

import logging
import re
import weakref
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    case,
    exists,
    func,
    inspect,
    literal,
    literal_column,
    select,
)

from dossier.store.schema import claims, documents, entities

logger = logging.getLogger(__name__)

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
MIN_INDEXED = 3
"""Terms of at least this many characters are looked up in the index."""
SNIPPET_WIDTH = 160
FTS_TABLE = "documents_fts"
TITLE_WEIGHT = 10.0
"""bm25 weight of the title against the text (1)."""

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PG_HAYSTACK = "(coalesce(documents.title, '') || E'\\n' || documents.text)"
_kinds: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Filters:
    """What a search keeps besides its terms (None: no bound)."""

    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    language: str | None = None
    entity: str | None = None


@dataclass(frozen=True)
class Snippet:
    """A piece of a document with the places the terms occur in it."""

    text: str
    marks: tuple[tuple[int, int], ...]

    @property
    def highlight(self) -> str:
        """The text with every mark wrapped in :data:`MARK_OPEN` and :data:`MARK_CLOSE`."""
        out, at = [], 0
        for start, end in self.marks:
            out += [self.text[at:start], MARK_OPEN, self.text[start:end], MARK_CLOSE]
            at = end
        return "".join([*out, self.text[at:]])

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, marked) pairs, in order, for a page to render escaped."""
        out, at = [], 0
        for start, end in self.marks:
            out += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        out.append((self.text[at:], False))
        return [p for p in out if p[0]]


def parse_query(q: str) -> list[str]:
    """The terms of a query: quoted phrases and words, each once (ignoring case), in order.

    >>> parse_query('Zelensky  "peace   talks" 100% so-called"')
    ['Zelensky', 'peace talks', '100%', 'so-called"']
    >>> parse_query('"" ')
    []
    """
    terms: list[str] = []
    seen: set[str] = set()
    for m in _TERM.finditer(q):
        term = " ".join(m.group(1).split()) if m.group(1) is not None else m.group(2)
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def iso_date(value: str) -> str:
    """``value`` stripped when it is an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), else "".

    >>> iso_date(" 2026-03 "), iso_date("March")
    ('2026-03', '')
    """
    value = value.strip()
    return value if _ISO_DATE.fullmatch(value) else ""


def index_kind(conn: Connection) -> str:
    """``"fts5"`` (SQLite with the FTS5 trigram table), ``"postgresql"`` (pg_trgm and
    tsvector) or ``"scan"`` (no index: SQLite without FTS5 trigram, or another backend)."""
    engine_key = conn.engine
    kind = _kinds.get(engine_key)
    if kind is None:
        dialect = conn.dialect.name
        if dialect == "postgresql" and "search_tsv" in {
            c["name"] for c in inspect(conn).get_columns("documents")
        }:
            kind = "postgresql"
        elif dialect == "sqlite" and inspect(conn).has_table(FTS_TABLE):
            kind = "fts5"
        else:
            kind = "scan"
            logger.warning("no search index in this store (%s): search scans every row", dialect)
        _kinds[engine_key] = kind
    return kind


def forget_index_kind(conn: Connection) -> None:
    """Look again at which index the store has (after a migration on an open engine)."""
    _kinds.pop(conn.engine, None)


# -- conditions ---------------------------------------------------------------------------------


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, term: str) -> ColumnElement[bool]:
    return column.icontains(term, autoescape=True)


def like_conditions(term: str) -> ColumnElement[bool]:
    """``term`` in the title or the text, by a scan (``LIKE``)."""
    return _contains(documents.c.title, term) | _contains(documents.c.text, term)


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_expression(terms: list[str], column: str | None = None) -> str | None:
    """The FTS5 MATCH expression for the indexed terms (None when none is long enough)."""
    long = [_fts_phrase(t) for t in terms if len(t) >= MIN_INDEXED]
    if not long:
        return None
    expr = " AND ".join(long)
    return f"{column} : ({expr})" if column else expr


def filter_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions on ``documents`` for the filters."""
    from dossier.store.query import date_range

    conds = date_range(documents.c.published, filters.date_from, filters.date_to)
    if filters.outlet and filters.outlet.strip():
        conds.append(func.lower(documents.c.outlet) == filters.outlet.strip().lower())
    if filters.language and filters.language.strip():
        conds.append(func.lower(documents.c.language) == filters.language.strip().lower())
    if filters.entity and filters.entity.strip():
        name = " ".join(filters.entity.split()).lower()
        conds.append(
            exists().where(
                entities.c.document_id == documents.c.id, func.lower(entities.c.name) == name
            )
        )
    return conds


ONE_PASS_MAX = 5000
"""Up to this many matches are listed in one pass and sorted in Python; beyond, they are
counted and ranked in SQL (moving them all out of the database would cost more)."""


class Found(NamedTuple):
    """One matching document: its id, score (2: every term in the title), relevance, date."""

    id: str
    score: int
    relevance: float
    published: str | None


@dataclass(frozen=True)
class Matches:
    """What a search found among documents: how many, one page of them, best first, and the
    ids of all of them (None when there were too many to list: :meth:`DocumentMatch.ids`)."""

    total: int
    page: list[Found]
    ids: set[str] | None


@dataclass(frozen=True)
class DocumentMatch:
    """The pieces of a document search: a FROM clause, its conditions, score and relevance.

    With ``title_terms`` (SQLite's index) the one-pass listing works the score out in Python
    from each match's title (:func:`title_holds`) rather than by a second look-up in the index.
    """

    source: Any
    where: list[ColumnElement[bool]]
    score: ColumnElement[int]
    relevance: ColumnElement[float]
    title_terms: tuple[str, ...] | None = None

    def ids(self) -> Select:
        """``documents.id`` of every match."""
        return select(documents.c.id).select_from(self.source).where(*self.where).correlate(None)

    def count(self) -> Select:
        """How many documents match."""
        return select(func.count()).select_from(self.source).where(*self.where)

    def scored(self) -> Select:
        """Every match's id, score (or title), relevance and date, unordered."""
        judged = documents.c.title if self.title_terms is not None else self.score.label("score")
        return (
            select(documents.c.id, judged, self.relevance.label("relevance"), documents.c.published)
            .select_from(self.source)
            .where(*self.where)
        )

    def matches(self, conn: Connection, limit: int, offset: int) -> Matches:
        """The total and one page of matches. Up to :data:`ONE_PASS_MAX` matches, one pass
        over the index lists them all (each candidate's text checked once, no text read) and
        they are sorted here; more, they are counted and ranked in SQL (:meth:`ranked`)."""
        rows = conn.execute(self.scored().limit(ONE_PASS_MAX + 1)).all()
        if len(rows) > ONE_PASS_MAX:
            total = int(conn.scalar(self.count()) or 0)
            page = [
                Found(r.id, int(r.score), float(r.relevance), None)
                for r in conn.execute(self.ranked(limit, offset))
            ]
            return Matches(total, page, None)
        if self.title_terms is None:
            found = [Found(r.id, int(r.score), float(r.relevance), r.published) for r in rows]
        else:
            terms = self.title_terms
            found = [
                Found(r.id, 2 if title_holds(r.title, terms) else 1, r.relevance, r.published)
                for r in rows
            ]
        found = best_first(found)
        return Matches(len(found), found[offset : offset + limit], {r.id for r in found})

    def ranked(self, limit: int, offset: int) -> Select:
        """The ids, scores and relevance of one page of matches, best first, in SQL."""
        return (
            select(
                documents.c.id,
                self.score.label("score"),
                self.relevance.label("relevance"),
            )
            .select_from(self.source)
            .where(*self.where)
            .order_by(
                self.score.desc(),
                self.relevance.desc(),
                documents.c.published.is_(None),
                documents.c.published.desc(),
                documents.c.id,
            )
            .limit(limit)
            .offset(offset)
        )


def best_first(rows: list[Found]) -> list[Found]:
    """``rows`` in search order: score, relevance (higher first), then the latest published
    (undated last), then id."""
    rows = sorted(rows, key=lambda r: r.id)
    rows.sort(key=lambda r: (r.published is not None, r.published or ""), reverse=True)
    rows.sort(key=lambda r: (r.score, r.relevance), reverse=True)
    return rows


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fts_fold(value: str) -> str:
    """``value`` case-folded as FTS5's trigram tokenizer folds it: each character to its
    one-character lower case (no context rules such as Greek final sigma).

    >>> fts_fold("ÉTAT Σ İ")
    'état σ İ'
    """
    if value.isascii():
        return value.lower()
    return "".join(low if len(low := c.lower()) == 1 else c for c in value)


def _ascii_fold(value: str) -> str:
    return value.lower() if value.isascii() else value.translate(_ASCII_LOWER)


def title_holds(title: str | None, terms: tuple[str, ...] | list[str]) -> bool:
    """Whether every term is in ``title`` as SQLite finds it: indexed terms folded as the
    trigram index folds them, shorter ones as ``LIKE`` does (ASCII letters only)."""
    if not title:
        return False
    folded = None
    for term in terms:
        if len(term) >= MIN_INDEXED:
            folded = fts_fold(title) if folded is None else folded
            if fts_fold(term) not in folded:
                return False
        elif _ascii_fold(term) not in _ascii_fold(title):
            return False
    return True


def document_match(conn: Connection, terms: list[str], filters: Filters) -> DocumentMatch:
    """How to find the documents holding every term and passing the filters on this store."""
    kind = index_kind(conn)
    short = [t for t in terms if len(t) < MIN_INDEXED]
    conds = filter_conditions(filters)
    if kind == "fts5" and fts_expression(terms) is not None:
        return _sqlite_match(terms, short, conds)
    if kind == "postgresql":
        return _pg_match(terms, conds)
    conds += [like_conditions(t) for t in terms]
    in_title = and_(*(_contains(documents.c.title, t) for t in terms))
    return DocumentMatch(documents, conds, case((in_title, 2), else_=1), literal(0.0))


def _sqlite_match(
    terms: list[str], short: list[str], conds: list[ColumnElement[bool]]
) -> DocumentMatch:
    fts = literal_column(FTS_TABLE)
    fts_rowid = literal_column(f"{FTS_TABLE}.rowid")
    doc_rowid = literal_column("documents.rowid")
    source = documents.join(_fts_table(), doc_rowid == fts_rowid)
    where = [fts.op("MATCH")(fts_expression(terms)), *conds, *(like_conditions(t) for t in short)]
    title_expr = fts_expression(terms, "title")
    in_title_fts = doc_rowid.in_(
        select(literal_column("rowid"))
        .select_from(_fts_table())
        .where(fts.op("MATCH")(title_expr))
        .correlate(None)
        .scalar_subquery()
    )
    in_title = and_(in_title_fts, *(_contains(documents.c.title, t) for t in short))
    relevance = -func.bm25(fts, TITLE_WEIGHT, 1.0)
    return DocumentMatch(source, where, case((in_title, 2), else_=1), relevance, tuple(terms))


def _fts_table() -> Any:
    from sqlalchemy import column, table

    return table(FTS_TABLE, column("rowid"), column("title"), column("text"))


def pg_haystack() -> ColumnElement[str]:
    """The expression PostgreSQL's trigram index is built on (title, newline, text)."""
    return literal_column(_PG_HAYSTACK)


def pg_tsquery(terms: list[str]) -> str | None:
    """A to_tsquery text ranking documents by the terms' words as prefixes (OR)."""
    words: list[str] = []
    for term in terms:
        for word in _WORD.findall(term.lower()):
            if word not in words:
                words.append(word)
    return " | ".join(f"'{w}':*" for w in words) or None


def _pg_match(terms: list[str], conds: list[ColumnElement[bool]]) -> DocumentMatch:
    haystack = pg_haystack()
    where = [*conds, *(haystack.ilike(f"%{_escape_like(t)}%", escape="\\") for t in terms)]
    in_title = and_(
        *(
            func.coalesce(documents.c.title, "").ilike(f"%{_escape_like(t)}%", escape="\\")
            for t in terms
        )
    )
    tsq = pg_tsquery(terms)
    relevance: ColumnElement[float] = (
        func.ts_rank(literal_column("documents.search_tsv"), func.to_tsquery("simple", tsq))
        if tsq
        else literal(0.0)
    )
    return DocumentMatch(documents, where, case((in_title, 2), else_=1), relevance)


def claim_conditions(terms: list[str]) -> list[ColumnElement[bool]]:
    """Every term in the claim's words (with its document matched separately)."""
    content = claims.c.content["text"].as_string()
    return [_contains(content, t) for t in terms]


# -- snippets ----------------------------------------------------------------------------------


def make_snippet(text_: str, terms: list[str], width: int = SNIPPET_WIDTH) -> Snippet | None:
    """About ``width`` characters of ``text_`` (blanks made single spaces) around the first
    place a term occurs, every occurrence marked; None when no term occurs in it.

    >>> s = make_snippet("Officials said Zelensky met the envoy.", ["zelensk", "envoy"])
    >>> s.highlight
    'Officials said <mark>Zelensk</mark>y met the <mark>envoy</mark>.'
    """
    flat = " ".join(text_.split())
    pattern = _pattern(terms)
    if pattern is None:
        return None
    first = pattern.search(flat)
    if first is None:
        return None
    start, end = 0, len(flat)
    if len(flat) > width:
        at = first.start()
        start = max(0, at - width // 3)
        end = min(len(flat), start + width)
        start = max(0, end - width)
        if start and (cut := flat.find(" ", start, at)) >= 0:
            start = cut + 1
        if end < len(flat) and (cut := flat.rfind(" ", first.end(), end)) >= 0:
            end = cut
    body = flat[start:end].strip() if start or end < len(flat) else flat
    prefix = "…" if start else ""
    piece = prefix + body + ("…" if end < len(flat) else "")
    marks = tuple((m.start(), m.end()) for m in pattern.finditer(piece) if m.end() > m.start())
    return Snippet(piece, marks)


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    alternatives = [re.escape(t) for t in sorted(set(terms), key=len, reverse=True) if t]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def document_snippet(title: str | None, text_: str, terms: list[str]) -> Snippet:
    """The snippet of a found document: from its text, else its title, else its start."""
    found = make_snippet(text_, terms) or make_snippet(title or "", terms)
    if found is not None:
        return found
    flat = " ".join(text_.split())
    return Snippet(flat if len(flat) <= SNIPPET_WIDTH else flat[: SNIPPET_WIDTH - 1] + "…", ())


def fetch_documents(conn: Connection, ids: list[str]) -> dict[str, Any]:
    """The rows of these documents, by id."""
    if not ids:
        return {}
    rows = conn.execute(select(documents).where(documents.c.id.in_(ids)))
    return {r.id: r for r in rows}


SEARCH_TABLES = frozenset(
    {FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config"))}
)
"""SQLite tables of the search index (made by migration 0005, unknown to the metadata)."""
SEARCH_INDEXES = frozenset({"ix_documents_search_tsv", "ix_documents_search_trgm"})
SEARCH_COLUMNS = frozenset({"search_tsv"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's ``include_object`` hook: leave the search index's tables, indexes and
    column (raw SQL of migration 0005) out of autogenerate comparisons."""
    if type_ == "table":
        return name not in SEARCH_TABLES
    if type_ == "index":
        return name not in SEARCH_INDEXES
    if type_ == "column":
        return name not in SEARCH_COLUMNS
    return True
