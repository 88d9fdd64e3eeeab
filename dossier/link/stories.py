"""Stories: events from different articles that are one real-world event.

Each stored event becomes an :class:`~dossier.link.eventmatch.EventItem` (its PLOVER type, its
actors' codes, its own time and place, not the publication date or dateline it fell back to);
:func:`~dossier.link.eventmatch.same_event` decides whether two are the same event, and
:mod:`dossier.link.groups` keeps the groups up to date as articles arrive.

Two events are compared only when they share a *block*: the same PLOVER type, the same
*anchor* (a body of a country such as "MMRMIL", a person or an organisation by its
cross-document key, the pair of its actors' countries, or a place named in the event's own
clause) and a month around their time; they match when the matcher
finds nothing that conflicts and they share enough (:func:`evidence`, :data:`MIN_EVIDENCE`).
So an event with no anchor joins no story: "prices rose" in two articles is not one event.
Negated and future events are not reports of an event that happened and join none either.

A group becomes a :class:`~dossier.model.Story` when its events come from at least two original
articles (a syndicated copy adds a report marked ``copy_of``, not a source). The story's time
and place are the ones its reports give most often (a day before a month, then the earliest);
the details on which reports disagree (the date, the place, which actor) are listed in
``disputed``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Connection, delete, insert, select

from dossier.link.entities import entity_metadata, link_entities_table
from dossier.link.eventmatch import (
    DEFAULT_MATCHER,
    EventItem,
    actors_compatible,
    same_event,
    time_interval,
)
from dossier.link.groups import (
    Copies,
    GroupSummary,
    copies,
    document_info,
    document_texts,
    link_groups,
)
from dossier.link.sql import chunks
from dossier.model import Actor, Event, Report, Story
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import EVENTS, STORIES, documents, entities, events, stories

logger = logging.getLogger(__name__)

KIND = "story"
EXCLUDED_MODALITIES = frozenset({"negated", "future"})
MIN_DOCUMENTS = 2
"""Original articles a group must span to be a story."""
MIN_EVIDENCE = 2.0
"""What two events must share (see :func:`evidence`) besides their type: an actor and a stated
time, two actors, an actor and a place... One shared actor alone is not enough: the US
government proposes something every week."""
CLASS_ROLES = frozenset({"BUS", "CVL", "MED", "EDU", "HLH", "LAB", "REL", "CRM", "REF", "ELI"})
"""CAMEO-style roles that name a class of people (businesses, civilians, media), not one body:
two "USABUS" actors are two US companies, not one actor."""
ENTITY_KEY_KINDS = ("person:", "org:")
"""Cross-document entity keys that name one actor (``dossier.link.entities``)."""
BLOCK_MARGIN_DAYS = 7
"""Days added on each side of an event's time (or publication date) when listing the months
it is blocked under; at least the matcher's widest window, so no matching pair is missed."""


@dataclass(frozen=True)
class StoryEvent:
    """A stored event with what the matcher and the story record need."""

    item: EventItem
    event: Event
    outlet: str | None
    place_name: str | None

    @property
    def id(self) -> str:
        return self.item.id


@cache
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def _specific(code: str | None) -> bool:
    """An actor code that names a body of a country ("MMRMIL"), or the cross-document key of a
    person or an organisation; not a country alone or a class of people in it ("USABUS": any
    US company).

    >>> _specific("MMRMIL"), _specific("MMR"), _specific("USABUS"), _specific("CVL")
    (True, False, False, False)
    >>> _specific("person:dilma rousseff"), _specific("org::united nations")
    (True, True)
    """
    if code and code.startswith(ENTITY_KEY_KINDS):
        return True
    if not code or len(code) <= 3 or code[:3] not in _countries():
        return False
    return code[3:6] not in CLASS_ROLES


def actor_key(actor: Actor | None, keys: dict[str, str]) -> str | None:
    """What an actor is matched by across articles: its code when it has a country
    ("RUSLEG"), else the cross-document key of its entity (a person, an organisation:
    ``dossier.link.entities``), else its code ("IGO"), else nothing.

    >>> keys = {"ent_1": "person:nicolas maduro", "ent_2": "org::united nations"}
    >>> actor_key(Actor(text="Maduro", entity="ent_1", code="VEN"), keys)
    'VEN'
    >>> actor_key(Actor(text="Maduro", entity="ent_1"), keys)
    'person:nicolas maduro'
    >>> actor_key(Actor(text="the UN", entity="ent_2", code="IGO"), keys)
    'org::united nations'
    """
    if actor is None:
        return None
    if actor.code and actor.code[:3] in _countries():
        return actor.code
    key = keys.get(actor.entity or "")
    if key and key.startswith(ENTITY_KEY_KINDS):
        return key
    return actor.code


def anchors(item: EventItem) -> list[str]:
    """What an event can be recognised by across articles: its actors that are bodies of a
    country, persons or organisations (:func:`_specific`), the pair of its actors' countries,
    and its own place.

    >>> anchors(EventItem("e", "d", "bomb", actor1="MMRMIL", actor2="CVL", place="geo:1298824"))
    ['MMRMIL', 'geo:1298824']
    >>> anchors(EventItem("e", "d", "attack", actor1="RUS", actor2="UKRMIL"))
    ['RUS>UKR', 'UKRMIL']
    >>> anchors(EventItem("e", "d", "meet", actor1="USA"))
    []
    """
    found = [a for a in (item.actor1, item.actor2) if _specific(a)]
    countries = [a[:3] if a and a[:3] in _countries() else None for a in (item.actor1, item.actor2)]
    if all(countries):
        found.append(f"{countries[0]}>{countries[1]}")
    if item.place:
        found.append(item.place)
    return sorted(set(found))


def evidence(a: EventItem, b: EventItem) -> float:
    """How much two events share beyond not conflicting: 1 for each actor slot where both name
    one body ("MMRMIL" and "MMRMIL"; a country alone counts 0.5), 1 for one place, 1 for
    compatible days that both reports state (not publication dates; a week or a month: 0.5).

    >>> kw = dict(lemma="bomb", plover="ASSAULT", actor1="MMRMIL")
    >>> evidence(EventItem("a", "d1", time="2026-03-10", **kw),
    ...          EventItem("b", "d2", time="2026-03-09", **kw))
    2.0
    >>> evidence(EventItem("a", "d1", **kw), EventItem("b", "d2", **kw))
    1.0
    """
    score = 0.0
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if x and y and actors_compatible(x, y) and x[:3] == y[:3]:
            score += 1.0 if _specific(x) or _specific(y) else 0.5
    if a.place and a.place == b.place:
        score += 1.0
    if a.time and b.time and DEFAULT_MATCHER.times_compatible(a, b):
        # Two stated days say more than "this week" or "in March" in two articles.
        score += 1.0 if _is_day(a.time) and _is_day(b.time) else 0.5
    return score


def months(item: EventItem, margin: int = BLOCK_MARGIN_DAYS) -> list[str]:
    """The months (YYYY-MM) an event's time, else its publication date, may match in.

    >>> months(EventItem("e", "d", "bomb", time="2026-03-30"))
    ['2026-03', '2026-04']
    >>> months(EventItem("e", "d", "bomb", published="2026-03-15"))
    ['2026-03']
    >>> months(EventItem("e", "d", "bomb"))
    []
    """
    span = time_interval(item.time) or time_interval(item.published)
    if span is None:
        return []
    first = date.fromordinal(span[0] - margin)
    last = date.fromordinal(span[1] + margin)
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


class StoryGrouping:
    """The :class:`~dossier.link.groups.Grouping` of events into stories."""

    kind = KIND

    def load(self, conn: Connection, document_ids: Sequence[str]) -> dict[str, StoryEvent]:
        return self._read(conn, events.c.document_id, document_ids)

    def load_items(self, conn: Connection, item_ids: Sequence[str]) -> dict[str, StoryEvent]:
        return self._read(conn, events.c.id, item_ids)

    def blocks(self, item: StoryEvent) -> list[str]:
        if item.event.modality in EXCLUDED_MODALITIES:
            return []
        return [
            f"{item.item.plover}|{anchor}|{month}"
            for anchor in anchors(item.item)
            for month in months(item.item)
        ]

    def same(self, a: StoryEvent, b: StoryEvent) -> bool:
        return evidence(a.item, b.item) >= MIN_EVIDENCE and same_event(a.item, b.item)

    def clear(self, conn: Connection, group_ids: Sequence[str]) -> None:
        for chunk in chunks(group_ids):
            conn.execute(delete(stories).where(stories.c.id.in_(chunk)))

    def clear_all(self, conn: Connection) -> None:
        conn.execute(delete(stories))

    def write(self, conn: Connection, group_id: str, items: Sequence[StoryEvent]) -> bool:
        links = copies(conn, _docs(items))
        copy_docs = {c for cs in links.copies.values() for c in cs}
        story = make_story(
            group_id, items, _sentences(conn, items), links, document_info(conn, copy_docs)
        )
        if story is None:
            return False
        conn.execute(insert(stories), [STORIES.to_row(story)])
        return True

    @staticmethod
    def _read(conn: Connection, column, ids: Sequence[str]) -> dict[str, StoryEvent]:
        rows = []
        for chunk in chunks(sorted(set(ids))):
            query = (
                select(events, documents.c.published, documents.c.outlet)
                .join(documents, documents.c.id == events.c.document_id)
                .where(column.in_(chunk))
            )
            rows.extend(conn.execute(query))
        places = _places(conn, {row.place for row in rows if row.place})
        parsed: list[Event] = [EVENTS.from_row(row._mapping) for row in rows]  # type: ignore[misc]
        keys = _entity_keys(
            conn, {a.entity for e in parsed for a in (e.actor1, e.actor2) if a and a.entity}
        )
        found: dict[str, StoryEvent] = {}
        for row, event in zip(rows, parsed, strict=True):
            place_key, place_name = places.get(event.place or "", (None, None))
            item = EventItem(
                id=event.id,
                document=row.document_id,
                lemma=event.trigger.text.lower(),
                plover=event.plover,
                time=None if event.time_fallback else event.time,
                place=None if event.place_fallback else place_key,
                actor1=actor_key(event.actor1, keys),
                actor2=actor_key(event.actor2, keys),
                published=row.published,
            )
            found[event.id] = StoryEvent(item, event, row.outlet, place_name)
        return found


def make_story(
    group_id: str,
    items: Sequence[StoryEvent],
    sentences: dict[str, str],
    links: Copies,
    copy_info: dict[str, tuple[str | None, str | None]],
) -> Story | None:
    """The story of one group of events, or None when fewer than :data:`MIN_DOCUMENTS`
    original articles report it.

    ``sentences``: event id -> its sentence; ``links``: the duplicate links of the group's
    documents; ``copy_info``: copy document -> (outlet, published). Events of a copy are left
    out; each report of an original is followed by one report per copy of it (``copy_of``),
    so every outlet that ran the story is listed but counted once.
    """
    sources = sorted(
        (i for i in items if i.item.document not in links.original),
        key=lambda i: (i.item.published or "9999", i.item.document, i.id),
    )
    originals = {i.item.document for i in sources}
    if len(originals) < MIN_DOCUMENTS:
        return None
    reports = []
    seen: set[tuple[str, str | None]] = set()
    for i in sources:
        # Two events of one sentence ("bombed ... in an attack") are one report.
        if (i.item.document, sentences.get(i.id)) in seen:
            continue
        seen.add((i.item.document, sentences.get(i.id)))
        report = Report(
            document=i.item.document,
            event=i.id,
            outlet=i.outlet,
            published=i.item.published,
            sentence=sentences.get(i.id),
            trigger=i.event.trigger.text,
            time=i.item.time,
            place=i.place_name if i.item.place else None,
            actor1=_actor(i.event.actor1),
            actor2=_actor(i.event.actor2),
            modality=i.event.modality,
        )
        reports.append(report)
        for copy in links.copies.get(i.item.document, []):
            outlet, published = copy_info.get(copy, (None, None))
            reports.append(
                report.model_copy(
                    update={
                        "document": copy,
                        "outlet": outlet,
                        "published": published,
                        "copy_of": i.item.document,
                    }
                )
            )
    place_counts = Counter(i.event.place for i in sources if i.item.place and i.event.place)
    return Story(
        id=group_id,
        plover=Counter(i.item.plover for i in sources).most_common(1)[0][0],
        time=best_time([i.item.time for i in sources]),
        place=place_counts.most_common(1)[0][0] if place_counts else None,
        reports=reports,
        documents=len(originals),
        disputed=disputed(sources),
    )


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


def link_stories(store: Store, *, rebuild: bool = False, on_progress=None) -> GroupSummary:
    """Group the events of articles not yet grouped into stories (see the module doc)."""
    return link_groups(store, StoryGrouping(), rebuild=rebuild, on_progress=on_progress)


def list_stories(store: Store, *, limit: int | None = None) -> list[Story]:
    """Stored stories, the most reported first, then the latest."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        query = select(stories).order_by(
            stories.c.documents.desc(), stories.c.time.desc(), stories.c.id
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


# -- helpers -----------------------------------------------------------------------------------


def _actor(actor) -> str | None:
    if actor is None:
        return None
    return actor.code or actor.text


def _is_day(value: str) -> bool:
    span = time_interval(value)
    return span is not None and span[0] == span[1]


def _docs(items: Sequence[StoryEvent]) -> set[str]:
    return {i.item.document for i in items}


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


def _sentences(conn: Connection, items: Sequence[StoryEvent]) -> dict[str, str]:
    texts = document_texts(conn, _docs(items))
    found = {}
    for i in items:
        text = texts.get(i.item.document)
        if text is not None:
            s = i.event.sentence
            found[i.id] = " ".join(text[s.start : s.end].split())
    return found
