"""Datelines: the "MOSCOW (Reuters) -" that opens many news articles.

No library recognises datelines, so this module has its own rules. They are written to be
conservative: a missed dateline only costs a place hint, while a false one would invent a
place and hide the start of the first sentence. Only the very start of the text (its first
line) is looked at.

Recognised shapes (the place is what ``Dateline.place`` holds)::

    Moscow/The Russian Duma ...                  slash, EFE style
    MOSCOW (Reuters) - ...                       agency in parentheses
    MOSCOW, Oct 7 (Reuters) - ...                date, agency
    WASHINGTON — ...    WASHINGTON -- ...        dash
    Kyiv, Ukraine – ...                          region after a comma (kept out of the place)
    HAVANA, Cuba (AP) — ...
    BEIJING: ...                                 colon
    SAN JUAN, Puerto Rico, March 3 (Reuters) - ...
    PARIS, 12 mars (AFP) - ...   МОСКВА, 4 ноября (Интерфакс) - ...   in other languages too
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a text.

    ``place`` is the place name as written (without any ", Region" that follows it);
    ``start``/``end`` are its offsets in the text; ``body_start`` is the offset where the
    article's first sentence starts.
    """

    place: str
    start: int
    end: int
    body_start: int


# Letters: ASCII, Latin-1, Latin Extended-A ("ZÜRICH", "São Paulo", "Łódź") and Cyrillic
# ("МОСКВА", "Київ"). re has no Unicode case classes; Extended-A mixes cases, so it counts as
# both.
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f\u0400-\u042f"
_LOWER = "a-zß-öø-ÿ\u0100-\u017f\u0430-\u045f"
# Words of a place name. ALL-CAPS words may carry an abbreviation point ("ST. LOUIS");
# title-case words may be "McAllen", "N'Djamena", "Port-au-Prince", "St.".
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}'’\-]*\.?"
_TITLE_WORD = rf"[{_UPPER}][{_LOWER}]*(?:[{_UPPER}][{_LOWER}]+)?(?:['’\-][{_UPPER}{_LOWER}]+)*\.?"
# Lower-case particles inside title-case place names ("Rio de Janeiro", "Dar es Salaam").
_PARTICLE = r"(?:de|da|do|del|dos|das|di|du|la|le|el|al|es|of|au|sur|am|an|upon)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
_TITLE_PLACE = rf"{_TITLE_WORD}(?: (?:{_PARTICLE} )?{_TITLE_WORD}){{0,2}}"
_REGION_WORD = rf"(?:(?:[A-Z]\.){{1,3}}|{_TITLE_WORD}|{_CAPS_WORD})"
_REGION = rf"{_REGION_WORD}(?: {_REGION_WORD}){{0,2}}"
_MONTH = (
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"(?:[a-z]*|[A-Z]*)\.?"
)
# A day before its month in any language: "12 mars", "4 de noviembre", "4. November",
# "4 ноября" (the month is any lower-case word: the shape around it is strict enough).
_MONTH_WORD = rf"[{_LOWER}]{{3,12}}\.?"
_DAY_MONTH = rf"\d{{1,2}}\.? (?:de )?(?:{_MONTH}|{_MONTH_WORD})(?: (?:de )?\d{{4}})?"
_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:, \d{{4}})?|{_DAY_MONTH})"
_AGENCY = rf"[{_UPPER}{_LOWER}][{_UPPER}{_LOWER}&.'’ \-]{{0,40}}"
# Delimiters between the dateline and the body. A plain hyphen must have spaces around it,
# because hyphens also join words ("Winston-Salem").
_LONG_DASH = r"[ \t]*(?:—|–|―|--)[ \t]*"
_HYPHEN = r"[ \t]+-[ \t]+"
_COLON = r":[ \t]+"

# Not re.VERBOSE: the spaces inside the pieces above are literal.
_DATELINE = re.compile(
    r"\A[ \t]*"
    rf"(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})"
    r"(?:"
    r"(?P<slash>/)"
    r"|"
    rf"(?:,[ \t]+(?P<region>{_REGION}))??"
    rf"(?:,?[ \t]+(?P<date>{_DATE}))?"
    rf"(?:[ \t]+\((?P<agency>{_AGENCY})\))?"
    rf"(?P<delim>{_LONG_DASH}|{_HYPHEN}|{_COLON})"
    r")"
)

# Besides capitals and digits, a body may start with an opening quote.
_OPENING_QUOTES = "“\"‘'«"
# Kicker words that open headlines and standfirsts ("BREAKING: ...", "Analysis — ..."); they
# have the shape of a dateline but are never places.
_KICKERS = frozenset(
    {
        "breaking",
        "update",
        "updated",
        "exclusive",
        "analysis",
        "opinion",
        "editorial",
        "comment",
        "commentary",
        "watch",
        "live",
        "video",
        "photos",
        "photo",
        "correction",
        "corrected",
        "factbox",
        "explainer",
        "review",
        "interview",
        "podcast",
        "news",
        "urgent",
        "flash",
        "alert",
        "note",
        "feature",
        "advisory",
        "timeline",
        "q&a",
        "report",
        "reports",
    }
)
_SENTENCE_END = re.compile(r"[.!?…][”\"’')\]]*\Z")
# A first line of at least this many words is taken to be a sentence even without a final
# full stop; headlines are almost always shorter.
_SENTENCE_MIN_WORDS = 12
# A standfirst (a one-line summary above the body, often in syndicated copies) is at most this
# long; a dateline may open the paragraph after it.
_STANDFIRST_MAX_CHARS = 200
# The rest of the first line after the delimiter must have at least this many words, so that
# "Russia Ratifies Pact — Report" is not read as a dateline.
_BODY_MIN_WORDS = 3


def find_dateline(text: str) -> Dateline | None:
    """Find a dateline at the very start of ``text`` (its first line), or after a one-line
    standfirst that opens it; return None when there is none.

    >>> find_dateline("MOSCOW, Oct 7 (Reuters) - The Russian Duma ratified a pact.")
    Dateline(place='MOSCOW', start=0, end=6, body_start=26)
    >>> find_dateline("Kyiv, Ukraine – Russia launched drones overnight, officials said.")
    Dateline(place='Kyiv', start=0, end=4, body_start=16)
    >>> find_dateline("Moscow has ratified the agreement with Cuba.") is None
    True
    >>> find_dateline("Pact ratified.\\n\\nMOSCOW (Reuters) - The Duma ratified a pact.")
    Dateline(place='MOSCOW', start=16, end=22, body_start=35)
    """
    first_line, _, rest = text.partition("\n")
    found = _dateline_of(first_line, 0)
    if found is None and len(first_line) <= _STANDFIRST_MAX_CHARS and rest.startswith("\n"):
        offset = len(first_line) + 2
        found = _dateline_of(text[offset:].split("\n", 1)[0], offset)
    return found


def _dateline_of(line: str, offset: int) -> Dateline | None:
    match = _DATELINE.match(line)
    if match is None:
        return None
    place = match.group("place")
    body_start = match.end()
    if not _plausible(match, line, body_start):
        return None
    return Dateline(
        place=place.rstrip(),
        start=offset + match.start("place"),
        end=offset + match.start("place") + len(place.rstrip()),
        body_start=offset + body_start,
    )


def _plausible(match: re.Match[str], line: str, body_start: int) -> bool:
    """Reject matches that look like headlines or kickers rather than datelines."""
    place = match.group("place")
    if place.split()[0].strip(".").lower() in _KICKERS:
        return False
    body = line[body_start:]
    first = body[:1]
    if not (first.isupper() or first.isdigit() or (first and first in _OPENING_QUOTES)):
        return False  # the body must start like a sentence
    if match.group("agency") or match.group("date"):
        return True  # "(Reuters)" or "Oct 7" make the shape unambiguous
    if len(body.split()) < _BODY_MIN_WORDS:
        return False
    # A colon after a title-case word is a headline ("Ukraine: what we know"), and a spaced
    # hyphen after a bare title-case word is a compound ("Russia - Cuba ties"): keep colon and
    # hyphen for ALL-CAPS places, places with a region, or the strong shapes above.
    delim = (match.group("delim") or "").strip()
    if delim in (":", "-") and not place.isupper() and not match.group("region"):
        return False
    # Without an agency or a date the shape alone is weak ("NATO: Russia must ...",
    # "Moscow/Kyiv talks stall"), so the first line must read as a sentence.
    stripped = line.rstrip()
    return bool(_SENTENCE_END.search(stripped)) or len(stripped.split()) >= _SENTENCE_MIN_WORDS
