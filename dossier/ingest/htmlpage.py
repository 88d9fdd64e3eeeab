"""HTML: whole web pages (via trafilatura) and HTML fragments such as feed entry bodies."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

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
    text = normalize_text(extracted.text or "") if extracted is not None else ""
    if not _has_prose(text):
        # trafilatura gives up on some hostile pages (nesting deeper than lxml goes): read
        # the page's text with the standard library's tolerant parser instead.
        text = plain_text(markup)
        if not _has_prose(text):
            raise InputError("no article text found in HTML")
        extracted = None
    title = extracted.title if extracted is not None else _page_title(markup)
    if title:
        text = _drop_title_line(text, title)
    lang = _HTML_LANG.search(markup[:4096])
    meta = Meta(
        url=extracted.url if extracted is not None else None,
        outlet=extracted.sitename if extracted is not None else None,
        title=title,
        published=extracted.date if extracted is not None else None,
        language=lang.group(1).lower() if lang else None,
    )
    if overrides is not None:
        meta = meta.overridden_by(overrides)
    return document_from_meta(text, meta)


def _has_prose(text: str) -> bool:
    return any(len(line.split()) >= _PROSE_MIN_WORDS for line in text.split("\n"))


class _TextParser(HTMLParser):
    """Text of a page, without scripts and styles, block elements on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCKS or tag in _LINES:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def plain_text(markup: str) -> str:
    """The text of a page read with the standard library's parser (no nesting limit).

    >>> plain_text("<title>T</title>" + "<div>" * 1000 + "<p>Deep text.</p><script>x()</script>")
    'Deep text.'
    >>> plain_text("<p>Read this.</p><![CDATarch. x")  # found by fuzzing
    'Read this.'
    """
    parser = _feed(markup)
    blocks = ("".join(parser.parts)).split("\n\n")
    return normalize_text("\n\n".join(" ".join(b.split()) for b in blocks if b.strip()))


def _feed(markup: str) -> _TextParser:
    """The parser after reading ``markup``; on a declaration it cannot read (Python's parser
    raises AssertionError on some, found by fuzzing) it keeps what it read before."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError) as exc:
        logger.debug("html.parser stopped: %r", exc)
    return parser


def _page_title(markup: str) -> str | None:
    parser = _feed(markup[:20000])
    return " ".join("".join(parser.title).split()) or None


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
