"""What an article is about: a weighted bag of its distinctive words, for grouping articles
into stories.

A word's weight is its count (sublinear) times how rare it is in the language at large, read
from ``wordfreq``'s frequency lists (its Zipf scale: 7 for "the", 4 for "earthquake", 0 for a
word it does not know, such as most names). A fixed background, not the store's own document
frequencies: a profile is then a function of its article alone, so adding articles never
changes the profiles (or the decisions) made before, and linking stays incremental and
order-independent. The lists cover some forty languages.

>>> a = profile("Rescuers searched the rubble after the earthquake struck Padang on Wednesday.")
>>> b = profile("The quake that hit Padang killed hundreds; rescuers dug through the rubble.")
>>> c = profile("The central bank raised its interest rate by a quarter point on Wednesday.")
>>> cosine(a, b) > 0.3 > cosine(a, c)
True
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache

MAX_ZIPF = 8.0
"""A word's rarity is ``MAX_ZIPF`` less its Zipf frequency (so unknown words weigh 8)."""
MIN_LENGTH = 3
"""Shorter words carry too little (and most are function words or initials)."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")

Profile = dict[str, float]


@cache
def _stop_words(language: str) -> frozenset[str]:
    import spacy

    try:
        return frozenset(spacy.util.get_lang_class(language).Defaults.stop_words)
    except Exception:  # a language spaCy has no class for: rarity alone weighs its words
        return frozenset()


@cache
def _newswire() -> frozenset[str]:
    from dossier.resources import read_lines

    return frozenset(read_lines("newswire_words.txt"))


@cache
def rarity(word: str, language: str = "en") -> float:
    """How rare a (lower-case) word is in its language: 0 for the commonest, 8 for unknown;
    0 for the newswires' own abbreviations (``resources/newswire_words.txt``).

    >>> rarity("the") < rarity("earthquake") < rarity("padang")
    True
    >>> rarity("mln")
    0.0
    """
    from wordfreq import zipf_frequency

    if word in _newswire():
        return 0.0
    try:
        zipf = zipf_frequency(word, language)
    except LookupError:  # wordfreq has no list for this language
        zipf = zipf_frequency(word, "en")
    return max(0.0, MAX_ZIPF - zipf)


def words(text: str, language: str = "en") -> list[str]:
    """The lower-case content words of a text (no stop words, none shorter than 3 letters).

    >>> words("The Duma ratified the treaty on Tuesday.")
    ['duma', 'ratified', 'treaty', 'tuesday']
    """
    stop = _stop_words(language)
    found = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'").removesuffix("'s")
        if len(word) >= MIN_LENGTH and word not in stop:
            found.append(word)
    return found


def profile(text: str, language: str | None = "en") -> Profile:
    """The unit-length weighted bag of words of a text ({} when it has none): (1 + log count)
    times :func:`rarity`."""
    language = (language or "en").split("-")[0].lower()
    counts = Counter(words(text, language))
    weights = {w: (1.0 + math.log(n)) * rarity(w, language) for w, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in weights.values()))
    return {w: x / norm for w, x in weights.items() if x > 0} if norm else {}


def cosine(a: Profile, b: Profile) -> float:
    """The cosine similarity of two unit-length profiles.

    >>> cosine({"a": 1.0}, {"a": 0.6, "b": 0.8}), cosine({}, {"a": 1.0})
    (0.6, 0)
    """
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def top_words(p: Profile, n: int) -> list[str]:
    """The ``n`` heaviest words of a profile (ties by the word).

    >>> top_words({"a": 0.2, "b": 0.9, "c": 0.2}, 2)
    ['b', 'a']
    """
    return [w for w, _ in sorted(p.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def average_link(
    ids: Sequence[str],
    similarity: Callable[[str, str], float],
    threshold: float,
    pairs: Iterable[tuple[str, str]] | None = None,
) -> list[list[str]]:
    """Average-link agglomerative clustering: join the two clusters with the highest mean
    pairwise similarity while it reaches ``threshold``. ``pairs``: the only pairs whose
    similarity is asked (the others count as 0), so that a large set costs what its likely
    pairs cost (all pairs when None). Deterministic (ties by the clusters' first ids): the
    result depends on the set of ``ids`` only, not their order. Each cluster sorted, clusters
    by their first id.

    >>> sims = {("a", "b"): 0.9, ("b", "c"): 0.5, ("a", "c"): 0.1}
    >>> sim = lambda x, y: sims.get((min(x, y), max(x, y)), 0.0)
    >>> average_link(["c", "b", "a"], sim, 0.4)
    [['a', 'b'], ['c']]
    >>> average_link(["c", "b", "a"], sim, 0.25)
    [['a', 'b', 'c']]
    >>> likely = [("a", "b"), ("b", "c")]  # (a, c) not asked: counts as 0
    >>> average_link("cba", sim, 0.3), average_link("cba", sim, 0.3, likely)
    ([['a', 'b', 'c']], [['a', 'b'], ['c']])
    """
    ordered = sorted(set(ids))
    index = {x: i for i, x in enumerate(ordered)}
    if pairs is None:
        pairs = ((x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 :])
    # Sparse sums of similarity between clusters, and a heap of candidate merges; a merged
    # cluster gets a new number, so heap entries naming a dead cluster are skipped.
    links: dict[int, dict[int, float]] = {i: {} for i in range(len(ordered))}
    for x, y in pairs:
        i, j = sorted((index[x], index[y]))
        if i != j and j not in links[i]:
            value = similarity(x, y)
            if value > 0:
                links[i][j] = links[j][i] = value
    members = {i: [x] for i, x in enumerate(ordered)}
    heap = [
        (-value, ordered[i], ordered[j], i, j)
        for i, row in links.items()
        for j, value in row.items()
        if i < j and value >= threshold
    ]
    heapq.heapify(heap)
    fresh = len(ordered)
    while heap:
        _, _, _, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        k, fresh = fresh, fresh + 1
        members[k] = sorted(members.pop(i) + members.pop(j))
        row: dict[int, float] = {}
        for old in (i, j):
            for m, value in links.pop(old).items():
                if m in (i, j):
                    continue
                row[m] = row.get(m, 0.0) + value
                del links[m][old]
        links[k] = row
        for m, value in row.items():
            links[m][k] = value
            score = value / (len(members[k]) * len(members[m]))
            if score >= threshold:
                a, b = sorted((k, m), key=lambda c: members[c][0])
                heapq.heappush(heap, (-score, members[a][0], members[b][0], a, b))
    return sorted(members.values())


# -- language-neutral profiles -----------------------------------------------------------------

NEUTRAL_WEIGHTS: dict[str, float] = {
    "person": 3.0,  # a person's language-neutral name key (dossier.link.translit)
    "place": 3.0,  # a GeoNames id
    "event_day": 3.0,  # a PLOVER type on a stated day
    "figure": 3.0,  # a measure class with its number ("killed=25")
    "day": 2.0,  # a stated calendar day
    "code": 1.0,  # an actor code ("RUSMIL") of an entity or an event's actor
    "plover": 1.0,  # a PLOVER type
    "measure_class": 1.0,  # a measure class alone
    "country": 0.5,
}
"""How much each kind of language-neutral feature weighs: what names one event (a person, a
place, a day, a toll) more than what names a whole conflict (a country, a type of event)."""
SPECIFIC_WEIGHT = 2.0
"""Features at least this heavy are *specific*: two articles in different languages are
compared when they share two of their heaviest (``StoryDoc.neutral_blocks``) and linked only
when they share two (``stories.shares_words``)."""
_DAY = re.compile(r"\d{4}-\d\d-\d\d$")

Feature = tuple[str, str]
"""(kind, value): a kind of :data:`NEUTRAL_WEIGHTS` and its value."""


def neutral_profile(features: Iterable[Feature]) -> Profile:
    """The unit-length profile of an article's language-neutral features: (1 + log count)
    times the kind's weight (:data:`NEUTRAL_WEIGHTS`), keyed ``kind:value``.

    >>> p = neutral_profile([("place", "706483"), ("country", "UKR"), ("place", "706483")])
    >>> sorted(p), round(p["place:706483"], 3)
    (['country:UKR', 'place:706483'], 0.995)
    """
    counts = Counter(f"{kind}:{value}" for kind, value in features if value)
    weights = {k: (1.0 + math.log(n)) * feature_weight(k) for k, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in weights.values()))
    return {k: x / norm for k, x in weights.items() if x > 0} if norm else {}


def feature_weight(key: str) -> float:
    """The weight of a ``kind:value`` feature key.

    >>> feature_weight("person:vldmr zelensk"), feature_weight("country:UKR")
    (3.0, 0.5)
    """
    return NEUTRAL_WEIGHTS.get(key.partition(":")[0], 0.0)


def is_specific(key: str) -> bool:
    """Whether a feature names one event rather than a whole conflict (:data:`SPECIFIC_WEIGHT`).

    >>> is_specific("place:706483"), is_specific("plover:ASSAULT")
    (True, False)
    """
    return feature_weight(key) >= SPECIFIC_WEIGHT


def is_day(value: str | None) -> bool:
    """Whether a TIMEX3 value is one calendar day.

    >>> is_day("2026-03-10"), is_day("2026-03"), is_day(None)
    (True, False, False)
    """
    return bool(value and _DAY.match(value))


def entity_features(
    kind: str, person: str | None, country: str | None, code: str | None, geonames_id: int | None
) -> list[Feature]:
    """The language-neutral features of an entity: a person's name key (``person``: already
    made language-neutral), its GeoNames id, its actor code and its country.

    >>> entity_features("place", None, "UKR", None, 706483)
    [('place', '706483'), ('country', 'UKR')]
    """
    found: list[Feature] = []
    if kind == "person" and person:
        found.append(("person", person))
    if geonames_id is not None:
        found.append(("place", str(geonames_id)))
    if code and code != country:
        found.append(("code", code))
    if country:
        found.append(("country", country))
    return found


def event_features(
    plover: str | None, time: str | None, codes: Iterable[str | None] = ()
) -> list[Feature]:
    """The language-neutral features of an event: its PLOVER type, the type on its day (when
    the text states one), the day, its actors' codes.

    >>> event_features("ASSAULT", "2026-03-10", ["RUSMIL", None])
    [('plover', 'ASSAULT'), ('event_day', 'ASSAULT@2026-03-10'), ('day', '2026-03-10'), ('code', 'RUSMIL')]
    """  # noqa: E501
    found: list[Feature] = []
    if plover:
        found.append(("plover", plover))
        if is_day(time):
            found.append(("event_day", f"{plover}@{time}"))
    if is_day(time):
        found.append(("day", time))  # type: ignore[arg-type]
    found.extend(("code", c) for c in codes if c)
    return found


def figure_features(
    measure_class: str | None, low: float | None, high: float | None
) -> list[Feature]:
    """The language-neutral features of a figure: its measure class, and the class with its
    number (its low end, else its high end).

    >>> figure_features("killed", 25.0, None), figure_features(None, 3.0, 3.0)
    ([('measure_class', 'killed'), ('figure', 'killed=25')], [])
    """
    if not measure_class:
        return []
    found: list[Feature] = [("measure_class", measure_class)]
    value = low if low is not None else high
    if value is not None:
        number = f"{int(value)}" if value == int(value) else f"{value:g}"
        found.append(("figure", f"{measure_class}={number}"))
    return found
