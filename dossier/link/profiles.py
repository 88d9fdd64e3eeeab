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

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
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
    cannot_link: Callable[[str, str], bool] | None = None,
) -> list[list[str]]:
    """Average-link agglomerative clustering: join the two most similar clusters (mean pairwise
    similarity) while it reaches ``threshold``; two clusters with a pair that ``cannot_link``
    are never joined. Deterministic (ties by the clusters' first ids): the result depends on the
    set of ``ids`` only, not their order. Each cluster sorted, clusters by their first id.

    >>> sims = {("a", "b"): 0.9, ("b", "c"): 0.5, ("a", "c"): 0.1}
    >>> sim = lambda x, y: sims.get((min(x, y), max(x, y)), 0.0)
    >>> average_link(["c", "b", "a"], sim, 0.4)
    [['a', 'b'], ['c']]
    >>> average_link(["c", "b", "a"], sim, 0.25)
    [['a', 'b', 'c']]
    """
    ordered = sorted(set(ids))
    # Cluster-to-cluster sums of similarity and counts of cannot-link pairs, kept up to date
    # as clusters merge (so each merge costs one pass over the clusters).
    total: dict[tuple[int, int], float] = {}
    blocked: dict[tuple[int, int], int] = {}
    for i, x in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            y = ordered[j]
            total[i, j] = similarity(x, y)
            blocked[i, j] = int(cannot_link is not None and cannot_link(x, y))
    members = {i: [x] for i, x in enumerate(ordered)}
    while len(members) > 1:
        best: tuple[float, int, int] | None = None
        for (i, j), value in total.items():
            if blocked[i, j]:
                continue
            score = value / (len(members[i]) * len(members[j]))
            if score >= threshold and (best is None or score > best[0]):
                best = (score, i, j)
        if best is None:
            break
        _, i, j = best
        members[i] = sorted(members[i] + members.pop(j))
        for k in members:
            if k == i:
                continue
            ik, jk = (min(i, k), max(i, k)), (min(j, k), max(j, k))
            total[ik] += total.pop(jk)
            blocked[ik] += blocked.pop(jk)
        del total[i, j], blocked[i, j]
    return sorted(members.values())
