"""The record model: dossier's public contract (see DESIGN.md, "The record model").

Every output (the ``extract`` JSON, the store, later the API and exports) is built from these
records. Offsets are character offsets into ``Document.text``. Identifiers are stable: the same
input gives the same ids (they are hashes of the document's content and the record's position).
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityKind = Literal["country", "organization", "person", "place", "group", "other"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Qualifier = Literal[
    "exact", "about", "at_least", "at_most", "up_to", "between", "more_than", "less_than"
]
ClaimKind = Literal["direct", "indirect", "mixed"]
ClaimModality = Literal["asserted", "hedged", "denied"]
EventModality = Literal["asserted", "reported", "hedged", "negated", "future"]


def content_hash(text: str) -> str:
    """The document id: a hash of its normalised text.

    >>> content_hash("abc")
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stable_id(prefix: str, *parts: object) -> str:
    """A short id derived only from its parts, so that reruns give the same id.

    >>> stable_id("ent", "ba7816bf8f01cfea", "RUS", "government")
    'ent_3aff4259edbd'
    """
    key = "\x1f".join(str(p) for p in parts)
    return f"{prefix}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A piece of the document's text."""

    text: str
    start: int
    end: int


class Document(Record):
    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) or null")
    dateline: str | None = None
    language: str | None = "en"
    text: str
    # Not in DESIGN's list: a publication date the page did not give, read from its text.
    published_inferred: str | None = Field(
        default=None,
        description="why `published` was inferred from the text (null: given by the page or user)",
    )
    # Not in DESIGN's list: pages fetched by `dossier add URL` and `dossier watch`.
    final_url: str | None = Field(default=None, description="the URL after redirects")
    fetched_at: str | None = Field(default=None, description="when it was fetched (ISO, UTC)")
    previous_version: str | None = Field(
        default=None, description="the document id of the same URL's earlier version"
    )


class Geo(Record):
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


class Mention(Span):
    pass


class Entity(Record):
    id: str
    name: str
    kind: EntityKind
    country: str | None = Field(default=None, description="ISO 3166 alpha-3")
    role: str | None = Field(default=None, description="CAMEO-style role: GOV LEG MIL OPP ...")
    code: str | None = Field(default=None, description="country + role, e.g. RUSLEG")
    geo: Geo | None = None
    mentions: list[Mention] = Field(default_factory=list)


class Timex(Record):
    id: str
    start: int
    end: int
    text: str
    type: TimexType
    value: str | None = None


class Figure(Record):
    id: str
    start: int
    end: int
    text: str
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    unit: str | None = None
    subject: str | None = None
    measure: str | None = None
    modality: ClaimModality | None = None
    claim: str | None = None
    event: str | None = None
    time: str | None = None
    # Not in DESIGN's list: the figures issue asks that vague quantities be marked.
    vague: bool = Field(
        default=False, description='a vague quantity ("dozens" = [24, 99]), not a stated number'
    )
    measure_class: str | None = Field(
        default=None,
        description="what happened to what is counted, from resources/measure_classes "
        '("killed", "wounded", "displaced", "deployed", "pledged", ...)',
    )


class Source(Span):
    entity: str | None = None
    unnamed: bool = False  # names no one: "officials", "a Pentagon spokesman", "sources"
    anonymous: bool = False  # the text says they spoke anonymously ("who asked not to be named")
    via: Span | None = None  # the channel it reached the outlet through ("seen by Reuters")


class Claim(Record):
    id: str
    kind: ClaimKind
    source: Source
    cue: Span
    content: Span
    modality: ClaimModality = "asserted"
    time: str | None = None
    place: str | None = None
    figures: list[str] = Field(default_factory=list)


class Actor(Record):
    text: str
    entity: str | None = None
    code: str | None = None


class SentenceRef(Record):
    start: int
    end: int


class Event(Record):
    id: str
    plover: str
    cameo: str | None = None
    mode: str | None = None
    context: str | None = None
    trigger: Span
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: str | None = None
    time: str | None = None
    modality: EventModality = "asserted"
    claim: str | None = None
    figures: list[str] = Field(default_factory=list)
    sentence: SentenceRef
    # Not in DESIGN's list: how time and place were found (the event issue asks for the flag).
    time_fallback: bool = Field(
        default=False, description="time is the publication date: the clause names none"
    )
    place_fallback: bool = Field(
        default=False, description="place is the dateline: the clause names none"
    )
    lemma: str | None = Field(
        default=None, description="the trigger's lemma (lower case), for matching across articles"
    )


class Extraction(Record):
    """One article and everything extracted from it: the unit that is printed and stored."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


# Cross-document records (built by the link stage over the store).


class Report(Record):
    document: str
    event: str | None = Field(default=None, description="its event in the story's main event")
    outlet: str | None = None
    published: str | None = None
    sentence: str | None = None
    # Not in DESIGN's list: what this report says, so that disagreements can be shown.
    trigger: str | None = None
    time: str | None = Field(default=None, description="the event's time as this report gives it")
    place: str | None = Field(default=None, description="the place's name as this report gives it")
    actor1: str | None = Field(default=None, description="actor code, else the actor's text")
    actor2: str | None = None
    modality: EventModality | None = None
    copy_of: str | None = Field(
        default=None, description="the original document when this report's document is a copy"
    )


class Story(Record):
    id: str
    plover: str | None = None
    time: str | None = None
    place: str | None = None
    reports: list[Report] = Field(default_factory=list)
    # Not in DESIGN's list: the issue asks that disagreeing reports be shown as disagreeing.
    documents: int = Field(default=0, description="original documents reporting it (copies: 0)")
    disputed: list[str] = Field(
        default_factory=list, description="details on which reports disagree: time, place, actor1"
    )
    title: str | None = Field(
        default=None, description="who did what to whom, where, when, built from its records"
    )
    outlets: list[str] = Field(default_factory=list, description="outlets that carry it")
    languages: list[str] = Field(default_factory=list, description="languages of its reports")
    first: str | None = Field(default=None, description="first publication date of a report")
    last: str | None = Field(default=None, description="last publication date of a report")
    events: list[list[str]] = Field(
        default_factory=list,
        description="event coreference: groups of its events (ids) that are one event",
    )
    shared: list[str] = Field(
        default_factory=list,
        description="why its articles are grouped: the rare words most of them share",
    )


class LedgerEntry(Record):
    figure: str
    document: str
    source: str | None = None
    outlet: str | None = None
    published: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    modality: ClaimModality | None = None
    # Not in DESIGN's list: what the entry says, when, and who else ran it.
    text: str | None = Field(default=None, description="the figure as written")
    unit: str | None = None
    time: str | None = Field(default=None, description="the time the figure is about")
    said: str | None = Field(
        default=None, description="when its source said it, where the text says so (a date)"
    )
    vague: bool = False
    outlets: list[str] = Field(
        default_factory=list, description="other outlets that ran a copy of the document"
    )
    language: str | None = Field(
        default=None, description="the language of the figure's article (Document.language)"
    )
    sentence: str | None = Field(
        default=None, description="the sentence the figure was given in, in its article's words"
    )


class Ledger(Record):
    id: str
    subject: str | None = None
    unit: str | None = None
    measure: str | None = None
    entries: list[LedgerEntry] = Field(default_factory=list)
    contested: bool = False
    # Not in DESIGN's list.
    label: str | None = Field(default=None, description='what is counted: "MMR people killed"')
    measure_class: str | None = Field(
        default=None, description="the measure class its entries share (see Figure)"
    )
    documents: int = Field(default=0, description="original documents with an entry")


class Duplicate(Record):
    document: str
    original: str
    similarity: float


RECORD_TYPES: dict[str, type[Record]] = {
    "document": Document,
    "entity": Entity,
    "timex": Timex,
    "figure": Figure,
    "claim": Claim,
    "event": Event,
    "extraction": Extraction,
    "story": Story,
    "ledger": Ledger,
    "duplicate": Duplicate,
}
