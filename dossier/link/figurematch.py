"""Which figures from many articles count the same thing: the grouping behind figure ledgers.

A figure's *topic* is who is counted and what happens to them, whatever the wording:

* **who**: the country of the unit (a demonym or adjective from ``countries.tsv``: "Cubans",
  "Cuban mercenaries", "North Korean troops" -> ``CUB``/``PRK``), else the item's ``subject``
  when it is a country code, else the one country *named* in the sentence ("people ... in
  Sudan"); and the class of the unit's head (``measure_families.tsv``, kind ``head``):
  citizens, nationals, mercenaries, fighters, refugees, protesters ... of a country are
  ``people``; troops, soldiers, servicemen, marines are ``troops`` (and ``people`` once the
  country is known: "North Korean troops" = "North Koreans" sent); other heads stand for
  themselves, singular ("heart transplants" -> ``transplant``). A plural demonym is a head
  ("Cubans" -> ``CUB:people``). Money keeps its currency code ("USD").
* **class**: what happened to those counted (``Figure.measure_class``, read from the whole
  clause by :mod:`dossier.extract.measure_class`: killed, wounded, killed_or_missing,
  deployed, pledged ...); a figure without one falls back to its family's class
  (``measure_classes.json``, ``families``). Grouping compares classes.
* **family**: the governing verb's lemma (``Figure.measure``) through ``measure_families.tsv``
  (recruit/enlist/fight/serve/deploy -> ``serving``; kill/die/lose -> ``killed``; ...), else a
  unit word that carries one ("refugees" -> ``displaced``, "dead" -> ``killed``). Verbs such as
  "say", "estimate", "be", "remain" carry none: such a figure joins the one family its *who*
  has among the grouped items, and stays apart when there are several (or none).

Percentages, ages and units of measure ("km", "tonnes") are not put in ledgers, nor are figures
without a unit.

Two grouping methods: ``lexical`` (equal topic keys, as above) and ``embedding`` (average-link
clustering of sentence vectors from :mod:`dossier.link.embed`), plus ``hybrid`` (embedding
clustering that never joins figures whose lexical facts disagree: two known countries, heads
or families that differ). All are deterministic and independent of input order.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from dossier.extract.actors import ActorLexicon
from dossier.extract.measure_class import class_of_family
from dossier.extract.measure_class import default_lexicon as measure_lexicon
from dossier.resources import read_tsv

logger = logging.getLogger(__name__)

DEFAULT_RATIO = 2.0
"""Two figures of one ledger are contested when their closest values differ by more than this
factor. Death tolls and troop counts are rounded and move with time: 45,000 and 60,000 killed
(x1.33) or "some 6,000" and "1,000 to 5,000" (x1.2) are the same story told later or looser;
"1,000 to 5,000" and "up to 20,000" (x4) are two accounts."""
DEFAULT_THRESHOLDS = {"embedding": 0.6, "hybrid": 0.4}
"""Average cosine similarity (all-MiniLM-L6-v2) at or above which clusters merge, per method:
the best of a sweep on ``benchmarks/data/figure_topics.jsonl`` (no held-out set: a guide, not a
measured optimum)."""
METHODS = ("lexical", "embedding", "hybrid")
NEUTRAL = "-"
CANNOT_LINK = -10.0
"""Similarity given to lexically incompatible pairs by the hybrid method."""

CURRENCY = re.compile(r"^[A-Z]{3}(?: per [a-z]+)?$")
WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*[A-Za-z.]|[A-Za-z]")
IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child",
             "servicemen": "serviceman", "personnel": "personnel", "staff": "staff",
             "police": "police", "media": "media", "data": "data", "series": "series",
             "species": "species", "lives": "life"}  # fmt: skip
LOCATIVE = {"in", "near", "off", "across", "outside", "inside", "throughout", "around", "into"}
ATTRIBUTIVE_OK = {"the", "in", "to", "from", "for", "of", "into", "against", "with", "by", "on"}
NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday", "the"}  # fmt: skip
NOT_LEDGER_UNITS = {"years old", "months old", "weeks old", "days old", "%"}


@dataclass(frozen=True)
class FigureItem:
    """One figure as the grouping sees it (built by the store side from a ``Figure``)."""

    id: str  # figure id
    document: str
    unit: str | None  # Figure.unit as extracted ("Cubans", "Cuban mercenaries", "USD")
    measure: str | None  # Figure.measure, a lemma ("recruit", "fight", "die")
    subject: str | None = None  # a cross-document key of who is counted: "CUB" or an entity key
    text: str = ""  # the sentence the figure is in
    low: float | None = None
    high: float | None = None
    measure_class: str | None = None  # Figure.measure_class ("killed", "deployed", "pledged")


@dataclass(frozen=True)
class Topic:
    """What a figure counts: ``country:head`` (``who``), the measure family and the measure
    class (what happened to those counted, ``measure_classes.json``)."""

    country: str | None
    head: str
    family: str | None  # None: the verb says nothing
    measure_class: str | None = None  # from the whole clause; None: read from the family

    @property
    def who(self) -> str:
        return f"{self.country or '-'}:{self.head}"

    @property
    def klass(self) -> str | None:
        """The measure class: the figure's own, else the one its family falls back to.

        >>> Topic("MMR", "people", "injured").klass, Topic("MMR", "people", None, "missing").klass
        ('wounded', 'missing')
        """
        return self.measure_class or class_of_family(self.family)

    @property
    def key(self) -> str:
        return f"{self.who}|{self.klass or NEUTRAL}"


@dataclass
class TopicLexicon:
    """The word lists of ``measure_families.tsv`` and the country words of ``countries.tsv``."""

    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> family ("-": none)
    money_verbs: dict[str, str] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)  # unit word -> family
    heads: dict[str, str] = field(default_factory=dict)  # singular head (1-2 words) -> class
    country_words: dict[str, str] = field(default_factory=dict)  # adjective or demonym -> iso3
    noun_demonyms: set[str] = field(default_factory=set)  # demonyms that are never adjectives
    country_names: dict[str, str] = field(default_factory=dict)  # name or alias -> iso3
    measure_units: set[str] = field(default_factory=set)  # "km", "tonnes" (lower case)
    longest_word: int = 1
    longest_name: int = 1

    @classmethod
    def load(cls) -> TopicLexicon:
        lex = cls()
        for row in read_tsv("measure_families.tsv"):
            term, kind, value = row["term"].lower(), row["kind"], row["value"]
            if kind == "verb":
                table = lex.money_verbs if row["scope"] == "money" else lex.verbs
                table.setdefault(term, value)
            elif kind == "noun":
                lex.nouns.setdefault(term, value)
            elif kind == "head":
                lex.heads.setdefault(term, value)
        actors = ActorLexicon.load()
        lex.country_words = {**actors.demonyms, **actors.adjectives}
        lex.noun_demonyms = set(actors.demonyms) - set(actors.adjectives)
        lex.country_names = dict(actors.names)
        lex.longest_word = actors.longest_word
        lex.longest_name = actors.longest_name
        for row in read_tsv("units.tsv"):
            lex.measure_units.add(row["surface"].lower())
            lex.measure_units.add(row["name"].lower())
        return lex


@cache
def default_lexicon() -> TopicLexicon:
    """The lexicon shipped with dossier, loaded once per process."""
    return TopicLexicon.load()


def singular(word: str) -> str:
    """The singular of an English plural noun, by rule (lower case).

    >>> [singular(w) for w in ["Troops", "casualties", "men", "buses", "people", "Marines"]]
    ['troop', 'casualty', 'man', 'bus', 'people', 'marine']
    >>> [singular(w) for w in ["press", "crisis", "hostages", "species", "houses", "viruses"]]
    ['press', 'crisis', 'hostage', 'species', 'house', 'virus']
    """
    w = word.lower()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("uses") and len(w) > 5 and w[-5] in "aeiou":
        return w[:-1]  # houses, causes
    if w.endswith(("sses", "shes", "ches", "xes", "uses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "is", "us")) and len(w) > 3:
        return w[:-1]
    return w


def measure_family(
    measure: str | None, money: bool = False, lexicon: TopicLexicon | None = None
) -> str | None:
    """The family of a governing verb's lemma; None when it says nothing or is unknown.

    >>> measure_family("enlist"), measure_family("die"), measure_family("say")
    ('serving', 'killed', None)
    >>> measure_family("send"), measure_family("send", money=True), measure_family(None)
    ('serving', 'funding', None)
    """
    if not measure:
        return None
    lexicon = lexicon or default_lexicon()
    lemma = measure.lower()
    family = (lexicon.money_verbs.get(lemma) if money else None) or lexicon.verbs.get(lemma)
    return None if family in (None, NEUTRAL) else family


def topic_of(item: FigureItem, lexicon: TopicLexicon | None = None) -> Topic | None:
    """Who is counted and what happens to them; None when the figure cannot be in a ledger.

    >>> t = topic_of(FigureItem("f1", "d1", "Cuban mercenaries", "enlist"))
    >>> t.who, t.family
    ('CUB:people', 'serving')
    >>> topic_of(FigureItem("f2", "d1", "North Korean troops", "say")).key
    'PRK:people|-'
    >>> topic_of(FigureItem("f2", "d1", "troops", "deploy")).key
    '-:troops|deployed'
    >>> topic_of(FigureItem("f3", "d1", "people", "flee", text="10,000 fled in Sudan.")).key
    'SDN:people|displaced'
    >>> topic_of(FigureItem("f4", "d1", "%", "rise")) is None
    True
    >>> topic_of(FigureItem("f5", "d1", "rallies", "join", measure_class="protesting")) is None
    True
    """
    lexicon = lexicon or default_lexicon()
    unit = (item.unit or "").strip()
    scope = measure_lexicon().scopes.get(item.measure_class or "")
    if not unit and scope == "people":
        unit = "people"  # "put the dead or missing at 61", "killing three": people counted
    if not unit or unit.lower() in NOT_LEDGER_UNITS or unit.lower() in lexicon.measure_units:
        return None
    if CURRENCY.match(unit):
        country = _subject_country(item.subject) or sentence_country(item.text, lexicon)
        klass = item.measure_class if scope == "money" else _verb_class(item.measure, True)
        return Topic(country, unit, measure_family(item.measure, True, lexicon), klass)
    words = WORD.findall(unit)
    if not words:
        return None
    country, rest, is_noun = _country_in(words, lexicon)
    head, noun_family = _head(rest, lexicon) if not is_noun else ("people", None)
    if head is None:
        if country is None:
            return None  # "a further", "another": no head to speak of
        head = "people"  # "Sudanese": the demonym is the head
    if country is None:
        country = _subject_country(item.subject) or sentence_country(item.text, lexicon)
    if country is not None and head == "troops":
        head = "people"  # "North Korean troops" and "North Koreans" sent to Russia
    family = measure_family(item.measure, False, lexicon) or noun_family
    klass = item.measure_class if scope == "people" else _verb_class(item.measure, False)
    if scope == "people" and head in measure_lexicon().not_people:
        return None  # "two separate demonstrations", "two petrol bombs": no people counted
    if scope == "people" and head not in lexicon.heads.values():
        head = "people"  # "12 looters arrested", "23 pirates captured": a class says people
    incident = measure_lexicon().kinds.get(klass or "") == "incident"
    if scope == "people" and incident and head in measure_lexicon().incident_heads:
        head = "people"  # "three bank workers killed" = "three people killed"
    return Topic(country, head, family, klass)


def _verb_class(measure: str | None, money: bool) -> str | None:
    """The class a governing verb's lemma names on its own (for a figure with no class)."""
    return measure_lexicon().cue("verbs", measure.lower(), money) if measure else None


def topic_key(item: FigureItem) -> str | None:
    """The lexical grouping key ``COUNTRY:head|class`` (``-`` for unknown parts), or None.

    >>> topic_key(FigureItem("f1", "d1", "Cubans", "recruit"))
    'CUB:people|recruited'
    >>> topic_key(FigureItem("f2", "d2", "Cuban citizens", "serve"))
    'CUB:people|recruited'
    >>> topic_key(FigureItem("f3", "d3", "Ukrainian refugees", "record"))
    'UKR:people|displaced'
    >>> topic_key(FigureItem("f5", "d5", None, "put", measure_class="killed_or_missing"))
    '-:people|killed_or_missing'
    >>> topic_key(FigureItem("f4", "d4", None, "kill")) is None
    True
    """
    topic = topic_of(item)
    return topic.key if topic else None


def block_keys(item: FigureItem) -> list[str]:
    """Cheap keys: two items can be in one ledger only if they share one.

    ``who:COUNTRY:head`` joins equal *who*; ``hf:head|family`` lets a figure without a country
    join the one country of its head and family; ``cf:COUNTRY|family`` lets the embedding
    methods join other heads of one country ("Cuban recruits", "Cuban students"). Items
    connected through shared keys should be regrouped together. An item without a topic
    has none.

    >>> block_keys(FigureItem("f1", "d1", "Cuban recruits", "kill"))
    ['who:CUB:people', 'hf:people|killed', 'cf:CUB|killed']
    >>> block_keys(FigureItem("f2", "d1", "protesters", "say"))
    ['who:-:people']
    """
    topic = topic_of(item)
    if topic is None:
        return []
    keys = [f"who:{topic.who}"]
    if topic.klass:
        keys.append(f"hf:{_head_class(topic.head)}|{topic.klass}")
    if topic.country and topic.klass:
        keys.append(f"cf:{topic.country}|{topic.klass}")
    return keys


def same_topic(a: FigureItem, b: FigureItem) -> bool:
    """The lexical decision for one pair: one *who* (or one head, a country unknown), and one
    family unless a verb says none. :func:`group` is stricter: it fills an unknown family or
    country only where one fits among all the items.

    >>> cubans = FigureItem("a", "d1", "Cubans", "serve")
    >>> same_topic(cubans, FigureItem("b", "d2", "Cuban nationals", "enlist"))
    True
    >>> same_topic(cubans, FigureItem("b", "d2", "Cubans", "die"))
    False
    >>> same_topic(cubans, FigureItem("b", "d2", "Russians", "serve"))
    False
    """
    ta, tb = topic_of(a), topic_of(b)
    if ta is None or tb is None:
        return False
    if ta.country and tb.country:
        if ta.who != tb.who:
            return False
    elif _head_class(ta.head) != _head_class(tb.head):
        return False
    return ta.klass is None or tb.klass is None or ta.klass == tb.klass


def compatible(a: Topic | None, b: Topic | None) -> bool:
    """Do the lexical facts of two figures allow one ledger? Unknown facts do not forbid it.

    >>> compatible(Topic("CUB", "people", "killed"), Topic("CUB", "troops", None))
    True
    >>> compatible(Topic("CUB", "people", "killed"), Topic("RUS", "people", "killed"))
    False
    >>> compatible(Topic("PSE", "people", "killed"), Topic("PSE", "people", "injured"))
    False
    """
    if a is None or b is None:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.klass and b.klass and a.klass != b.klass:
        return False
    return not (a.head != b.head and {a.head, b.head} - {"people", "troops"})


def group(
    items: Sequence[FigureItem],
    method: str = "lexical",
    embedder: object | None = None,
    *,
    threshold: float | None = None,
    describe: Callable[[FigureItem], str] | None = None,
) -> list[list[str]]:
    """Figure ids grouped by topic: each group sorted, groups sorted by their first id.

    Items without a topic (no unit, a percentage) are left out. ``method`` is ``lexical``,
    ``embedding`` or ``hybrid``; the last two use ``embedder`` (anything with
    ``encode(texts) -> array``; a :class:`dossier.link.embed.Embedder` by default) on
    ``describe(item)`` (:func:`description` by default) and merge clusters whose average
    cosine similarity is at least ``threshold`` (:data:`DEFAULT_THRESHOLDS` by default).

    >>> items = [FigureItem("f2", "d2", "Cuban citizens", "serve"),
    ...          FigureItem("f1", "d1", "Cubans", "recruit"),
    ...          FigureItem("f3", "d3", "Cubans", "estimate"),
    ...          FigureItem("f4", "d4", "Cubans", "kill")]
    >>> group(items)
    [['f1', 'f2'], ['f3'], ['f4']]
    >>> group(items[:3])
    [['f1', 'f2', 'f3']]
    """
    if method not in METHODS:
        raise ValueError(f"unknown grouping method {method!r}: one of {', '.join(METHODS)}")
    lexicon = default_lexicon()
    ordered = sorted({item.id: item for item in items}.values(), key=lambda i: i.id)
    topics = {item.id: topic_of(item, lexicon) for item in ordered}
    kept = [item for item in ordered if topics[item.id] is not None]
    if method == "lexical":
        return _lexical_groups(kept, topics)
    if embedder is None:
        from dossier.link.embed import Embedder

        embedder = Embedder()
    describe = describe or description
    vectors = np.asarray(embedder.encode([describe(item) for item in kept]), dtype=np.float64)
    from dossier.link.embed import cosine

    sims = cosine(vectors) if len(kept) else np.zeros((0, 0))
    if method == "hybrid":
        for i, a in enumerate(kept):
            for j in range(i + 1, len(kept)):
                if not compatible(topics[a.id], topics[kept[j].id]):
                    sims[i, j] = sims[j, i] = CANNOT_LINK
    if threshold is None:
        threshold = DEFAULT_THRESHOLDS[method]
    clusters = average_link(sims, threshold)
    return _sorted_groups([[kept[i].id for i in c] for c in clusters])


def description(item: FigureItem) -> str:
    """The text embedded for a figure: what it counts and what happens, then its sentence.

    >>> description(FigureItem("f", "d", "Cubans", "recruit", text="Russia recruited 200 Cubans."))
    'Cubans recruit. Russia recruited 200 Cubans.'
    """
    what = " ".join(p for p in (item.unit, item.measure) if p)
    return " ".join(p for p in (f"{what}." if what else "", item.text) if p)


def average_link(sims: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clustering: merge the most similar pair of clusters while its mean
    similarity is at least ``threshold``. Ties go to the lowest indices, so the result
    depends only on the matrix. Clusters come back as sorted index lists.

    >>> s = np.array([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]])
    >>> average_link(s, 0.5), average_link(s, 0.05)
    ([[0, 1], [2]], [[0, 1, 2]])
    """
    n = len(sims)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    if n < 2:
        return [m for m in members.values()]
    work = np.array(sims, dtype=np.float64)
    np.fill_diagonal(work, -np.inf)
    alive = np.ones(n, dtype=bool)
    while True:
        masked = np.where(alive[:, None] & alive[None, :], work, -np.inf)
        flat = int(np.argmax(masked))
        i, j = divmod(flat, n)
        if masked[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        ni, nj = len(members[i]), len(members[j])
        merged = (ni * work[i] + nj * work[j]) / (ni + nj)
        work[i, :] = merged
        work[:, i] = merged
        work[i, i] = -np.inf
        alive[j] = False
        members[i] = sorted(members[i] + members.pop(j))
    return [members[i] for i in sorted(members)]


def contested(
    intervals: Sequence[tuple[float | None, float | None]], ratio: float = DEFAULT_RATIO
) -> bool:
    """Do the figures of one ledger disagree?

    Two intervals disagree when their closest values differ by more than ``ratio`` (an open end
    counts as its one stated bound: "up to 20,000" is 20,000), or when they cannot both be
    true (they do not overlap, an open end reaching to 0 or infinity) and at least one of them
    is a range or a bound rather than one stated number. Two stated numbers that do not
    overlap ("45,000" and "50,000") are rounded tolls told at different times: only the
    ratio applies to them.

    >>> contested([(1000, 5000), (None, 20000)])
    True
    >>> contested([(5000, 5000), (4000, 6000)])
    False
    >>> contested([(45000, 45000), (60000, 60000)]), contested([(40, None), (None, 30)])
    (False, True)
    >>> contested([(6000, 6000), (1000, 5000)]), contested([(12, 12)]), contested([])
    (True, False, False)
    """
    known = [(lo, hi) for lo, hi in intervals if lo is not None or hi is not None]
    for k, a in enumerate(known):
        for b in known[k + 1 :]:
            if _gap(_stated(a), _stated(b)) > ratio:
                return True
            point = a[0] == a[1] and b[0] == b[1]
            if not point and _gap(_possible(a), _possible(b)) > 1.0:
                return True
    return False


def spread(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> float:
    """By what factor the stated values of two figures differ (an open end counts as its one
    stated bound); 1.0 when they overlap or either says no number.

    >>> spread((10, 10), (600, 600)), spread((10, None), (12, 12)), spread((None, None), (5, 5))
    (60.0, 1.2, 1.0)
    """
    if (a[0] is None and a[1] is None) or (b[0] is None and b[1] is None):
        return 1.0
    return _gap(_stated(a), _stated(b))


def sentence_country(
    text: str,
    lexicon: TopicLexicon | None = None,
    places: Callable[[str], str | None] | None = None,
) -> str | None:
    """The one country a sentence is about: a country *named* in it, or the country of a
    place after "in", "near", "off" ... (``places``: a name -> iso3 lookup, dossier's
    gazetteer by default). Adjectives do not count ("Israeli strikes" says who strikes, not
    who is counted), nor do names that are also adjectives ("US officials") unless they
    follow "the" or a preposition. None when no country or several are found.

    >>> sentence_country("About 10 million people have fled their homes in Sudan.")
    'SDN'
    >>> sentence_country("70,000 soldiers were lost, a US official told reporters.")
    >>> sentence_country("3,000 soldiers went to Poland and Romania."), sentence_country("")
    (None, None)
    >>> sentence_country("40,000 people have died in Gaza, officials said.", places={"Gaza": "PSE"}.get)
    'PSE'
    """  # noqa: E501
    if not text:
        return None
    lexicon = lexicon or default_lexicon()
    places = places or _gazetteer_country
    words = [w if "." in w[:-1] else w.rstrip(".") for w in WORD.findall(text)]  # "U.S."
    found: set[str] = set()
    i = 0
    while i < len(words):
        before = words[i - 1].lower() if i else ""
        size, iso3 = _name_at(words, i, lexicon)
        if iso3 and (
            before in ATTRIBUTIVE_OK or " ".join(words[i : i + size]) not in lexicon.country_words
        ):
            found.add(iso3)
        elif not iso3 and before in LOCATIVE and words[i][:1].isupper():
            size = 1
            while i + size < len(words) and words[i + size][:1].isupper() and size < 3:
                size += 1
            name = " ".join(words[i : i + size])
            if name.lower() not in NOT_PLACES:
                place = places(name) or (places(words[i]) if size > 1 else None)
                if place:
                    found.add(place)
        i += max(size, 1)
    return found.pop() if len(found) == 1 else None


def _name_at(words: list[str], i: int, lexicon: TopicLexicon) -> tuple[int, str | None]:
    for size in range(min(lexicon.longest_name, len(words) - i), 0, -1):
        iso3 = lexicon.country_names.get(" ".join(words[i : i + size]))
        if iso3:
            return size, iso3
    return 1, None


@cache
def _gazetteer() -> object:
    from dossier.extract.places import Gazetteer

    return Gazetteer()


def _gazetteer_country(name: str) -> str | None:
    place = _gazetteer().lookup(name)  # type: ignore[attr-defined]
    return place.country if place is not None else None


def _stated(interval: tuple[float | None, float | None]) -> tuple[float, float]:
    """An interval with an open end replaced by its one stated bound."""
    lo, hi = interval
    lo = hi if lo is None else lo
    hi = lo if hi is None else hi
    assert lo is not None and hi is not None
    return lo, hi


def _possible(interval: tuple[float | None, float | None]) -> tuple[float, float]:
    """Every value an interval allows: an open end reaches 0 or infinity."""
    lo, hi = interval
    return (0.0 if lo is None else lo, math.inf if hi is None else hi)


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """By what factor the closest values of two intervals differ (1.0 when they overlap).

    >>> _gap((1000, 5000), (20000, 20000)), _gap((1, 3), (2, 4)), _gap((0, 0), (5, 5))
    (4.0, 1.0, inf)
    """
    if a[0] > b[0]:
        a, b = b, a
    if b[0] <= a[1]:
        return 1.0
    return b[0] / a[1] if a[1] > 0 else math.inf


def _lexical_groups(kept: list[FigureItem], topics: dict[str, Topic | None]) -> list[list[str]]:
    """Equal topics; an unknown family or country is filled in where only one fits.

    A figure whose verb says nothing ("estimate", "be") takes the one family its *who* has
    among the items, stays with the other such figures when it has none, and stays alone when
    it has several (a figure of "Cubans" may count recruits or dead). Then a figure with no
    country takes the one country that its head and family have among the items.
    """
    families: dict[str, set[str]] = defaultdict(set)
    for item in kept:
        topic = topics[item.id]
        if topic is not None and topic.klass:
            families[topic.who].add(topic.klass)
    resolved: dict[str, tuple[str | None, str, str | None]] = {}
    alone: list[list[str]] = []
    for item in kept:
        topic = topics[item.id]
        assert topic is not None
        family = topic.klass
        if family is None and len(families[topic.who]) > 1:
            alone.append([item.id])
            continue
        if family is None and families[topic.who]:
            family = next(iter(families[topic.who]))
        resolved[item.id] = (topic.country, _head_class(topic.head), family)
    countries: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for country, head, family in resolved.values():
        if country is not None:
            countries[(head, family)].add(country)
    groups: dict[tuple[str | None, str, str | None], list[str]] = defaultdict(list)
    for item_id, (country, head, family) in resolved.items():
        if country is None and len(countries[(head, family)]) == 1:
            country = next(iter(countries[(head, family)]))
        groups[(country, head, family)].append(item_id)
    return _sorted_groups([*groups.values(), *alone])


def _head_class(head: str) -> str:
    """Troops and people of one country are one class (``topic_of`` merges them when it
    knows the country); a figure without a country is compared on the same terms."""
    return "people" if head == "troops" else head


def _sorted_groups(groups: Iterable[list[str]]) -> list[list[str]]:
    return sorted((sorted(g) for g in groups if g), key=lambda g: g[0])


def _subject_country(subject: str | None) -> str | None:
    return (
        subject
        if subject and len(subject) == 3 and subject.isalpha() and subject.isupper()
        else None
    )


def _country_in(words: list[str], lexicon: TopicLexicon) -> tuple[str | None, list[str], bool]:
    """The country of a unit's words, the words left, and whether a demonym is the head."""
    for size in range(min(lexicon.longest_word, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            iso3 = lexicon.country_words.get(phrase)
            if iso3:
                if phrase in lexicon.noun_demonyms:  # "Cubans fight": the demonym is the head
                    return iso3, [], True
                return iso3, words[i + size :], False
    return None, words, False


def _head(words: list[str], lexicon: TopicLexicon) -> tuple[str | None, str | None]:
    """The class of a unit's head and the family its words carry ("refugees": displaced)."""
    if not words:
        return None, None
    singulars = [singular(w) for w in words]
    family = next((lexicon.nouns[s] for s in reversed(singulars) if s in lexicon.nouns), None)
    if len(singulars) >= 2:
        pair = " ".join(singulars[-2:])
        if pair in lexicon.heads:
            return lexicon.heads[pair], family
    last = singulars[-1]
    return lexicon.heads.get(last, last), family
