"""Figure ledgers: figures from many articles that count the same thing, side by side.

Each stored figure becomes a :class:`~dossier.link.figurematch.FigureItem` with its sentence
and, as its subject, the country it is about when the unit does not say (the country of the
figure's subject entity, else of the place or the actors of an event in its sentence, its
target first, or its actor first for a class that counts who acts, voters or protesters, else
the country the article names most).
:func:`~dossier.link.figurematch.same_topic` decides whether two figures count the same thing
("Cubans recruited", "Cuban mercenaries fighting for Russia"); :mod:`dossier.link.groups` keeps
the groups up to date as articles arrive.

A ledger is one subject and one *measure class* (``Figure.measure_class``: killed, wounded,
killed_or_missing, deployed ...; a figure without one takes its measure family's class):
"killed" and "killed or missing" are two ledgers, which ``dossier ledger`` shows side by side
(:func:`~dossier.link.ledger_view.relations`). A ledger is ``contested`` only when two entries
said at comparable times (:func:`comparable`: a day apart for an incident, half a year for a
stock) disagree, each voice (one source in one article) by the figure it gives most
(:func:`positions`). A figure that no claim attributes is the outlet's own: its entry's
source is the outlet.

More rules keep a ledger to one thing:

* a figure must count people of some kind (people, troops, hostages: :func:`counted_classes`)
  of a known country, and say what happened to them (a *measure family*): "5 mln dlrs" or
  "300 people" alone say too little to be compared across articles;
* a figure of an *incident* family (killed, injured, displaced: ``ledger_families.tsv``) joins
  only figures whose incidents (the time of an event its sentence reports, "the strike on
  Tuesday killed 80"; else the figure's own time or date) are at most :data:`INCIDENT_WINDOW`
  days apart, so the tolls of two air strikes months apart are two ledgers; a figure of a
  *stock* family ("1,000 to 5,000 Cubans fight for Russia") joins across any time, so its
  ledger shows how the figure moved;
* two counts of an incident join only when their values can count one thing
  (:func:`counts_agree`): one voice gives one toll per article, reports of one day differ by
  at most 2x (4x between two named sources), a toll said days later may have climbed; when
  they happened at most :data:`NEAR_KM` apart (:func:`places_near`: the places named in the
  figure's sentence, else those its article names most); and a toll its sentence dates to an
  earlier month or year ("in December 2003": :func:`recalled`) does not join an undated one.
  So two earthquakes of one country, each with its toll, are two ledgers even when no date
  tells them apart, and an article recalling an earlier quake does not join the two.

Across languages: a figure from an article in another language than English counts people
by its measure class, not by its unit's noun or its verb's lemma (words of that language, which
the English word lists do not know), so the tolls of one event in English, Spanish or Russian
share one key (country, ``people``, class) and, through their articles' language-neutral
profiles (:func:`~dossier.link.stories.similarity`), one story. Each entry records its
article's language and the sentence its figure was given in (:func:`entry_language`).

All these facts belong to the figure and its own article, so the groups do not depend on the
order in which articles were added. A group becomes a :class:`~dossier.model.Ledger` when its
figures come from at least two original articles or two sources; figures of a syndicated copy
count once, with the copy's outlet listed on the original's entry.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
from sqlalchemy import Connection, delete, insert, select

from dossier.errors import ConfigError
from dossier.extract.measure_class import class_kind, counts_agents
from dossier.extract.measure_class import default_lexicon as measure_lexicon
from dossier.ingest.language import is_english
from dossier.link.eventmatch import days_apart, time_interval
from dossier.link.figurematch import (
    FigureItem,
    Topic,
    compatible,
    contested,
    description,
    same_topic,
    spread,
    topic_of,
)
from dossier.link.groups import (
    Copies,
    GroupSummary,
    copies,
    document_info,
    link_groups,
)
from dossier.link.sql import chunks, writing
from dossier.link.stories import LINK_SIMILARITY, StoryDoc, document_rows, story_docs
from dossier.link.stories import similarity as story_similarity
from dossier.model import Claim, Entity, Event, Figure, Ledger, LedgerEntry
from dossier.resources import read_tsv
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import (
    CLAIMS,
    ENTITIES,
    EVENTS,
    FIGURES,
    LEDGERS,
    claims,
    documents,
    entities,
    events,
    figures,
    ledgers,
    meta,
)

logger = logging.getLogger(__name__)

KIND = "ledger"
MIN_VOICES = 2
"""A group is a ledger when its figures come from at least this many original articles or
this many sources (two sources in one article that give two figures are worth a ledger)."""
INCIDENT_WINDOW = 7
"""Most days between the incidents of two figures of one ledger (or between an incident and
the time of a figure about no incident)."""

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
_SENTENCE_END = re.compile(r"(?<!\d )[.!?][\"'”’)]*\s+|(?<=\d )\.\s+(?!\d)|\n\s*\n")
"""A sentence ends at a stop and the spaces after it (or at a blank line), but not at the
decimal point of a number written apart ("a 6 . 7 - strength quake")."""


@dataclass(frozen=True)
class LedgerFigure:
    """A stored figure with what the grouping and the ledger record need."""

    item: FigureItem
    figure: Figure
    incident: str | None
    """The time of the event its sentence reports (a TIMEX3 value), if any."""
    when: str | None
    """The figure's own time, else its article's publication date."""
    family: str | None = None
    """Its measure family (what happens to those counted)."""
    klass: str | None = None
    """Its measure class (its own, else its family's: ``Topic.klass``)."""
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    """Its sentence embedding (``hybrid`` grouping only)."""
    about: StoryDoc | None = field(default=None, compare=False, repr=False)
    """What its article is about (:func:`~dossier.link.stories.story_doc`, no events)."""
    language: str | None = None
    """Its article's language (``Document.language``)."""
    source: str | None = None
    """Who says it (its claim's source, lower case); None: the outlet itself."""
    places: tuple[tuple[float, float], ...] = ()
    """Where it happened: (lat, lon) of the places named in its sentence, else of the places
    its article names most (:func:`figure_places`); empty when unknown."""

    @property
    def id(self) -> str:
        return self.item.id


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence (or paragraph line) around ``text[start:end]``.

    >>> t = "First one. The Duma ratified it on Tuesday, 300 to 0. Then more."
    >>> s, e = sentence_around(t, t.index("300"), t.index("300") + 3); t[s:e]
    'The Duma ratified it on Tuesday, 300 to 0.'
    >>> t = "Before. In Bam a 6 . 7 quake killed 31,000 . Then."
    >>> s, e = sentence_around(t, t.index("31"), t.index("31") + 6); t[s:e]
    'In Bam a 6 . 7 quake killed 31,000 .'
    """
    first = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        first = m.end()
    m = _SENTENCE_END.search(text, end)
    last = m.start() + len(m.group().rstrip()) if m else len(text)
    return first, last


@cache
def stock_families() -> frozenset[str]:
    """Measure families that count a lasting state, not one incident (``ledger_families.tsv``)."""
    return frozenset(r["family"] for r in read_tsv("ledger_families.tsv") if r["kind"] == "stock")


@cache
def counted_classes() -> frozenset[str]:
    """The classes of who is counted that a ledger can be about (people, troops, hostages...:
    the head classes of ``measure_families.tsv``); money, shares or tonnes are not compared
    across articles without a named subject."""
    return frozenset(r["value"] for r in read_tsv("measure_families.tsv") if r["kind"] == "head")


def is_stock(figure: LedgerFigure) -> bool:
    """Whether a figure counts a lasting state (its class's kind, else its family's)."""
    kind = class_kind(figure.klass)
    if kind is not None:
        return kind == "stock"
    return figure.family in stock_families()


COMPARABLE_DAYS = {"incident": 1, "stock": 183}
"""Most days between when two entries of a ledger were said for their disagreement to make
the ledger contested: a toll climbs from day to day (30 dead on Monday, 80 on Wednesday is an
update, not a dispute); a stock moves over months."""


def comparable(a: str | None, b: str | None, kind: str | None) -> bool:
    """Whether two entries said at ``a`` and ``b`` (TIMEX3 dates) can contest each other.

    >>> comparable("2025-05-01", "2025-05-02", "incident"), comparable("2025-05-01", "2025-05-09", "incident")
    (True, False)
    >>> comparable("2025-05", "2025-10-07", "stock"), comparable(None, "2025-10-07", "incident")
    (True, True)
    """  # noqa: E501
    ta, tb = time_interval(a), time_interval(b)
    if ta is None or tb is None:
        return True
    window = COMPARABLE_DAYS.get(kind or "incident", COMPARABLE_DAYS["incident"])
    return days_apart(ta, tb) <= window


def contested_entries(entries: Sequence[LedgerEntry], kind: str | None) -> bool:
    """A ledger is contested when the positions of two voices (:func:`positions`) said at
    comparable times (:func:`comparable`) disagree
    (:func:`~dossier.link.figurematch.contested`)."""
    held = positions(entries)
    for k, (voice_a, a) in enumerate(held):
        for voice_b, b in held[k + 1 :]:
            if voice_a == voice_b:
                continue
            when_a, when_b = a.said or a.published, b.said or b.published
            if comparable(when_a, when_b, kind) and contested([(a.low, a.high), (b.low, b.high)]):
                return True
    return False


def positions(entries: Sequence[LedgerEntry]) -> list[tuple[tuple[str, str], LedgerEntry]]:
    """Each voice's position in a ledger: a voice is one source in one article, and its
    position the figure it gives most often there, a stated number before a vague one ("more
    than 10,000" before "thousands"), else the first. One voice does not dispute itself, and
    a stray number of its article ("one of them a pregnant woman") is not its toll.

    >>> e = [LedgerEntry(figure=f"f{n}", document="d", low=v, high=v) for n, v in enumerate([3, 1, 3])]
    >>> [p.low for _, p in positions(e)]
    [3.0]
    """  # noqa: E501
    voices: dict[tuple[str, str], list[LedgerEntry]] = {}
    for e in entries:
        voices.setdefault((e.document, (e.source or "").casefold()), []).append(e)
    held = []
    for voice, said in voices.items():
        counts = Counter((e.low, e.high) for e in said)
        best = max(said, key=lambda e: (counts[(e.low, e.high)], not e.vague))
        held.append((voice, best))
    return held


def incidents_close(a: LedgerFigure, b: LedgerFigure, window: int = INCIDENT_WINDOW) -> bool:
    """Whether two figures can be about one incident (see the module doc): always for a stock
    family; else their incidents, or their own times when they have none, are at most
    ``window`` days apart (:func:`yearless_days` when one has no year), and a recalled
    incident (:func:`recalled`) does not join an undated figure."""
    if is_stock(a) or is_stock(b):
        return True
    wa, wb = a.incident or a.when, b.incident or b.when
    if (recalled(a) and undated(wb)) or (recalled(b) and undated(wa)):
        return False
    ta, tb = time_interval(wa), time_interval(wb)
    if ta is None or tb is None:
        return yearless_days(wa, wb) <= window
    return days_apart(ta, tb) <= window


_COARSE = re.compile(r"(\d{4}|XXXX)(-\d{2})?$")


def undated(value: str | None) -> bool:
    """Whether a time says no calendar period at all (none, or a weekday of no known week).

    >>> undated(None), undated("XXXX-WXX-7"), undated("XXXX-09"), undated("2005-11-28")
    (True, True, False, False)
    """
    return time_interval(value) is None and _yearless_span(value) is None


def recalled(figure: LedgerFigure) -> bool:
    """Whether a figure's own sentence dates it to a month or a year ("in December 2003",
    "in September"): an earlier incident its article recalls. Such a figure does not join
    one that nothing dates (no time of its own, no publication date), which is most likely
    the article's own, recent incident.

    >>> recalled(replace(_example(6, "2025-05-01"), incident="XXXX-09"))
    True
    >>> recalled(_example(6, "2025-05-01"))
    False
    """
    own = figure.incident or figure.figure.time
    return bool(own and _COARSE.match(own))


_YEARLESS = re.compile(r"XXXX-(\d{2})(?:-(\d{2}))?$")


def yearless_days(a: str | None, b: str | None) -> int:
    """The fewest days between two times when one names a month but no year ("in
    September": ``XXXX-09``) and the other a month or day (of any year or none): a
    September quake is not a November one, whatever the year. 0 when either says less.

    >>> yearless_days("XXXX-09", "2005-11-28"), yearless_days("XXXX-09", "XXXX-10-02")
    (59, 2)
    >>> yearless_days("XXXX-09", None), yearless_days("2005-11", "2006-01")
    (0, 0)
    >>> yearless_days("XXXX-02-29", "2005-03-01"), yearless_days("XXXX-02-30", "2005-03-01")
    (366, 0)
    """
    spans = [_yearless_span(t) for t in (a, b)]
    if None in spans or not any(t and _YEARLESS.match(t) for t in (a, b)):
        return 0
    (ma, da, ya), (mb, db, yb) = spans  # type: ignore[misc]
    if ya is not None:  # the one without a year first
        (ma, da, ya), (mb, db, yb) = (mb, db, yb), (ma, da, ya)
    year = yb or 2001  # neither has a year: any common (non-leap) year measures the gap
    span_b = _calendar(year, mb, db)
    # the nearest year: a gap may cross New Year (and 29 February is in a leap year only)
    spans_a = [_calendar(y, ma, da) for y in (year - 1, year, year + 1)]
    gaps = [days_apart(span_a, span_b) for span_a in spans_a if span_a and span_b]
    return min(gaps, default=0)


def _yearless_span(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(month, day or None, year or None) of a TIMEX3 month or day, with or without year."""
    m = re.match(r"(\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?$", value or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    return int(m[2]), int(m[3]) if m[3] else None, None if m[1] == "XXXX" else int(m[1])


def _calendar(year: int, month: int, day: int | None) -> tuple[int, int] | None:
    """:func:`~dossier.link.eventmatch.time_interval` of a month or day of ``year``."""
    return time_interval(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))


INCIDENT_SPREAD = 2.0
"""Most factor between two counts of one incident said on the same day (or undated): reports
of one toll round and differ a little (45 and 50 killed), but 10 and 600 killed, or one and
46 arrested, are two incidents. Days apart, a toll climbs: :func:`counts_agree`."""
DISPUTE_SPREAD = 4.0
"""Most factor between two counts of one incident said about the same time by two named
sources (the Red Cross says 40 killed, officials 120): sources dispute a toll by more than
outlets round it, and the ledger is there to show it."""
ONE_VOICE_SPREAD = 1.5
"""Most factor between two counts of one incident that one voice (one source, or the outlet)
gives in one article: a second, different toll in the same article counts something else
("killed 10 ... the 2003 quake killed 31,000"), not a disagreement with itself."""
NEAR_KM = 100.0
"""Most distance between where two counts of one incident happened: the tolls of two
earthquakes in one country, hundreds of kilometres apart, are two ledgers."""


def voices_differ(a: LedgerFigure, b: LedgerFigure) -> bool:
    """Whether two figures of one article are given by two named sources (the ministry says
    10, the Red Crescent 30): such figures may disagree, and their ledger shows it."""
    return a.source is not None and b.source is not None and a.source != b.source


def counts_agree(a: LedgerFigure, b: LedgerFigure) -> bool:
    """Whether two figures' values can count one incident; always for a stock, which moves
    across any span. One voice in one article gives one toll (:data:`ONE_VOICE_SPREAD`);
    otherwise counts said on one day differ by at most :data:`INCIDENT_SPREAD`
    (:data:`DISPUTE_SPREAD` between two named sources), and a toll said ``d`` days later may
    have climbed by up to ``INCIDENT_SPREAD ** d`` (a toll rises, it seldom falls).

    >>> counts_agree(_example(10, "2025-05-01"), _example(12, "2025-05-01"))
    True
    >>> counts_agree(_example(10, "2025-05-01"), _example(60, "2025-05-01"))
    False
    >>> counts_agree(_example(10, "2025-05-01"), _example(60, "2025-05-04"))
    True
    >>> counts_agree(_example(60, "2025-05-01"), _example(10, "2025-05-04"))
    False
    """
    if is_stock(a) or is_stock(b):
        return True
    gap = spread((a.figure.low, a.figure.high), (b.figure.low, b.figure.high))
    if a.item.document == b.item.document and not voices_differ(a, b):
        return gap <= ONE_VOICE_SPREAD
    limit = DISPUTE_SPREAD if voices_differ(a, b) else INCIDENT_SPREAD
    ta, tb = time_interval(a.when), time_interval(b.when)
    if ta is None or tb is None or gap <= limit:
        return gap <= limit
    if ta[0] > tb[0]:
        a, b, ta, tb = b, a, tb, ta  # a said first
    days = max(0, tb[0] - ta[1])
    climbed = (b.figure.low or b.figure.high or 0) >= (a.figure.low or a.figure.high or 0)
    return climbed and gap <= INCIDENT_SPREAD ** max(days, 1)


def _example(value: float, when: str) -> LedgerFigure:
    """A figure of a toll for the examples (killed, said on ``when``)."""
    figure = Figure(
        id=f"f{value}{when}", text=str(value), start=0, end=1, low=value, high=value,
        measure_class="killed",
    )  # fmt: skip
    item = FigureItem(figure.id, f"d{when}", "people", "kill", measure_class="killed")
    return LedgerFigure(item, figure, None, when, "killed", "killed")


def places_near(a: LedgerFigure, b: LedgerFigure, km: float = NEAR_KM) -> bool:
    """Whether two figures can be about one incident by where it happened: always for a
    stock or when either place is unknown; else some place of one is within ``km`` of some
    place of the other."""
    if is_stock(a) or is_stock(b) or not a.places or not b.places:
        return True
    return any(distance_km(p, q) <= km for p in a.places for q in b.places)


def distance_km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points.

    >>> round(distance_km((29.1, 58.36), (26.95, 56.27)))
    315
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*p, *q))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def same_story(a: LedgerFigure, b: LedgerFigure) -> bool:
    """Whether two figures can be about one incident by what their articles are about: a
    stock (a lasting count) always; an incident's count only when both come from one article,
    or from two articles alike enough to be linked into a story
    (:data:`~dossier.link.stories.LINK_SIMILARITY`): two earthquakes in one country, each
    with its death toll, stay two ledgers even when no date tells them apart."""
    if is_stock(a) or is_stock(b) or a.item.document == b.item.document:
        return True
    if a.about is None or b.about is None:
        return True
    return story_similarity(a.about, b.about) >= LINK_SIMILARITY


METHODS = ("lexical", "hybrid")
HYBRID_THRESHOLD = 0.7
"""Cosine similarity of two figures' sentence embeddings at or above which ``hybrid``
grouping joins them. ``benchmarks/bench_figure_grouping.py`` on its 123 hand-written figures:
pairwise P/R 0.82/0.41 at 0.7 (0.57/0.58 at 0.6) against 0.96/0.45 for ``lexical``, so
``lexical`` stays the default: a ledger that mixes two counts shows a false disagreement."""
RULE = "subject+measure_class+story+values+places+recalled;any-language"
"""What a ledger is one of; stored with the method, so a store grouped another way regroups."""
PARAMS_KEY = "link.ledgers"
"""Key of the grouping method in the store's ``meta`` table: another method regroups all."""


def topic_blocks(topic: Topic | None, method: str = "lexical") -> list[str]:
    """The block keys of a figure's topic: ``lexical`` needs its country and measure class
    (``MMR:people|killed``; the class is the figure's own, else its family's); ``hybrid``
    blocks on head and class, and on country and head, so a figure that lacks one of them can
    still meet its ledger. None for figures that do not count people (:func:`counted_classes`).

    >>> t = Topic("MMR", "people", "injured")
    >>> topic_blocks(t), topic_blocks(t, "hybrid")
    (['MMR:people|wounded'], ['hf:people|wounded', 'cf:MMR|people'])
    >>> topic_blocks(Topic("MMR", "people", None, "killed_or_missing"))
    ['MMR:people|killed_or_missing']
    >>> topic_blocks(Topic(None, "people", "killed")), topic_blocks(Topic("MMR", "USD", "sold"))
    ([], [])
    """
    if topic is None or topic.head not in counted_classes():
        return []
    if method == "lexical":
        return [f"{topic.who}|{topic.klass}"] if topic.country and topic.klass else []
    keys = [f"hf:{topic.head}|{topic.klass}"] if topic.klass else []
    return keys + ([f"cf:{topic.country}|{topic.head}"] if topic.country else [])


def hybrid_match(
    a: Topic | None, b: Topic | None, similarity: float, threshold: float = HYBRID_THRESHOLD
) -> bool:
    """The ``hybrid`` decision: no known fact of the two topics conflicts and their sentences'
    embeddings are alike.

    >>> hybrid_match(Topic("MMR", "people", "killed"), Topic(None, "people", "killed"), 0.7)
    True
    >>> hybrid_match(Topic("MMR", "people", "killed"), Topic("THA", "people", "killed"), 0.9)
    False
    """
    return similarity >= threshold and compatible(a, b)


class LedgerGrouping:
    """The :class:`~dossier.link.groups.Grouping` of figures into ledgers.

    ``lexical`` (the default): equal topics (:func:`~dossier.link.figurematch.same_topic`) of
    figures whose country and measure family are known. ``hybrid``: figures whose known facts
    do not conflict (:func:`~dossier.link.figurematch.compatible`) and whose sentences are
    alike (embeddings from :mod:`dossier.link.embed`, cosine >= ``threshold``), so a figure
    with no country or family of its own can still join; it needs ``dossier[embed]``.
    """

    kind = KIND

    def __init__(
        self, method: str = "lexical", embedder=None, threshold: float = HYBRID_THRESHOLD
    ) -> None:
        if method not in METHODS:
            raise ConfigError(f"unknown ledger grouping {method!r}: one of {', '.join(METHODS)}")
        if method == "hybrid" and embedder is None:
            from dossier.link.embed import Embedder

            embedder = Embedder()
        self.method = method
        self.embedder = embedder
        self.threshold = threshold

    def params(self) -> str:
        params = {"method": self.method, "threshold": self.threshold, "by": RULE}
        return json.dumps(params, sort_keys=True)

    def load(self, conn: Connection, document_ids: Sequence[str]) -> dict[str, LedgerFigure]:
        return self._embedded(_read(conn, figures.c.document_id, document_ids))

    def load_items(self, conn: Connection, item_ids: Sequence[str]) -> dict[str, LedgerFigure]:
        return self._embedded(_read(conn, figures.c.id, item_ids))

    def blocks(self, item: LedgerFigure) -> list[str]:
        return topic_blocks(topic_of(item.item), self.method)

    def same(self, a: LedgerFigure, b: LedgerFigure) -> bool:
        if not incidents_close(a, b) or not same_story(a, b):
            return False
        if not counts_agree(a, b) or not places_near(a, b):
            return False
        if self.method == "lexical":
            return same_topic(a.item, b.item)
        if a.vector is None or b.vector is None:
            return False
        similarity = float(np.dot(a.vector, b.vector))
        return hybrid_match(topic_of(a.item), topic_of(b.item), similarity, self.threshold)

    def _embedded(self, found: dict[str, LedgerFigure]) -> dict[str, LedgerFigure]:
        if self.method == "lexical" or not found:
            return found
        ids = sorted(found)
        vectors = self.embedder.encode([description(found[i].item) for i in ids])
        return {i: replace(found[i], vector=v) for i, v in zip(ids, vectors, strict=True)}

    def clear(self, conn: Connection, group_ids: Sequence[str]) -> None:
        for chunk in chunks(group_ids):
            conn.execute(delete(ledgers).where(ledgers.c.id.in_(chunk)))

    def clear_all(self, conn: Connection) -> None:
        conn.execute(delete(ledgers))

    def write(self, conn: Connection, group_id: str, items: Sequence[LedgerFigure]) -> bool:
        docs = {i.item.document for i in items}
        links = copies(conn, docs)
        copy_docs = {c for cs in links.copies.values() for c in cs}
        info = document_info(conn, docs | copy_docs)
        claim_ids = {i.figure.claim for i in items if i.figure.claim}
        ledger = make_ledger(group_id, items, _claims(conn, claim_ids), info, links)
        if ledger is None:
            return False
        conn.execute(insert(ledgers), [LEDGERS.to_row(ledger)])
        return True


def make_ledger(
    group_id: str,
    items: Sequence[LedgerFigure],
    claims_by_id: dict[str, tuple[Claim, str | None]],
    info: dict[str, tuple[str | None, str | None]],
    links: Copies,
) -> Ledger | None:
    """The ledger of one group of figures, or None when fewer than :data:`MIN_VOICES` original
    articles or sources give one. ``claims_by_id``: claim id -> (claim, its source entity's
    name); ``info``: document -> (outlet, published); ``links``: the duplicate links."""
    sources = sorted(
        (i for i in items if i.item.document not in links.original),
        key=lambda i: (info.get(i.item.document, (None, None))[1] or "9999", i.id),
    )
    if len({i.item.document for i in sources}) < MIN_VOICES and len(sources) < MIN_VOICES:
        return None
    entries = []
    for i in sources:
        f = i.figure
        outlet, published = info.get(i.item.document, (None, None))
        claim, entity_name = claims_by_id.get(f.claim or "", (None, None))
        others = [info.get(c, (None, None))[0] or c for c in links.copies.get(i.item.document, [])]
        entries.append(
            LedgerEntry(
                figure=f.id,
                document=i.item.document,
                source=claim_source(claim, entity_name) if claim else outlet,
                outlet=outlet,
                published=published,
                low=f.low,
                high=f.high,
                qualifier=f.qualifier,
                modality=f.modality,
                text=f.text,
                unit=f.unit,
                time=f.time,
                said=_said(claim),
                vague=f.vague,
                outlets=others,
                **entry_language(i),
            )
        )
    topics = [t for t in (topic_of(i.item) for i in sources) if t is not None]
    country = Counter(t.country for t in topics if t.country).most_common(1)
    head = Counter(t.head for t in topics).most_common(1)
    family = Counter(t.family for t in topics if t.family).most_common(1)
    klass = Counter(t.klass for t in topics if t.klass).most_common(1)
    subject = country[0][0] if country else None
    unit = Counter(e.unit for e in entries if e.unit).most_common(1)
    label = " ".join(x for x in (subject, head[0][0] if head else None) if x)
    what = klass[0][0] if klass else (family[0][0] if family else None)
    if what:
        label += f" {what}"
    measure_class = klass[0][0] if klass else None
    ledger = Ledger(
        id=group_id,
        subject=subject,
        unit=unit[0][0] if unit else None,
        measure=family[0][0] if family else measure_class,
        entries=entries,
        contested=contested_entries(entries, class_kind(measure_class)),
        label=label or None,
        documents=len({e.document for e in entries}),
        measure_class=measure_class,
    )
    if ledger.documents < MIN_VOICES and len({(e.source or "").casefold() for e in entries}) < 2:
        return None
    return ledger


def link_ledgers(
    store: Store,
    *,
    grouping: LedgerGrouping | None = None,
    rebuild: bool = False,
    on_progress=None,
) -> GroupSummary:
    """Group the figures of articles not yet grouped into ledgers (see the module doc), the
    lexical way unless ``grouping`` says otherwise; with another method than the store's
    last one, regroup every figure."""
    grouping = grouping or LedgerGrouping()
    with translating("cannot link ledgers in the store", store.source):
        with store.engine.connect() as conn:
            stored = conn.scalar(select(meta.c.value).where(meta.c.key == PARAMS_KEY))
        if stored != grouping.params():
            with writing(store.engine) as conn:
                conn.execute(delete(meta).where(meta.c.key == PARAMS_KEY))
                conn.execute(insert(meta).values(key=PARAMS_KEY, value=grouping.params()))
            rebuild = True
    return link_groups(store, grouping, rebuild=rebuild, on_progress=on_progress)


def list_ledgers(
    store: Store, text: str | None = None, *, limit: int | None = None
) -> list[Ledger]:
    """Stored ledgers, contested first, then the most sourced; ``text`` keeps those whose label,
    unit or entries' wording or sources contain it (case-insensitive)."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        query = select(ledgers).order_by(
            ledgers.c.contested.desc(), ledgers.c.documents.desc(), ledgers.c.id
        )
        found = [LEDGERS.from_row(r._mapping) for r in conn.execute(query)]
    if text:
        needle = text.casefold()
        found = [ledger for ledger in found if needle in _haystack(ledger)]  # type: ignore[arg-type]
    return found[:limit] if limit else found  # type: ignore[return-value]


def get_ledger(store: Store, prefix: str) -> Ledger | None:
    """The ledger whose id is ``prefix`` or starts with it (None when none or several do)."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        rows = list(conn.execute(select(ledgers).where(ledgers.c.id.startswith(prefix)).limit(2)))
    return LEDGERS.from_row(rows[0]._mapping) if len(rows) == 1 else None  # type: ignore[return-value]


# -- helpers -----------------------------------------------------------------------------------


def _haystack(ledger: Ledger) -> str:
    parts = [ledger.label or "", ledger.unit or "", ledger.measure or ""]
    parts.append(ledger.measure_class or "")
    for e in ledger.entries:
        parts += [e.unit or "", e.source or "", e.outlet or "", e.text or ""]
        parts.append(getattr(e, "sentence", None) or "")
    return " ".join(parts).casefold()


def _read(conn: Connection, column, ids: Sequence[str]) -> dict[str, LedgerFigure]:
    rows = []
    for chunk in chunks(sorted(set(ids))):
        query = (
            select(figures, documents.c.published)
            .join(documents, documents.c.id == figures.c.document_id)
            .where(column.in_(chunk))
        )
        rows.extend(conn.execute(query))
    docs = sorted({row.document_id for row in rows})
    articles = document_rows(conn, docs)  # each text once per article, not once per figure
    texts = {article.id: article.text for article in articles}
    languages = {article.id: article.language for article in articles}
    doc_events = _events(conn, docs)
    about = story_docs(conn, articles, with_events=False)
    countries, main_country, doc_places = _countries(conn, docs)
    claim_ids = {row.claim for row in rows if row.claim}
    sources = {k: claim_source(c, name) for k, (c, name) in _claims(conn, claim_ids).items()}
    found: dict[str, LedgerFigure] = {}
    for row in rows:
        figure: Figure = FIGURES.from_row(row._mapping)  # type: ignore[assignment]
        found[figure.id] = ledger_figure(
            figure,
            row.document_id,
            texts[row.document_id],
            doc_events.get(row.document_id, []),
            countries,
            main_country.get(row.document_id),
            row.published,
            about.get(row.document_id),
            languages.get(row.document_id),
            source=sources.get(figure.claim or ""),
            places=doc_places.get(row.document_id, ()),
        )
    return found


def ledger_figure(
    figure: Figure,
    document: str,
    text: str,
    doc_events: Sequence[Event],
    countries: Mapping[str, str],
    main_country: str | None,
    published: str | None,
    about: StoryDoc | None,
    language: str | None = None,
    *,
    source: str | None = None,
    places: Sequence[ArticlePlace] = (),
) -> LedgerFigure:
    """A stored figure as :class:`LedgerGrouping` reads it: its sentence, the incident's time
    and its subject's country from the article's events near it (``countries``: entity id ->
    country; else ``main_country``, the article's), its topic and what the article is about;
    who says it (``source``, its claim's) and where it happened (:func:`figure_places` of the
    article's ``places``).

    In another language than English (``language``, the article's) the unit's noun and the
    verb's lemma are words of that language, not of the English word lists topics are read
    with: a figure that counts people by its measure class ("killed") counts ``people`` of
    its subject's country, whatever the noun; a currency code stays (it is no word)."""
    first, last = sentence_around(text, figure.start, figure.end)
    near = [
        e
        for e in doc_events
        if e.id == figure.event or (e.sentence.start <= figure.start < e.sentence.end)
    ]
    incident = next((e.time for e in near if e.time and not e.time_fallback), None)
    subject = countries.get(figure.subject or "")
    for e in near:
        place = None if e.place_fallback else e.place
        actors = (_entity(e.actor2), _entity(e.actor1))
        if counts_agents(figure.measure_class):
            actors = actors[::-1]  # voters are the side that votes, not what it votes on
        for ref in (place, *actors):
            subject = subject or countries.get(ref or "")
    sentence = " ".join(text[first:last].split())
    subject = subject or main_country
    unit, measure = figure.unit, figure.measure
    klass = figure.measure_class
    if not is_count(figure) or in_address(text, figure.start):
        unit = measure = klass = None  # no topic: never in a ledger
    if not is_english(language):
        measure = None
        if measure_lexicon().scopes.get(figure.measure_class or "") == "people":
            unit = None  # topic_of: "people", counted by the class
    item = FigureItem(
        id=figure.id,
        document=document,
        unit=unit,
        measure=measure,
        subject=subject,
        text=sentence,
        low=figure.low,
        high=figure.high,
        measure_class=klass,
    )
    topic = topic_of(item)
    return LedgerFigure(
        item,
        figure,
        incident,
        figure.time or published,
        topic.family if topic else None,
        klass=topic.klass if topic else None,
        about=about,
        language=language,
        source=source.casefold() if source else None,
        places=figure_places(places, first, last, topic.country if topic else subject),
    )


@dataclass(frozen=True)
class ArticlePlace:
    """A place an article names, with its coordinates and where it names it."""

    lat: float
    lon: float
    spans: tuple[tuple[int, int], ...]
    country: str | None = None


ARTICLE_PLACE_MENTIONS = 2
"""Fewest mentions of the place an article names most for a figure whose sentence names none
to take it: a place named once elsewhere (a surname read as a town) is no evidence."""


def figure_places(
    places: Sequence[ArticlePlace], first: int, last: int, country: str | None = None
) -> tuple[tuple[float, float], ...]:
    """Where a figure whose sentence is ``text[first:last]`` happened: the places named in
    that sentence, else the places its article names most (an article recalling an earlier
    quake names its place next to that toll; its own toll needs no place). Only places in
    the ``country`` of those counted, when known (a dateline abroad is not where they died).
    Empty when the article names none.

    >>> bam = ArticlePlace(29.1, 58.4, ((5, 8),))
    >>> qeshm = ArticlePlace(27.0, 56.3, ((50, 55), (90, 95)))
    >>> figure_places([bam, qeshm], 0, 20), figure_places([bam, qeshm], 60, 80)
    (((29.1, 58.4),), ((27.0, 56.3),))
    """
    if country:
        places = [p for p in places if p.country in (None, country)]
    named = [(p.lat, p.lon) for p in places if any(first <= s < last for s, _ in p.spans)]
    if named:
        return tuple(sorted(set(named)))
    most = max((len(p.spans) for p in places), default=0)
    if most < ARTICLE_PLACE_MENTIONS:
        return ()  # a place named once, away from the figure, says little of where it was
    return tuple(sorted({(p.lat, p.lon) for p in places if len(p.spans) == most}))


_NOT_A_COUNT = re.compile(r"\d\s*/\s*\d|=")
MAX_RANGE = 100.0
"""A range whose high end is more than this many times its low end is no estimate of one
count ("two - 6762404": a number and a page id run together)."""


def is_count(figure: Figure) -> bool:
    """Whether a figure can be a count: not a date or a ratio ("2013 / 03"), not a formula
    ("=17"), not a range of no meaning (:data:`MAX_RANGE`), not a count of people with a
    fraction (no one counts 5.2 people: "a magnitude-5.2 quake has injured three").

    >>> f = Figure(id="f", start=0, end=2, text="46", low=46, high=46)
    >>> is_count(f), is_count(f.model_copy(update={"text": "2013 / 03"}))
    (True, False)
    >>> is_count(f.model_copy(update={"text": "two - 6762404", "low": 2, "high": 6762404}))
    False
    >>> is_count(f.model_copy(update={"text": "5.2", "low": 5.2, "high": 5.2,
    ...                                "measure_class": "wounded"}))
    False
    """
    if _NOT_A_COUNT.search(figure.text):
        return False
    low, high = figure.low, figure.high
    if measure_lexicon().scopes.get(figure.measure_class or "") == "people" and any(
        v is not None and v != int(v) for v in (low, high)
    ):
        return False
    return not (low and high and high > MAX_RANGE * low)


_ADDRESS = re.compile(r"\s*(?:https?\s*:|www\s*\.)", re.IGNORECASE)


def in_address(text: str, start: int) -> bool:
    """Whether ``text[start]`` is on a line that is a web address, however tokenised ("http :
    / / www . example . com / news / 3 - shot - in - plant - 1025 . html"): a page's id or a
    slug's words ("kills - two") are no count of the article's own.

    >>> t = "http : / / nbc . com / 3 - Shot - in - Plant - 1025 . html\\nThree were shot."
    >>> in_address(t, t.index("3")), in_address(t, t.index("Three"))
    (True, False)
    """
    return _ADDRESS.match(text, text.rfind("\n", 0, start) + 1) is not None


def entry_language(figure: LedgerFigure) -> dict[str, str | None]:
    """A ledger entry's language and original wording (the sentence its figure is in)."""
    return {"language": figure.language, "sentence": figure.item.text or None}


def claim_source(claim: Claim, entity_name: str | None) -> str:
    """Who claims a figure: the source as written, or the entity a pronoun stands for."""
    written = claim.source.text
    if entity_name and written.casefold() in _PRONOUNS:
        return entity_name
    return written


CALENDAR_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _said(claim: Claim | None) -> str | None:
    """When the claim was made, as a calendar date (year, month or day), where the text says:
    "Last May, the Assembly denounced ..." -> ``2025-05``."""
    if claim is None or not claim.time or not CALENDAR_DATE.fullmatch(claim.time):
        return None
    return claim.time


def _entity(actor) -> str | None:
    return actor.entity if actor is not None else None


def _events(conn: Connection, docs: Sequence[str]):
    found: dict[str, list] = {}
    for chunk in chunks(docs):
        for row in conn.execute(select(events).where(events.c.document_id.in_(chunk))):
            found.setdefault(row.document_id, []).append(EVENTS.from_row(row._mapping))
    return found


def _countries(
    conn: Connection, docs: Sequence[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, list[ArticlePlace]]]:
    """:func:`article_facts` of these documents' entities, all together: entity id -> its
    country, document -> its country, document -> its places."""
    by_doc: dict[str, list[Entity]] = {}
    for chunk in chunks(docs):
        for row in conn.execute(select(entities).where(entities.c.document_id.in_(chunk))):
            entity: Entity = ENTITIES.from_row(row._mapping)  # type: ignore[assignment]
            by_doc.setdefault(row.document_id, []).append(entity)
    found: dict[str, str] = {}
    main: dict[str, str] = {}
    places: dict[str, list[ArticlePlace]] = {}
    for doc, named in by_doc.items():
        countries, country, where = article_facts(named)
        found.update(countries)
        if country:
            main[doc] = country
        places[doc] = where
    return found, main, places


def article_facts(
    named: Sequence[Entity],
) -> tuple[dict[str, str], str | None, list[ArticlePlace]]:
    """What a figure's grouping reads of its article's entities: entity id -> its country
    (not for a person: a name's guessed nationality says nothing of whom a figure counts);
    the country the article names most (:func:`main_country`); the places it names, with
    coordinates (:class:`ArticlePlace`)."""
    countries = {e.id: e.country for e in named if e.country and e.kind != "person"}
    country = main_country([(e.kind, e.country, len(e.mentions)) for e in named])
    places = [
        ArticlePlace(e.geo.lat, e.geo.lon, tuple((m.start, m.end) for m in e.mentions), e.country)
        for e in named
        if e.kind == "place" and e.geo and e.geo.lat is not None and e.geo.lon is not None
    ]
    return countries, country, places


def main_country(named: Sequence[tuple[str, str | None, int]]) -> str | None:
    """The country an article names most, from its entities' (kind, country, mentions): by
    places, countries and organisations; a person's country (a name's guessed nationality)
    counts only when nothing else has one, since where a thing happened is not who did it.

    >>> main_country([("person", "HUN", 14), ("place", "USA", 3)])
    'USA'
    >>> main_country([("person", "HUN", 2)]), main_country([])
    ('HUN', None)
    """
    weight: Counter[str] = Counter()
    for kind, country, mentions in named:
        if country and kind != "person":
            weight[country] += mentions
    if not weight:
        for _, country, mentions in named:
            if country:
                weight[country] += mentions
    return weight.most_common(1)[0][0] if weight else None


def _claims(conn: Connection, ids: set[str]) -> dict[str, tuple[Claim, str | None]]:
    found: dict[str, tuple[Claim, str | None]] = {}
    rows = []
    for chunk in chunks(sorted(ids)):
        rows.extend(conn.execute(select(claims).where(claims.c.id.in_(chunk))))
    names: dict[str, str] = {}
    entity_ids = sorted({row.source_entity for row in rows if row.source_entity})
    for chunk in chunks(entity_ids):
        query = select(entities.c.id, entities.c.name).where(entities.c.id.in_(chunk))
        names.update((row.id, row.name) for row in conn.execute(query))
    for row in rows:
        claim: Claim = CLAIMS.from_row(row._mapping)  # type: ignore[assignment]
        found[claim.id] = (claim, names.get(claim.source.entity or ""))
    return found


def ledger_wording(store: Store, ledger: Ledger) -> dict[str, tuple[str | None, str | None]]:
    """figure id -> (its article's language, the sentence it was given in) for each entry of
    a ledger: what the entry records (``LedgerEntry.language``, ``sentence``), else what the
    store holds (a ledger written before entries recorded them)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    missing = []
    for e in ledger.entries:
        language, sentence = getattr(e, "language", None), getattr(e, "sentence", None)
        if language and sentence:
            found[e.figure] = (language, sentence)
        else:
            missing.append(e.figure)
    if not missing:
        return found
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        for chunk in chunks(sorted(set(missing))):
            query = (
                select(
                    figures.c.id,
                    figures.c.start,
                    figures.c.end,
                    documents.c.language,
                    documents.c.text,
                )
                .join(documents, documents.c.id == figures.c.document_id)
                .where(figures.c.id.in_(chunk))
            )
            for row in conn.execute(query):
                first, last = sentence_around(row.text, row.start, row.end)
                found[row.id] = (row.language, " ".join(row.text[first:last].split()) or None)
    return found
