"""Reading paths (files and folders) into Documents, one :class:`Ingested` per article."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.errors import ConfigError, InputError, UnsupportedFormatError
from dossier.ingest.boilerplate import strip_boilerplate
from dossier.ingest.decode import DEFAULT_MAX_BYTES, decode_bytes, read_bytes, reject_binary
from dossier.ingest.documents import Meta, make_document, make_published
from dossier.ingest.feed import iter_feed
from dossier.ingest.htmlpage import declared_charset, parse_html
from dossier.ingest.jsonl import iter_jsonl
from dossier.ingest.result import Ingested, failed, succeeded
from dossier.ingest.text import parse_text

logger = logging.getLogger(__name__)

_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
# Text formats that would be read as garbage articles if taken for plain text.
_UNSUPPORTED: dict[str, str] = {
    ".json": "JSON files are not read; write one article per line as JSON Lines (.jsonl)",
    ".csv": "CSV files are not read; convert them to JSON Lines (.jsonl)",
    ".tsv": "TSV files are not read; convert them to JSON Lines (.jsonl)",
    ".rtf": "RTF files are not read; save the article as plain text",
}
# Content sniffing for files whose extension says nothing: the first markup of the file.
_FEED_ROOT = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_HTML_ROOT = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I
)


def detect_format(path: Path, head: str | None = None) -> str:
    """The format of a file: ``text``, ``html``, ``jsonl`` or ``feed``.

    Known extensions decide; for any other extension the start of the text (``head``) is
    sniffed for a feed or an HTML page, and plain text is the default.

    >>> detect_format(Path("a.HTM")), detect_format(Path("news.rss"))
    ('html', 'feed')
    >>> detect_format(Path("article"), "<?xml version='1.0'?><rss version='2.0'>")
    'feed'
    >>> detect_format(Path("article.body"), "MOSCOW (Reuters) - ...")
    'text'
    >>> detect_format(Path("articles.json"))
    Traceback (most recent call last):
    ...
    dossier.errors.UnsupportedFormatError: JSON files are not read; write one article per line \
as JSON Lines (.jsonl)
    """
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise UnsupportedFormatError(_UNSUPPORTED[suffix])
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    if head is not None:
        if _FEED_ROOT.match(head):
            return "feed"
        if _HTML_ROOT.match(head):
            return "html"
    return "text"


def read_paths(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    language: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_boilerplate: bool = False,
) -> Iterator[Ingested]:
    """Read articles from files and folders; one :class:`Ingested` per article or failure.

    Folders are read recursively in sorted order, skipping hidden files and folders. The
    format comes from the extension (``.txt``/``.md``, ``.html``/``.htm``,
    ``.jsonl``/``.ndjson``, ``.xml``/``.rss``/``.atom``), else from the content.

    Boilerplate lines (share buttons, photo credits, "Read more:" links, newsletter prompts,
    price tables: :mod:`dossier.ingest.boilerplate`) are removed from every article's text
    before its Document is fixed, so all offsets point into the cleaned text;
    ``keep_boilerplate=True`` keeps the text as read.

    ``published``, ``outlet``, ``url``, ``title`` and ``language`` are applied to every
    article and win over what the files say. A bad article or file never raises: it comes back as an
    Ingested with its error. Bad options do raise, at once:
    :class:`~dossier.errors.ConfigError` for an unparsable ``published`` or a ``max_bytes``
    below 1.
    """
    if isinstance(paths, str | Path):
        paths = [paths]  # a lone path, not an iterable of its characters
    published = make_published(published)
    if max_bytes < 1:
        raise ConfigError(f"max_bytes must be at least 1, not {max_bytes}")
    overrides = Meta(url=url, outlet=outlet, title=title, published=published, language=language)
    items = _read_all(list(paths), overrides=overrides, max_bytes=max_bytes)
    return items if keep_boilerplate else (without_boilerplate(item) for item in items)


def without_boilerplate(item: Ingested) -> Ingested:
    """The same article with the boilerplate lines of its text removed.

    The Document is rebuilt from the cleaned text (its id, text and dateline follow the
    text; the metadata is kept); an article without boilerplate comes back as it was, and
    one that is nothing but boilerplate becomes a failure.

    >>> doc = make_document("Advertisement\\nKYIV (Reuters) - Drones hit the city.")
    >>> cleaned = without_boilerplate(succeeded("a.txt", doc)).document
    >>> cleaned.text, cleaned.dateline
    ('KYIV (Reuters) - Drones hit the city.', 'KYIV')
    """
    document = item.document
    if document is None:
        return item
    text, dropped = strip_boilerplate(document.text)
    if not dropped:
        return item
    logger.debug(
        "%s: dropped %d boilerplate line(s): %s",
        item.source,
        len(dropped),
        ", ".join(sorted({d.kind for d in dropped})),
    )
    if not text:
        return failed(
            item.source,
            InputError("article is only boilerplate lines (keep_boilerplate keeps them)"),
        )
    rebuilt = make_document(
        text,
        url=document.url,
        outlet=document.outlet,
        title=document.title,
        published=document.published,
        language=document.language,
    )
    update = {"id": rebuilt.id, "text": rebuilt.text, "dateline": rebuilt.dateline}
    return succeeded(item.source, document.model_copy(update=update))


def _read_all(paths: list[str | Path], *, overrides: Meta, max_bytes: int) -> Iterator[Ingested]:
    for given in paths:
        path = Path(given)
        source = str(given)
        if path.is_dir():
            yield from _read_folder(path, overrides=overrides, max_bytes=max_bytes)
        else:
            yield from _read_file(path, source, overrides=overrides, max_bytes=max_bytes)


def _read_folder(folder: Path, *, overrides: Meta, max_bytes: int) -> Iterator[Ingested]:
    found = False
    for path in walk_folder(folder):
        found = True
        yield from _read_file(path, str(path), overrides=overrides, max_bytes=max_bytes)
    if not found:
        yield failed(str(folder), InputError("no files in folder"))


def walk_folder(folder: Path) -> list[Path]:
    """The non-hidden files under ``folder``, recursively, sorted by their path in it.

    Sorting by path parts puts ``b/a.txt`` between ``a.md`` and ``c.txt``, as a listing of
    the tree would. Names starting with "." are skipped, folders included; symlinked
    folders are not followed (no loops).
    """
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _read_file(path: Path, source: str, *, overrides: Meta, max_bytes: int) -> Iterator[Ingested]:
    try:
        if not path.exists():
            raise InputError("no such file or directory")
        detect_format(path)  # an unsupported extension fails before the file is read
        data = read_bytes(path, max_bytes=max_bytes)
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt == "feed":
            reject_binary(data)
            items = iter_feed(data, source=source, overrides=overrides)
        else:
            declared = declared_charset(data) if fmt in (None, "html") else None
            text = decode_bytes(data, declared=declared)
            fmt = detect_format(path, text[:2048])
            if fmt == "feed":
                items = iter_feed(data, source=source, overrides=overrides)
            elif fmt == "jsonl":
                items = iter_jsonl(text, source=source, overrides=overrides)
            elif fmt == "html":
                items = iter([succeeded(source, parse_html(text, overrides=overrides))])
            else:
                items = iter([succeeded(source, parse_text(text, overrides=overrides))])
    except InputError as exc:
        yield failed(source, exc)
        return
    yield from items
