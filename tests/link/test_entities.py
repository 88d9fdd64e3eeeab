"""The same actor across documents: keys, the ``link_entities`` table, queries and the CLI.

The articles are short invented reports written for these tests: one Russian legislature named
three ways ("The State Duma", "The lower house of the Russian parliament", "the Russian Duma"),
one Vladimir Putin named in full once and by surname twice, and two different people called
Smith (John, an Australian senator's story; Anna, a Canadian diplomat's) plus a bare "Smith".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier import cli, pipeline
from dossier.ingest import read_paths
from dossier.link.entities import (
    entity_events,
    entity_key,
    find_entity,
    link_entities,
    person_name,
    query_keys,
)
from dossier.model import Document, Entity, Extraction, Geo, Mention
from dossier.store import Store, open_store


def _article(title: str, published: str, outlet: str, text: str) -> str:
    return f"---\ntitle: {title}\npublished: {published}\noutlet: {outlet}\n---\n{text}\n"


ARTICLES = {
    "duma": _article(
        "Duma ratifies defence pact with Cuba",
        "2031-04-01",
        "Northern Wire",
        "MOSCOW (Northern Wire) - The State Duma ratified a defence cooperation agreement with "
        "Cuba on Tuesday. President Vladimir Putin welcomed the vote and said the pact would "
        "deepen ties with Havana.",
    ),
    "lower-house": _article(
        "Russian lawmakers back Venezuela treaty",
        "2031-04-03",
        "Harbour Times",
        "The lower house of the Russian parliament approved a trade treaty with Venezuela on "
        "Thursday. Mr Putin is expected to sign it next week, officials said.",
    ),
    "putin": _article(
        "Kremlin rejects NATO proposal",
        "2031-04-05",
        "Coastal Herald",
        "Putin rejected a proposal from NATO on Friday, and the Russian Duma condemned the "
        "alliance. Russia has opposed its expansion for decades.",
    ),
    "john-smith": _article(
        "Senator visits Canberra",
        "2031-04-02",
        "Southern Post",
        "CANBERRA (Southern Post) - Senator John Smith met Australian officials on Monday to "
        "discuss trade. Smith said the talks were useful.",
    ),
    "anna-smith": _article(
        "Diplomat expelled",
        "2031-04-04",
        "Southern Post",
        "Canada expelled the diplomat Anna Smith on Wednesday after a row over visas, the "
        "Canadian government said.",
    ),
    "smith": _article(
        "Smith speaks",
        "2031-04-06",
        "Eastern Daily",
        "Smith criticised the government of Australia on Sunday, according to a statement.",
    ),
}
RUSSIAN = ("duma", "lower-house", "putin")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (path / f"{name}.txt").write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def extracted(nlp, folder: Path) -> dict[str, Extraction]:
    """Each article's extraction, by name (the pipeline runs once for the module)."""
    found = {}
    for outcome in pipeline.extract(nlp, read_paths([folder])):
        assert outcome.extraction is not None, outcome.error
        found[Path(outcome.source).stem] = outcome.extraction
    assert set(found) == set(ARTICLES)
    return found


def _fill(store: Store, extracted: dict[str, Extraction], names: list[str]) -> Store:
    for name in names:
        assert store.add(extracted[name])
    return store


def _ent(name: str, kind: str = "organization", country: str | None = None, **kw: Any) -> Entity:
    mentions = [Mention(text=m, start=0, end=len(m)) for m in kw.pop("mentions", [name])]
    return Entity(id="e", name=name, kind=kind, country=country, mentions=mentions, **kw)  # type: ignore[arg-type]


# -- keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (_ent("State Duma", country="RUS"), _ent("Russian Duma", country="RUS")),
        (_ent("State Duma", country="RUS"), _ent("Duma", country="RUS")),
        (_ent("State Duma", country="RUS"), _ent("Russia's lower house", country="RUS")),
        (_ent("State Duma"), _ent("the Russian parliament's lower house")),
        (_ent("Russian Duma", "place"), _ent("State Duma", country="RUS")),
        (_ent("Kremlin", country="RUS"), _ent("Government of the Russian Federation")),
        (_ent("US State Department", country="USA"), _ent("U.S. State Department")),
        (_ent("Russia", "country", "RUS"), _ent("Russian Federation", "country", "RUS")),
        (_ent("Vladimir Putin", "person"), _ent("President Vladimir Putin", "person")),
        (_ent("Vladimir Putin", "person"), _ent("Russian President Vladimir Putin", "person")),
        (_ent("Putin", "person"), _ent("Mr. Putin", "person")),
        (_ent("Miguel Díaz-Canel", "person"), _ent("MIGUEL DIAZ-CANEL", "person")),
        (_ent("Kofi Annan", "person"), _ent("U.N. Secretary-General Kofi Annan", "person")),
        (
            _ent("Ministry of Sport", country="RUS"),
            _ent("Russia's Ministry of Sport", country="RUS"),
        ),
        (
            _ent("Moscow", "place", geo=Geo(geonames_id=524901)),
            _ent("Moskva", "place", geo=Geo(geonames_id=524901)),
        ),
    ],
)
def test_same_actor_same_key(a: Entity, b: Entity):
    assert entity_key(a) == entity_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (_ent("Duma", country="RUS"), _ent("Senate", country="USA")),
        (_ent("State Duma", country="RUS"), _ent("Federation Council", country="RUS")),
        (_ent("Russian lower house", country="RUS"), _ent("Russian upper house", country="RUS")),
        (_ent("Russian government", country="RUS"), _ent("Cuban government", country="CUB")),
        (_ent("Ministry of Sport", country="RUS"), _ent("Ministry of Sport", country="UKR")),
        (_ent("Ministry of Sport", country="RUS"), _ent("Ministry of Culture", country="RUS")),
        (_ent("John Smith", "person"), _ent("Anna Smith", "person")),
        (_ent("Smith", "person"), _ent("John Smith", "person")),  # joined only by a query
        (_ent("Cuba", "country", "CUB"), _ent("Cubans", "group", "CUB")),
        (_ent("Georgia", "country", "GEO"), _ent("Georgia", "place")),
        (_ent("Moscow", "place", geo=Geo(geonames_id=524901)), _ent("Moscow", "place")),
    ],
)
def test_different_actors_different_keys(a: Entity, b: Entity):
    assert entity_key(a) != entity_key(b)


def test_a_mention_may_name_a_more_specific_body_of_the_same_country():
    alias = _ent("Chamber of Deputies", country="RUS", mentions=["Russian Duma", "Legislature"])
    assert entity_key(alias) == "org:RUS:duma"
    foreign = _ent("Chamber of Deputies", country="ITA", mentions=["Russian Duma"])
    assert entity_key(foreign) == "org:ITA:chamber-of-deputies"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The State Duma voted on Tuesday.", "org:RUS:duma"),
        ("The Russian Duma voted on Tuesday.", "org:RUS:duma"),
        ("The lower house of the Russian parliament voted on Tuesday.", "org:RUS:duma"),
        ("Russia's lower house voted on Tuesday.", "org:RUS:duma"),
        ("The Federation Council voted on Tuesday.", "org:RUS:federation-council"),
        ("The US Senate voted on Tuesday.", "org:USA:senate"),
    ],
)
def test_keys_of_what_the_extractor_finds(nlp, text: str, key: str):
    found = [Entity.model_validate(e) for e in nlp(text)._.dossier_entities]
    legislatures = [e for e in found if e.role == "LEG"]
    assert [entity_key(e) for e in legislatures] == [key]


def test_person_names_lose_titles_not_names():
    assert person_name("General Secretary Anna Soto") == "anna soto"
    assert person_name("Sir Keir Starmer") == "keir starmer"
    assert person_name("President") == "president"  # nothing but a title: kept
    assert person_name("Gen. Smith") == "smith"


def test_query_keys_read_countries_codes_and_bodies():
    assert query_keys("Russia")[0] == query_keys("RUS")[0] == "country:RUS"
    assert "org:RUS:duma" in query_keys("the lower house of the Russian parliament")
    assert "org:RUS:duma" not in query_keys("Senate")


# -- over the store -----------------------------------------------------------------------------


def test_link_entities_is_incremental_and_idempotent(link_target: str, extracted):
    with _fill(open_store(link_target), extracted, ["duma", "lower-house"]) as store:
        first = link_entities(store)
        assert first.rebuilt
        assert (
            first.keyed
            == first.entities
            == sum(len(extracted[n].entities) for n in ("duma", "lower-house"))
        )
        again = link_entities(store)
        assert (again.keyed, again.rebuilt, again.entities) == (0, False, first.entities)
        _fill(store, extracted, ["putin"])
        third = link_entities(store)
        assert third.keyed == len(extracted["putin"].entities)
        assert third.entities == store.counts()["entities"]


def test_find_the_duma_across_documents(link_target: str, extracted):
    with _fill(open_store(link_target), extracted, list(ARTICLES)) as store:
        link_entities(store)
        view = find_entity(store, "Duma")
        assert view is not None
        assert view.keys == ["org:RUS:duma"]
        assert view.code == "RUSLEG"
        assert view.documents == 3
        ids = {e.id for n in RUSSIAN for e in extracted[n].entities if e.role == "LEG"}
        ids |= {e.id for e in extracted["putin"].entities if "Duma" in e.name}
        assert set(view.entity_ids) == ids
        names = {n for n, _ in view.names}
        assert {"State Duma", "lower house of the Russian parliament", "Russian Duma"} <= names
        for alias in ("State Duma", "the lower house of the Russian parliament", "RUSSIAN DUMA"):
            other = find_entity(store, alias)
            assert other is not None and other.keys == view.keys, alias

        # Its events, as actor1 or actor2, on a timeline across the three reports.
        assert len({e.document for e in view.events}) == 3
        whens = [e.when for e in view.events]
        assert whens == sorted(whens) and None not in whens
        assert {e.outlet for e in view.events} == {
            "Northern Wire",
            "Harbour Times",
            "Coastal Herald",
        }
        partners = {key for key, _, _ in view.partners}
        assert {"country:CUB", "country:VEN"} <= partners
        assert "org:RUS:duma" not in partners
        events, partners_again = entity_events(store, view.keys)
        assert [e.event for e in events] == [e.event for e in view.events]
        assert partners_again == view.partners


def test_countries_by_name_or_code(link_target: str, extracted):
    with _fill(open_store(link_target), extracted, list(ARTICLES)) as store:
        link_entities(store)
        by_name, by_code = find_entity(store, "Russia"), find_entity(store, "RUS")
        assert by_name is not None and by_code is not None
        assert by_name.keys == by_code.keys == ["country:RUS"]
        assert find_entity(store, "Atlantis") is None


def test_a_surname_is_the_only_full_name_with_it(link_target: str, extracted):
    with _fill(open_store(link_target), extracted, list(ARTICLES)) as store:
        link_entities(store)
        for name in ("Putin", "Mr Putin", "Vladimir Putin", "President Vladimir Putin"):
            view = find_entity(store, name)
            assert view is not None, name
            assert view.keys == ["person:putin", "person:vladimir putin"], name
            assert view.name == "Vladimir Putin"
            assert view.documents == 3


def test_two_people_with_one_surname_stay_apart(link_target: str, extracted):
    with _fill(open_store(link_target), extracted, list(ARTICLES)) as store:
        link_entities(store)
        john, anna = find_entity(store, "John Smith"), find_entity(store, "Anna Smith")
        assert john is not None and anna is not None
        assert john.keys == ["person:john smith"]
        assert anna.keys == ["person:anna smith"]
        smith = find_entity(store, "Smith")
        assert smith is not None
        assert smith.keys == ["person:smith"]  # the bare surname joins neither full name
        assert {k for k, _, _ in smith.others} == {"person:john smith", "person:anna smith"}


def _hand_made(doc: str, *people: tuple[str, str | None]) -> Extraction:
    document = Document(id=doc, text=" ".join(n for n, _ in people), published="2031-01-01")
    ents = [
        Entity(id=f"ent_{doc}_{i}", name=n, kind="person", country=c)
        for i, (n, c) in enumerate(people)
    ]
    return Extraction(document=document, entities=ents)


@pytest.mark.parametrize(
    ("bare_country", "full_country", "joined"),
    [("AUS", None, True), (None, "CAN", True), ("CAN", "CAN", True), ("AUS", "CAN", False)],
)
def test_a_surname_joins_a_full_name_of_a_compatible_country(
    tmp_path: Path, bare_country: str | None, full_country: str | None, joined: bool
):
    with open_store(tmp_path / "people.db") as store:
        store.add(_hand_made("d1", ("Smith", bare_country)))
        store.add(_hand_made("d2", ("Anna Smith", full_country)))
        link_entities(store)
        view = find_entity(store, "Smith")
        assert view is not None
        both = ["person:anna smith", "person:smith"]
        assert (view.keys == both) is joined
        assert view.keys == (both if joined else ["person:smith"])


def test_keys_do_not_depend_on_the_order_articles_came_in(tmp_path: Path, extracted):
    names = list(ARTICLES)
    results = []
    for order, db in ((names, "forward.db"), (names[::-1], "backward.db")):
        with open_store(tmp_path / db) as store:
            for name in order:  # link after each article, as a growing store would
                _fill(store, extracted, [name])
                link_entities(store)
            with store.engine.connect() as conn:
                from dossier.link.entities import link_entities_table as table

                keys = sorted(conn.execute(table.select()).all())
            views = {q: find_entity(store, q) for q in ("Putin", "Smith", "Duma", "Cuba")}
            results.append(
                (keys, {q: (v.keys, [e.event for e in v.events]) for q, v in views.items() if v})
            )
    assert results[0] == results[1]
    assert len(results[0][1]) == 4


# -- the command --------------------------------------------------------------------------------


@pytest.fixture
def _session_model(monkeypatch: pytest.MonkeyPatch, nlp) -> None:
    monkeypatch.delenv("DOSSIER_DB", raising=False)
    monkeypatch.setattr(cli, "_pipeline", lambda name: nlp)


def invoke(*args: str | Path) -> Any:
    result = CliRunner().invoke(cli.app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.mark.usefixtures("_session_model")
def test_entity_command(tmp_path: Path, folder: Path):
    db = tmp_path / "cli.db"
    assert invoke("add", folder, "--db", db).exit_code == 0

    as_json = invoke("entity", "the Duma", "--db", db, "--json")
    assert as_json.exit_code == 0, as_json.stderr
    [line] = as_json.stdout.splitlines()
    view = json.loads(line)
    assert view["keys"] == ["org:RUS:duma"]
    assert view["documents"] == 3
    assert [e["when"] for e in view["events"]] == sorted(e["when"] for e in view["events"])

    table = invoke("entity", "Putin", "--db", db)
    assert table.exit_code == 0, table.stderr
    assert "Vladimir Putin" in table.stdout
    assert "person:vladimir putin" in table.stdout

    unknown = invoke("entity", "Vladimir Poutine", "--db", db)
    assert unknown.exit_code != 0
    assert unknown.stdout == ""
    [error] = unknown.stderr.strip().splitlines()
    assert error.startswith("error: ")
    assert "Vladimir Poutine" in error and "Vladimir Putin" in error  # a close match
