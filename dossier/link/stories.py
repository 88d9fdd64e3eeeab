"""Stories: articles from different outlets that report one real-world event, and which of
their events are that event.

Articles, not single events, are grouped first, because real reports of one event differ in
everything a strict event match needs: one gives the weekday, one no date, one names another
chamber, one codes the trigger to another PLOVER type. What they share is what they are about.
Each article becomes a :class:`StoryDoc`: its :func:`~dossier.link.profiles.profile` (its
distinctive words, names first, weighted against a fixed background so that nothing depends
on what else is stored) and its *lead event* (the first event it reports that happened).

* **Candidates**: two articles are compared when they share a block key
  (:attr:`StoryDoc.blocks`: two of their :data:`BLOCK_WORDS` heaviest rare words, or one very
  rare name).
* **Edges**: two articles are linked when they share :data:`MIN_SHARED_WORDS` rare words and
  their :func:`similarity` (the cosine of their profiles, lowered by :data:`PENALTY` for each
  sign of two events: years apart, leads naming different people, lead events that
  :func:`conflict`) is at least :data:`LINK_SIMILARITY`. The link stage
  (:mod:`dossier.link.groups`) keeps the connected sets of linked articles up to date.
* **Stories**: each connected set is split by average-link clustering at
  :data:`STORY_SIMILARITY` (:func:`split`), so that a chain of loosely similar articles does
  not become one story; the split depends on the set only, so stories do not depend on the
  order articles came in. A cluster with at least :data:`MIN_DOCUMENTS` original articles is a
  :class:`~dossier.model.Story`.
* **Event coreference**: inside a story, its articles' events are clustered with
  :func:`corefer` (the same kind of event, read through the story's broader trigger families
  of ``event_coref_families.tsv``, compatible actors, times and places); the groups
  that span articles are ``Story.events``, the one reported by the most articles is the
  story's main event: its type, time, place and title.

* **Languages**: two articles in different languages (``Document.language``) share few
  words, so they are compared on their language-neutral profiles (:func:`read_neutral`:
  people by :func:`~dossier.link.translit.entity_key`, GeoNames ids, actor codes, PLOVER types
  on stated days, figures with their measure class, dates), blocked on pairs of their
  specific features and linked when they share two of them; each article's words are weighed
  in its own language. Articles in one language are grouped by their words as above, and
  inside a story in several languages events corefer on their PLOVER type.

A syndicated copy adds a report marked ``copy_of``, not a source. The details on which the
reports of the main event disagree (the date, the place, which actor) are listed in
``disputed``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from itertools import combinations

from sqlalchemy import Connection, Row, delete, insert, select

from dossier.link.entities import entity_metadata, identity, link_entities_table, person_name
from dossier.link.eventmatch import (
    EventItem,
    Matcher,
    actors_compatible,
    cluster,
    family_members,
    generic_kind,
    in_family,
    is_generic,
    lemma_family,
    overlap,
    places_compatible,
    time_interval,
)
from dossier.link.groups import (
    Copies,
    GroupSummary,
    copies,
    document_info,
    link_groups,
)
from dossier.link.profiles import (
    Feature,
    Profile,
    average_link,
    cosine,
    entity_features,
    event_features,
    figure_features,
    is_day,
    is_specific,
    neutral_profile,
    profile,
    rarity,
    top_words,
)
from dossier.link.sql import chunks
from dossier.link.tables import group_members
from dossier.link.translit import entity_key as name_key
from dossier.model import Actor, Entity, Event, Figure, Report, Story, Timex, stable_id
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import (
    EVENTS,
    STORIES,
    documents,
    entities,
    events,
    figures,
    stories,
    timexes,
)

logger = logging.getLogger(__name__)

KIND = "story"
EVENT_KIND = "story-event"
"""Rows of the link stage's member table that say which story each event is in."""
EXCLUDED_MODALITIES = frozenset({"negated", "future"})
MIN_DOCUMENTS = 2
"""Original articles a cluster must have to be a story."""
BLOCK_WORDS = 8
"""An article is compared with those that share two of its this many heaviest words..."""
BLOCK_RARITY = 3.5
"""...among those at least this rare (:func:`~dossier.link.profiles.rarity`: names, places,
"earthquake"; not "said" or "police"). Pairs, not single words: among 10,000 Reuters articles
single words give 5.9 million candidate pairs ("corp" alone is in 2,133 articles' top words),
pairs of words 0.2 million, and on ECB+ they keep 99% of the linked pairs."""
NAME_WORDS = 5
"""Of its this many heaviest words, one that is also very rare...
"""
NAME_RARITY = 4.5
"""...(a name: "Klitschko", "Kanbalu") is a block key on its own."""
DENSE_SPLIT = 200
"""A connected set of up to this many articles is cut on every pair's similarity; a larger one
(business briefs chain into thousands: 3,146 of the first 5,000 Reuters articles are one set)
on the pairs that share a block key. On ECB+ every set is smaller; cutting them on block pairs
alone scored 0.89 B³ F1 on dev against 0.906 on all pairs."""
LINK_SIMILARITY = 0.15
"""Articles at least this similar (:func:`similarity`) are linked (the connected sets the
stories are cut from)."""
STORY_SIMILARITY = 0.15
"""Average similarity at which average-link clustering stops joining articles into stories."""
CONFLICT_DAYS = 2
"""Two stated days of lead events of one type this far apart are two events."""
LEAD_LINES = 3
"""The lines of an article (its title first) whose names say what it is about."""
LEAD_NAME_RARITY = 3.5
"""A capitalised word at least this rare (:func:`~dossier.link.profiles.rarity`) is a name."""
YEARS_APART = 2
"""Articles whose years (publication, else the latest year they state) are this far apart..."""
PENALTY = 0.6
"""...or whose leads each name someone the other never mentions, or whose lead events
conflict, have their similarity multiplied by this, once for each of the three. Penalties,
not vetoes: each signal alone is often wrong (a history year, a quoted official), together
they tell a twin story apart (Reggie Bush's injury from Pierre Thomas's). Tuned on ECB+
train: 0.6 for each, 0.15 for both thresholds."""
_NAME = re.compile(r"[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)?")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-9]\d)\b")
CLASS_ROLES = frozenset({"BUS", "CVL", "MED", "EDU", "HLH", "LAB", "REL", "CRM", "REF", "ELI"})
"""CAMEO-style roles that name a class of people (businesses, civilians, media), not one body."""
ENTITY_KEY_KINDS = ("person:", "org:")
"""Cross-document entity keys that name one actor (``dossier.link.entities``)."""


@dataclass(frozen=True)
class StoryMatcher(Matcher):
    """The :class:`~dossier.link.eventmatch.Matcher` inside one story. A generic verb
    (``event_generic.tsv``) is also one event across two of its articles when both name the
    same first actor: two outlets quoting what the police said report one statement (on ECB+
    train such pairs are the same statement 13 times in 18). A reporting word (a speech verb
    of ``event_generic.tsv``, or a word of ``event_coref_reporting.txt``: "reported",
    "announced", "confirmed") is a statement of its own: across two articles one event also
    when their sentences share :data:`QUOTE_OVERLAP` of their content words (one quote),
    inside one article only with known compatible speakers, never on the lemma alone. On the
    gold sub-topics of ECB+ train the reporting words lift event CoNLL F1 from 0.804 to 0.807
    (higher in 10 of its 25 topics, lower in 4), the quote rule to 0.809 (8 up, 3 down; a
    share of 0.3 to 0.5 all help). Matching light and cognition verbs ("made", "believed") as
    any lemma scored 0.812 but rose in 7 topics and fell in 5: left out."""

    def types_match(self, a: EventItem, b: EventItem) -> bool:
        speech = _reporting(a.lemma) or _reporting(b.lemma)
        if not speech and super().types_match(a, b):
            return True
        if a.plover and b.plover:
            return a.plover == b.plover
        if lemma_family(a.lemma) != lemma_family(b.lemma):
            return False
        if a.document == b.document:  # one article: its speaker must be known
            known = a.actor1 is not None and b.actor1 is not None
            return speech and known and actors_compatible(a.actor1, b.actor1)
        if not speech and not (is_generic(a.lemma) or is_generic(b.lemma)):
            return False
        if a.actor1 is not None and a.actor1 == b.actor1:
            return True
        return speech and bool(a.text and b.text) and overlap(a.text, b.text) >= QUOTE_OVERLAP


@cache
def _reporting_words() -> frozenset[str]:
    from dossier.resources import read_lines

    return frozenset(read_lines("event_coref_reporting.txt"))


def _reporting(lemma: str) -> bool:
    """Whether a lemma is a speech verb (``event_generic.tsv``) or a reporting word
    (``event_coref_reporting.txt``: "report", "announce", "confirm").

    >>> _reporting("say"), _reporting("report"), _reporting("make"), _reporting("rob")
    (True, True, False, False)
    """
    return generic_kind(lemma) == "speech" or lemma.lower().strip() in _reporting_words()


QUOTE_OVERLAP = 0.4
"""The Jaccard share of content words (:func:`~dossier.link.eventmatch.overlap`) by which the
sentences of two reporting verbs of two articles are one statement."""


COREF_MATCHER = StoryMatcher(min_overlap=None, publication_window=31)
"""Within a story the articles are already about one event: a compatible kind, actors, time
and place suffice (no word overlap asked)."""


@dataclass(frozen=True)
class StoryEvent:
    """A stored event with what the matcher and the story record need."""

    item: EventItem
    event: Event
    outlet: str | None
    place_name: str | None
    sentence: str = ""

    @property
    def id(self) -> str:
        return self.item.id


@dataclass(frozen=True)
class StoryDoc:
    """An article as the story grouping sees it."""

    id: str
    published: str | None
    outlet: str | None
    language: str | None
    profile: Profile = field(compare=False, repr=False)
    events: tuple[StoryEvent, ...] = field(default=(), compare=False, repr=False)
    names: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """The names (lower case) in its first :data:`LEAD_LINES` lines."""
    vocabulary: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """Every word it uses (lower case)."""
    year: int | None = None
    title: str | None = None
    neutral: Profile = field(default_factory=dict, compare=False, repr=False)
    """Its language-neutral features (:func:`~dossier.link.profiles.neutral_profile`: people,
    places, codes, event types and days, figures): what it shares with a report of the same
    event in another language."""

    @property
    def lang(self) -> str:
        """Its language code (``en`` when unknown), without a region."""
        return (self.language or "en").split("-")[0].lower()

    @cached_property
    def neutral_blocks(self) -> list[str]:
        """Its block keys across languages: pairs of its :data:`BLOCK_WORDS` heaviest specific
        language-neutral features (:func:`~dossier.link.profiles.is_specific`)."""
        specific = {k: x for k, x in self.neutral.items() if is_specific(k)}
        keys = sorted(top_words(specific, BLOCK_WORDS))
        return [f"n|{a}|{b}"[:160] for a, b in combinations(keys, 2)]

    @cached_property
    def blocks(self) -> list[str]:
        """Its block keys: pairs of its :data:`BLOCK_WORDS` heaviest rare words, and each of
        its :data:`NAME_WORDS` heaviest that is a name."""
        language = self.language or "en"
        rare = {w: x for w, x in self.profile.items() if rarity(w, language) >= BLOCK_RARITY}
        words = sorted(top_words(rare, BLOCK_WORDS))
        names = [w for w in top_words(rare, NAME_WORDS) if rarity(w, language) >= NAME_RARITY]
        pairs = [f"{a}|{b}"[:160] for a, b in combinations(words, 2)]
        return pairs + [f"{w}|"[:160] for w in names]

    @cached_property
    def lead(self) -> StoryEvent | None:
        """The first event the article reports as having happened (not said, negated or to
        come), else its first event of any kind (read once per pair compared: cached)."""
        usable = [e for e in self.events if e.event.modality not in EXCLUDED_MODALITIES]
        ranked = [e for e in usable if not is_generic(e.item.lemma)] or usable
        return ranked[0] if ranked else None


def story_doc(
    doc_id: str,
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    events: Sequence[StoryEvent] = (),
    neutral: Profile | None = None,
) -> StoryDoc:
    """The :class:`StoryDoc` of one article (its title counts as part of its text);
    ``neutral``: its language-neutral profile (:func:`read_neutral`)."""
    body = f"{title}\n{text}" if title and not text.startswith(title) else text
    ordered = tuple(sorted(events, key=lambda e: (e.event.trigger.start, e.id)))
    if published:
        year = int(published[:4])
    else:
        year = max((int(y) for y in _YEAR.findall(body)), default=None)
    return StoryDoc(
        doc_id,
        published,
        outlet,
        language,
        profile(body, language),
        ordered,
        lead_names(body, language),
        frozenset(w.lower() for w in _WORDS.findall(body)),
        year,
        " ".join(title.split()) if title else None,
        neutral or {},
    )


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def lead_names(text: str, language: str | None = "en") -> frozenset[str]:
    """The rare capitalised words of the first :data:`LEAD_LINES` non-empty lines, less the
    first word of each line (capitalised anyway).

    >>> sorted(lead_names("Saints place Bush on reserve\\nThe team placed Reggie Bush on it."))
    ['bush', 'reggie']
    """
    lines = [line for line in text.splitlines() if line.strip()][:LEAD_LINES]
    found = set()
    for line in lines:
        for word in line.split()[1:]:
            word = word.strip(".,;:!?\"'()[]“”‘’")
            if _NAME.fullmatch(word) and rarity(word.lower(), language or "en") >= LEAD_NAME_RARITY:
                found.add(word.lower())
    return frozenset(found)


def conflict(a: StoryDoc, b: StoryDoc) -> bool:
    """Whether two articles' lead events are the same kind of event on days, or at places,
    that cannot be one event ("a strike on Monday in Kharkiv" and one on Thursday in Odesa).

    >>> from dossier.model import Span
    >>> def doc(i, time, place):
    ...     ev = Event(id=i, plover="ASSAULT", trigger=Span(text="struck", start=0, end=6),
    ...                sentence={"start": 0, "end": 9})
    ...     item = EventItem(i, i, "strike", plover="ASSAULT", time=time, place=place)
    ...     return StoryDoc(i, None, None, "en", {}, (StoryEvent(item, ev, None, None),))
    >>> conflict(doc("a", "2026-03-02", None), doc("b", "2026-03-05", None))
    True
    >>> conflict(doc("a", "2026-03-02", None), doc("b", "2026-03-03", None))
    False
    >>> conflict(doc("a", None, "geo:706483"), doc("b", None, "geo:698740"))
    True
    """
    x, y = a.lead, b.lead
    if x is None or y is None or x.item.plover != y.item.plover:
        return False
    tx, ty = time_interval(x.item.time), time_interval(y.item.time)
    if tx and ty and tx[0] == tx[1] and ty[0] == ty[1] and abs(tx[0] - ty[0]) >= CONFLICT_DAYS:
        return True
    return not places_compatible(x.item.place, y.item.place)


MIN_SHARED_WORDS = 2
"""Rare words (at least :data:`BLOCK_RARITY`) two linked articles must share: one name alone
("Valmora" in a quake report and in a budget brief) is a place, not a story."""


def cross_language(a: StoryDoc, b: StoryDoc) -> bool:
    """Whether two articles are in different languages (then their language-neutral features,
    not their words, say whether they report one event)."""
    return a.lang != b.lang


def shares_words(a: StoryDoc, b: StoryDoc) -> bool:
    """Whether two articles share at least :data:`MIN_SHARED_WORDS` rare words; in different
    languages, as many specific language-neutral features (a person, a place, an event's type
    on its day, a toll: :func:`~dossier.link.profiles.is_specific`)."""
    if cross_language(a, b):
        common = a.neutral.keys() & b.neutral.keys()
        return sum(is_specific(k) for k in common) >= MIN_SHARED_WORDS
    language = a.language or "en"
    common = a.profile.keys() & b.profile.keys()
    return sum(rarity(w, language) >= BLOCK_RARITY for w in common) >= MIN_SHARED_WORDS


def similarity(a: StoryDoc, b: StoryDoc) -> float:
    """How alike two articles are: the cosine of their profiles, times :data:`PENALTY` for
    each sign of two events: years :data:`YEARS_APART`, leads that name people the other
    article never mentions, lead events that conflict (:func:`conflict`).

    Articles in different languages (:func:`cross_language`) are compared on their
    language-neutral profiles (``StoryDoc.neutral``), and their leads' names are not compared
    word for word."""
    crossing = cross_language(a, b)
    score = cosine(a.neutral, b.neutral) if crossing else cosine(a.profile, b.profile)
    if a.year is not None and b.year is not None and abs(a.year - b.year) >= YEARS_APART:
        score *= PENALTY
    if not crossing and a.names - b.vocabulary and b.names - a.vocabulary:
        score *= PENALTY
    if conflict(a, b):
        score *= PENALTY
    return score


def split(
    docs: Sequence[StoryDoc], weigh: Callable[[StoryDoc, StoryDoc], float] = similarity
) -> list[list[StoryDoc]]:
    """A connected set of linked articles cut into stories (see the module doc). In a set of
    more than :data:`DENSE_SPLIT` articles only the pairs that share a block key are weighed
    (the others count as 0), so that it costs what its likely pairs cost. ``weigh``: the
    :func:`similarity` of two articles (a caller may remember what it computed)."""
    by_id = {d.id: d for d in docs}
    pairs = None  # all of them
    if len(by_id) > DENSE_SPLIT:
        blocks: dict[str, list[str]] = {}
        for doc in sorted(docs, key=lambda d: d.id):
            for key in doc.blocks:
                blocks.setdefault(key, []).append(doc.id)
        for doc in sorted(docs, key=lambda d: d.id):
            for key in doc.neutral_blocks:
                blocks.setdefault(key, []).append(doc.id)
        pairs = sorted(
            {
                pair
                for key, ids in blocks.items()
                for pair in combinations(ids, 2)
                if not key.startswith("n|") or cross_language(by_id[pair[0]], by_id[pair[1]])
            }
        )
    groups = average_link(
        list(by_id), lambda x, y: weigh(by_id[x], by_id[y]), STORY_SIMILARITY, pairs
    )
    return [[by_id[i] for i in group] for group in groups]


@cache
def _coref_families() -> dict[str, str]:
    """Member -> family of ``resources/event_coref_families.tsv``. A family takes in the
    ``event_synonyms.tsv`` families of its members, so that "disruption", an outage in those,
    stays one with "outage" here; a word two families would take in stays out of both."""
    from dossier.resources import read_tsv, split_field

    listed = {
        member.lower(): row["family"]
        for row in read_tsv("event_coref_families.tsv")
        for member in split_field(row["members"])
    }
    taken: dict[str, set[str]] = {}
    for word, family in listed.items():
        for mate in family_members(word):
            taken.setdefault(mate, set()).add(family)
    joined = {w: next(iter(f)) for w, f in taken.items() if len(f) == 1 and w not in listed}
    return {**joined, **listed}


def coref_lemma(lemma: str) -> str:
    """The lemma :func:`corefer` matches on: its family in ``event_coref_families.tsv`` (words
    that name one kind of act inside a story: "beat" and "win", "pass away" and "die"), else
    the lemma itself (then matched on its :func:`~dossier.link.eventmatch.lemma_family`).

    >>> coref_lemma("beat") == coref_lemma("win"), coref_lemma("check out") == coref_lemma("check")
    (True, False)
    >>> coref_lemma("checks out") == coref_lemma("check out")
    True
    >>> coref_lemma("ratify")
    'ratify'
    """
    words = lemma.lower().split()
    if not words:
        return lemma
    families = _coref_families()
    # The tagger leaves a capitalised headline verb inflected ("Escaped", "Checks Out"): its
    # base forms are tried, and one that the lexicons know is taken.
    for verb in _base_forms(words[0]):
        word = " ".join([verb, *words[1:]])
        if word in families:
            return f"story:{families[word]}"
        if verb != words[0] and in_family(word):
            return word
    return lemma


_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"))
_INFLECTIONS += (("d", ""), ("ing", ""), ("ing", "e"), ("en", ""), ("en", "e"))


def _base_forms(word: str) -> list[str]:
    """The word, then what it would be without each inflection it may carry.

    >>> _base_forms("escaped")
    ['escaped', 'escap', 'escape', 'escape']
    """
    forms = [word]
    for ending, replacement in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + replacement)
    return forms


def corefer(
    items: Sequence[EventItem], matcher: Matcher = COREF_MATCHER, *, multilingual: bool = False
) -> list[list[str]]:
    """Groups of the ids of events that are one event, among the events of one story: the
    same trigger family (:func:`coref_lemma`, else the lemma family) with compatible actors,
    times and places. The PLOVER type is left out here: inside one story two triggers of one
    type are often two events ("shot" and "killed" are both ASSAULT), and matching on it
    lowered event CoNLL F1 on ECB+ train (0.768 without it, 0.759 with). In a ``multilingual``
    story (reports in several languages) the type is kept: lemmas of two languages are never
    one family, a type is the same in any."""
    if multilingual:
        return cluster(list(items), matcher)
    return cluster([replace(i, plover=None, lemma=coref_lemma(i.lemma)) for i in items], matcher)


class StoryGrouping:
    """The :class:`~dossier.link.groups.Grouping` of articles into stories."""

    kind = KIND

    def __init__(self) -> None:
        # One link run reads a large story's articles once, not once per batch that adds to
        # it (an article's id is the hash of its text, so what is read cannot go stale).
        self._docs: dict[str, StoryDoc] = {}
        self._similarities: dict[tuple[str, str], float] = {}
        self._kept: dict[str, Story] = {}

    def load(self, conn: Connection, document_ids: Sequence[str]) -> dict[str, StoryDoc]:
        return self.load_items(conn, document_ids)

    def load_items(self, conn: Connection, item_ids: Sequence[str]) -> dict[str, StoryDoc]:
        missing = [i for i in item_ids if i not in self._docs]
        self._docs.update(read_docs(conn, missing))
        return {i: self._docs[i] for i in item_ids if i in self._docs}

    def blocks(self, item: StoryDoc) -> list[str]:
        return item.blocks + item.neutral_blocks

    def same(self, a: StoryDoc, b: StoryDoc) -> bool:
        if not cross_language(a, b) and not set(a.blocks) & set(b.blocks):
            return False  # met on a language-neutral block only: words decide in one language
        return self.similarity(a, b) >= LINK_SIMILARITY and shares_words(a, b)

    def similarity(self, a: StoryDoc, b: StoryDoc) -> float:
        """:func:`similarity`, computed once per pair in a link run (``same`` decides a pair,
        ``split`` weighs it again each time its set is cut)."""
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if key not in self._similarities:
            self._similarities[key] = similarity(a, b)
        return self._similarities[key]

    def clear(self, conn: Connection, group_ids: Sequence[str]) -> None:
        # The stories are deleted, but kept aside: a large set of articles is rewritten each
        # time one article joins it, and most of its stories come back unchanged (``write``).
        self._kept = {}
        for chunk in chunks(group_ids):
            for row in conn.execute(select(stories).where(stories.c.group_id.in_(chunk))):
                story = STORIES.from_row(row._mapping)
                self._kept[story.id] = story  # type: ignore[assignment]
        _clear_stories(conn, sorted(self._kept))

    def clear_all(self, conn: Connection) -> None:
        self._kept = {}
        conn.execute(delete(group_members).where(group_members.c.kind == EVENT_KIND))
        conn.execute(delete(stories))

    def write(self, conn: Connection, group_id: str, items: Sequence[StoryDoc]) -> bool:
        links = copies(conn, [d.id for d in items])
        copy_docs = {c for cs in links.copies.values() for c in cs}
        info = document_info(conn, copy_docs)
        found = make_stories(items, links, info, self.similarity, self._kept)
        for story in found:
            _insert(conn, story, group_id)
        return bool(found)


def _documents(story: Story) -> frozenset[str]:
    return frozenset(r.document for r in story.reports)


def _reported(group: Sequence[StoryDoc], links: Copies) -> frozenset[str]:
    return frozenset(d.id for d in group) | {c for d in group for c in links.copies.get(d.id, [])}


def _insert(conn: Connection, story: Story, group_id: str) -> None:
    """Write a story and which story each of its events is in."""
    conn.execute(insert(stories), [STORIES.to_row(story, group_id=group_id)])
    rows = [
        {"kind": EVENT_KIND, "item_id": r.event, "group_id": story.id}
        for r in story.reports
        if r.event and not r.copy_of
    ]
    rows.extend(
        {"kind": EVENT_KIND, "item_id": e, "group_id": story.id}
        for group in story.events
        for e in group
    )
    if rows:
        conn.execute(insert(group_members), _unique(rows))


def story_id(group: Sequence[StoryDoc]) -> str:
    """A story's id: from its first article's id, so the same articles give the same id."""
    return stable_id("story", KIND, min(d.id for d in group))


def make_stories(
    docs: Sequence[StoryDoc],
    links: Copies,
    copy_info: dict[str, tuple[str | None, str | None]],
    weigh: Callable[[StoryDoc, StoryDoc], float] = similarity,
    kept: dict[str, Story] | None = None,
) -> list[Story]:
    """The stories of one connected set of articles (see the module doc). ``links``: their
    duplicate links; ``copy_info``: copy document -> (outlet, published); ``weigh``: see
    :func:`split`; ``kept``: stories already made, by id, reused when their articles and
    copies are the same."""
    originals = [d for d in docs if d.id not in links.original]
    found = []
    for group in split(originals, weigh):
        story = (kept or {}).get(story_id(group))
        if story is None or _documents(story) != _reported(group, links):
            story = make_story(group, links, copy_info)
        if story is not None:
            found.append(story)
    return found


def make_story(
    group: Sequence[StoryDoc], links: Copies, copy_info: dict[str, tuple[str | None, str | None]]
) -> Story | None:
    """The story of a cluster of original articles, or None when fewer than
    :data:`MIN_DOCUMENTS` are in it. Each article gives one report: its event in the main
    event when it has one, else its lead event; each copy of it one report marked
    ``copy_of``."""
    if len(group) < MIN_DOCUMENTS:
        return None
    group = sorted(group, key=lambda d: (d.published or "9999", d.id))
    by_id = {e.id: e for d in group for e in d.events}
    usable = [e.item for e in by_id.values() if e.event.modality not in EXCLUDED_MODALITIES]
    clusters = corefer(usable, multilingual=len({d.lang for d in group}) > 1)
    docs_of = {tuple(c): {by_id[i].item.document for i in c} for c in clusters}
    shared = [c for c in clusters if len(docs_of[tuple(c)]) > 1]
    main = _main_event(shared, by_id, docs_of) if shared else []
    main_ids = set(main)
    reports: list[Report] = []
    chosen: list[StoryEvent] = []
    for doc in group:
        own = [e for e in doc.events if e.id in main_ids]
        pick = own[0] if own else doc.lead
        if pick is not None:
            chosen.append(pick)
        report = _report(doc, pick)
        reports.append(report)
        for copy in links.copies.get(doc.id, []):
            outlet, published = copy_info.get(copy, (None, None))
            reports.append(
                report.model_copy(
                    update={
                        "document": copy,
                        "outlet": outlet,
                        "published": published,
                        "copy_of": doc.id,
                    }
                )
            )
    # One event per article (its first report of the main event) speaks for the article.
    place_counts = Counter(e.event.place for e in chosen if e.item.place and e.event.place)
    plovers = Counter(e.item.plover for e in chosen if e.item.plover)
    dates = sorted(r.published for r in reports if r.published)
    story = Story(
        id=story_id(group),
        plover=plovers.most_common(1)[0][0] if plovers else None,
        time=best_time([by_id[i].item.time for i in main] or [e.item.time for e in chosen]),
        place=place_counts.most_common(1)[0][0] if place_counts else None,
        reports=reports,
        documents=len(group),
        disputed=disputed(chosen),
        outlets=list(dict.fromkeys(r.outlet for r in reports if r.outlet)),
        languages=sorted({d.language for d in group if d.language}),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        events=shared,
        shared=shared_words(group),
    )
    # The main event's reports name the story; with none shared, the first report's event.
    speaking = [by_id[i] for i in main] if main else chosen[:1]
    lang_of = {d.id: d.lang for d in group}
    if len(set(lang_of.values())) > 1:  # one language's words, English where it has a report
        for lang in ("en", group[0].lang):
            chosen_lang = [e for e in speaking if lang_of.get(e.item.document) == lang]
            if chosen_lang:
                speaking = chosen_lang
                break
    title = story_title(story, speaking) or _headline(group[0], story.time)
    return story.model_copy(update={"title": title})


def _headline(doc: StoryDoc, time: str | None) -> str | None:
    """The first report's own headline, with the story's time (when no event says who did
    what)."""
    if not doc.title:
        return None
    return f"{doc.title}, {time}" if time else doc.title


SHARED_WORDS = 6
"""How many shared words a story lists (``Story.shared``)."""


def shared_words(group: Sequence[StoryDoc], n: int = SHARED_WORDS) -> list[str]:
    """Why articles are one story: the rare words (at least :data:`BLOCK_RARITY`) that at
    least half of them use, the heaviest first (summed weight in their profiles)."""
    language = group[0].language or "en" if group else "en"
    weight: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for doc in group:
        for word, value in doc.profile.items():
            weight[word] += value
            count[word] += 1
    kept = [w for w in weight if 2 * count[w] >= len(group) and rarity(w, language) >= BLOCK_RARITY]
    return sorted(kept, key=lambda w: (-weight[w], w))[:n]


def _main_event(
    shared: list[list[str]], by_id: dict[str, StoryEvent], docs_of: dict[tuple, set[str]]
) -> list[str]:
    """The event reported by the most articles (then not a generic verb, then the earliest
    in its articles)."""

    def key(c: list[str]) -> tuple:
        generic = all(is_generic(by_id[i].item.lemma) for i in c)
        first = min(by_id[i].event.trigger.start for i in c)
        return (-len(docs_of[tuple(c)]), generic, first, c[0])

    return min(shared, key=key)


def _report(doc: StoryDoc, pick: StoryEvent | None) -> Report:
    if pick is None:
        return Report(document=doc.id, outlet=doc.outlet, published=doc.published)
    return Report(
        document=doc.id,
        event=pick.id,
        outlet=doc.outlet,
        published=doc.published,
        sentence=pick.sentence or None,
        trigger=pick.event.trigger.text,
        time=pick.item.time,
        place=pick.place_name if pick.item.place else None,
        actor1=_actor(pick.event.actor1),
        actor2=_actor(pick.event.actor2),
        modality=pick.event.modality,
    )


def story_title(story: Story, main: Sequence[StoryEvent]) -> str | None:
    """Who did what to whom, where, when, from the main event's records: the actor names, the
    trigger and the place name its reports give most often, and the story's time.

    >>> from dossier.model import Span
    >>> ev = Event(id="e", plover="AGREE", trigger=Span(text="ratified", start=0, end=8),
    ...            actor1=Actor(text="the State Duma", code="RUSLEG"),
    ...            actor2=Actor(text="Cuba", code="CUB"), sentence={"start": 0, "end": 9})
    >>> item = EventItem("e", "d", "ratified", plover="AGREE")
    >>> story_title(Story(id="s", time="2025-10-07"), [StoryEvent(item, ev, None, None)])
    'State Duma ratified Cuba, 2025-10-07'
    """
    if not main:
        return None

    def most(values: list[str | None]) -> str | None:
        counts = Counter(v for v in values if v)
        return min(counts, key=lambda v: (-counts[v], v)) if counts else None

    actor1 = most([_name(e.event.actor1) for e in main])
    # A target only when two reports agree on it (or there is one report): one report's
    # target is often another event's.
    targets = Counter(n for e in main if (n := _name(e.event.actor2)))
    actor2 = most([_name(e.event.actor2) for e in main])
    if actor2 and len(main) > 1 and targets[actor2] < 2:
        actor2 = None
    # The trigger as the reports write it: a past tense reads as well in a title as a present
    # ("Duma ratified treaty").
    trigger = most([" ".join(e.event.trigger.text.split()) for e in main])
    if not actor1 or not trigger:  # who did it is the least a title says
        return None
    place = most([e.place_name for e in main if e.item.place])
    title = " ".join(w for w in (actor1, trigger, actor2) if w)
    if place and place not in title:
        title += f" in {place}"
    if story.time:
        title += f", {story.time}"
    return title[:1].upper() + title[1:]


def _name(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    text = " ".join(actor.text.split())
    for article in ("the ", "The "):
        text = text.removeprefix(article)
    return text or None


def best_time(values: Sequence[str | None]) -> str | None:
    """The time most reports give: the most frequent value, a day before a coarser period,
    then the earliest.

    >>> best_time(["2026-03-10", "2026-03-09", "2026-03-10", "2026-W11", None])
    '2026-03-10'
    >>> best_time(["2026-W11", "2026-03-09"]), best_time([None])
    ('2026-03-09', None)
    """
    counts = Counter(v for v in values if v and time_interval(v))
    if not counts:
        return None

    def key(value: str) -> tuple[int, int, int]:
        first, last = time_interval(value)  # type: ignore[misc]
        return (-counts[value], last - first, first)

    return min(counts, key=key)


def disputed(sources: Sequence[StoryEvent]) -> list[str]:
    """The details on which the original reports disagree: two different days ("time"), two
    different places, two incompatible codes for one actor."""
    found = []
    days = {i.item.time for i in sources if i.item.time and _is_day(i.item.time)}
    if len(days) > 1:
        found.append("time")
    if len({i.item.place for i in sources if i.item.place}) > 1:
        found.append("place")
    for slot in ("actor1", "actor2"):
        codes = {getattr(i.item, slot) for i in sources} - {None}
        # "RUS" and "RUSLEG" agree (one is less precise); "RUSLEG" and "RUSGOV" do not.
        precise = {c for c in codes if not any(o != c and o.startswith(c) for o in codes)}
        if len(precise) > 1:
            found.append(slot)
    return found


BATCH = 1000
"""Articles grouped per transaction: a large set of articles is cut again once per batch that
adds to it, so larger batches than the other stages' cost less."""


def link_stories(store: Store, *, rebuild: bool = False, on_progress=None) -> GroupSummary:
    """Group the articles not yet grouped into stories (see the module doc)."""
    return link_groups(
        store, StoryGrouping(), batch_size=BATCH, rebuild=rebuild, on_progress=on_progress
    )


def list_stories(store: Store, *, limit: int | None = None) -> list[Story]:
    """Stored stories, the most reported first, then the latest."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        query = select(stories).order_by(
            stories.c.documents.desc(), stories.c.last.desc(), stories.c.id
        )
        if limit:
            query = query.limit(limit)
        return [STORIES.from_row(r._mapping) for r in conn.execute(query)]  # type: ignore[misc]


def get_story(store: Store, prefix: str) -> Story | None:
    """The story whose id is ``prefix`` or starts with it (None when none or several do)."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        rows = list(conn.execute(select(stories).where(stories.c.id.startswith(prefix)).limit(2)))
    if len(rows) != 1:
        return None
    return STORIES.from_row(rows[0]._mapping)  # type: ignore[return-value]


def read_docs(conn: Connection, document_ids: Sequence[str]) -> dict[str, StoryDoc]:
    """The :class:`StoryDoc` of each of these stored documents."""
    return story_docs(conn, document_rows(conn, document_ids))


def document_rows(conn: Connection, document_ids: Sequence[str]) -> list[Row]:
    """The stored id, text, title, published, outlet and language of these documents."""
    rows = []
    for chunk in chunks(sorted(set(document_ids))):
        query = select(
            documents.c.id,
            documents.c.text,
            documents.c.title,
            documents.c.published,
            documents.c.outlet,
            documents.c.language,
        ).where(documents.c.id.in_(chunk))
        rows.extend(conn.execute(query))
    return rows


def story_docs(
    conn: Connection, rows: Sequence[Row], *, with_events: bool = True
) -> dict[str, StoryDoc]:
    """The :class:`StoryDoc` of each of these :func:`document_rows`."""
    texts = {row.id: row.text for row in rows}
    evs = read_events(conn, list(texts), texts) if with_events else {}
    neutral = read_neutral(conn, list(texts))
    by_doc: dict[str, list[StoryEvent]] = {}
    for e in evs.values():
        by_doc.setdefault(e.item.document, []).append(e)
    return {
        row.id: story_doc(
            row.id,
            row.text,
            title=row.title,
            published=row.published,
            outlet=row.outlet,
            language=row.language,
            events=by_doc.get(row.id, []),
            neutral=neutral.get(row.id),
        )
        for row in rows
    }


def read_neutral(conn: Connection, document_ids: Sequence[str]) -> dict[str, Profile]:
    """The language-neutral profile of each of these stored documents: its entities' people
    (name keys in any script: :func:`~dossier.link.translit.entity_key`), places (GeoNames
    ids), codes and countries; its events' types, days and actor codes; its figures' measure
    classes and numbers; the calendar days it states."""
    found: dict[str, list[Feature]] = {d: [] for d in document_ids}
    for chunk in chunks(sorted(set(document_ids))):
        query = select(
            entities.c.document_id,
            entities.c.kind,
            entities.c.name,
            entities.c.country,
            entities.c.code,
            entities.c.geonames_id,
        ).where(entities.c.document_id.in_(chunk))
        for row in conn.execute(query):
            person = _person_key(row.name) if row.kind == "person" else None
            found[row.document_id] += entity_features(
                row.kind, person, row.country, row.code, row.geonames_id
            )
        query = select(
            events.c.document_id,
            events.c.plover,
            events.c.time,
            events.c.time_fallback,
            events.c.modality,
            events.c.actor1_code,
            events.c.actor2_code,
        ).where(events.c.document_id.in_(chunk))
        for row in conn.execute(query):
            if row.modality in EXCLUDED_MODALITIES:
                continue
            time = None if row.time_fallback else row.time
            codes = (row.actor1_code, row.actor2_code)
            found[row.document_id] += event_features(row.plover, time, codes)
        query = select(
            figures.c.document_id, figures.c.measure_class, figures.c.low, figures.c.high
        ).where(figures.c.document_id.in_(chunk))
        for row in conn.execute(query):
            found[row.document_id] += figure_features(row.measure_class, row.low, row.high)
        query = select(timexes.c.document_id, timexes.c.value).where(
            timexes.c.document_id.in_(chunk), timexes.c.type == "DATE"
        )
        for row in conn.execute(query):
            if is_day(row.value):
                found[row.document_id].append(("day", row.value))
    return {d: neutral_profile(features) for d, features in found.items()}


def records_neutral(
    entity_records: Sequence[Entity],
    event_records: Sequence[Event],
    figure_records: Sequence[Figure],
    timex_records: Sequence[Timex],
) -> Profile:
    """The language-neutral profile of one article from its records (what
    :func:`read_neutral` reads from the store, for callers that hold the records: Spark)."""
    features: list[Feature] = []
    for e in entity_records:
        person = _person_key(e.name) if e.kind == "person" else None
        geonames = e.geo.geonames_id if e.geo is not None else None
        features += entity_features(e.kind, person, e.country, e.code, geonames)
    for ev in event_records:
        if ev.modality not in EXCLUDED_MODALITIES:
            codes = [a.code if a is not None else None for a in (ev.actor1, ev.actor2)]
            features += event_features(ev.plover, None if ev.time_fallback else ev.time, codes)
    for f in figure_records:
        features += figure_features(f.measure_class, f.low, f.high)
    features += [("day", t.value) for t in timex_records if t.type == "DATE" and is_day(t.value)]
    return neutral_profile(features)


@cache
def _person_key(name: str) -> str:
    """A person's name without titles as a language-neutral key."""
    return name_key(person_name(name))


def read_events(
    conn: Connection, document_ids: Sequence[str], texts: dict[str, str]
) -> dict[str, StoryEvent]:
    """The stored events of these documents as :class:`StoryEvent` (``texts``: document id ->
    text, for the events' sentences)."""
    rows = []
    for chunk in chunks(sorted(set(document_ids))):
        query = (
            select(events, documents.c.published, documents.c.outlet)
            .join(documents, documents.c.id == events.c.document_id)
            .where(events.c.document_id.in_(chunk))
        )
        rows.extend(conn.execute(query))
    places = _places(conn, {row.place for row in rows if row.place})
    parsed: list[Event] = [EVENTS.from_row(row._mapping) for row in rows]  # type: ignore[misc]
    keys = _entity_keys(
        conn, {a.entity for e in parsed for a in (e.actor1, e.actor2) if a and a.entity}
    )
    found: dict[str, StoryEvent] = {}
    for row, event in zip(rows, parsed, strict=True):
        found[event.id] = story_event(
            event,
            row.document_id,
            published=row.published,
            outlet=row.outlet,
            keys=keys,
            places=places,
            text=texts.get(row.document_id, ""),
        )
    return found


def story_event(
    event: Event,
    document: str,
    *,
    published: str | None,
    outlet: str | None,
    keys: dict[str, str],
    places: dict[str, tuple[str | None, str]],
    text: str,
) -> StoryEvent:
    """One event as stories see it: its own time and place, not the publication date or
    dateline it fell back to; its actors by :func:`actor_key`; its sentence (in the item too)."""
    place_key, place_name = places.get(event.place or "", (None, None))
    s = event.sentence
    sentence = " ".join(text[s.start : s.end].split())
    item = EventItem(
        id=event.id,
        document=document,
        lemma=event.lemma or event.trigger.text.lower(),
        plover=event.plover,
        time=None if event.time_fallback else event.time,
        place=None if event.place_fallback else place_key,
        actor1=actor_key(event.actor1, keys),
        actor2=actor_key(event.actor2, keys),
        published=published,
        text=sentence,  # two reporting verbs are one statement by their sentences' words
    )
    return StoryEvent(item, event, outlet, place_name, sentence)


@cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def actor_key(actor: Actor | None, keys: dict[str, str]) -> str | None:
    """What an actor is matched by across articles: its code when it has a country
    ("RUSLEG"), else the cross-document identity of its entity (a person in any script or
    romanisation, an organisation: :func:`dossier.link.entities.identity`), else its code
    ("IGO"), else nothing.

    >>> keys = {"ent_1": "person:nicolas maduro", "ent_2": "org::united nations"}
    >>> actor_key(Actor(text="Maduro", entity="ent_1", code="VEN"), keys)
    'VEN'
    >>> actor_key(Actor(text="Maduro", entity="ent_1"), keys)
    'person:nkls maduro'
    >>> actor_key(Actor(text="the UN", entity="ent_2", code="IGO"), keys)
    'org::united nations'
    """
    if actor is None:
        return None
    if actor.code and actor.code[:3] in _countries():
        return actor.code
    key = keys.get(actor.entity or "")
    if key and key.startswith(ENTITY_KEY_KINDS):
        return identity(key)  # one person in any script or romanisation
    return actor.code


# -- helpers -----------------------------------------------------------------------------------


def _actor(actor) -> str | None:
    if actor is None:
        return None
    return actor.code or actor.text


def _is_day(value: str) -> bool:
    span = time_interval(value)
    return span is not None and span[0] == span[1]


def _entity_keys(conn: Connection, ids: set[str]) -> dict[str, str]:
    """entity id -> its cross-document key, for those ``dossier link`` has keyed."""
    entity_metadata.create_all(conn)
    found: dict[str, str] = {}
    table = link_entities_table
    for chunk in chunks(sorted(ids)):
        query = select(table.c.entity_id, table.c.key).where(table.c.entity_id.in_(chunk))
        found.update((row.entity_id, row.key) for row in conn.execute(query))
    return found


def _places(conn: Connection, ids: set[str]) -> dict[str, tuple[str | None, str]]:
    """place entity id -> (place key, name): "geo:<GeoNames id>", else the country code."""
    found: dict[str, tuple[str | None, str]] = {}
    for chunk in chunks(sorted(ids)):
        query = select(
            entities.c.id, entities.c.name, entities.c.geonames_id, entities.c.country
        ).where(entities.c.id.in_(chunk))
        for row in conn.execute(query):
            key = f"geo:{row.geonames_id}" if row.geonames_id else row.country
            found[row.id] = (key, row.name)
    return found


def _unique(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return list({r["item_id"]: r for r in rows}.values())


def _clear_stories(conn: Connection, story_ids: Sequence[str]) -> None:
    for chunk in chunks(sorted(story_ids)):
        conn.execute(
            delete(group_members).where(
                group_members.c.kind == EVENT_KIND, group_members.c.group_id.in_(chunk)
            )
        )
        conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
