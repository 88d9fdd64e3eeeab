"""Building the :class:`~dossier.model.Document` record from text and metadata."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from dossier.errors import ConfigError, InputError
from dossier.ingest.dateline import find_dateline
from dossier.ingest.language import detect_language
from dossier.ingest.normalize import normalize_line, normalize_text
from dossier.ingest.pubdate import infer_published
from dossier.model import Document, content_hash

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Meta:
    """Article metadata as found in a file or given by the caller; None means "not given"."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | date | None = None
    language: str | None = None

    def overridden_by(self, other: Meta) -> Meta:
        """These fields, with every field that ``other`` sets taking precedence.

        >>> Meta(title="From file", outlet="EFE").overridden_by(Meta(title="Given")).title
        'Given'
        >>> Meta(title="From file", outlet="EFE").overridden_by(Meta(title="Given")).outlet
        'EFE'
        """
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(
            {f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name)}
        )
        return Meta(**values)


# Meta field -> the keys of a record (a JSONL line, a front-matter block) that may hold it.
META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "published": ("published", "date"),
    "outlet": ("outlet", "source"),
    "url": ("url",),
    "language": ("language",),
}


def meta_fields(record: Mapping[str, object]) -> Iterator[tuple[str, str, object]]:
    """(field, key, value) for each Meta field a record holds; the first non-null key wins.

    >>> list(meta_fields({"date": "2025-10-07", "source": None, "outlet": "EFE"}))
    [('published', 'date', '2025-10-07'), ('outlet', 'outlet', 'EFE')]
    """
    for field, keys in META_KEYS.items():
        key = next((k for k in keys if record.get(k) is not None), None)
        if key is not None:
            yield field, key, record[key]


def normalize_published(value: str | date | None) -> str | None:
    """Normalise a publication date to ISO ``YYYY-MM-DD``; None or blank gives None.

    Accepts ISO dates and datetimes (with or without a timezone) and, because feeds and feed
    exports carry them, RFC 2822 dates. A datetime keeps the calendar date as written: the
    article's own local date, not the UTC one.

    >>> normalize_published("2025-10-07T10:00:00Z")
    '2025-10-07'
    >>> normalize_published("2025-10-07T23:30:00-05:00")
    '2025-10-07'
    >>> normalize_published("2025-10-07")
    '2025-10-07'
    >>> normalize_published("Tue, 07 Oct 2025 10:00:00 GMT")
    '2025-10-07'
    >>> normalize_published("  ") is None
    True
    >>> normalize_published("last Tuesday")
    Traceback (most recent call last):
    ...
    dossier.errors.InputError: unparsable published date 'last Tuesday': expected an ISO date \
such as 2025-10-07 or an ISO datetime
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InputError(f"published date must be a string, not {type(value).__name__}")
    raw = value.strip()
    if not raw:
        return None
    for parse in (date.fromisoformat, datetime.fromisoformat, parsedate_to_datetime):
        try:
            parsed = parse(raw)
        except (ValueError, TypeError, IndexError):
            continue
        return normalize_published(parsed)
    raise InputError(
        f"unparsable published date {value!r}: expected an ISO date such as 2025-10-07 "
        "or an ISO datetime"
    )


def make_published(value: str | date | None) -> str | None:
    """Normalise a publication date given as an option (not read from an article).

    Like :func:`normalize_published`, but a bad value is the caller's setting, so it raises
    :class:`~dossier.errors.ConfigError` rather than InputError.

    >>> make_published("2025-10-07T10:00:00Z")
    '2025-10-07'
    >>> make_published("soon")
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: unparsable published date 'soon': expected an ISO date such \
as 2025-10-07 or an ISO datetime
    """
    try:
        return normalize_published(value)
    except InputError as exc:
        raise ConfigError(exc.message) from None


def _clean_line(value: str | None) -> str | None:
    if value is None:
        return None
    return normalize_line(value) or None


def make_document(
    text: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: str | date | None = None,
    language: str | None = None,
) -> Document:
    """Build a Document: normalised text, ISO date, dateline and a content-hash id.

    The language is ``language`` when given, else detected from the text
    (:func:`~dossier.ingest.language.detect_language`), else English. Without a ``published``
    date, one is inferred from the text (:func:`~dossier.ingest.pubdate.infer_published`) and
    ``published_inferred`` says why; a given date always wins and leaves it None.
    Raises :class:`~dossier.errors.InputError` for empty text or an unparsable date.

    >>> doc = make_document("MOSCOW (Reuters) -  Russia ratified\\u00a0the pact. ",
    ...                     published="2025-10-07T10:00:00Z")
    >>> doc.text, doc.dateline, doc.published, doc.language
    ('MOSCOW (Reuters) - Russia ratified the pact.', 'MOSCOW', '2025-10-07', 'en')
    >>> doc = make_document("Published: 6 October 2025\\nRussia ratified the pact on Monday.")
    >>> doc.published, doc.published_inferred
    ('2025-10-06', "date line: 'Published: 6 October 2025'")
    >>> make_document(" \\n ")
    Traceback (most recent call last):
    ...
    dossier.errors.InputError: empty article
    """
    normalized = normalize_text(text)
    if not normalized:
        raise InputError("empty article")
    dateline = find_dateline(normalized)
    given = normalize_published(published)
    # Relative dates need an anchor: an undated page gets the date its text gives away.
    inferred = None if given else infer_published(normalized)
    if inferred is not None:
        logger.debug("published %s inferred: %s", inferred.published, inferred.reason)
    return Document(
        id=content_hash(normalized),
        url=(url or "").strip() or None,
        outlet=_clean_line(outlet),
        title=_clean_line(title),
        published=given or (inferred.published if inferred else None),
        published_inferred=inferred.reason if inferred else None,
        dateline=dateline.place if dateline else None,
        language=(language or "").strip() or detect_language(normalized) or DEFAULT_LANGUAGE,
        text=normalized,
    )


def document_from_meta(text: str, meta: Meta) -> Document:
    """:func:`make_document` with the metadata gathered in a :class:`Meta`."""
    return make_document(
        text,
        url=meta.url,
        outlet=meta.outlet,
        title=meta.title,
        published=meta.published,
        language=meta.language,
    )
