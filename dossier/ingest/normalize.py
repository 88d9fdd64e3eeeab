"""Text normalisation: the one place that decides what ``Document.text`` looks like.

Every offset of every later record points into the text this module returns, so the rules
here are deliberately few, deterministic and idempotent (``normalize_text(normalize_text(t))
== normalize_text(t)``).
"""

from __future__ import annotations

import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

# Invisible characters that carry no text: zero-width space / (non-)joiners, word joiner,
# BOM / zero-width no-break space, soft hyphen and Mongolian vowel separator. Scraped news
# text is full of them (CMS hyphenation, copy-paste from social media) and they break word
# matching downstream, so they are dropped.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"

# Line and paragraph separators become newlines. Other C0/C1 control characters (except tab
# and newline) have no meaning in an article and are dropped: they confuse tokenisers and
# JSON consumers alike.
_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"}


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in _INVISIBLE}
    for code in range(0x3001):
        char = chr(code)
        if char in "\t\n":
            continue
        if char in _LINE_BREAKS:
            table[code] = _LINE_BREAKS[char]
        elif unicodedata.category(char) == "Zs" and char != " ":
            table[code] = " "  # no-break space, en/em/thin spaces, ideographic space ...
        elif unicodedata.category(char) == "Cc" and char != "\r":
            table[code] = None
    return table


# Built once at import and never mutated (a constant, not shared mutable state). All space
# separators (Zs) and controls (Cc) live below U+3001, so the scan stops there.
_TABLE = _build_table()

_SPACE_RUN = re.compile(r"[ \t]+")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Normalise an article's text; the result is what ``Document.text`` holds.

    Unicode NFC; ``\\r\\n`` and ``\\r`` become ``\\n``; zero-width characters, BOM and soft
    hyphens are removed; no-break and other Unicode spaces become " "; runs of spaces and tabs
    collapse to one space; spaces at line starts and ends go; three or more newlines collapse
    to two (paragraph breaks are kept); the whole is stripped.

    >>> normalize_text("\\ufeff Moscow/The\\u00a0Duma\\u200b  voted\\t\\tit. \\r\\n\\r\\n\\r\\nNo")
    'Moscow/The Duma voted it.\\n\\nNo'
    >>> normalize_text("Cafe\\u0301 au lait")  # decomposed e + accent -> composed
    'Café au lait'
    >>> normalize_text("one\\rtwo\\u2028three")
    'one\\ntwo\\nthree'
    >>> normalize_text(" \\n\\t ")
    ''
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TABLE)
    text = _SPACE_RUN.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def normalize_line(text: str) -> str:
    """Normalise a one-line field (a title, an outlet): like :func:`normalize_text`, on one line.

    >>> normalize_line("  Russia ratifies\\n  military   pact ")
    'Russia ratifies military pact'
    """
    return " ".join(normalize_text(text).split())
