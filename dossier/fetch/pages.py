"""Web pages into the store: ``dossier add URL``.

A URL is fetched once; later adds skip it (``fetches`` table, ``documents.url_key``) unless
``refresh`` is asked, which sends a conditional GET with the stored ETag/Last-Modified. A
304 or the same body stores nothing; a changed page is stored as a new Document whose
``previous_version`` is the earlier one. Every fetch, failed or not, is recorded in
``fetches``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit, urlunsplit

from spacy.language import Language
from sqlalchemy import insert, select, update

from dossier.errors import DossierError, InputError
from dossier.fetch.client import Fetcher, FetchResult, now_iso
from dossier.fetch.errors import FetchError, HTTPStatusFailure, UnsupportedContent
from dossier.fetch.safety import check_scheme
from dossier.ingest.decode import decode_bytes, reject_binary
from dossier.ingest.documents import Meta
from dossier.ingest.htmlpage import declared_charset, parse_html
from dossier.ingest.reader import without_boilerplate
from dossier.ingest.result import Ingested, failed, succeeded
from dossier.ingest.text import parse_text
from dossier.model import Document
from dossier.pipeline import AddSummary, Outcome
from dossier.pipeline import add as pipeline_add
from dossier.store import Store
from dossier.store.follow import fetches
from dossier.store.schema import documents

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(argument: str) -> bool:
    """Whether a command-line argument is a URL (``scheme://...``) rather than a path.

    >>> is_url("https://example.org/a"), is_url("ftp://x/y"), is_url("news/a.html")
    (True, True, False)
    """
    scheme, sep, _ = argument.strip().partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha() and len(scheme) > 1


def url_key(url: str) -> str:
    """sha256 (64 hex) of the normalised URL: scheme and host lower-cased, default port and
    fragment dropped, an empty path made ``/``.

    >>> url_key("HTTP://Example.com:80/a#top") == url_key("http://example.com/a")
    True
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    normal = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def body_hash(body: bytes) -> str:
    """sha256 (64 hex) of a fetched body."""
    return hashlib.sha256(body).hexdigest()


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header."""
    if not content_type:
        return None, None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None


def document_from_result(result: FetchResult) -> Document:
    """The article in a fetched page (HTML through trafilatura, or plain text).

    Raises :class:`UnsupportedContent` for anything else (PDF, images, feeds) and
    :class:`~dossier.errors.InputError` when no article can be read from it.
    """
    media, charset = _media_type(result.content_type)
    body = result.body
    if media is None:
        reject_binary(body)
        media = "text/html" if body.lstrip()[:1] == b"<" else "text/plain"
    overrides = Meta(url=result.url)
    if media in HTML_TYPES:
        text = decode_bytes(body, declared=charset or declared_charset(body))
        document = parse_html(text, overrides=overrides)
    elif media in TEXT_TYPES:
        document = parse_text(decode_bytes(body, declared=charset), overrides=overrides)
    elif media in FEED_TYPES:
        raise UnsupportedContent(
            f"{media} is a feed, not an article (`dossier watch` follows feeds)",
            source=result.url,
        )
    else:
        raise UnsupportedContent(
            f"{media} is not an article dossier can read (HTML or plain text only)",
            source=result.url,
        )
    return document.model_copy(
        update={"final_url": result.final_url, "fetched_at": result.fetched_at}
    )


def ingest_result(
    result: FetchResult, *, previous: Document | None = None, keep_boilerplate: bool = False
) -> Ingested:
    """A fetched page as an :class:`Ingested` (an unreadable article is a failed one)."""
    try:
        item = succeeded(result.url, document_from_result(result))
    except InputError as exc:
        return failed(result.url, exc)
    if not keep_boilerplate:
        item = without_boilerplate(item)
    if item.document is not None and previous is not None and previous.id != item.document.id:
        item = succeeded(
            item.source, item.document.model_copy(update={"previous_version": previous.id})
        )
    return item


def fetch_document(fetcher: Fetcher, url: str, *, previous: Document | None = None) -> Ingested:
    """Fetch ``url`` and read its article; ``previous`` (the URL's earlier Document) becomes
    the new one's ``previous_version`` when the text changed.

    Raises :class:`~dossier.fetch.FetchError` when the page cannot be fetched or is not an
    article type; an article that cannot be read comes back as a failed Ingested.
    """
    return ingest_result(fetcher.get(url), previous=previous)


# -- the fetches table ---------------------------------------------------------------------


@dataclass(frozen=True)
class FetchRecord:
    """A row of ``fetches``: the last fetch of one URL."""

    url_key: str
    url: str
    final_url: str | None
    status: int | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    document_id: str | None
    fetched_at: str
    error: str | None


def load_fetch(store: Store, key: str) -> FetchRecord | None:
    """The recorded fetch of the URL with ``url_key`` ``key``, if any."""
    with store._reading() as conn:
        row = conn.execute(select(fetches).where(fetches.c.url_key == key)).first()
    return FetchRecord(**row._mapping) if row is not None else None


def stored_for_key(store: Store, key: str) -> str | None:
    """The id of the newest stored document fetched from the URL with ``url_key`` ``key``."""
    query = (
        select(documents.c.id)
        .where(documents.c.url_key == key)
        .order_by(documents.c.fetched_at.desc(), documents.c.added_at.desc())
        .limit(1)
    )
    with store._reading() as conn:
        return conn.execute(query).scalar()


def record_fetch(store: Store, record: FetchRecord) -> None:
    """Insert or replace the ``fetches`` row of ``record.url_key``."""
    values = {k: getattr(record, k) for k in FetchRecord.__dataclass_fields__}
    with store._writing() as conn:
        found = conn.execute(
            select(fetches.c.url_key).where(fetches.c.url_key == record.url_key)
        ).first()
        if found is None:
            conn.execute(insert(fetches), [values])
        else:
            conn.execute(
                update(fetches).where(fetches.c.url_key == record.url_key).values(**values)
            )


def mark_document(store: Store, document_id: str, key: str) -> None:
    """Set ``documents.url_key`` of a stored document that has none yet."""
    with store._writing() as conn:
        conn.execute(
            update(documents)
            .where(documents.c.id == document_id, documents.c.url_key.is_(None))
            .values(url_key=key)
        )


# -- adding URLs ---------------------------------------------------------------------------


def add_urls(
    store: Store,
    nlp: Language,
    urls: Iterable[str],
    *,
    fetcher: Fetcher,
    refresh: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> AddSummary:
    """Fetch, extract and store pages; one bad URL never stops the rest.

    ``present`` lists URLs already stored (not fetched again without ``refresh``), answered
    304, or unchanged; ``failed`` lists URLs that could not be fetched or read.
    """
    summary = AddSummary()

    def report(outcome: Outcome) -> None:
        if on_outcome is not None:
            on_outcome(outcome)

    for given in urls:
        url = given.strip()
        try:
            _add_one(
                store, nlp, url, fetcher=fetcher, refresh=refresh, summary=summary, report=report
            )
        except DossierError as exc:
            logger.warning("%s: %s", url, exc)
            summary.failed.append((url, exc.message))
            report(Outcome(url, error=exc))
    return summary


def _add_one(
    store: Store,
    nlp: Language,
    url: str,
    *,
    fetcher: Fetcher,
    refresh: bool,
    summary: AddSummary,
    report: Callable[[Outcome], None],
) -> None:
    check_scheme(url)
    key = url_key(url)
    before = load_fetch(store, key)
    known = (before.document_id if before else None) or stored_for_key(store, key)
    if known is not None and not store.has(known):
        known = None  # the document was deleted since: fetch it again
    if known is not None and not refresh:
        summary.present.append(url)
        report(Outcome(url))
        return
    conditional = before is not None and known is not None and before.document_id == known
    etag = before.etag if conditional and before else None
    modified = before.last_modified if conditional and before else None
    try:
        result = fetcher.get(url, etag=etag, last_modified=modified)
    except FetchError as exc:
        status = exc.status if isinstance(exc, HTTPStatusFailure) else None
        _record_failure(store, key, url, before, status=status, error=exc.message)
        raise
    digest = body_hash(result.body) if not result.not_modified else None
    unchanged = result.not_modified or (
        conditional and before is not None and before.content_hash == digest
    )
    if unchanged:
        _record(
            store,
            key,
            result,
            before,
            document_id=known,
            digest=before.content_hash if before else None,
        )
        summary.present.append(url)
        report(Outcome(url))
        return
    previous = store.find_document(known) if known is not None else None
    try:
        item = ingest_result(result, previous=previous)
    except FetchError as exc:
        _record(store, key, result, before, document_id=known, digest=digest, error=exc.message)
        raise
    if item.document is not None and previous is not None and item.document.id == previous.id:
        _record(store, key, result, before, document_id=known, digest=digest)
        summary.present.append(url)
        report(Outcome(url, item.document))
        return
    outcomes: list[Outcome] = []
    sub = pipeline_add(store, nlp, [item], on_outcome=outcomes.append)
    summary.added.extend(sub.added)
    summary.present.extend(sub.present)
    summary.failed.extend(sub.failed)
    summary.notices.extend(sub.notices)
    stored = item.document is not None and not sub.failed
    if stored and item.document is not None:
        mark_document(store, item.document.id, key)
    error = sub.failed[0][1] if sub.failed else None
    _record(
        store,
        key,
        result,
        before,
        document_id=item.document.id if stored and item.document else known,
        digest=digest,
        error=error,
    )
    for outcome in outcomes:
        report(outcome)


def _record(
    store: Store,
    key: str,
    result: FetchResult,
    before: FetchRecord | None,
    *,
    document_id: str | None,
    digest: str | None,
    error: str | None = None,
) -> None:
    keep = result.not_modified and before is not None
    record_fetch(
        store,
        FetchRecord(
            url_key=key,
            url=result.url,
            final_url=result.final_url,
            status=result.status,
            etag=result.headers.get("etag") or (before.etag if keep and before else None),
            last_modified=result.headers.get("last-modified")
            or (before.last_modified if keep and before else None),
            content_hash=digest,
            document_id=document_id,
            fetched_at=result.fetched_at,
            error=error,
        ),
    )


def _record_failure(
    store: Store,
    key: str,
    url: str,
    before: FetchRecord | None,
    *,
    status: int | None,
    error: str,
) -> None:
    """Record a failed fetch, keeping what an earlier success stored (validators, document)."""
    record_fetch(
        store,
        FetchRecord(
            url_key=key,
            url=url,
            final_url=before.final_url if before else None,
            status=status,
            etag=before.etag if before else None,
            last_modified=before.last_modified if before else None,
            content_hash=before.content_hash if before else None,
            document_id=before.document_id if before else None,
            fetched_at=now_iso(),
            error=error,
        ),
    )
