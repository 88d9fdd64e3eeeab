"""Search through the store's index (dossier/store/search.py): the same documents on SQLite
(FTS5 trigram) and PostgreSQL (pg_trgm), equal to the old LIKE scan for substrings; filters;
marked snippets; the index following inserts, updates and deletes; a store made at revision
0004 upgraded and searchable."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete, insert, update

from dossier.model import (
    Claim,
    Document,
    Entity,
    Extraction,
    Source,
    Span,
    content_hash,
    stable_id,
)
from dossier.store import migrate, open_store
from dossier.store import query as q
from dossier.store import search as fts
from dossier.store.engine import make_engine, resolve_url
from dossier.store.schema import DOCUMENTS, documents

ARTICLES = [
    (
        "Zelensky meets envoys",
        "Kyiv",
        "en",
        "2025-01-10",
        "President Zelensky said talks went well.",
    ),
    ("Talks in Kyiv", "Wire", "en", "2025-02-01", "Zelenskyy's office said the peace talks ended."),
    ("Grain deal", "Wire", "en", "2024-12-30", "The grain deal, so-called, covers 100% of ports."),
    ("Markets", "Ledger", "en", "2025-03-05", "Crude oil rose; soil and boiling points fell."),
    ("Élection", "Le Monde", "fr", "2025-01-15", "L'ÉTAT a dit que l'état des routes est mauvais."),
    ("Strike", "Wire", "en", None, "Troops crossed the\nborder at dawn, officials said."),
    ("Border", "Kyiv", "uk", "2025-01-20", "Officials said troops crossed the border twice."),
    ("Rates", "Ledger", "en", "2025-02-11", "The d_7 fund and the 2% rule: rates held."),
    ("Nothing", "Ledger", "en", "2025-02-12", "Quiet day with no news of note at all here."),
    ("Envoy", "Wire", "en", "2025-02-13", "An ENVOY arrived; envoys left; the Envoy's car."),
]
ENTITY = "Volodymyr Zelensky"
SUBSTRINGS = ["zelensk", "ELENSK", "envoy", "oil", "so-called", "100%", "d_7", "talks", "état"]
"""One-term queries, whose documents must equal the LIKE scan's."""
QUERIES = [
    *SUBSTRINGS,
    "troops border",
    '"crossed the border"',
    '"the border" officials',
    "said talks",
    "2%",
    "x",
    "zz",
    'envoy "so-called',
    "absentword",
]


def extraction(title: str, outlet: str, lang: str, published: str | None, text: str) -> Extraction:
    """A document; those naming Zelensky have an entity of that name."""
    doc_id = content_hash(text)
    ents = []
    if "zelensk" in text.lower():
        ents = [Entity(id=stable_id("ent", doc_id, 0), name=ENTITY, kind="person")]
    document = Document(
        id=doc_id, title=title, outlet=outlet, language=lang, published=published, text=text
    )
    return Extraction(document=document, entities=ents)


def fill(store) -> dict[str, str]:
    """Store the articles; their ids by title."""
    for article in ARTICLES:
        store.add(extraction(*article))
    return {a[0]: content_hash(a[4]) for a in ARTICLES}


def doc_ids(page: q.Page) -> set[str]:
    return {h.id for h in page.items if h.type == "document"}


def oracle(query: str, ids: dict[str, str]) -> set[str]:
    """The documents holding every term in their title or text (Python's case folding)."""
    terms = [t.casefold() for t in fts.parse_query(query)]
    return {
        ids[title]
        for title, *_, text in ARTICLES
        if terms and all(t in title.casefold() or t in text.casefold() for t in terms)
    }


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with open_store(tmp_path / "search.db") as store:
        yield store


@pytest.fixture
def filled(store):
    return store, fill(store)


def test_queries_find_the_documents_holding_every_term(filled) -> None:
    store, ids = filled
    with store.engine.connect() as conn:
        assert fts.index_kind(conn) in {"fts5", "postgresql"}
    for query in QUERIES:
        page = q.search(store, query, limit=200)
        assert doc_ids(page) == oracle(query, ids), query
    assert doc_ids(q.search(store, "Zelensk")) == {
        ids["Zelensky meets envoys"],
        ids["Talks in Kyiv"],
    }
    assert doc_ids(q.search(store, "troops border")) == {ids["Strike"], ids["Border"]}
    assert doc_ids(q.search(store, '"crossed the border"')) == {ids["Border"]}  # not across \n
    assert doc_ids(q.search(store, "l'état")) == {ids["Élection"]}  # ÉTAT and état alike
    assert doc_ids(q.search(store, "etat")) == set()  # accents count


def test_one_term_finds_what_the_like_scan_found(filled) -> None:
    store, _ = filled
    for term in SUBSTRINGS:
        if not term.isascii():  # SQLite's LIKE folds ASCII letters only
            continue
        found, before = q.search(store, term, limit=200), q.search_like(store, term, limit=200)
        assert doc_ids(found) == doc_ids(before), term
        assert found.total == before.total, term  # documents and claims


@pytest.mark.postgres
def test_sqlite_and_postgresql_find_the_same(sqlite_store, postgres_url: str) -> None:
    fill(sqlite_store)
    with open_store(postgres_url) as pg:
        fill(pg)
        for query in QUERIES:
            mine, theirs = (q.search(s, query, limit=200) for s in (sqlite_store, pg))
            assert doc_ids(mine) == doc_ids(theirs), query
            assert mine.total == theirs.total, query
            assert {h.snippet for h in mine.items} == {h.snippet for h in theirs.items}, query
        for filters in ({"outlet": "WIRE"}, {"date_from": "2025-02"}, {"entity": ENTITY}):
            mine, theirs = (q.search(s, "said", **filters) for s in (sqlite_store, pg))
            assert doc_ids(mine) == doc_ids(theirs), filters


def test_filters(filled) -> None:
    store, ids = filled
    said = oracle("said", ids)
    assert doc_ids(q.search(store, "said", outlet="kyiv")) == {
        ids["Zelensky meets envoys"],
        ids["Border"],
    }
    assert doc_ids(q.search(store, "said", language="UK")) == {ids["Border"]}
    jan = {ids["Zelensky meets envoys"], ids["Border"]}
    assert doc_ids(q.search(store, "said", date_from="2025-01", date_to="2025-01")) == jan
    assert doc_ids(q.search(store, "said", date_from="2025-01-11", date_to="2025-01-31")) == {
        ids["Border"]
    }
    assert doc_ids(q.search(store, "said", entity="volodymyr ZELENSKY")) == {
        ids["Zelensky meets envoys"],
        ids["Talks in Kyiv"],
    }
    assert doc_ids(q.search(store, "said", entity="Nobody")) == set()
    assert doc_ids(q.search(store, "said", limit=200)) == said


def test_ranking_snippets_and_paging(filled) -> None:
    store, ids = filled
    page = q.search(store, "envoy", limit=200)
    assert [h.score for h in page.items] == sorted((h.score for h in page.items), reverse=True)
    assert page.items[0].score == 2  # "Zelensky meets envoys" and "Envoy" hold it in the title
    for hit in page.items:
        assert fts.MARK_OPEN + "envoy" in hit.highlight.lower()
        assert hit.highlight.count(fts.MARK_OPEN) == hit.highlight.count(fts.MARK_CLOSE)
        assert [hit.snippet[a:b].lower() for a, b in hit.marks] == ["envoy"] * len(hit.marks)
    envoy = next(h for h in page.items if h.id == ids["Envoy"])
    assert envoy.highlight.startswith("An <mark>ENVOY</mark> arrived; <mark>envoy</mark>s left")
    whole = q.search(store, "said", limit=200).items
    parts = [
        *q.search(store, "said", limit=2).items,
        *q.search(store, "said", limit=3, offset=2).items,
    ]
    assert parts == whole[:5]


def test_the_index_follows_inserts_updates_and_deletes(store) -> None:
    assert q.search(store, "quokka").total == 0
    added = extraction("A quokka", "Wire", "en", "2025-05-01", "A quokka was seen near Perth.")
    store.add(added)
    doc_id = added.document.id
    assert doc_ids(q.search(store, "quokk")) == {doc_id}
    with store.engine.begin() as conn:
        conn.execute(update(documents).where(documents.c.id == doc_id).values(title="A numbat"))
    assert doc_ids(q.search(store, "numbat")) == {doc_id}
    assert q.search(store, "quokka").items[0].score == 1  # no longer in the title
    with store.engine.begin() as conn:
        conn.execute(delete(documents).where(documents.c.id == doc_id))
    assert q.search(store, "quokka").total == 0
    assert q.search(store, "numbat").total == 0


def test_a_store_at_0004_is_upgraded_and_searchable(store_target: str) -> None:
    engine = make_engine(resolve_url(store_target))
    old = extraction("Old article", "Wire", "en", "2024-01-01", "Stored before search existed.")
    with engine.begin() as conn:
        command.upgrade(migrate.config(conn), "0004")
        conn.execute(insert(documents), [DOCUMENTS.to_row(old.document, added_at="2024-01-01")])
    engine.dispose()
    with open_store(store_target) as store:
        with store.engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
        assert doc_ids(q.search(store, "before search")) == {old.document.id}
        assert doc_ids(q.search(store, "xisted")) == {old.document.id}


def test_parse_query() -> None:
    assert fts.parse_query('  a  "b   c" "" d"e ') == ["a", "b c", 'd"e']
    assert fts.parse_query("Kyiv kyiv KYIV") == ["Kyiv"]
    assert fts.parse_query('"unclosed phrase') == ['"unclosed', "phrase"]


def claimed(title: str, published: str | None, text: str, said: list[str]) -> Extraction:
    """A document with one claim per piece of ``said`` (its content)."""
    doc_id = content_hash(text)
    document = Document(id=doc_id, title=title, outlet="Wire", published=published, text=text)
    found = [
        Claim(
            id=stable_id("clm", doc_id, i),
            kind="direct",
            source=Source(text="officials", start=0, end=9),
            cue=Span(text="said", start=10, end=14),
            content=Span(text=piece, start=15, end=15 + len(piece)),
        )
        for i, piece in enumerate(said)
    ]
    return Extraction(document=document, claims=found)


def test_the_order_is_the_sql_order_and_claims_follow_documents(filled) -> None:
    store, _ = filled
    queries = ["said", "envoy", "troops border", '"the border" officials', "x", "talks", "élection"]
    for query in [*queries, "ÉLECTION l'", "border E", "OS"]:
        with store.engine.connect() as conn:
            match = fts.document_match(conn, fts.parse_query(query), fts.Filters())
            in_sql = [r.id for r in conn.execute(match.ranked(200, 0))]
        assert [h.id for h in q.search(store, query, limit=200).items] == in_sql, query
    new = claimed("Harbour", "2025-06-01", "Officials said the harbour gauge rose.", ["gauge rose"])
    old = claimed("Weir", "2024-06-01", "Officials said the weir gauge fell.", ["gauge fell", "ok"])
    store.add(new)
    store.add(old)
    store.add(claimed("Dam", "2025-07-01", "Nothing measured.", ["gauge shut"]))  # text lacks it
    whole = q.search(store, "gauge", limit=200)
    assert {(h.type, h.document.id) for h in whole.items[:2]} == {
        ("document", new.document.id),
        ("document", old.document.id),
    }  # ranked by relevance, then (claims) the latest first:
    assert [(h.type, h.document.id) for h in whole.items[2:]] == [
        ("claim", new.document.id),
        ("claim", old.document.id),
    ]
    assert whole.total == 4
    assert whole.items[2].highlight == "<mark>gauge</mark> rose"
    parts = [*q.search(store, "gauge", limit=3).items, *q.search(store, "gauge", offset=3).items]
    assert parts == whole.items
    assert q.search(store, "gauge", offset=2, limit=1).items == whole.items[2:3]
    dated = q.search(store, "gauge", date_from="2025")
    assert [h.type for h in dated.items] == ["document", "claim"] and dated.total == 2


def test_many_matches_are_ranked_in_sql_alike(filled, monkeypatch) -> None:
    store, _ = filled
    store.add(claimed("Harbour", "2025-06-01", "Officials said the gauge rose.", ["gauge rose"]))
    queries = ["said", "envoy", "troops border", "x", "élection", "gauge", "said gauge"]
    pages = [(0, 200), (0, 2), (2, 3), (9, 3)]
    listed = {
        (qu, p): q.search(store, qu, offset=p[0], limit=p[1]) for qu in queries for p in pages
    }
    monkeypatch.setattr(fts, "ONE_PASS_MAX", 1)
    for (query, (offset, limit)), page in listed.items():
        ranked = q.search(store, query, offset=offset, limit=limit)
        assert ranked.total == page.total, query
        assert [(h.type, h.id, h.score) for h in ranked.items] == [
            (h.type, h.id, h.score) for h in page.items
        ], (query, offset)
