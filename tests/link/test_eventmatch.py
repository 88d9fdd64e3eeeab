"""The cross-document event matcher and its clustering (dossier.link.eventmatch)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from dossier.link.eventmatch import (
    EventItem,
    Matcher,
    actors_compatible,
    block_keys,
    cluster,
    lemma_family,
    places_compatible,
    same_event,
    time_interval,
)
from dossier.resources import read_tsv, split_field


def item(id_: str, document: str = "d1", lemma: str = "ratify", **fields) -> EventItem:
    return EventItem(id=id_, document=document, lemma=lemma, **fields)


BASE = item("a", "d1", plover="AGREE", actor1="RUSLEG", time="2025-10-07", place="RUS")


def other(**fields) -> EventItem:
    return replace(BASE, id="b", document="d2", **fields)


# Type family


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (dict(plover="AGREE"), dict(plover="AGREE", lemma="sign"), True),  # same PLOVER type
        (dict(plover="AGREE"), dict(plover="REJECT"), False),  # same lemma, coded apart
        (dict(plover=None, lemma="sale"), dict(plover=None, lemma="sell"), True),
        (dict(plover=None, lemma="purchase"), dict(plover=None, lemma="buy"), True),
        (dict(plover=None, lemma="acquisition"), dict(plover=None, lemma="acquire"), True),
        (dict(plover=None, lemma="killing"), dict(plover=None, lemma="death"), True),
        (dict(plover=None, lemma="resignation"), dict(plover=None, lemma="resign"), True),
        (dict(plover=None, lemma="sell"), dict(plover=None, lemma="buy"), False),
        (dict(plover=None, lemma="ratify"), dict(plover="AGREE", lemma="ratification"), True),
        (dict(plover=None, lemma="ratify"), dict(plover="AGREE", lemma="protest"), False),
    ],
)
def test_type_family(a, b, same) -> None:
    assert same_event(replace(BASE, **a), other(**b)) is same
    assert same_event(other(**b), replace(BASE, **a)) is same  # symmetric


def test_generic_lemmas_need_one_document_and_one_known_actor() -> None:
    say = item("a", "d1", "say", actor1="name:acme", time="2025-10-07")
    assert not same_event(say, replace(say, id="b", document="d2"))  # never across documents
    assert same_event(say, replace(say, id="b"))  # one document, the same speaker
    assert not same_event(say, replace(say, id="b", actor1="name:widget"))
    assert not same_event(replace(say, actor1=None), replace(say, id="b", actor1=None))


# Actors


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("RUSLEG", "RUSLEG", True),
        ("RUSLEG", "RUS", True),  # a code and its country alone
        ("RUS", "RUSGOV", True),
        ("RUSLEG", None, True),  # unknown
        (None, None, True),
        ("RUSLEG", "UKRGOV", False),
        ("RUSLEG", "RUSGOV", False),
        ("RUS", "UKR", False),
        ("GOV", "RUSGOV", True),  # a role with no country
        ("ent_1", "ent_1", True),
        ("ent_1", "ent_2", False),  # two cross-document entity keys
    ],
)
def test_actors(a, b, compatible) -> None:
    assert actors_compatible(a, b) is compatible
    assert same_event(replace(BASE, actor1=a), other(actor1=b)) is compatible
    assert same_event(replace(BASE, actor2=a), other(actor2=b)) is compatible


# Times


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("2025-10-07", "2025-10-07", True),
        ("2025-10-07", "2025-10", True),  # a month contains its days
        ("2025-10", "2025-10-31", True),
        ("2025-10-07", "2025-10-09", True),  # misreported by two days: one story
        ("2025-10-07", "2025-10-10", True),
        ("2025-10-07", "2025-10-11", False),  # four days apart
        ("2025-10-07", "2025-11-20", False),
        ("2025-10-07", "2025-W41", True),  # the week of 6-12 October
        ("2025-10-07", "2025-W44", False),
        ("2025-10-07T14:00", "2025-10-07", True),
        ("2025-10", "2025-12", False),
        ("2025-10-07", None, True),  # unknown
        ("2025-10-07", "PRESENT_REF", True),  # no calendar period: unknown
    ],
)
def test_times(a, b, compatible) -> None:
    assert same_event(replace(BASE, time=a), other(time=b)) is compatible


def test_coarse_times_count_as_missing() -> None:
    # A year says little about which event it is: the publication dates decide.
    a = replace(BASE, time="2025", published="2025-10-07")
    assert same_event(a, other(time="2025-10-08", published="2025-10-08"))
    assert not same_event(a, other(time="2025-03-01", published="2025-03-01"))


def test_without_times_the_publication_dates_decide() -> None:
    undated = item("a", "d1", "strike", published="2019-03-01")
    assert not same_event(undated, replace(undated, id="b", document="d2", published="2025-10-07"))
    assert same_event(undated, replace(undated, id="b", document="d2", published="2019-03-04"))
    assert same_event(undated, replace(undated, id="b", document="d2", published=None))
    # One time: compared with the other's publication date.
    dated = replace(undated, id="b", document="d2", time="2019-03-02", published="2019-03-10")
    assert same_event(undated, dated)
    assert not same_event(undated, replace(dated, time="2018-06-01"))


def test_the_windows_are_parameters() -> None:
    a, b = replace(BASE, time="2025-10-07"), other(time="2025-10-09")
    assert Matcher(time_window=2)(a, b)
    assert not Matcher(time_window=1)(a, b)


@pytest.mark.parametrize(
    ("value", "days"),
    [("2025-10-07", 1), ("2025-02", 28), ("2024-02", 29), ("2025-Q4", 92), ("2025", 365)],
)
def test_time_intervals(value, days) -> None:
    first, last = time_interval(value)
    assert last - first + 1 == days


@pytest.mark.parametrize("value", [None, "", "P3D", "XXXX-XX-XX", "2025-02-30", "FUTURE_REF"])
def test_values_without_calendar_days(value) -> None:
    assert time_interval(value) is None


# Places


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("RUS", "RUS", True),
        ("RUS", None, True),
        ("RUS", "UKR", False),
        ("geo:524901", "geo:524901", True),
        ("geo:524901", "geo:703448", False),  # Moscow, Kyiv
        ("RUS", "geo:524901", True),  # Moscow is in Russia
        ("UKR", "geo:524901", False),
    ],
)
def test_places(a, b, compatible) -> None:
    assert places_compatible(a, b) is compatible
    assert same_event(replace(BASE, place=a), other(place=b)) is compatible


def test_one_document_can_hold_one_event_twice() -> None:
    assert same_event(BASE, replace(BASE, id="b"))


def test_embedding_similarity_across_documents() -> None:
    near, far = (1.0, 0.0), (0.0, 1.0)
    matcher = Matcher(min_similarity=0.5)
    a = replace(BASE, vector=near)
    assert matcher(a, other(vector=near))
    assert not matcher(a, other(vector=far))
    assert matcher(a, replace(BASE, id="b", vector=far))  # one document: the rules decide
    assert matcher(a, other(vector=None))  # no vector: the rules decide
    assert same_event(a, other(vector=far))  # the default ignores vectors


# Blocking and clustering


def _pool() -> list[EventItem]:
    lemmas = ["sale", "sell", "buy", "purchase", "protest", "say", "ratify"]
    codes = [None, "AGREE", "PROTEST"]
    actors = [None, "RUS", "RUSLEG", "UKRGOV"]
    times = [None, "2025-10-07", "2025-10-09", "2025-10", "2019-03-01"]
    rng = random.Random(7)
    return [
        EventItem(
            id=f"e{i:02d}",
            document=f"d{rng.randrange(4)}",
            lemma=rng.choice(lemmas),
            plover=rng.choice(codes),
            actor1=rng.choice(actors),
            time=rng.choice(times),
            published=rng.choice(["2025-10-08", "2019-03-02"]),
        )
        for i in range(40)
    ]


def test_matching_items_share_a_block_key() -> None:
    pool = _pool()
    matched = 0
    for a, b in itertools.combinations(pool, 2):
        if same_event(a, b):
            matched += 1
            assert set(block_keys(a)) & set(block_keys(b)), (a, b)
    assert matched > 0


def test_block_keys() -> None:
    assert block_keys(item("x", lemma="sale")) == block_keys(item("y", lemma="sell"))
    assert "plover:AGREE" in block_keys(item("x", plover="AGREE"))
    assert lemma_family("Sale") == lemma_family("sale")


def test_cluster_groups_matching_items() -> None:
    items = [
        item("b", "d1", "buy", time="2025-10-07"),
        item("a", "d2", "purchase", time="2025-10-08"),
        item("c", "d3", "purchase", time="2019-01-01"),
        item("d", "d3", "protest", time="2025-10-07"),
    ]
    assert cluster(items) == [["a", "b"], ["c"], ["d"]]


def test_cluster_joins_chains_into_one_group() -> None:
    # a-b and b-c match (within 3 days), a-c do not: connected components join all three.
    items = [
        item(i, f"d{i}", "sell", time=t)
        for i, t in zip("abc", ["2025-10-01", "2025-10-04", "2025-10-07"], strict=True)
    ]
    assert not same_event(items[0], items[2])
    assert cluster(items) == [["a", "b", "c"]]


def test_cluster_is_independent_of_the_input_order() -> None:
    pool = _pool()
    expected = cluster(pool)
    assert sorted(i for group in expected for i in group) == sorted(i.id for i in pool)
    assert any(len(group) > 1 for group in expected) and len(expected) > 1
    rng = random.Random(1)
    for _ in range(5):
        shuffled = pool[:]
        rng.shuffle(shuffled)
        assert cluster(shuffled) == expected


def test_cluster_takes_another_matcher() -> None:
    items = [item("a", "d1", "sell"), item("b", "d2", "sale")]
    assert cluster(items) == [["a", "b"]]
    assert cluster(items, same=lambda a, b: False) == [["a"], ["b"]]


def test_cluster_needs_unique_ids() -> None:
    with pytest.raises(ValueError, match="unique"):
        cluster([item("a"), item("a", "d2")])


# The lexicons


def test_each_lemma_is_in_one_family_at_most() -> None:
    seen: dict[str, str] = {}
    for row in read_tsv("event_synonyms.tsv"):
        for member in split_field(row["members"]):
            assert member not in seen, f"{member} in {seen.get(member)} and {row['family']}"
            seen[member] = row["family"]
    assert len(seen) > 100


def test_generic_lemmas_file() -> None:
    rows = read_tsv("event_generic.tsv")
    assert {row["kind"] for row in rows} <= {"speech", "cognition", "light"}
    assert {"say", "be", "have"} <= {row["lemma"] for row in rows}


# Context words


def test_lemma_only_matches_across_documents_need_shared_context() -> None:
    a = item("a", "d1", "sale", published="2025-10-07", text="Acme sales fell 5% in September.")
    close = replace(a, id="b", document="d2", text="September sales at Acme fell by 5%.")
    unrelated = replace(a, id="b", document="d2", text="Widget said its sales rose sharply.")
    assert same_event(a, close)
    assert not same_event(a, unrelated)
    assert same_event(a, replace(unrelated, document="d1"))  # one document: no such condition
    assert same_event(a, replace(unrelated, text=""))  # a sentence unknown: cannot tell
    assert Matcher(min_overlap=None)(a, unrelated)
    # Two coded events: the codes, actors and times are the evidence.
    coded = dict(plover="COOPERATE")
    assert same_event(replace(a, **coded), replace(unrelated, **coded))
