"""Each condition over hand-built records, and firing once: regrouping, baselines, two writers.

Records are written straight into a store (documents with their entities and claims through
``Store.add``; ledgers and stories as rows, as the link stage writes them), so each condition
is tested apart from extraction and linking. Runs on SQLite and, when the server is there, on
PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, insert

from dossier.alerts.changes import alert_id, detect, fire, list_alerts, moved
from dossier.alerts.rules import add_rule, parse_when
from dossier.model import (
    Claim,
    Document,
    Entity,
    Extraction,
    Ledger,
    LedgerEntry,
    Report,
    Source,
    Span,
    Story,
    content_hash,
)
from dossier.store import Store
from dossier.store.schema import LEDGERS, STORIES, ledgers, stories


def article(
    store: Store,
    text: str,
    *,
    outlet: str = "Indus Wire",
    names: tuple[tuple[str, str, str | None], ...] = (),
    claim: tuple[str, str] | None = None,
) -> str:
    """Store an article with entities ``names`` ((name, kind, country)) and optionally one
    claim ((source words, content words), its source the first entity); its id."""
    doc_id = content_hash(text)
    doc = Document(id=doc_id, outlet=outlet, title=text[:30], published="2026-04-14", text=text)
    ents = [
        Entity(id=f"ent_{doc_id}_{k}", name=n, kind=kind, country=country)  # type: ignore[arg-type]
        for k, (n, kind, country) in enumerate(names)
    ]
    claims = []
    if claim is not None:
        who, what = claim
        claims.append(
            Claim(
                id=f"clm_{doc_id}",
                kind="indirect",
                source=Source(text=who, start=0, end=len(who), entity=ents[0].id if ents else None),
                cue=Span(text="said", start=0, end=4),
                content=Span(text=what, start=0, end=len(what)),
            )
        )
    assert store.add(Extraction(document=doc, entities=ents, claims=claims))
    return doc_id


def entry(figure: str, document: str, low: float, high: float | None = None, **kw) -> LedgerEntry:
    return LedgerEntry(figure=figure, document=document, low=low, high=high or low, **kw)


def put_ledger(store: Store, ledger: Ledger, *, replacing: str | None = None) -> None:
    """Write a ledger row (first deleting ledger ``replacing``), as the link stage does."""
    with store.engine.begin() as conn:
        if replacing:
            conn.execute(delete(ledgers).where(ledgers.c.id == replacing))
        conn.execute(insert(ledgers), [LEDGERS.to_row(ledger)])


def put_story(store: Store, story: Story, *, replacing: str | None = None) -> None:
    with store.engine.begin() as conn:
        if replacing:
            conn.execute(delete(stories).where(stories.c.id == replacing))
        conn.execute(insert(stories), [STORIES.to_row(story, group_id=story.id)])


def toll(ledger_id: str, entries: list[LedgerEntry], *, contested: bool = False) -> Ledger:
    return Ledger(
        id=ledger_id,
        subject="PAK",
        unit="people",
        measure="killed",
        measure_class="killed",
        label="PAK people killed",
        entries=entries,
        contested=contested,
        documents=len({e.document for e in entries}),
    )


def keys(store: Store, when: str) -> list[tuple[str, ...]]:
    return sorted(c.key for c in detect(store, parse_when(when, name="probe")))


def test_ledger_entry_fires_once_per_entry_and_filters(store):
    d1, d2, d3 = (article(store, f"Article {n} about Quetta.") for n in range(3))
    put_ledger(store, toll("ledge_b", [entry("fig_b", d1, 10), entry("fig_c", d2, 10)]))
    assert keys(store, "ledger-entry") == [("ledger-entry", "fig_b"), ("ledger-entry", "fig_c")]
    assert keys(store, "ledger-entry country=THA") == []
    assert keys(store, "ledger-entry measure_class=wounded") == []
    assert len(keys(store, "ledger-entry text='people KILLED' country=pak")) == 2
    rule = parse_when("ledger-entry country=PAK", name="entries")
    add_rule(store, rule, backfill=True)
    assert sorted(a.payload["figure"] for a in fire(store, rule)) == ["fig_b", "fig_c"]
    assert fire(store, rule) == []
    # A figure with a smaller id joins: the ledger's id changes, only the new entry fires.
    grown = [entry("fig_a", d3, 12), entry("fig_b", d1, 10), entry("fig_c", d2, 10)]
    put_ledger(store, toll("ledge_a", grown), replacing="ledge_b")
    new = fire(store, rule)
    assert [(a.payload["figure"], a.link) for a in new] == [("fig_a", "/ledgers/ledge_a")]


def test_ledger_contested_fires_when_it_becomes_contested_not_when_regrouped(store):
    d1, d2, d3 = (article(store, f"Report {n} on the blast.") for n in range(3))
    rule = parse_when("ledger-contested text=killed", name="contested")
    add_rule(store, rule)
    put_ledger(store, toll("ledge_b", [entry("fig_b", d1, 10), entry("fig_c", d2, 10)]))
    assert fire(store, rule) == []
    two = [entry("fig_b", d1, 10), entry("fig_c", d2, 40)]
    put_ledger(store, toll("ledge_b", two, contested=True), replacing="ledge_b")
    fired = fire(store, rule)
    assert [a.payload["ledger"] for a in fired] == ["ledge_b"]
    assert "contested" in fired[0].title
    # Regrouped under another id with the same figures: the same dispute, marked seen.
    three = [entry("fig_a", d3, 12), *two]
    put_ledger(store, toll("ledge_a", three, contested=True), replacing="ledge_b")
    assert fire(store, rule) == []
    seen = list_alerts(store, "contested", include_seen=True)
    assert [a.delivered.get("seen", "") for a in seen if a.payload["ledger"] == "ledge_a"] == [
        f"continues {fired[0].id}"
    ]


def test_figure_moves_against_the_range_stored_before(store):
    d1 = article(store, "First: 10 killed.")
    d2 = article(store, "Second: 12 killed.")
    d3 = article(store, "Third: 30 killed.")
    entries = [entry("fig_1", d1, 10), entry("fig_2", d2, 12), entry("fig_3", d3, 30)]
    put_ledger(store, toll("ledge_1", entries))
    assert keys(store, "figure-moves factor=1.5") == [("figure-moves", "fig_3")]
    assert keys(store, "figure-moves factor=2.5") == []  # 30 / 12 = 2.5, not more
    assert keys(store, "figure-moves factor=1.1") == [
        ("figure-moves", "fig_2"),
        ("figure-moves", "fig_3"),
    ]
    change = detect(store, parse_when("figure-moves", name="m"))[0]  # default factor 1.5
    assert change.payload["direction"] == "up" and change.payload["before"] == ["fig_1", "fig_2"]


def test_moved_handles_bounds_and_zero():
    one = entry("a", "d", 10, 20)
    assert moved(entry("b", "d", 31), [one], 1.5) == pytest.approx(1.55)
    assert moved(entry("b", "d", 30), [one], 1.5) is None
    assert moved(entry("b", "d", 6), [one], 1.5) == pytest.approx(10 / 6)
    assert moved(entry("b", "d", 5), [entry("a", "d", 0)], 1.5) == float("inf")
    assert moved(LedgerEntry(figure="b", document="d"), [one], 1.5) is None


def test_story_matches_every_parameter_given(store):
    d1 = article(store, "Quetta blast.", names=(("Imran Baloch", "person", None),))
    d2 = article(
        store,
        "Blast in Quetta market.",
        outlet="Karachi Courier",
        names=(("Pakistan", "country", "PAK"),),
    )
    reports = [
        Report(document=d1, outlet="Indus Wire", place="Quetta", actor1="PAK"),
        Report(document=d2, outlet="Karachi Courier"),
    ]
    put_story(store, Story(id="story_b", plover="ASSAULT", reports=reports, documents=2))
    hit = [("story", "story_b")]
    assert keys(store, "story-matches plover=assault") == hit
    assert keys(store, "story-matches entity=baloch") == hit
    assert keys(store, "story-matches place=quetta country=PAK") == hit
    assert keys(store, "story-matches plover=PROTEST country=PAK") == []
    assert keys(store, "story-matches country=THA") == []
    assert keys(store, "story-matches entity='Imran Khan'") == []
    # The story grows by an article with a smaller id: a new id, the same story: not again.
    rule = parse_when("story-matches plover=ASSAULT", name="stories")
    add_rule(store, rule, backfill=True)
    assert [a.link for a in fire(store, rule)] == ["/stories/story_b"]
    d3 = article(store, "Third report of the Quetta blast.")
    grown = Story(
        id="story_a", plover="ASSAULT", reports=[*reports, Report(document=d3)], documents=3
    )
    put_story(store, grown, replacing="story_b")
    assert fire(store, rule) == []
    put_story(store, Story(id="story_z", plover="ASSAULT", reports=[Report(document="other")]))
    assert [a.payload["story"] for a in fire(store, rule)] == ["story_z"]


def test_claim_by_source_words_or_entity_name(store):
    police = article(
        store, "Police said the bomb was in a car.", claim=("police", "the bomb was in a car")
    )
    named = article(
        store,
        "The officer said two men were held.",
        names=(("Imran Baloch", "person", None),),
        claim=("The officer", "two men were held"),
    )
    article(store, "Residents said 40 died.", claim=("Residents", "40 died"))
    assert keys(store, "claim-by source=police") == [("claim", f"clm_{police}")]
    assert keys(store, "claim-by source='imran baloch'") == [("claim", f"clm_{named}")]
    assert keys(store, "claim-by source=50%") == []  # wildcards are plain characters
    change = detect(store, parse_when("claim-by source=Residents", name="c"))[0]
    assert change.link.startswith("/articles/") and "40 died" in change.title


def test_a_rule_added_later_sets_what_exists_aside_unless_backfill(store):
    d1, d2 = (article(store, f"Toll report {n}.") for n in range(2))
    put_ledger(store, toll("ledge_1", [entry("fig_1", d1, 10), entry("fig_2", d2, 10)]))
    later = parse_when("ledger-entry", name="later")
    assert add_rule(store, later) == 2
    assert fire(store, later) == []
    assert list_alerts(store, "later") == []  # set aside: not in the feed
    backfill = parse_when("ledger-entry", name="backfill")
    assert add_rule(store, backfill, backfill=True) == 0
    assert len(fire(store, backfill)) == 2
    d3 = article(store, "Toll report 3.")
    three = [entry("fig_1", d1, 10), entry("fig_2", d2, 10), entry("fig_3", d3, 11)]
    put_ledger(store, toll("ledge_1", three), replacing="ledge_1")
    assert [a.payload["figure"] for a in fire(store, later)] == ["fig_3"]
    assert [a.payload["figure"] for a in fire(store, backfill)] == ["fig_3"]


def test_two_checkers_at_once_fire_each_change_once(store):
    docs = [article(store, f"Concurrent report {n}.") for n in range(6)]
    put_ledger(store, toll("ledge_1", [entry(f"fig_{n}", d, 10) for n, d in enumerate(docs)]))
    rule = parse_when("ledger-entry", name="race")
    add_rule(store, rule, backfill=True)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(len(fire(store, rule)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert sorted(results) == [0, 0, 0, 6]
    assert len(list_alerts(store, "race", limit=None)) == 6


def test_alert_ids_depend_on_rule_and_change_only():
    assert alert_id("a", ("claim", "c1")) == alert_id("a", ("claim", "c1"))
    ids = {alert_id("a", ("claim", "c1")), alert_id("b", ("claim", "c1"))}
    assert len(ids | {alert_id("a", ("claim", "c2"))}) == 3
