"""The API's response bodies (pydantic), as the OpenAPI schema at ``/openapi.json`` shows them.

Records are :mod:`dossier.model`'s; these wrap them in pages and add what a view needs (the
article of an event, the story of an event, the ledger of a figure).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from dossier.model import Claim, Document, Event, Extraction, Figure, Ledger, Story

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int = Field(description="how many items match in all")
    limit: int
    offset: int


class DocumentSummary(BaseModel):
    """A stored article without its text."""

    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    length: int = Field(description="characters of text")

    @classmethod
    def of(cls, document: Document) -> DocumentSummary:
        return cls(**document.model_dump(exclude={"text"}), length=len(document.text))


class DocumentRef(BaseModel):
    """The article a record comes from."""

    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class DocumentView(Extraction):
    """A stored article and its records, with the story of each event and the ledger of each
    figure that has one."""

    stories: dict[str, str] = Field(default_factory=dict, description="event id -> story id")
    ledgers: dict[str, str] = Field(default_factory=dict, description="figure id -> ledger id")


class EventHit(Event):
    document: DocumentRef


class ClaimHit(Claim):
    document: DocumentRef


class FigureHit(Figure):
    document: DocumentRef


class EntitySummary(BaseModel):
    """One name across the store."""

    name: str
    kind: str
    code: str | None = None
    country: str | None = None
    documents: int = Field(description="articles naming it")
    records: int = Field(description="entity records with this name, kind and code")


class EntityEvent(BaseModel):
    event: str
    document: str
    role: str = Field(description="actor1 or actor2")
    when: str | None = None
    when_from: str = Field(description="event, published or none")
    plover: str
    cameo: str | None = None
    modality: str
    trigger: str
    actor1: str | None = None
    actor2: str | None = None
    other_key: str | None = None
    outlet: str | None = None
    published: str | None = None
    sentence: str


class EntityView(BaseModel):
    """One actor across the store: its names, its events on a timeline, its partners."""

    query: str
    name: str
    kind: str
    keys: list[str]
    code: str | None = None
    country: str | None = None
    entity_ids: list[str]
    documents: int
    names: list[tuple[str, int]] = Field(description="(name, times seen), most seen first")
    events: list[EntityEvent]
    partners: list[tuple[str, str, int]] = Field(description="(key, name, shared events)")
    others: list[tuple[str, str, int]] = Field(description="(key, name, entities) also matched")


class SearchHit(BaseModel):
    type: str = Field(description="document or claim")
    id: str
    document: DocumentRef
    snippet: str
    score: int = Field(description="2: every term in the title; 1: in the text (claims: 1)")
    rank: float = Field(
        0.0,
        description="relevance within a score, higher first (bm25 on SQLite, ts_rank on "
        "PostgreSQL: not comparable across stores; claims: 0)",
    )
    highlight: str = Field(
        "", description="snippet with each term wrapped in <mark>...</mark> (not escaped)"
    )
    marks: list[tuple[int, int]] = Field(
        default_factory=list, description="(start, end) offsets of the terms in snippet"
    )


class Home(BaseModel):
    stories: list[Story] = Field(description="the latest stories")
    ledgers: list[Ledger] = Field(description="the most contested ledgers")
    counts: dict[str, int] = Field(description="rows in each record table")


class UploadText(BaseModel):
    """An article posted as JSON."""

    text: str = Field(min_length=1)
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(default=None, description="ISO date (YYYY-MM-DD)")
    url: str | None = None


class Failure(BaseModel):
    source: str
    reason: str


class Notice(BaseModel):
    document: str = Field(description="the document's id")
    notice: str


class UploadResult(BaseModel):
    """What became of the posted articles."""

    added: list[str] = Field(description="ids of the documents stored now")
    present: list[str] = Field(description="ids of the documents already stored")
    failed: list[Failure]
    notices: list[Notice] = Field(
        default_factory=list,
        description="articles stored without records (language not installed) or coded in part",
    )


class UrlRequest(BaseModel):
    """A web page to add (``POST /api/urls``)."""

    url: str = Field(
        min_length=1, max_length=2000, pattern=r"^[^\x00]*$", description="an http(s) URL"
    )
    refresh: bool = Field(
        default=False,
        description="fetch again a URL already stored (a conditional GET); a changed page is "
        "stored as a new version",
    )


class UrlResult(BaseModel):
    """What became of a posted URL."""

    url: str
    added: bool = Field(description="whether a new document was stored (else it was already)")
    document: str | None = Field(
        default=None, description="id of the document stored for the URL (new or earlier)"
    )
    final_url: str | None = Field(default=None, description="the URL after redirects")
    notices: list[str] = Field(
        default_factory=list,
        description="the article was stored without records (language not installed) or "
        "coded in part",
    )


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail
