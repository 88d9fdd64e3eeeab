"""RSS and Atom feeds: each entry is an article.

An entry's text is its content (or, failing that, its summary) with HTML reduced to text;
its title, link and published (or updated) date become the Document's; the feed's title is
the outlet. A broken entry is reported on its own (source ``path#entry<n>``, counting from 1)
and the others are still read. A feed that is not well-formed but still yields entries is
read, with a warning. Options given by the caller win over the feed's metadata.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import feedparser

from dossier.errors import InputError, UnsupportedFormatError
from dossier.ingest.documents import Meta, document_from_meta, normalize_published
from dossier.ingest.htmlpage import fragment_text
from dossier.ingest.normalize import normalize_text
from dossier.ingest.result import Ingested, failed, succeeded
from dossier.model import Document

logger = logging.getLogger(__name__)


def iter_feed(data: bytes, *, source: str, overrides: Meta | None = None) -> Iterator[Ingested]:
    """One :class:`Ingested` per entry of an RSS or Atom feed given as bytes.

    The bytes go to feedparser undecoded so that it honours the XML encoding declaration.
    Raises :class:`~dossier.errors.InputError` at once (not while iterating) when the data is
    not a feed with entries: :class:`~dossier.errors.UnsupportedFormatError` for well-formed
    XML that is not RSS or Atom.
    """
    try:
        # A stream, never a str or bytes: feedparser would take those for a URL or file name.
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser catches most errors itself; be safe on hostile input
        raise InputError(f"cannot parse feed: {exc}") from None
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError(f"not a readable RSS or Atom feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise UnsupportedFormatError("XML file is not an RSS or Atom feed")
        raise InputError("feed has no entries")
    if parsed.get("bozo"):
        logger.warning(
            "%s: feed is not well-formed (%s); reading its %d entries anyway",
            source,
            parsed.get("bozo_exception"),
            len(parsed.entries),
        )
    feed_meta = Meta(
        outlet=_plain(parsed.feed.get("title_detail")) or parsed.feed.get("title"),
        language=_primary_language(parsed.feed.get("language")),
    )
    return _entries(parsed.entries, source=source, feed_meta=feed_meta, overrides=overrides)


def _entries(
    entries: list[Any], *, source: str, feed_meta: Meta, overrides: Meta | None
) -> Iterator[Ingested]:
    for number, entry in enumerate(entries, start=1):
        entry_source = f"{source}#entry{number}"
        try:
            document = parse_entry(entry, feed_meta=feed_meta, overrides=overrides)
        except InputError as exc:
            yield failed(entry_source, exc)
        else:
            yield succeeded(entry_source, document)


def parse_entry(
    entry: Mapping[str, Any], *, feed_meta: Meta | None = None, overrides: Meta | None = None
) -> Document:
    """A Document from one feedparser entry; raises InputError for an entry without text."""
    text = _entry_text(entry)
    if not text:
        raise InputError("feed entry has no text (no content and no summary)")
    meta = Meta(
        url=entry.get("link"),
        title=_plain(entry.get("title_detail")) or entry.get("title"),
        published=_entry_date(entry),
    )
    if feed_meta is not None:
        meta = feed_meta.overridden_by(meta)
    if overrides is not None:
        meta = meta.overridden_by(overrides)
    return document_from_meta(text, meta)


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of the entry's content blocks, else its summary, as plain text."""
    candidates = [_plain(block) for block in entry.get("content") or []]
    best = max(candidates, key=len, default="")
    return best or _plain(entry.get("summary_detail")) or normalize_text(entry.get("summary", ""))


def _plain(detail: Mapping[str, Any] | None) -> str:
    """The text of a feedparser text construct (``{"type": ..., "value": ...}``).

    >>> _plain({"type": "text/html", "value": "<p>Port strike <em>ends</em></p>"})
    'Port strike ends'
    >>> _plain({"type": "text/plain", "value": "5 < 6"})
    '5 < 6'
    >>> _plain(None)
    ''
    """
    if not detail or not detail.get("value"):
        return ""
    value = str(detail["value"])
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        return fragment_text(value)
    return normalize_text(value)


def _entry_date(entry: Mapping[str, Any]) -> str | date | None:
    """The entry's published (else updated) date, as written in the feed.

    The raw string is parsed first because feedparser's own parse converts to UTC, which can
    move an evening article to the next day; feedparser's parse is the fallback for the many
    odd formats it knows. A date neither can read makes the entry fail.
    """
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return normalize_published(raw)
        except InputError:
            parsed = entry.get(f"{key}_parsed")
            if parsed:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            raise
    return None


def _primary_language(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-cased.

    >>> _primary_language("en-GB"), _primary_language(None)
    ('en', None)
    """
    if not tag or not tag.strip():
        return None
    return tag.strip().replace("_", "-").split("-")[0].lower()
