"""HTML: whole web pages (via trafilatura) and HTML fragments such as feed entry bodies."""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from dossier.errors import InputError
from dossier.ingest.documents import Meta, document_from_meta
from dossier.ingest.normalize import normalize_line, normalize_text
from dossier.model import Document

logger = logging.getLogger(__name__)

# Elements that end a paragraph, and elements that end a line, when a fragment becomes text.
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "div",
        "dl",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    }
)
_LINES = frozenset({"br", "dd", "dt", "li", "td", "th", "tr"})
_WHITESPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)
# trafilatura falls back to the text of the whole page when it finds no article in it; for a
# page of menus that is a list of link words. An article has at least one line of prose.
_PROSE_MIN_WORDS = 5


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any.

    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1"></head>')
    'ISO-8859-1'
    >>> declared_charset(b"<html><head></head>") is None
    True
    """
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def parse_html(markup: str, *, overrides: Meta | None = None) -> Document:
    """A Document from a web page: main text, title, date, site name and canonical URL.

    Raises :class:`~dossier.errors.InputError` when no article text can be found.
    """
    if "<" not in markup:
        # Blank or tag-free input: nothing for trafilatura, which would log errors about it.
        raise InputError("no article text found in HTML")
    try:
        extracted = trafilatura.bare_extraction(markup, with_metadata=True)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        logger.debug("trafilatura failed: %r", exc)
        extracted = None
    if extracted is None:
        raise InputError("no article text found in HTML")
    text = normalize_text(extracted.text or "")
    if not any(len(line.split()) >= _PROSE_MIN_WORDS for line in text.split("\n")):
        raise InputError("no article text found in HTML")
    title = extracted.title
    if title:
        text = _drop_title_line(text, title)
    lang = _HTML_LANG.search(markup[:4096])
    meta = Meta(
        url=extracted.url,
        outlet=extracted.sitename,
        title=title,
        published=extracted.date,
        language=lang.group(1).lower() if lang else None,
    )
    if overrides is not None:
        meta = meta.overridden_by(overrides)
    return document_from_meta(text, meta)


def _drop_title_line(text: str, title: str) -> str:
    """Remove the headline when the extracted text repeats it as its first line.

    The title is kept in ``Document.title``; left in the text it would hide a dateline,
    which is only looked for at the very start.

    >>> _drop_title_line("Ferry link approved\\nPORTMERE — The ...", "Ferry  link approved")
    'PORTMERE — The ...'
    >>> _drop_title_line("PORTMERE — The ...", "Ferry link approved")
    'PORTMERE — The ...'
    """
    first, _, rest = text.partition("\n")
    if rest.strip() and normalize_line(first).casefold() == normalize_line(title).casefold():
        return rest.lstrip("\n")
    return text


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's body), with paragraphs on their own lines.

    trafilatura is built for whole pages and drops short fragments, so fragments are read
    with lxml directly: scripts and styles go, whitespace collapses as a browser would
    collapse it, and block elements and ``<br>`` end lines.

    >>> fragment_text("<p>MOSCOW —  The Duma\\n voted.</p><p>It passed.<br>Easily.</p>")
    'MOSCOW — The Duma voted.\\n\\nIt passed.\\nEasily.'
    >>> fragment_text("Plain &amp; simple")
    'Plain & simple'
    >>> fragment_text("")
    ''
    """
    if not markup.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError) as exc:
        logger.debug("cannot parse HTML fragment: %r", exc)
        return normalize_text(markup)
    etree.strip_elements(root, "script", "style", etree.Comment, with_tail=False)
    for element in root.iter():
        element.text = _collapse(element.text)
        element.tail = _collapse(element.tail)
    for element in root.iter():
        if element.tag in _LINES:
            element.tail = "\n" + (element.tail or "").lstrip()
        elif element.tag in _BLOCKS and element is not root:
            element.tail = "\n\n" + (element.tail or "").lstrip()
    return normalize_text(root.text_content())


def _collapse(value: str | None) -> str | None:
    return _WHITESPACE.sub(" ", value) if value else value
