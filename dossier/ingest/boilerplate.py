"""Boilerplate lines of pasted or saved web pages: found, named and removed from plain text.

A page saved or pasted as text keeps what a browser shows around the article: "Read more:"
links, photo credits and captions, share buttons, newsletter and subscription prompts,
cookie notices, "Advertisement", menus and price tables. Left in, they become sources,
claims or figures. The rules here decide one line at a time with simple, general features
(a known phrase at the line's start, the whole line being a known label, its length, whether
it ends like a sentence, a credit such as ``(Reuters/John Smith)`` at its end, a line that is
only a URL or only share-button words), then find *blocks*: consecutive short lines that are
a menu, the headlines after a "Related stories" header, a subscription price table or an
opening-hours schedule.

Policy: a false drop loses news text, a missed line only adds noise, so every rule prefers
to keep a line when unsure. Bylines and timestamps are never boilerplate (dates are read
from them), nor is a line that only *contains* "read", "share", "subscribe" or "photo": a
phrase counts only at the start of a line that is short enough for its rule. Tables of
figures that are news (casualties, earnings, prices of goods) have no subscription words and
are kept.

The phrases and word lists are data: ``dossier/resources/boilerplate.json``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dossier.ingest.dateline import find_dateline

logger = logging.getLogger(__name__)

RESOURCE = "boilerplate.json"

MAX_HEADLINE_WORDS = 20
"""A line after a "Related stories" header with more words than this is text, not a link."""
MAX_LINK_LIST = 12
"""At most this many headline lines are dropped after one header."""
MAX_ROW_WORDS = 12
"""Rows of a price table or schedule are short."""
MAX_MENU_WORDS = 3
"""Menu items are one to three words."""
MIN_SCHEDULE_ROWS = 3
MIN_MENU_ROWS = 3
MAX_CAPTION_WORDS = 60
"""A line ending in a photo credit with more words than this is kept (a paragraph)."""

# Characters that decorate a line without being its text: bullets, Markdown emphasis and
# headings, quote markers.
_LEADING_MARKUP = re.compile(r"^[\s#>*_•·▪►|~=-]+")
_TRAILING_MARKUP = re.compile(r"[\s*_|~=]+$")
_KEY_STRIP = " \t.:;,!?|-–—*_#>•·()[]{}\"'“”‘’«»"
_SENTENCE_END = re.compile(r"[.!…]+[\"'”’»)\]]*$|[?][\"'”’»)\]]*$")
_URL_START = re.compile(r"^<?(?:https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\([^)\s]*\)|<https?://[^>\s]+>|https?://\S+")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[\w$€£¥.'’&/-]+|[|•·]")
_TIME = r"\d{1,2}(?:\s?[:.]\s?\d{2})?\s?(?:[ap]\.?\s?m\.?)?"
_TIME_RANGE = re.compile(
    rf"(?<![\d.,]){_TIME}\s*(?:-|–|—|to|until|till)\s*{_TIME}(?![\d.,])", re.IGNORECASE
)
_CLOCK = re.compile(
    r"(?<![\d.,])\d{1,2}(?:\s?:\s?\d{2}\s?(?:[ap]\.?\s?m\.?)?|\s?[ap]\.?\s?m\.?)(?![\w])",
    re.IGNORECASE,
)
_MAGNITUDE_SUFFIX = re.compile(r"\d(?:m|bn|b|k|mn|mln|bln)\b", re.IGNORECASE)
# "... on Monday. Photograph: Jane Roe/AFP", "(Photo by Jane Roe)": a credit after a
# finished sentence or in brackets, never the end of a sentence ("a letter of credit by ...").
_CAPTION_TAIL = re.compile(
    r"(?:^|[.!?\"”]\s+|[(\[]\s*)"
    r"(?:(?:Photograph|Photo|Picture|Image|Illustration|Composite)s?\s*(?::|by)|Credit\s*:)"
    r"\s*[^.!?:]{2,80}[)\]]?\.?$",
    re.IGNORECASE,
)
_SAVING = re.compile(r"\bsave\s+(?:up\s+to\s+)?\d+\s?%|\d+\s?%\s+off\b", re.IGNORECASE)
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """Lines that start with one of ``phrases`` (case-insensitive, at a word boundary).

    ``requires``, when set, must also match the rest of the line after the phrase; a line
    with more than ``max_words`` words is kept whatever it starts with.
    """

    name: str
    pattern: re.Pattern[str]
    max_words: int
    requires: re.Pattern[str] | None
    list_header: bool


@dataclass(frozen=True)
class Lexicon:
    """The phrase lists and patterns of ``boilerplate.json``, compiled once."""

    exact: frozenset[str]
    headers: frozenset[str]
    rules: tuple[Rule, ...]
    social_words: frozenset[str]
    social_required: frozenset[str]
    nav_words: frozenset[str]
    period_words: frozenset[str]
    magnitude_words: frozenset[str]
    weekdays: frozenset[str]
    max_price: float
    credit: re.Pattern[str]
    price: re.Pattern[str]


@dataclass(frozen=True)
class Dropped:
    """A line taken out of a text: its number (from 0), the rule that took it, its text."""

    line: int
    kind: str
    text: str


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = re.escape(phrase).replace(r"\ ", r"\s+")
        parts.append(escaped + (r"(?!\w)" if phrase[-1].isalnum() else ""))
    return re.compile("^(?:" + "|".join(parts) + ")", re.IGNORECASE)


@cache
def lexicon() -> Lexicon:
    """The boilerplate lexicon, read from the package's data file once."""
    data = json.loads(resources.files("dossier.resources").joinpath(RESOURCE).read_text("utf-8"))
    rules = tuple(
        Rule(
            name=entry["name"],
            pattern=_phrase_pattern(entry["phrases"]),
            max_words=int(entry["max_words"]),
            requires=re.compile(entry["requires"]) if entry.get("requires") else None,
            list_header=bool(entry.get("list_header", False)),
        )
        for entry in data["prefixes"]
    )
    headers = frozenset(
        phrase.strip(_KEY_STRIP).lower()
        for entry in data["prefixes"]
        if entry.get("list_header")
        for phrase in entry["phrases"]
    )
    agencies = "|".join(re.escape(a) for a in sorted(data["agencies"], key=len, reverse=True))
    # (Reuters/John Smith), AFP/Getty Images, John Smith/AP, REUTERS/John Smith/File Photo
    name = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
    credit = re.compile(
        rf"[(\[]?\s*(?:(?:{agencies})\s*/\s*{name}|{name}\s*(?:/|\bvia\b)\s*(?:{agencies}))"
        rf"(?:\s*/\s*{name})*\s*[)\]]?\s*\.?$"
    )
    symbols = re.escape(data["currency_symbols"])
    codes = "|".join(re.escape(c) for c in sorted(data["currency_codes"], key=len, reverse=True))
    amount = r"\d[\d,]*(?:\.\d{1,2})?"
    price = re.compile(
        rf"(?:[{symbols}]|(?<![\w$])(?:{codes}))\s?{amount}|{amount}\s?(?:[{symbols}]|(?:{codes})\b)"
    )
    return Lexicon(
        exact=frozenset(item.lower() for item in data["exact"]),
        headers=headers,
        rules=rules,
        social_words=frozenset(data["social_words"]),
        social_required=frozenset(data["social_required"]),
        nav_words=frozenset(data["nav_words"]),
        period_words=frozenset(data["period_words"]),
        magnitude_words=frozenset(data["magnitude_words"]),
        weekdays=frozenset(data["weekdays"]),
        max_price=float(data["max_subscription_price"]),
        credit=credit,
        price=price,
    )


def _bare(line: str) -> str:
    """The line without bullets, Markdown emphasis or heading marks around it."""
    return _TRAILING_MARKUP.sub("", _LEADING_MARKUP.sub("", line))


def _key(line: str) -> str:
    return " ".join(line.strip(_KEY_STRIP).lower().split())


def _tokens(line: str) -> list[str]:
    return [t.lower().strip(".'’-") or t for t in _TOKEN.findall(line)]


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (``.``, ``!``, ``?``, ``…``, maybe quoted).

    >>> ends_sentence('He said it was over."'), ends_sentence("Related stories")
    (True, False)
    """
    return bool(_SENTENCE_END.search(line.rstrip()))


def line_kind(line: str) -> str | None:
    """The boilerplate rule a single line falls under, or None to keep it.

    >>> line_kind("Read more: Russia and Cuba sign a defence pact")
    'read_more'
    >>> line_kind("ADVERTISEMENT")
    'exact'
    >>> line_kind("A soldier walks past a ruined school in Izium. (Reuters/Jane Doe)")
    'photo_credit'
    >>> line_kind("Share on Facebook Twitter Email")
    'share'
    >>> line_kind("Facebook Twitter LinkedIn WhatsApp")
    'share'
    >>> line_kind("Sign up for our morning briefing")
    'newsletter'
    >>> line_kind("https://example.org/world/article-123")
    'url'
    >>> line_kind("Shares in the carmaker fell 4% after the report.") is None
    True
    >>> line_kind("MOSCOW, Oct 7 (Reuters) - The Duma voted on Tuesday.") is None
    True
    """
    lex = lexicon()
    bare = _bare(line)
    if not bare:
        return None
    key = _key(bare)
    if key in lex.exact:
        return "exact"
    words = bare.split()
    if _URL_START.match(bare) and not ends_sentence(bare):
        return "url"
    if not _MARKDOWN_LINK.sub("", bare).strip(_KEY_STRIP) and _MARKDOWN_LINK.search(bare):
        return "link"
    for rule in lex.rules:
        match = rule.pattern.match(bare)
        if match is None or len(words) > rule.max_words:
            continue
        if rule.requires is None or rule.requires.search(bare[match.end() :]):
            return rule.name
    if _is_credit(bare, lex):
        return "photo_credit"
    tokens = _tokens(bare)
    if (
        tokens
        and all(t in lex.social_words for t in tokens)
        and any(t in lex.social_required for t in tokens)
    ):
        return "share"
    if _is_menu_line(bare, lex):
        return "menu"
    return None


def _is_credit(line: str, lex: Lexicon) -> bool:
    """A photo credit (``AFP/Getty Images``), or a caption that ends with one."""
    if len(line.split()) > MAX_CAPTION_WORDS:
        return False
    credit = lex.credit.search(line)
    if credit is not None:
        before = line[: credit.start()].rstrip()
        # The whole line, a credit in brackets, or one after a finished sentence; not the
        # end of a sentence that names a poll ("... according to a Reuters/Ipsos poll").
        if not before or credit.group().lstrip()[0] in "([" or ends_sentence(before):
            return True
    tail = _CAPTION_TAIL.search(line)
    return tail is not None and len(tail.group().split()) <= 12


def _is_menu_line(line: str, lex: Lexicon) -> bool:
    """``Home | World | Politics | Business``: four or more short items, mostly section names."""
    if _BYLINE.match(line) or _DIGIT.search(line):
        return False
    items = [item.strip() for item in re.split(r"\s*[|•·]\s*", line) if item.strip()]
    if len(items) < 4 or any(len(item.split()) > MAX_MENU_WORDS for item in items):
        return False
    return sum(_key(item) in lex.nav_words for item in items) * 2 >= len(items)


def _headline_like(line: str) -> bool:
    """A link's text in a list: short, not a sentence, not a byline or a dateline."""
    bare = _bare(line)
    return (
        0 < len(bare.split()) <= MAX_HEADLINE_WORDS
        and not re.search(r"[.!…:;,\-–—][\"'”’»)\]]*$", bare)
        and not _BYLINE.match(bare)
        and find_dateline(bare) is None
    )


def _price_row(line: str, lex: Lexicon) -> int:
    """The number of prices on a subscription-price row (``12 months $99``); 0: not a row."""
    bare = _bare(line)
    if len(bare.split()) > MAX_ROW_WORDS or (ends_sentence(bare) and bare[-1] != "?"):
        return 0
    prices = [_amount(p) for p in lex.price.findall(bare)]
    if not prices or max(prices) > lex.max_price:
        return 0
    tokens = set(_tokens(re.sub(r"/", " ", bare)))
    if (
        tokens & lex.magnitude_words
        or _MAGNITUDE_SUFFIX.search(bare)
        or "%" in _SAVING.sub("", bare)
    ):
        return 0
    return len(prices) if tokens & lex.period_words else 0


def _amount(price: str) -> float:
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", price)
    return float(digits.group().replace(",", "")) if digits else 0.0


def _schedule_row(line: str, lex: Lexicon) -> bool:
    """A row of opening hours or a programme: a time range, or a weekday with a time."""
    bare = _bare(line)
    if not bare or len(bare.split()) > MAX_ROW_WORDS or ends_sentence(bare):
        return False
    ranges = [m.group() for m in _TIME_RANGE.finditer(bare)]
    # "9:00-17:00", "9am-5pm"; not "4.00 to 6.00 dlrs" (prices) or "20-26" (sizes).
    if any(re.search(r":|\d\s?[ap]\.?\s?m\b", r, re.IGNORECASE) for r in ranges):
        return True
    return bool(_CLOCK.search(bare)) and bool(set(_tokens(bare)) & lex.weekdays)


def _menu_item(line: str, lex: Lexicon) -> bool | None:
    """True: a section name; False: another short label; None: not a menu line at all."""
    bare = _bare(line)
    words = bare.split()
    if not words or len(words) > MAX_MENU_WORDS or _DIGIT.search(bare) or ends_sentence(bare):
        return None
    if _key(bare) in lex.nav_words:
        return True
    return False if all(w[0].isupper() for w in words) else None


def _runs(indexes: list[int], lines: Sequence[str], *, filler: set[int]) -> list[list[int]]:
    """Group line numbers into runs of rows separated only by blank or ``filler`` lines."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs:
            gap = range(runs[-1][-1] + 1, index)
            if all(not lines[i].strip() or i in filler for i in gap):
                runs[-1].append(index)
                continue
        runs.append([index])
    return runs


def find_boilerplate(lines: Sequence[str]) -> dict[int, str]:
    """Boilerplate among the lines of a text: line number (from 0) -> the rule that found it.

    Single lines come from :func:`line_kind`; blocks are the headlines under a list header
    (``link_list``), subscription price tables (``price_table``), schedules (``schedule``)
    and menus (``menu``). Blank lines are never reported.

    >>> find_boilerplate(["Talks resumed.", "Related stories", "", "Ceasefire holds in Gaza",
    ...                   "Aid convoy reaches Rafah", "", "The talks resumed on Monday."])
    {1: 'exact', 3: 'link_list', 4: 'link_list'}
    >>> find_boilerplate(["1 month $9.99", "12 months $99 (save 17%)", "Killed: 12"])
    {0: 'price_table', 1: 'price_table'}
    >>> find_boilerplate(["Killed: 12", "Wounded: 40", "Missing: 3"])
    {}
    """
    lex = lexicon()
    found: dict[int, str] = {}
    for number, line in enumerate(lines):
        kind = line_kind(line)
        if kind is not None:
            found[number] = kind
    _link_lists(lines, found, lex)
    # A short label between two rows of a table ("Best value", "Sun closed") belongs to it.
    labels = {
        i
        for i, line in enumerate(lines)
        if 0 < len(line.split()) <= 4 and not _DIGIT.search(line) and not ends_sentence(line)
    }
    _price_tables(lines, found, lex, labels)
    schedule = [i for i, line in enumerate(lines) if i not in found and _schedule_row(line, lex)]
    for run in _runs(schedule, lines, filler=set(found) | labels):
        if len(run) >= MIN_SCHEDULE_ROWS:
            for index in range(run[0], run[-1] + 1):
                if lines[index].strip() and index not in found:
                    found[index] = "schedule"
    _menus(lines, found, lex)
    return dict(sorted(found.items()))


def _link_lists(lines: Sequence[str], found: dict[int, str], lex: Lexicon) -> None:
    """The headlines that follow a header line such as "Related stories" or "SEE ALSO"."""
    for number in sorted(found):
        if _key(_bare(lines[number])) not in lex.headers:
            continue
        taken = 0
        index = number + 1
        while index < len(lines) and taken < MAX_LINK_LIST:
            line = lines[index]
            if not line.strip():
                index += 1
                continue
            if index in found:
                break
            if not _headline_like(line):
                break
            found[index] = "link_list"
            taken += 1
            index += 1


def _price_tables(
    lines: Sequence[str], found: dict[int, str], lex: Lexicon, labels: set[int]
) -> None:
    counts = {i: _price_row(line, lex) for i, line in enumerate(lines) if i not in found}
    rows = [i for i, count in counts.items() if count]
    for run in _runs(rows, lines, filler=set(found) | labels):
        if len(run) >= 2 or counts[run[0]] >= 2:
            for index in range(run[0], run[-1] + 1):
                if lines[index].strip() and index not in found:
                    found[index] = "price_table"


def _menus(lines: Sequence[str], found: dict[int, str], lex: Lexicon) -> None:
    items = {i: _menu_item(line, lex) for i, line in enumerate(lines) if i not in found}
    candidates = [i for i, item in items.items() if item is not None]
    for run in _runs(candidates, lines, filler=set()):
        named = sum(bool(items[i]) for i in run)
        if len(run) >= MIN_MENU_ROWS and named * 3 >= len(run) * 2:
            found.update(dict.fromkeys(run, "menu"))


def strip_boilerplate(text: str) -> tuple[str, list[Dropped]]:
    """The text without its boilerplate lines, and the lines dropped.

    Lines are split on ``\\n``; a dropped line goes with its line break, runs of three or
    more line breaks left behind become a paragraph break, and the result is stripped. Text
    without boilerplate comes back unchanged.

    >>> text, dropped = strip_boilerplate(
    ...     "MOSCOW, Oct 7 (Reuters) - The Duma voted.\\n\\nAdvertisement\\n\\n"
    ...     "Photo: AFP/Getty Images\\n\\nThe vote was 400 to 2.")
    >>> text
    'MOSCOW, Oct 7 (Reuters) - The Duma voted.\\n\\nThe vote was 400 to 2.'
    >>> [(d.line, d.kind) for d in dropped]
    [(2, 'exact'), (4, 'photo_credit')]
    """
    lines = text.split("\n")
    found = find_boilerplate(lines)
    if not found:
        return text, []
    dropped = [Dropped(line=i, kind=kind, text=lines[i]) for i, kind in found.items()]
    kept = "\n".join(line for i, line in enumerate(lines) if i not in found)
    return re.sub(r"\n{3,}", "\n\n", kept).strip(), dropped
