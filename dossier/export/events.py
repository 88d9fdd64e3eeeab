"""Event tables for event-data tools: PLOVER/POLECAT-style and GDELT 2.0-style.

One row per stored event. The columns, their order and types are data files:
``resources/export_plover.tsv`` and ``resources/export_gdelt.tsv`` (name, type, description);
rows are built in that order. Both tables add dossier's own columns to the standard ones: the
evidence (trigger and sentence offsets), the modality, the claim source when the event is only
reported, the outlet and the cross-document story.

GDELT's GoldsteinScale comes from ``resources/cameo_goldstein.tsv`` and its QuadClass from
``resources/cameo_quadclass.tsv``; NumMentions/NumSources/NumArticles count the reports of the
event's story (``dossier link``), 1 when it is in none. AvgTone is left empty.
"""

from __future__ import annotations

import csv
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TextIO, cast

from sqlalchemy import select

from dossier.errors import ConfigError
from dossier.export.records import (
    DateWindow,
    chunks,
    list_documents,
    read_extractions,
    stream_rows,
)
from dossier.model import Actor, Entity, Event, Extraction, Story
from dossier.resources import read_tsv
from dossier.store import Store
from dossier.store.schema import STORIES, stories

logger = logging.getLogger(__name__)

EVENT_FORMATS: tuple[str, ...] = ("plover", "gdelt")

_TYPES = {"string": str, "int": int, "float": float, "bool": bool}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@cache
def event_columns(fmt: str) -> tuple[Column, ...]:
    """The columns of an event table, in order, from ``resources/export_<fmt>.tsv``.

    >>> [c.name for c in event_columns("gdelt")[:4]]
    ['GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year']
    """
    if fmt not in EVENT_FORMATS:
        raise ConfigError(f"no event table {fmt!r}; choose from {', '.join(EVENT_FORMATS)}")
    found = tuple(
        Column(r["column"], r["type"], r["description"]) for r in read_tsv(f"export_{fmt}.tsv")
    )
    bad = [c.name for c in found if c.type not in _TYPES]
    if bad:
        raise ValueError(f"export_{fmt}.tsv: unknown type for {bad}")
    return found


@cache
def _goldstein_table() -> dict[str, float]:
    return {r["code"]: float(r["goldstein"]) for r in read_tsv("cameo_goldstein.tsv")}


@cache
def _quad_table() -> dict[str, int]:
    return {r["root"]: int(r["quad_class"]) for r in read_tsv("cameo_quadclass.tsv")}


@cache
def _countries() -> frozenset[str]:
    return frozenset(r["iso3"] for r in read_tsv("countries.tsv"))


def goldstein(code: str | None) -> float | None:
    """The Goldstein score of a CAMEO code, from its nearest listed parent if not listed.

    >>> goldstein("190"), goldstein("1823"), goldstein("0874"), goldstein(None)
    (-10.0, -10.0, 10.0, None)
    >>> goldstein("1069")  # not a code: the value of its parent, 106 -> 10
    -5.0
    """
    table = _goldstein_table()
    while code:
        if code in table:
            return table[code]
        code = code[:-1] if len(code) > 2 else None
    return None


def quad_class(code: str | None) -> int | None:
    """GDELT's QuadClass of a CAMEO code (by its root).

    >>> quad_class("042"), quad_class("073"), quad_class("1121"), quad_class("183")
    (1, 2, 3, 4)
    """
    return _quad_table().get(code[:2]) if code else None


def split_code(code: str | None) -> tuple[str | None, list[str]]:
    """A CAMEO-style actor code as its country and its roles (three letters each).

    >>> split_code("MMRMIL"), split_code("CVL"), split_code("USAGOVLEG"), split_code(None)
    (('MMR', ['MIL']), (None, ['CVL']), ('USA', ['GOV', 'LEG']), (None, []))
    """
    if not code:
        return None, []
    country = code[:3] if code[:3] in _countries() else None
    rest = code[3:] if country else code
    return country, [rest[i : i + 3] for i in range(0, len(rest), 3)]


def event_day(time: str | None, published: str | None) -> tuple[str | None, bool]:
    """The event's day (YYYY-MM-DD) and whether it is the publication date.

    The event's own time when it is a day; else the publication date (GDELT and POLECAT
    date every event); else none.

    >>> event_day("2026-03-10", "2026-03-11"), event_day("2026-W11", "2026-03-11")
    (('2026-03-10', False), ('2026-03-11', True))
    >>> event_day(None, None)
    (None, True)
    """
    if time and _is_day(time):
        return time[:10], False
    if published and _is_day(published):
        return published[:10], True
    return None, True


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")


def _is_day(value: str) -> bool:
    if not _DAY.match(value):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class StoryCounts:
    story: str
    mentions: int
    sources: int
    articles: int


def story_counts(store: Store) -> dict[str, StoryCounts]:
    """Event id -> its story's id and counts: reports, distinct outlets, original articles."""
    found: dict[str, StoryCounts] = {}
    for row in stream_rows(store, select(stories).order_by(stories.c.id)):
        story = cast(Story, STORIES.from_row(row))
        outlets = {r.outlet or r.document for r in story.reports}
        originals = {r.document for r in story.reports if not r.copy_of}
        counts = StoryCounts(
            story.id, len(story.reports), len(outlets), story.documents or len(originals)
        )
        # Its reports' events and every event its articles share (event coreference).
        for event in [r.event for r in story.reports] + [e for g in story.events for e in g]:
            if event:
                found[event] = counts
    return found


@dataclass(frozen=True)
class EventFacts:
    """Everything an event table says about one event, before it is laid out in columns."""

    extraction: Extraction
    event: Event
    entities: Mapping[str, Entity]
    added_at: str | None
    story: StoryCounts | None

    def actor(self, actor: Actor | None) -> dict[str, Any]:
        if actor is None:
            return {"name": None, "code": None, "country": None, "roles": []}
        entity = self.entities.get(actor.entity) if actor.entity else None
        code = actor.code or (entity.code if entity else None)
        country, roles = split_code(code)
        if entity is not None:
            country = entity.country or country
            roles = roles or ([entity.role] if entity.role else [])
        name = entity.name if entity is not None else actor.text
        return {"name": name, "code": code, "country": country, "roles": roles}

    def place(self) -> Entity | None:
        return self.entities.get(self.event.place) if self.event.place else None

    def claim_source(self) -> tuple[str | None, str | None]:
        claim = next((c for c in self.extraction.claims if c.id == self.event.claim), None)
        if claim is None:
            return None, None
        entity = self.entities.get(claim.source.entity) if claim.source.entity else None
        return claim.source.text, entity.name if entity else None

    def is_root(self) -> bool:
        """Whether the event is in the article's first paragraph (GDELT's IsRootEvent)."""
        text = self.extraction.document.text
        first = text.find("\n\n", len(text) - len(text.lstrip()))
        return first < 0 or self.event.sentence.start < first


def iter_events(store: Store, window: DateWindow = DateWindow()) -> Iterator[EventFacts]:
    """Every stored event of the articles in the window, by article id then position."""
    counts = story_counts(store)
    added = {row["id"]: row["added_at"] for row in list_documents(store, window)}
    for chunk in chunks(list(added)):
        for extraction in read_extractions(store, chunk):
            entities = {e.id: e for e in extraction.entities}
            added_at = added[extraction.document.id]
            for event in extraction.events:
                yield EventFacts(extraction, event, entities, added_at, counts.get(event.id))


def plover_row(facts: EventFacts) -> dict[str, Any]:
    """The PLOVER/POLECAT-style row of one event (columns of ``export_plover.tsv``)."""
    e, d = facts.event, facts.extraction.document
    day, from_publication = event_day(e.time, d.published)
    actor, recipient = facts.actor(e.actor1), facts.actor(e.actor2)
    place = facts.place()
    geo = place.geo if place and place.geo else None
    source_text, source_entity = facts.claim_source()
    row = {
        "Event ID": e.id,
        "Story ID": d.id,
        "Publication Date": d.published,
        "Event Date": day,
        "Event Type": e.plover,
        "Event Mode": e.mode,
        "Event Context": e.context,
        "CAMEO Code": e.cameo,
        "Actor Name": actor["name"],
        "Actor Code": actor["code"],
        "Actor Country": actor["country"],
        "Actor Sector": "|".join(actor["roles"]) or None,
        "Recipient Name": recipient["name"],
        "Recipient Code": recipient["code"],
        "Recipient Country": recipient["country"],
        "Recipient Sector": "|".join(recipient["roles"]) or None,
        "Placename": place.name if place else None,
        "Country": place.country if place else None,
        "Latitude": geo.lat if geo else None,
        "Longitude": geo.lon if geo else None,
        "GeoNames ID": geo.geonames_id if geo else None,
        "Language": d.language,
        "Outlet": d.outlet,
        "URL": d.url,
        "Headline": d.title,
        "Event Time": e.time,
        "Date From Publication": from_publication,
        "Place From Dateline": e.place_fallback,
        "Modality": e.modality,
        "Trigger Text": e.trigger.text,
        "Trigger Start": e.trigger.start,
        "Trigger End": e.trigger.end,
        "Sentence Start": e.sentence.start,
        "Sentence End": e.sentence.end,
        "Sentence": d.text[e.sentence.start : e.sentence.end],
        "Claim ID": e.claim,
        "Claim Source Text": source_text,
        "Claim Source Entity": source_entity,
        "Figures": "|".join(e.figures) or None,
        "Linked Story ID": facts.story.story if facts.story else None,
    }
    return _in_order(row, "plover")


def gdelt_row(facts: EventFacts) -> dict[str, Any]:
    """The GDELT 2.0-style row of one event (columns of ``export_gdelt.tsv``)."""
    e, d = facts.event, facts.extraction.document
    day, from_publication = event_day(e.time, d.published)
    place = facts.place()
    geo = place.geo if place and place.geo else None
    source_text, source_entity = facts.claim_source()
    story = facts.story
    row: dict[str, Any] = {
        "GLOBALEVENTID": global_event_id(e.id),
        "SQLDATE": int(day.replace("-", "")) if day else None,
        "MonthYear": int(day[:7].replace("-", "")) if day else None,
        "Year": int(day[:4]) if day else None,
        "FractionDate": fraction_date(day) if day else None,
        **_gdelt_actor("Actor1", facts.actor(e.actor1)),
        **_gdelt_actor("Actor2", facts.actor(e.actor2)),
        "IsRootEvent": int(facts.is_root()),
        "EventCode": e.cameo,
        "EventBaseCode": e.cameo[:3] if e.cameo else None,
        "EventRootCode": e.cameo[:2] if e.cameo else None,
        "QuadClass": quad_class(e.cameo),
        "GoldsteinScale": goldstein(e.cameo),
        "NumMentions": story.mentions if story else 1,
        "NumSources": story.sources if story else 1,
        "NumArticles": story.articles if story else 1,
        "ActionGeo_Type": (1 if place.kind == "country" else 4) if place else None,
        "ActionGeo_FullName": place.name if place else None,
        "ActionGeo_CountryCode": place.country if place else None,
        "ActionGeo_Lat": geo.lat if geo else None,
        "ActionGeo_Long": geo.lon if geo else None,
        "ActionGeo_FeatureID": str(geo.geonames_id) if geo and geo.geonames_id else None,
        "DATEADDED": date_added(facts.added_at),
        "SOURCEURL": d.url,
        "EventID": e.id,
        "DocumentID": d.id,
        "Published": d.published,
        "Outlet": d.outlet,
        "PloverType": e.plover,
        "PloverMode": e.mode,
        "PloverContext": e.context,
        "EventTime": e.time,
        "DateFromPublication": from_publication,
        "PlaceFromDateline": e.place_fallback,
        "Modality": e.modality,
        "TriggerText": e.trigger.text,
        "TriggerStart": e.trigger.start,
        "TriggerEnd": e.trigger.end,
        "SentenceStart": e.sentence.start,
        "SentenceEnd": e.sentence.end,
        "ClaimID": e.claim,
        "ClaimSourceText": source_text,
        "ClaimSourceEntity": source_entity,
        "StoryID": story.story if story else None,
    }
    return _in_order(row, "gdelt")


def _gdelt_actor(prefix: str, actor: Mapping[str, Any]) -> dict[str, Any]:
    roles = list(actor["roles"])[:3]
    row = {
        f"{prefix}Code": actor["code"],
        f"{prefix}Name": actor["name"],
        f"{prefix}CountryCode": actor["country"],
    }
    for i in range(3):
        row[f"{prefix}Type{i + 1}Code"] = roles[i] if i < len(roles) else None
    return row


def global_event_id(event_id: str) -> int:
    """A stable integer for an event id (its hex digits), for GDELT's GLOBALEVENTID.

    >>> global_event_id("evt_0000000000ff")
    255
    """
    return int(event_id.rsplit("_", 1)[-1], 16)


def fraction_date(day: str) -> float:
    """GDELT's FractionDate: the year plus the fraction of it elapsed on ``day``.

    >>> fraction_date("2026-07-02")
    2026.4986
    """
    d = date.fromisoformat(day)
    days = (date(d.year + 1, 1, 1) - date(d.year, 1, 1)).days
    return round(d.year + (d.timetuple().tm_yday - 1) / days, 4)


def date_added(added_at: str | None) -> int | None:
    """GDELT's DATEADDED (YYYYMMDDHHMMSS) from the store's ISO timestamp.

    >>> date_added("2026-11-27T08:46:40.123456+00:00")
    20261127084640
    """
    if not added_at:
        return None
    digits = "".join(ch for ch in added_at[:19] if ch.isdigit())
    return int(digits) if len(digits) == 14 else None


def _in_order(row: dict[str, Any], fmt: str) -> dict[str, Any]:
    """``row`` with every column of the format, in its order (missing ones empty)."""
    names = [c.name for c in event_columns(fmt)]
    extra = row.keys() - set(names)
    if extra:
        raise ValueError(f"{fmt} row has columns not in export_{fmt}.tsv: {sorted(extra)}")
    return {name: row.get(name) for name in names}


ROW_BUILDERS = {"plover": plover_row, "gdelt": gdelt_row}


def event_rows(
    store: Store, fmt: str, window: DateWindow = DateWindow()
) -> Iterator[dict[str, Any]]:
    """The rows of the ``fmt`` event table (``plover`` or ``gdelt``), one per stored event."""
    event_columns(fmt)  # a bad format fails before the store is read
    build = ROW_BUILDERS[fmt]
    for facts in iter_events(store, window):
        yield build(facts)


# -- writing -------------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A value as a delimited-text cell: booleans as 1/0 (as GDELT writes them), None empty.

    >>> [cell(v) for v in (None, True, False, 3, -6.5, "a\\tb")]
    ['', '1', '0', '3', '-6.5', 'a b']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return " ".join(value.split()) if any(ch in value for ch in "\t\r\n") else value
    return str(value)


def write_delimited(
    rows: Iterable[Mapping[str, Any]],
    columns: list[str],
    handle: TextIO,
    *,
    delimiter: str = "\t",
    header: bool = True,
) -> int:
    """Write ``rows`` as tab- (GDELT, POLECAT) or comma-separated text; the rows written.

    Tabs and line breaks inside a value become spaces in tab-separated output (GDELT files are
    not quoted); comma-separated output quotes as CSV does.
    """
    if delimiter == "\t":
        write = lambda cells: handle.write("\t".join(cells) + "\n")  # noqa: E731
    else:
        write = csv.writer(handle).writerow
    if header:
        write(columns)
    count = 0
    for row in rows:
        write([cell(row.get(c)) for c in columns])
        count += 1
    return count


def arrow_schema(fmt: str):
    """The Arrow schema of an event table, from the types in its column list."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in event_columns(fmt)])


def export_events(
    store: Store,
    fmt: str,
    output: Path | None = None,
    *,
    window: DateWindow = DateWindow(),
    header: bool | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Write the ``fmt`` event table to ``output`` (stdout when None); the rows written.

    ``.parquet`` writes Parquet, ``.csv`` comma-separated text, anything else tab-separated.
    ``header`` defaults to a header row for ``plover`` and none for ``gdelt`` (as GDELT's files).
    """
    from dossier.export.records import write_parquet

    names = [c.name for c in event_columns(fmt)]
    rows = event_rows(store, fmt, window)
    if header is None:
        header = fmt != "gdelt"
    if output is not None and output.suffix.lower() == ".parquet":
        output.parent.mkdir(parents=True, exist_ok=True)
        count = write_parquet(rows, arrow_schema(fmt), output)
    elif output is None:
        count = write_delimited(rows, names, stdout or sys.stdout, header=header)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        delimiter = "," if output.suffix.lower() == ".csv" else "\t"
        with output.open("w", encoding="utf-8", newline="") as handle:
            count = write_delimited(rows, names, handle, delimiter=delimiter, header=header)
    logger.info("wrote %d %s rows to %s", count, fmt, output or "stdout")
    return count
