"""One event reported in five languages is one story and one death-toll ledger.

The records are built by hand as the multilingual extractors give them (``dossier.model``):
an invented missile strike on Kharkiv on 2026-03-10, reported in English, Spanish, Russian,
Ukrainian and Portuguese, each with its people, places and codes, an ASSAULT event and a
``killed`` figure worded in its own language; and a strike on Odesa three weeks later,
reported in Spanish, that must stay another story and another ledger.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dossier.link import link_all
from dossier.link.ledger_view import ledger_text
from dossier.link.ledgers import list_ledgers
from dossier.link.stories import list_stories
from dossier.model import (
    Actor,
    Document,
    Entity,
    Event,
    Extraction,
    Figure,
    Geo,
    Mention,
    SentenceRef,
    Span,
    Timex,
    content_hash,
    stable_id,
)
from dossier.store import open_store

KHARKIV, ODESA = 706483, 698740


@dataclass
class Report:
    """One article as the extractors would read it."""

    language: str
    outlet: str
    published: str
    title: str
    text: str
    president: str  # Zelensky as the article writes him
    city: str  # the city as written
    trigger: str
    lemma: str
    figure: str  # the figure as written
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    when: str  # the date as written
    day: str = "2026-03-10"
    geonames: int = KHARKIV
    extra: dict = field(default_factory=dict)


REPORTS = [
    Report(
        "en",
        "Northern Wire",
        "2026-03-10",
        "Russian missiles kill dozens in Kharkiv",
        "Russian missiles struck Kharkiv on March 10, killing at least 25 people, officials "
        "said. President Volodymyr Zelensky called for more air defence.",
        "Volodymyr Zelensky",
        "Kharkiv",
        "struck",
        "strike",
        "at least 25 people",
        25,
        None,
        "at_least",
        "people",
        "March 10",
    ),
    Report(
        "es",
        "Diario del Sur",
        "2026-03-10",
        "Misiles rusos matan a decenas en Járkov",
        "Misiles rusos atacaron Járkov el 10 de marzo y mataron a 25 personas, según las "
        "autoridades. El presidente Volodímir Zelenski pidió más defensa antiaérea.",
        "Volodímir Zelenski",
        "Járkov",
        "atacaron",
        "atacar",
        "25 personas",
        25,
        25,
        "exact",
        "personas",
        "10 de marzo",
    ),
    Report(
        "ru",
        "Вечерние вести",
        "2026-03-11",
        "Ракетный удар по Харькову",
        "Российские ракеты ударили по Харькову 10 марта, погибли не менее 25 человек, "
        "сообщили власти. Президент Владимир Зеленский призвал усилить ПВО.",
        "Владимир Зеленский",
        "Харькову",
        "ударили",
        "ударить",
        "не менее 25 человек",
        25,
        None,
        "at_least",
        "человек",
        "10 марта",
    ),
    Report(
        "uk",
        "Ранкова правда",
        "2026-03-11",
        "Ракетний удар по Харкову",
        "Російські ракети вдарили по Харкову 10 березня, загинули 27 людей, повідомила "
        "влада. Президент Володимир Зеленський закликав посилити ППО.",
        "Володимир Зеленський",
        "Харкову",
        "вдарили",
        "вдарити",
        "27 людей",
        27,
        27,
        "exact",
        "людей",
        "10 березня",
    ),
    Report(
        "pt",
        "Jornal do Atlântico",
        "2026-03-11",
        "Mísseis russos matam dezenas em Kharkiv",
        "Mísseis russos atingiram Kharkiv em 10 de março e mataram cerca de 25 pessoas, "
        "disseram as autoridades. O presidente Volodymyr Zelensky pediu mais defesa aérea.",
        "Volodymyr Zelensky",
        "Kharkiv",
        "atingiram",
        "atingir",
        "cerca de 25 pessoas",
        25,
        25,
        "about",
        "pessoas",
        "10 de março",
    ),
]
OTHER = Report(
    "es",
    "Diario del Sur",
    "2026-04-02",
    "Drones contra el puerto de Odesa",
    "Un ataque con drones contra el puerto de Odesa dejó ocho muertos el 2 de abril, según "
    "los servicios de emergencia. El presidente Volodímir Zelenski condenó el bombardeo de "
    "la infraestructura civil.",
    "Volodímir Zelenski",
    "Odesa",
    "ataque",
    "atacar",
    "ocho muertos",
    8,
    8,
    "exact",
    "muertos",
    "2 de abril",
    day="2026-04-02",
    geonames=ODESA,
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def extraction(r: Report) -> Extraction:
    """The records a multilingual extractor gives for one report."""
    text = f"{r.title}\n\n{r.text}"
    doc_id = content_hash(text)
    doc = Document(
        id=doc_id, outlet=r.outlet, title=r.title, published=r.published, language=r.language,
        text=text,
    )  # fmt: skip

    def entity(name: str, kind: str, **kw) -> Entity:
        s, e = _span(text, name)
        return Entity(
            id=stable_id("ent", doc_id, kind, name),
            name=name,
            kind=kind,  # type: ignore[arg-type]
            mentions=[Mention(text=name, start=s, end=e)],
            **kw,
        )

    city = entity(r.city, "place", country="UKR", geo=Geo(geonames_id=r.geonames))
    president = entity(r.president, "person", country="UKR", role="GOV", code="UKRGOV")
    sentence_start = text.index(r.text)
    first_sentence_end = text.index(".", text.index(r.figure)) + 1
    sentence = SentenceRef(start=sentence_start, end=first_sentence_end)
    t_start, t_end = _span(text, r.trigger)
    f_start, f_end = _span(text, r.figure)
    w_start, w_end = _span(text, r.when)
    event_id = stable_id("evt", doc_id, t_start, t_end)
    figure_id = stable_id("fig", doc_id, f_start, f_end)
    event = Event(
        id=event_id,
        plover="ASSAULT",
        cameo="195",
        trigger=Span(text=r.trigger, start=t_start, end=t_end),
        actor1=Actor(text=r.text.split()[1], code="RUSMIL"),
        actor2=Actor(text=r.city, entity=city.id, code="UKR"),
        place=city.id,
        time=r.day,
        figures=[figure_id],
        sentence=sentence,
        lemma=r.lemma,
    )
    figure = Figure(
        id=figure_id,
        start=f_start,
        end=f_end,
        text=r.figure,
        low=r.low,
        high=r.high,
        qualifier=r.qualifier,  # type: ignore[arg-type]
        unit=r.unit,
        measure=r.lemma,
        event=event_id,
        time=r.day,
        measure_class="killed",
    )
    timex = Timex(
        id=stable_id("tmx", doc_id, w_start, w_end),
        start=w_start,
        end=w_end,
        text=r.when,
        type="DATE",
        value=r.day,
    )
    return Extraction(
        document=doc, entities=[city, president], timexes=[timex], figures=[figure],
        events=[event],
    )  # fmt: skip


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory):
    path = Path(tmp_path_factory.mktemp("crosslingual")) / "store.db"
    with open_store(path) as store:
        for report in [*REPORTS, OTHER]:
            assert store.add(extraction(report))
        link_all(store)
        yield store


def test_one_event_in_five_languages_is_one_story(linked):
    stories = list_stories(linked)
    assert len(stories) == 1
    story = stories[0]
    assert story.languages == ["en", "es", "pt", "ru", "uk"]
    assert story.documents == 5
    assert story.plover == "ASSAULT" and story.time == "2026-03-10"
    # Each report's event is the story's main event, whatever its language.
    assert all(r.event for r in story.reports)
    assert len(story.events) == 1 and len(story.events[0]) == 5


def test_the_other_strike_stays_apart(linked):
    story = list_stories(linked)[0]
    other = extraction(OTHER).document.id
    assert other not in {r.document for r in story.reports}
    for ledger in list_ledgers(linked):
        assert other not in {e.document for e in ledger.entries}


def test_five_death_tolls_in_five_languages_are_one_ledger(linked):
    ledgers = [x for x in list_ledgers(linked) if x.measure_class == "killed"]
    assert len(ledgers) == 1
    ledger = ledgers[0]
    assert ledger.subject == "UKR"
    assert ledger.documents == 5
    assert sorted(e.text for e in ledger.entries) == sorted(r.figure for r in REPORTS)
    assert not ledger.contested  # 25, at least 25, about 25 and 27 are one account


def test_each_ledger_entry_shows_its_language_and_wording(linked):
    ledger = next(x for x in list_ledgers(linked) if x.measure_class == "killed")
    by_language = {e.language: e for e in ledger.entries}  # type: ignore[attr-defined]
    assert sorted(by_language) == ["en", "es", "pt", "ru", "uk"]
    assert "погибли не менее 25 человек" in by_language["ru"].sentence  # type: ignore[attr-defined]
    assert by_language["uk"].text == "27 людей"
    dumped = json.loads(ledger.model_dump_json())
    assert {e["language"] for e in dumped["entries"]} == {"en", "es", "pt", "ru", "uk"}
    text = ledger_text(ledger)
    header = text.splitlines()[1]
    assert "lang" in header
    assert "mataron a 25 personas" in text and "27 людей" in text
    assert "Володимир Зеленський" not in text  # only the figure's sentence, not the article


def test_the_web_ledger_page_shows_each_language_and_sentence(linked):
    from fastapi.testclient import TestClient
    from lxml import html

    from dossier.api.app import create_app

    ledger = next(x for x in list_ledgers(linked) if x.measure_class == "killed")
    app = create_app(store=linked, allow_hosts=["testserver"])
    page = TestClient(app).get(f"/ledgers/{ledger.id}")
    assert page.status_code == 200
    rows = html.fromstring(page.text).xpath('//table[@id="ledger-rows"]/tbody/tr')
    assert sorted(r.xpath('.//span[contains(@class, "lang")]')[0].text for r in rows) == [
        "en", "es", "pt", "ru", "uk",
    ]  # fmt: skip
    said = [r.xpath('.//blockquote[contains(@class, "said")]')[0] for r in rows]
    assert any("погибли не менее 25 человек" in q.text_content() for q in said)
    assert {q.get("lang") for q in said} == {"en", "es", "pt", "ru", "uk"}


def test_neutral_profiles_from_records_and_from_the_store_agree(linked):
    from dossier.link.stories import read_neutral, records_neutral

    for report in [*REPORTS, OTHER]:
        ex = extraction(report)
        with linked.engine.connect() as conn:
            stored = read_neutral(conn, [ex.document.id])[ex.document.id]
        made = records_neutral(ex.entities, ex.events, ex.figures, ex.timexes)
        assert made.keys() == stored.keys()
        assert all(abs(made[k] - stored[k]) < 1e-9 for k in made)
