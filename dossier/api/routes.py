"""The JSON API: ``/api/...``, one route per view, each a thin shell over the library.

Lists take ``limit`` (1..200) and ``offset`` and answer a page
(``{"items": [...], "total": N, "limit": L, "offset": O}``); the queries are in
:mod:`dossier.store.query`. Errors answer one shape (see :mod:`dossier.api.errors`).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from dossier import pipeline
from dossier.api import schemas
from dossier.api.app import get_store, pipeline_for, require_token
from dossier.api.errors import UploadTooLarge
from dossier.api.upload import read_text, read_upload
from dossier.errors import DossierError, InputError, NotFoundError, UnsupportedFormatError
from dossier.ingest import Ingested
from dossier.link.entities import close_names, find_entity, fold, name_words
from dossier.link.ledgers import get_ledger
from dossier.link.stories import get_story
from dossier.model import ClaimModality, EntityKind, Ledger, Story
from dossier.store import Store
from dossier.store import query as q

logger = logging.getLogger(__name__)

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ErrorBody, "description": text}
    for status, text in (
        (400, "bad request"),
        (404, "not found"),
        (422, "invalid parameters"),
        (500, "server error"),
    )
}
router = APIRouter(prefix="/api", responses=ERRORS)

_TEXT = r"^[^\x00]*$"  # PostgreSQL strings cannot hold NUL
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"

StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=q.MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Text = Annotated[str | None, Query(max_length=200, pattern=_TEXT)]
Date = Annotated[
    str | None, Query(pattern=_DATE, description="ISO date: YYYY-MM-DD, YYYY-MM or YYYY")
]
Id = Annotated[str, Path(min_length=1, max_length=200, pattern=_TEXT)]


def _ref(ref: q.DocumentRef) -> schemas.DocumentRef:
    return schemas.DocumentRef(**asdict(ref))


def _page(page: q.Page, convert=lambda x: x) -> dict[str, Any]:
    return {
        "items": [convert(item) for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


# -- reading ----------------------------------------------------------------------------------


@router.get("/home", response_model=schemas.Home)
def home(store: StoreDep) -> schemas.Home:
    """The latest stories, the most contested ledgers and the store's counts."""
    view = q.home(store)
    return schemas.Home(stories=view.stories, ledgers=view.ledgers, counts=view.counts)


@router.get("/documents", response_model=schemas.Page[schemas.DocumentSummary])
def documents(
    store: StoreDep,
    outlet: Text = None,
    published_from: Date = None,
    published_to: Date = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored articles (without their text), the latest published first."""
    page = q.list_documents(
        store,
        outlet=outlet,
        published_from=published_from,
        published_to=published_to,
        limit=limit,
        offset=offset,
    )
    return _page(page, schemas.DocumentSummary.of)


@router.get("/documents/{document_id}", response_model=schemas.DocumentView)
def document(store: StoreDep, document_id: Id) -> schemas.DocumentView:
    """One article and all its records (by id or a unique start of it), with the story of each
    event and the ledger of each figure."""
    extraction = store.get(q.find_document_id(store, document_id))
    links = q.memberships(
        store, (e.id for e in extraction.events), (f.id for f in extraction.figures)
    )
    return schemas.DocumentView(**dict(extraction), stories=links.stories, ledgers=links.ledgers)


@router.get("/entities", response_model=schemas.Page[schemas.EntitySummary])
def entities(
    store: StoreDep,
    name: Text = None,
    code: Text = None,
    kind: EntityKind | None = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Names across articles, the most reported first. ``name``: part of the name; ``code``: an
    actor code or its start (``RUS`` finds ``RUSGOV``)."""
    page = q.list_entities(store, name=name, code=code, kind=kind, limit=limit, offset=offset)
    return _page(page, asdict)


@router.get("/entities/{name}", response_model=schemas.EntityView)
def entity(store: StoreDep, name: Id) -> dict[str, Any]:
    """One actor across articles (a name, alias, country or code; run ``dossier link`` first):
    its names, its events as actor and target, the actors it interacts with most."""
    view = find_entity(store, name) if _has_name_words(name) else None
    if view is None:
        close = close_names(store, name)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise NotFoundError(f"no entity named {name!r}{hint}")
    return asdict(view)


_ARTICLES = frozenset({"a", "an", "the"})


def _has_name_words(name: str) -> bool:
    """Whether ``name`` has a word that can name something (``find_entity`` cannot take a name
    of only punctuation or articles: "the", "(").

    >>> _has_name_words("the Duma"), _has_name_words("The"), _has_name_words(" : ")
    (True, False, False)
    """
    return any(fold(w) and fold(w) not in _ARTICLES for w in name_words(name))


@router.get("/events", response_model=schemas.Page[schemas.EventHit])
def events(
    store: StoreDep,
    actor: Text = None,
    type: Annotated[
        str | None, Query(max_length=64, pattern=_TEXT, description="PLOVER type")
    ] = None,
    date_from: Date = None,
    date_to: Date = None,
    outlet: Text = None,
    document: Text = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events, the latest first. ``actor``: a code or its start, as actor1 or actor2; the dates
    bound the event's time, else its article's publication date."""
    page = q.list_events(
        store,
        actor=actor,
        plover=type,
        date_from=date_from,
        date_to=date_to,
        outlet=outlet,
        document=document,
        limit=limit,
        offset=offset,
    )
    return _page(page, lambda h: schemas.EventHit(**dict(h.record), document=_ref(h.document)))


@router.get("/claims", response_model=schemas.Page[schemas.ClaimHit])
def claims(
    store: StoreDep,
    source: Text = None,
    modality: ClaimModality | None = None,
    date_from: Date = None,
    date_to: Date = None,
    outlet: Text = None,
    document: Text = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims, the latest first. ``source``: part of the source's words, or its entity id."""
    page = q.list_claims(
        store,
        source=source,
        modality=modality,
        date_from=date_from,
        date_to=date_to,
        outlet=outlet,
        document=document,
        limit=limit,
        offset=offset,
    )
    return _page(page, lambda h: schemas.ClaimHit(**dict(h.record), document=_ref(h.document)))


@router.get("/figures", response_model=schemas.Page[schemas.FigureHit])
def figures(
    store: StoreDep,
    unit: Text = None,
    measure: Text = None,
    source: Text = None,
    outlet: Text = None,
    document: Text = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Figures, the latest published first. ``source``: part of the words of the source of
    the figure's claim."""
    page = q.list_figures(
        store,
        unit=unit,
        measure=measure,
        source=source,
        outlet=outlet,
        document=document,
        limit=limit,
        offset=offset,
    )
    return _page(page, lambda h: schemas.FigureHit(**dict(h.record), document=_ref(h.document)))


@router.get("/stories", response_model=schemas.Page[Story])
def stories(
    store: StoreDep,
    type: Annotated[
        str | None, Query(max_length=64, pattern=_TEXT, description="PLOVER type")
    ] = None,
    order: Literal["reported", "latest"] = "reported",
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories (one event reported by several articles), the most reported or the latest first."""
    page = q.list_stories(store, plover=type, latest=order == "latest", limit=limit, offset=offset)
    return _page(page)


@router.get("/stories/{story_id}", response_model=Story)
def story(store: StoreDep, story_id: Id) -> Story:
    """One story: its reports and the details on which they disagree."""
    found = get_story(store, story_id)
    if found is None:
        raise NotFoundError(f"no story {story_id!r}, or several start with it")
    return found


@router.get("/ledgers", response_model=schemas.Page[Ledger])
def ledgers(
    store: StoreDep,
    text: Text = None,
    contested: bool | None = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Figure ledgers, contested first. ``text``: words in what is counted or who says it."""
    page = q.list_ledgers(store, text=text, contested=contested, limit=limit, offset=offset)
    return _page(page)


@router.get("/ledgers/{ledger_id}", response_model=Ledger)
def ledger(store: StoreDep, ledger_id: Id) -> Ledger:
    """One ledger: one entry per source, with its interval, modality, outlet and date."""
    found = get_ledger(store, ledger_id)
    if found is None:
        raise NotFoundError(f"no ledger {ledger_id!r}, or several start with it")
    return found


@router.get("/search", response_model=schemas.Page[schemas.SearchHit])
def search(
    store: StoreDep,
    q_: Annotated[str, Query(alias="q", min_length=1, max_length=200, pattern=_TEXT)],
    date_from: Annotated[
        str | None, Query(alias="from", pattern=_DATE, description="published on or after")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", pattern=_DATE, description="published on or before")
    ] = None,
    outlet: Text = None,
    language: Annotated[str | None, Query(max_length=16, pattern=_TEXT)] = None,
    entity: Text = None,
    limit: Limit = q.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles holding every term of ``q`` in their title or text, then their claims holding
    every term. Terms are words or ``"quoted phrases"``, matched as case-insensitive
    substrings (``Zelensk`` finds Zelensky); articles with every term in the title come
    first, then by relevance (``rank``), then the latest. ``from``/``to`` bound the
    publication date; ``outlet`` and ``language`` are matched whole, ``entity`` keeps articles
    naming an entity of that name. ``highlight`` is ``snippet`` with each term wrapped in
    ``<mark>``...``</mark>`` (the article's own characters are not escaped: ``marks`` gives
    the exact offsets)."""
    page = q.search(
        store,
        q_,
        date_from=date_from,
        date_to=date_to,
        outlet=outlet,
        language=language,
        entity=entity,
        limit=limit,
        offset=offset,
    )
    return _page(page, lambda h: schemas.SearchHit(**{**asdict(h), "document": _ref(h.document)}))


# -- writing ----------------------------------------------------------------------------------

_UPLOAD_FIELDS = {
    "outlet": {"type": "string"},
    "published": {"type": "string", "description": "ISO date (YYYY-MM-DD)"},
    "title": {"type": "string"},
    "url": {"type": "string"},
}
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": schemas.UploadText.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": ".txt .md .html .jsonl .xml (RSS/Atom) ...",
                        },
                        **_UPLOAD_FIELDS,
                    },
                }
            },
        },
    }
}


@router.post(
    "/documents",
    response_model=schemas.UploadResult,
    status_code=201,
    dependencies=[Depends(require_token)],
    openapi_extra=UPLOAD_BODY,
    responses={
        200: {"model": schemas.UploadResult, "description": "nothing new was stored"},
        401: {"model": schemas.ErrorBody, "description": "no token, or a wrong one"},
        413: {"model": schemas.ErrorBody, "description": "the upload is too large"},
        415: {"model": schemas.ErrorBody, "description": "a format dossier does not read"},
    },
)
async def add_documents(request: Request, response: Response) -> schemas.UploadResult:
    """Add articles: a file (multipart field ``file``; optional fields ``outlet``,
    ``published``, ``title``, ``url``) or a JSON body ``{text, title, outlet, published,
    url}``. Each article is extracted and stored; those already stored are skipped.
    201 when something was stored, else 200."""
    body = await _read_body(request, request.app.state.max_upload_bytes)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        items = await _form_items(request, body)
    elif kind in ("application/json", ""):
        try:
            posted = schemas.UploadText.model_validate_json(body or b"null")
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
            ) from None
        items = [read_text(**posted.model_dump())]
    else:
        raise UnsupportedFormatError(
            f"send multipart/form-data (a file) or application/json, not {kind}"
        )
    result = await run_in_threadpool(_store, request, items)
    if not result.added:
        response.status_code = 200
    return result


async def _read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refusing (413) one over ``max_bytes`` before reading it all."""
    too_large = UploadTooLarge(f"the upload is larger than {max_bytes} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


async def _form_items(request: Request, body: bytes) -> list[Ingested]:
    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form()
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError("send the article as the multipart field 'file'")
        data = await upload.read()
        fields = {
            name: value.strip() or None
            for name in ("outlet", "published", "title", "url")
            if isinstance(value := form.get(name), str)
        }
        return await run_in_threadpool(read_upload, upload.filename, data, **fields)
    finally:
        await form.close()


def _store(request: Request, items: list[Ingested]) -> schemas.UploadResult:
    """Extract and store ``items`` (one upload at a time: the pipeline is shared)."""
    store: Store = request.app.state.store
    ids: dict[str, str] = {}

    def seen(outcome: pipeline.Outcome) -> None:
        if outcome.document is not None:
            ids[outcome.source] = outcome.document.id

    for item in items:
        if item.document is not None:
            ids[item.source] = item.document.id
    with request.app.state.nlp_lock:
        nlp = pipeline_for(request.app)
        summary = pipeline.add(store, nlp, items, on_outcome=seen)
    return schemas.UploadResult(
        added=[ids[s] for s in summary.added],
        present=[ids[s] for s in summary.present],
        failed=[schemas.Failure(source=s, reason=r) for s, r in summary.failed],
        notices=[schemas.Notice(document=ids[s], notice=n) for s, n in summary.notices],
    )


# -- adding web pages -------------------------------------------------------------------------


def url_error(error: DossierError) -> tuple[int, str]:
    """The HTTP status and error code of a URL that could not be added; raises ``error``
    itself when it is the server's own (the store), for the usual error handler.

    >>> from dossier.fetch import UnsafeAddress, UnsupportedScheme
    >>> url_error(UnsupportedScheme("x")), url_error(UnsafeAddress("x"))
    ((422, 'unsupported_scheme'), (403, 'unsafe_address'))
    """
    from dossier.errors import ExtractionError
    from dossier.fetch import errors as fe

    statuses: tuple[tuple[type[DossierError], int, str], ...] = (
        (fe.UnsupportedScheme, 422, "unsupported_scheme"),
        (fe.UnsafeAddress, 403, "unsafe_address"),
        (fe.RobotsDisallowed, 403, "robots_disallowed"),
        (fe.UnsupportedContent, 422, "unsupported_content"),
        (fe.FetchTimeout, 504, "fetch_timeout"),
        (fe.TooLarge, 502, "page_too_large"),
        (fe.TooManyRedirects, 502, "too_many_redirects"),
        (fe.HTTPStatusFailure, 502, "upstream_error"),
        (fe.FetchError, 502, "fetch_failed"),
        (InputError, 422, "no_article"),
        (ExtractionError, 422, "extraction_failed"),
    )
    for cls, status, code in statuses:
        if isinstance(error, cls):
            return status, code
    raise error


@router.post(
    "/urls",
    response_model=schemas.UrlResult,
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={
        200: {"model": schemas.UrlResult, "description": "the URL was already stored"},
        401: {"model": schemas.ErrorBody, "description": "no token, or a wrong one"},
        403: {
            "model": schemas.ErrorBody,
            "description": "unsafe_address: the host resolves to a loopback, private, "
            "link-local or metadata address (unless the server allows private fetches); "
            "robots_disallowed: the site's robots.txt forbids it",
        },
        422: {
            "model": schemas.ErrorBody,
            "description": "unsupported_scheme (not http or https), unsupported_content (not "
            "HTML or text), no_article, or an invalid body",
        },
        502: {"model": schemas.ErrorBody, "description": "the site failed or answered an error"},
        504: {"model": schemas.ErrorBody, "description": "the site did not answer in time"},
    },
)
def add_url(request: Request, response: Response, posted: schemas.UrlRequest) -> Any:
    """Add a web page: fetch ``url`` (http or https; never a loopback, private, link-local or
    metadata address, checked after DNS resolution and on each redirect), extract its article
    and store it with its ``url`` and ``final_url``. A URL already stored is not fetched again
    unless ``refresh``. 201 when a document was stored, else 200."""
    from dossier.api.app import fetcher_for
    from dossier.api.errors import error_response
    from dossier.fetch.pages import add_urls, load_fetch, stored_for_key, url_key
    from dossier.fetch.safety import check_scheme

    url = posted.url.strip()
    app = request.app
    store: Store = app.state.store
    errors: list[DossierError] = []
    summary = pipeline.AddSummary()

    def seen(outcome: pipeline.Outcome) -> None:
        if outcome.error is not None:
            errors.append(outcome.error)

    try:
        check_scheme(url)  # before loading the pipeline
    except DossierError as exc:
        errors.append(exc)
    else:
        with app.state.nlp_lock:
            nlp = pipeline_for(app)
            summary = add_urls(
                store, nlp, [url], fetcher=fetcher_for(app), refresh=posted.refresh, on_outcome=seen
            )
    if errors:
        status, code = url_error(errors[0])
        return error_response(status, errors[0].message, code)
    if summary.failed:
        return error_response(422, summary.failed[0][1], "no_article")
    key = url_key(url)
    record = load_fetch(store, key)
    document = (record.document_id if record else None) or stored_for_key(store, key)
    if not summary.added:
        response.status_code = 200
    return schemas.UrlResult(
        url=url,
        added=bool(summary.added),
        document=document,
        final_url=record.final_url if record else None,
        notices=[notice for _, notice in summary.notices],
    )


@router.get("/watch")
def watch_status(store: StoreDep) -> list[dict[str, Any]]:
    """The sources `dossier watch` follows: last and next poll, last status and error, polls,
    errors, and its items by state (pending, added, present, failed)."""
    from dossier.watch.state import status_rows

    return status_rows(store)
