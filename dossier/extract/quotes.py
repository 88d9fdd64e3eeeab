"""Quotations in a text: character spans from the opening mark to the closing one, marks included.

Curly double quotes (“ ”) pair by direction; straight double quotes (") pair in turn within a
paragraph; curly single quotes (‘ ’) count only outside double quotes, opening at the start of
a word and closing before a non-letter (so that apostrophes are not quotes). A quotation that
runs over several paragraphs, each reopened with a mark and only the last closed (the English
convention), is one span. An opening mark left unclosed is dropped, never guessed at.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_DOUBLE = re.compile(r"''|[“”\"]")  # '' is the double quotation mark of some wires
OPENERS = ("“", '"', "''")
SYMMETRIC = ('"', "''")
_PARAGRAPH = re.compile(r"\n\s*")
OPENING = '“‘"'
CLOSING = '”’"'


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _opens_next(text: str, paragraphs: list[tuple[int, int]], index: int) -> bool:
    return index + 1 < len(paragraphs) and text.startswith(OPENERS, paragraphs[index + 1][0])


def find_quotes(text: str) -> list[tuple[int, int]]:
    """The quotations of ``text`` as ``(start, end)`` character spans, in order.

    >>> t = '“It works,” she said. He said "yes" and ‘maybe’ but it\\'s fine.'
    >>> [t[s:e] for s, e in find_quotes(t)]
    ['“It works,”', '"yes"', '‘maybe’']
    >>> t = '“One.\\n“Two.”\\nSo.'
    >>> [t[s:e] for s, e in find_quotes(t)]
    ['“One.\\n“Two.”']
    >>> t = "''We won,'' she said."
    >>> [t[s:e] for s, e in find_quotes(t)]
    ["''We won,''"]
    >>> find_quotes('an “unclosed quote')
    []
    """
    paragraphs = _paragraphs(text)
    spans: list[tuple[int, int]] = []
    open_at: int | None = None  # an opening mark carried over from an earlier paragraph
    for index, (p_start, p_end) in enumerate(paragraphs):
        marks = [(m.start(), m.group()) for m in _DOUBLE.finditer(text, p_start, p_end)]
        if open_at is not None and (not marks or marks[0][1] not in OPENERS):
            open_at = None  # the carried quotation is not reopened: drop it
        elif open_at is not None:
            marks = marks[1:]  # the reopening mark continues the carried quotation
        current = open_at
        for pos, mark in marks:
            opened = _mark_at(text, current) if current is not None else None
            if current is None:
                if mark in OPENERS:
                    current = pos
            elif mark == "”" or (mark in SYMMETRIC and opened == mark):
                spans.append((current, pos + len(mark)))
                current = None
            elif mark == "“":
                current = pos  # an unclosed opening mark: start again here
        carried = current is not None and _opens_next(text, paragraphs, index)
        open_at = current if carried else None
    spans.extend(_single_quotes(text, spans))
    return sorted(spans)


def _mark_at(text: str, pos: int) -> str:
    return "''" if text.startswith("''", pos) else text[pos]


_SINGLE = re.compile(r"(?<![\w’'])‘(?=\w)[^‘’\n]*?[\w.,!?]’(?!\w)")


def _single_quotes(text: str, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for match in _SINGLE.finditer(text):
        if not any(s <= match.start() < e for s, e in doubles):
            out.append((match.start(), match.end()))
    return out
