"""The web UI's pages (dossier/api/web.py) through the test client, on the multi-source set
``tests/fixtures/story/`` (added and linked) plus one hostile article whose title, outlet, URL
and text carry HTML and a script."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from dossier import pipeline
from dossier.api.web import (
    LAYER,
    Mark,
    highlight,
    ledger_rows,
    log_x,
    place_marks,
)
from dossier.ingest import read_paths
from dossier.link import link_all
from dossier.link.ledgers import list_ledgers
from dossier.link.stories import list_stories
from dossier.model import Ledger, LedgerEntry
from dossier.store import Store, open_store

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
HOSTILE = """---
title: "<script>alert(1)</script> <b>Bold</b> headline"
published: 2026-03-12
outlet: "<b>Evil</b> Outlet <script>alert(2)</script>"
url: "javascript:alert(3)"
---
YANGON (<b>Wire</b>) - The army said on Tuesday that <script>window.pwned = 1</script> at least \
40 people were killed in <i>Sagaing</i>, officials said.
"""


def make_client(store: Store) -> TestClient:
    """The application of ``dossier serve`` over ``store``."""
    from dossier.api.app import create_app

    return TestClient(create_app(store=store, allow_hosts=["testserver"]))


@pytest.fixture(scope="module")
def store(nlp, tmp_path_factory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    with open_store(folder / "web.db") as store:
        summary = pipeline.add(store, nlp, read_paths([*sorted(STORY.glob("*.txt")), hostile]))
        assert not summary.failed
        link_all(store)
        yield store


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return make_client(store)


def doc_by_outlet(store: Store, outlet: str):
    return next(d for d in store.list_documents(limit=100) if d.outlet == outlet)


def toll_ledger(store: Store) -> Ledger:
    return next(x for x in list_ledgers(store) if x.measure == "killed")


def wire(store: Store):
    """The wire's report of the strike (the wire also ran the earlier strike)."""
    entry = next(e for e in toll_ledger(store).entries if e.outlet == "Meridian Wire")
    return store.get(entry.document).document


def tree(response) -> lxml_html.HtmlElement:
    assert response.headers["content-type"].startswith("text/html")
    return lxml_html.fromstring(response.text)


# -- the article page ------------------------------------------------------------------------


def test_article_text_is_the_document_text_with_every_figure_highlighted(client, store):
    doc = wire(store)
    ex = store.get(doc.id)
    response = client.get(f"/articles/{doc.id}")
    assert response.status_code == 200
    page = tree(response)
    text = page.get_element_by_id("text")
    # Highlighting wraps spans of the text; it neither drops nor adds a character.
    assert text.text_content() == doc.text
    marked = {el.get("data-rec") for el in text.iter() if el.get("data-kind") == "figure"}
    assert marked == {f.id for f in ex.figures}
    for el in text.iter():
        if el.get("data-kind") == "figure":
            figure = next(f for f in ex.figures if f.id == el.get("data-rec"))
            assert el.text_content() == doc.text[figure.start : figure.end]
    kinds = {el.get("data-kind") for el in text.iter() if el.get("data-kind")}
    assert {"claim", "source", "cue", "figure", "event", "timex", "entity"} <= kinds
    # The JSON twin.
    assert page.xpath(f'//a[@href="/api/documents/{doc.id}"]')


def test_article_details_link_a_figure_to_its_claim_source_and_ledger(client, store):
    doc = wire(store)
    ex = store.get(doc.id)
    toll = next(f for f in ex.figures if f.low == 80 and f.claim)
    claim = next(c for c in ex.claims if c.id == toll.claim)
    ledger = next(x for x in list_ledgers(store) if any(e.figure == toll.id for e in x.entries))
    page = tree(client.get(f"/articles/{doc.id}"))
    detail = page.xpath(f'//section[@data-detail="{toll.id}"]')[0]
    shown = detail.text_content()
    assert claim.source.text in shown and "National Unity Government" in shown
    assert detail.xpath(f'.//a[@href="/ledgers/{ledger.id}"]')
    assert detail.xpath(f'.//a[@data-rec="{claim.id}"]')  # selects the claim on the page
    # An event of the story links to the story; the side panel lists every record.
    story = list_stories(store)[0]
    event = next(r.event for r in story.reports if r.document == doc.id)
    assert page.xpath(f'//section[@data-detail="{event}"]//a[@href="/stories/{story.id}"]')
    listed = {a.get("data-rec") for a in page.xpath("//aside//a[@class and @data-rec]")}
    records = ex.claims + ex.figures + ex.events + ex.entities + ex.timexes
    assert listed == {r.id for r in records}


def test_an_unnamed_source_is_marked(client, store):
    doc = wire(store)
    claims = store.get(doc.id).claims
    residents = next(c for c in claims if c.source.text == "Residents")
    named = next(c for c in claims if c.source.entity and not c.source.unnamed)
    page = tree(client.get(f"/articles/{doc.id}"))
    detail = page.xpath(f'//section[@data-detail="{residents.id}"]')[0].text_content()
    assert residents.source.unnamed and "named" in detail
    other = page.xpath(f'//section[@data-detail="{named.id}"]')[0].text_content()
    assert "named" not in other.replace(named.source.text, "")


def test_an_article_is_found_by_an_id_prefix_and_a_copy_names_its_original(client, store):
    copy = doc_by_outlet(store, "The Harbour Times")
    original = wire(store)
    page = tree(client.get(f"/articles/{copy.id[:8]}"))
    assert page.xpath(f'//p[@class="note"]/a[@href="/articles/{original.id}"]')


def test_hostile_article_renders_as_text(client, store):
    doc = doc_by_outlet(store, "<b>Evil</b> Outlet <script>alert(2)</script>")
    response = client.get(f"/articles/{doc.id}")
    assert response.status_code == 200
    body = response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in body
    assert "<b>" not in body and "<i>" not in body and "<script>alert" not in body
    page = tree(response)
    assert [s.get("src") for s in page.iter("script")] == ["/static/app.js"]
    assert not page.xpath("//b | //i")
    assert page.get_element_by_id("text").text_content() == doc.text
    assert "<script>alert(1)</script> <b>Bold</b> headline" in page.xpath("//h1")[0].text_content()
    # A javascript: URL is shown, not linked.
    assert not [a for a in page.iter("a") if "javascript" in (a.get("href") or "")]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # The home page and search list it escaped too.
    home = client.get("/").text
    assert "<b>" not in home and "&lt;b&gt;Evil&lt;/b&gt; Outlet" in home
    found = client.get("/search", params={"q": "Bold"}).text
    assert "<b>" not in found and "&lt;b&gt;Bold&lt;/b&gt; headline" in found


def test_search_finds_documents_and_claims_and_escapes_the_query(client, store):
    doc = wire(store)
    claim = store.get(doc.id).claims[0]
    words = " ".join(claim.content.text.split()[:4])
    page = tree(client.get("/search", params={"q": words}))
    assert page.xpath(f'//a[@href="/articles/{doc.id}"]')
    assert page.xpath(f'//a[@href="/articles/{doc.id}#{claim.id}"]')  # the claim itself
    response = client.get("/search", params={"q": "<script>x</script>"})
    assert response.status_code == 200
    assert "<script>x" not in response.text and "&lt;script&gt;x&lt;/script&gt;" in response.text
    assert client.get("/search").status_code == 200


# -- ledgers, stories, entities, home ---------------------------------------------------------


def test_ledger_page_has_one_row_per_source_on_one_log_axis(client, store):
    ledger = toll_ledger(store)
    page = tree(client.get(f"/ledgers/{ledger.id}"))
    rows = page.xpath('//table[@id="ledger-rows"]/tbody/tr')
    assert len(rows) == len(ledger.entries) == len({e.outlet for e in ledger.entries})
    outlets = [r.xpath("./td")[1].text_content() for r in rows]
    assert {o.split("also run by")[0].strip() for o in outlets} == {
        e.outlet for e in ledger.entries
    }
    assert page.xpath('//span[@class="badge contested"]')
    assert all(r.xpath(".//svg//rect | .//svg//circle") for r in rows)

    # The army's ~30 is drawn left of the rescuers' more than 150.
    def start_x(outlet: str) -> float:
        row = next(r for r in rows if r.xpath("./td")[1].text_content().startswith(outlet))
        shape = row.xpath(".//svg/rect | .//svg/circle")[0]
        return float(shape.get("x") or shape.get("cx"))

    assert start_x("Bangkok Ledger") < start_x("Asia Observer")
    assert page.xpath('//svg[@class="chart"]')
    assert page.xpath(f'//a[@href="/api/ledgers/{ledger.id}"]')


def test_ledger_list_filters(client, store):
    killed = tree(client.get("/ledgers", params={"q": "killed"}))
    names = killed.xpath("//table//td/a/@href")
    expected = {f"/ledgers/{x.id}" for x in list_ledgers(store, "killed")}
    assert set(names) == expected and expected
    none = tree(client.get("/ledgers", params={"q": "no such thing at all"}))
    assert not none.xpath("//table//td/a")


def test_story_page_shows_reports_copies_and_disputes(client, store):
    story = list_stories(store)[0]
    page = tree(client.get(f"/stories/{story.id}"))
    reports = page.xpath('//ol[@class="timeline"]/li')
    assert len(reports) == len(story.reports)
    copies = page.xpath('//li[contains(@class, "copy")]')
    assert len(copies) == sum(1 for r in story.reports if r.copy_of)
    assert "copy of Meridian Wire" in copies[0].text_content()
    assert "time" in story.disputed
    bangkok = next(li for li in reports if "Bangkok Ledger" in li.text_content())
    # The Bangkok Ledger's date is the one that differs from most reports: boxed.
    boxed = [d.xpath("./dd")[0].text for d in bangkok.xpath('.//div[@class="disputed dissent"]')]
    assert "2026-03-09" in boxed
    others = [li for li in reports if li is not bangkok]
    # Every other report that gives a time agrees with the story's ("last week" included).
    timed = [li for li in others if li.xpath('.//dt[.="time"]')]
    assert len(timed) >= 2
    assert all(li.xpath('.//div[@class="disputed"]/dt[.="time"]') for li in timed)
    assert not any(li.xpath('.//div[contains(@class, "dissent")]') for li in others)
    listing = tree(client.get("/stories"))
    assert listing.xpath(f'//a[@href="/stories/{story.id}"]')


def test_entity_page_lists_events_as_actor_and_target(client, store):
    story = list_stories(store)[0]
    report = next(r for r in story.reports if r.actor1)
    ex = store.get(report.document)
    event = next(e for e in ex.events if e.id == report.event)
    name = next(x.name for x in ex.entities if x.id == event.actor1.entity)
    response = client.get(f"/entities/{name}")
    assert response.status_code == 200
    page = tree(response)
    actor = page.xpath('//section[h2="As actor"]')[0]
    assert actor.xpath(f'.//a[@href="/articles/{event_doc(report)}#{event.id}"]')


def event_doc(report) -> str:
    return report.document


def test_home_page_has_search_stories_ledgers_and_counts(client, store):
    page = tree(client.get("/"))
    assert page.xpath('//form[@action="/search"]//input[@name="q"]')
    for story in list_stories(store):
        assert page.xpath(f'//a[@href="/stories/{story.id}"]')
    contested = [x for x in list_ledgers(store) if x.contested]
    assert contested and page.xpath(f'//a[@href="/ledgers/{contested[0].id}"]')
    counts = page.xpath('//ul[@class="counts"]')[0].text_content()
    assert f"{store.counts()['documents']} documents" in " ".join(counts.split())


def test_every_link_of_every_page_works_and_every_page_has_a_json_twin(client):
    """Follow every link from the home page (the whole fixture site): each page answers 200
    with HTML, and its JSON link answers 200 with JSON."""
    seen: set[str] = set()
    todo = ["/", "/search?q=killed", "/ledgers?q=killed"]
    twins: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        page = tree(response)
        json_links = page.xpath('//header//a[@class="json"]/@href')
        assert len(json_links) == 1, path
        twins.add(json_links[0])
        for href in page.xpath("//a/@href"):
            href = href.split("#")[0]
            if href.startswith("/") and not href.startswith("/api/") and href not in seen:
                todo.append(href)
    kinds = {p.split("/")[1].split("?")[0] for p in seen}
    assert {"", "articles", "ledgers", "stories", "entities", "search"} <= kinds
    assert len(seen) > 20
    for twin in twins:
        response = client.get(twin)
        assert response.status_code == 200, twin
        assert response.headers["content-type"].startswith("application/json"), twin


def test_pages_work_on_a_store_never_linked(nlp, tmp_path):
    with open_store(tmp_path / "unlinked.db") as store:
        assert not pipeline.add(store, nlp, read_paths(sorted(STORY.glob("*.txt"))[:2])).failed
        client = make_client(store)
        doc = store.list_documents(limit=1)[0]
        page = tree(client.get(f"/articles/{doc.id}"))
        assert page.get_element_by_id("text").text_content() == doc.text
        assert not page.xpath(
            '//a[starts-with(@href, "/ledgers/") or starts-with(@href, "/stories/")]'
        )
        for path in ("/", "/stories", "/ledgers", "/search?q=Myanmar"):
            assert client.get(path).status_code == 200, path
        assert client.get("/entities/Myanmar").status_code == 404


@pytest.mark.parametrize(
    "path", ["/articles/nope", "/ledgers/nope", "/stories/nope", "/entities/Nobody Atall"]
)
def test_unknown_ids_get_an_html_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text and "Traceback" not in response.text


def test_static_files_are_served_by_name_only(client):
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    for path in ("/static/web.py", "/static/..%2Fweb.py", "/static/%2e%2e%2fapp.py"):
        assert client.get(path).status_code == 404


# -- the pieces --------------------------------------------------------------------------------


def test_highlight_keeps_the_text_and_nests_whatever_the_spans():
    rng = random.Random(7)
    kinds = list(LAYER)
    for _ in range(300):
        text = "".join(rng.choice("ab <>&\"'\n") for _ in range(rng.randint(0, 40)))
        marks = []
        for i in range(rng.randint(0, 12)):
            start = rng.randint(-2, len(text) + 1)
            marks.append(Mark(start, start + rng.randint(-1, 8), rng.choice(kinds), f"r{i}"))
        out = str(highlight(text, marks))
        parsed = lxml_html.document_fromstring(f"<div>{out}</div>").find(".//div")
        assert parsed.text_content() == text
        kept, skipped = place_marks(marks, len(text))
        assert len(kept) + len(skipped) == len(marks)
        assert len(parsed.xpath("//*[@data-rec]")) == len(kept)

        def crosses(a: Mark, b: Mark) -> bool:
            disjoint = a.end <= b.start or b.end <= a.start
            nested = (a.start <= b.start and b.end <= a.end) or (
                b.start <= a.start and a.end <= b.end
            )
            return not (disjoint or nested)

        assert not any(crosses(a, b) for a in kept for b in kept)
        for m in skipped:  # left out only when empty, outside the text or crossing a kept one
            assert not 0 <= m.start < m.end <= len(text) or any(crosses(m, k) for k in kept)
        assert not re.search(r"<(?!/?(mark|span)\b)", out)


def test_ledger_rows_share_one_increasing_log_axis():
    ledger = Ledger(
        id="ldg_1",
        entries=[
            LedgerEntry(figure="f1", document="d1", low=30, high=30, qualifier="about"),
            LedgerEntry(figure="f2", document="d2", low=150, qualifier="more_than"),
            LedgerEntry(
                figure="f3", document="d3", high=1000, qualifier="up_to", modality="hedged"
            ),
        ],
    )
    rows, axis = ledger_rows(ledger)
    by_figure = {r.figure: r for r in rows}
    assert by_figure["f1"].point and not by_figure["f1"].open_high
    assert by_figure["f2"].open_high and by_figure["f3"].open_low
    assert by_figure["f1"].x1 < by_figure["f2"].x1 < by_figure["f3"].x2
    assert by_figure["f3"].modality == "hedged"
    xs = [x for x, _ in axis]
    assert xs == sorted(xs) and len(xs) >= 2
    assert log_x(10, (1, 100), 100) == 50.0
