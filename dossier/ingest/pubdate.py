"""Publication dates that pages don't give, inferred from the article's own text.

Without a publication date every relative date ("on Tuesday", "last week") stays unresolved, so
when neither the page nor the user gives one, the text is read for it, in order of trust:

1. a *date line* near the top ("Published: 12 March 2024", "March 12, 2024 10:31 GMT");
2. the date of the *dateline* ("MOSCOW, Oct 7 (Reuters) -"), its year, when missing, taken from
   the full dates the text states;
and the *latest full date* the text reports (:func:`latest_full_date`: not one it looks forward
to, "due March 15, 2026", nor the end of an accounting period) gives a year-less dateline its
year. That latest date is not taken as the publication date itself: on Reuters-21578 it was
within a day of the real date for 2% of the articles that had one (median 230 days off: a
text's dates are mostly history, maturities and fiscal periods), so it would anchor "on
Tuesday" to the wrong week far more often than not.

Policy for what cannot be read: only full dates count (a copyright year or a month-day alone
is not a date), a numeric date counts only when its day/month order is unambiguous
("25/03/2024", not "03/04/2024"), and a text without any gives None: never a date from nothing.
The patterns and word lists are in ``resources/pubdate_patterns.json``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from dossier.ingest.dateline import find_dateline

logger = logging.getLogger(__name__)

PATTERNS_FILE = "pubdate_patterns.json"
_REASON_MAX_CHARS = 80


@dataclass(frozen=True)
class Inferred:
    """A publication date read from the text (ISO ``YYYY-MM-DD``) and why it was chosen."""

    published: str
    reason: str


@dataclass(frozen=True)
class Found:
    """A full date stated in the text, with its offsets."""

    value: date
    start: int
    end: int


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    full: tuple[tuple[str, re.Pattern[str]], ...]
    month_days: tuple[re.Pattern[str], ...]
    years: tuple[int, int]
    top_lines: int
    max_line_chars: int
    max_other_words: int
    labels: re.Pattern[str]
    label_ranks: dict[str, int]
    unlabelled_rank: int
    filler: re.Pattern[str]
    cue_window: int
    period_window: int
    ahead: re.Pattern[str]
    cues: re.Pattern[str]
    table_words: re.Pattern[str]


def _alternatives(words: list[str]) -> str:
    # Longest first, so that "sept" is not read as "sep" + "t".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    text = resources.files("dossier.resources").joinpath(PATTERNS_FILE).read_text("utf-8")
    data = json.loads(text)
    pieces = {
        "month": f"(?P<month>{_alternatives(list(data['months']))})",
        "weekday": f"(?:{_alternatives(data['weekdays'])})",
        **data["pieces"],
    }

    def compile_(template: str) -> re.Pattern[str]:
        # Not str.format: the regexes hold their own braces ("\\d{1,2}").
        expanded = re.sub(r"\{(\w+)\}", lambda m: pieces.get(m[1], m[0]), template)
        return re.compile(expanded, re.IGNORECASE)

    full = tuple((k, compile_(v)) for k, v in data["full_dates"].items() if k != "about")
    month_days = tuple(compile_(v) for k, v in data["month_days"].items() if k != "about")
    line = data["date_line"]
    cues = data["not_news_day_cues"]
    return _Patterns(
        months=data["months"],
        full=full,
        month_days=month_days,
        years=(data["years"]["min"], data["years"]["max"]),
        top_lines=line["top_lines"],
        max_line_chars=line["max_line_chars"],
        max_other_words=line["max_other_words"],
        labels=re.compile(rf"\b(?:{_alternatives(list(line['labels']))})\b", re.IGNORECASE),
        label_ranks=line["labels"],
        unlabelled_rank=line["unlabelled_rank"],
        filler=re.compile(line["filler"], re.IGNORECASE),
        cue_window=cues["window"],
        period_window=cues["period_window"],
        ahead=re.compile(rf"\b(?:{_alternatives(cues['ahead'])})\b", re.IGNORECASE),
        cues=re.compile(
            rf"\b(?:{_alternatives(cues['ahead'] + cues['ahead_before'] + cues['periods'])})\b",
            re.IGNORECASE,
        ),
        table_words=re.compile(
            rf"\b(?:{_alternatives(cues['table_words']['words'])})\b", re.IGNORECASE
        ),
    )


def infer_published(text: str) -> Inferred | None:
    """The publication date a text gives away, or None when it states no full date.

    >>> infer_published("Published: 12 March 2024\\n\\nThe Duma met on Tuesday.")
    Inferred(published='2024-03-12', reason="date line: 'Published: 12 March 2024'")
    >>> infer_published("MOSCOW, Oct 7 (Reuters) - The pact, signed on Oct. 2, 2025, passed.")
    Inferred(published='2025-10-07', reason="dateline: 'MOSCOW, Oct 7 (Reuters) -', year of \
2025-10-02 in the text")
    >>> infer_published("The pact signed on March 3, 2024 was ratified on 5 March 2024.") is None
    True
    >>> infer_published("The Duma met on Tuesday. (c) 2024 Example News") is None
    True
    """
    return date_line_date(text) or dateline_date(text)


def full_dates(text: str) -> list[Found]:
    """Every full date (day, month and year) the text states, in text order.

    Numeric dates count only when one reading is possible: a part over 12 is the day, and
    equal parts read the same either way.

    >>> [f.value.isoformat() for f in full_dates("On 25/03/2024, 03/04/2024 and 2024-03-26.")]
    ['2024-03-25', '2024-03-26']
    >>> [f.value.isoformat() for f in full_dates("Tuesday, March 12, 2024 and 31 February 2024")]
    ['2024-03-12']
    """
    patterns = _patterns()
    found: list[Found] = []
    for kind, pattern in patterns.full:
        for match in pattern.finditer(text):
            value = _full_value(kind, match, patterns)
            if value is not None:
                found.append(Found(value, match.start(), match.end()))
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for item in found:  # overlapping readings of one stretch of text: the first, longest wins
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _full_value(kind: str, match: re.Match[str], patterns: _Patterns) -> date | None:
    year = int(match["year"])
    if not patterns.years[0] <= year <= patterns.years[1]:
        return None
    if kind == "numeric":
        first, second = int(match["first"]), int(match["second"])
        if first != second and first <= 12 and second <= 12:
            return None  # "03/04/2024": 3 April or March 4, no way to tell
        day, month = (first, second) if first > 12 else (second, first)
    else:
        day = int(match["day"])
        month_text = match["month"]
        month = int(month_text) if month_text.isdigit() else patterns.months[month_text.lower()]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_line_date(text: str) -> Inferred | None:
    """The date of a date line near the top: a short line that is a date, with at most a label
    ("Published", "Updated"), a time, a zone and a few byline words.

    A "published" label beats no label, which beats "updated": the first edition is the one
    the text was written for.

    >>> date_line_date("Updated 2024-03-14\\nPublished 12 March 2024\\nThe Duma met.").published
    '2024-03-12'
    >>> date_line_date("By Jane Roe | March 12, 2024 10:31 GMT\\nThe Duma met.").published
    '2024-03-12'
    >>> date_line_date("The Duma met on 12 March 2024 to ratify the pact.") is None
    True
    """
    patterns = _patterns()
    best: tuple[int, int, date, str] | None = None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index, line in enumerate(lines[: patterns.top_lines]):
        if len(line) > patterns.max_line_chars or line.endswith((".", "!", "?")):
            continue  # a sentence, not a date line
        dates = full_dates(line)
        if not dates:
            continue
        other = _other_words(line, dates, patterns)
        words = " ".join(other)
        if len(other) > patterns.max_other_words or (
            patterns.cues.search(words) or patterns.table_words.search(words)
        ):
            continue  # a sentence, or a table line ("Year ended March 31, 2024"): not a date line
        previous_end = 0
        for found in dates:
            rank = _label_rank(line[previous_end : found.start], patterns)
            previous_end = found.end
            if best is None or (rank, index) < best[:2]:
                best = (rank, index, found.value, line)
    if best is None:
        return None
    return Inferred(best[2].isoformat(), f"date line: '{_clip(best[3])}'")


def _other_words(line: str, dates: list[Found], patterns: _Patterns) -> list[str]:
    """The words of a line that are neither its dates nor labels, times, zones, separators."""
    rest = line
    for found in reversed(dates):
        rest = rest[: found.start] + " " + rest[found.end :]
    return patterns.filler.sub(" ", patterns.labels.sub(" ", rest)).split()


def _label_rank(before: str, patterns: _Patterns) -> int:
    """The rank of the label just before a date ("Published:" 0, none 1, "Updated" 2)."""
    labels = list(patterns.labels.finditer(before))
    if not labels or patterns.filler.sub(" ", before[labels[-1].end() :]).strip():
        return patterns.unlabelled_rank
    return patterns.label_ranks[labels[-1].group().lower()]


def dateline_date(text: str) -> Inferred | None:
    """The date of a dateline ("MOSCOW, Oct 7 (Reuters) -").

    A dateline rarely states the year: it is the one that puts the date nearest to the latest
    full date the text reports. Without a full date in the text there is no year: None.

    >>> dateline_date("KYIV, Jan 2 (Reuters) - Strikes hit on Dec. 30, 2024, officials said.")
    Inferred(published='2025-01-02', reason="dateline: 'KYIV, Jan 2 (Reuters) -', year of \
2024-12-30 in the text")
    >>> dateline_date("KYIV, 2 January 2025 - Officials said strikes hit the city overnight.")
    Inferred(published='2025-01-02', reason="dateline: 'KYIV, 2 January 2025 -'")
    >>> dateline_date("KYIV, Jan 2 (Reuters) - Strikes hit the city overnight.") is None
    True
    """
    dateline = find_dateline(text)
    if dateline is None:
        return None
    line = _clip(text[dateline.start : dateline.body_start])
    head = text[dateline.end : dateline.body_start]
    if stated := full_dates(head):
        return Inferred(stated[0].value.isoformat(), f"dateline: '{line}'")
    month_day = _month_day(head)
    latest = latest_full_date(text)
    if month_day is None or latest is None:
        return None
    value = _nearest(month_day, latest)
    if value is None:
        return None
    return Inferred(value.isoformat(), f"dateline: '{line}', year of {latest} in the text")


def _month_day(text: str) -> tuple[int, int] | None:
    patterns = _patterns()
    for pattern in patterns.month_days:
        if match := pattern.search(text):
            day = int(match["day"])
            if 1 <= day <= 31:
                return patterns.months[match["month"].lower()], day
    return None


def _nearest(month_day: tuple[int, int], near: date) -> date | None:
    """The date with this month and day nearest to ``near`` (the year before, of, or after).

    >>> _nearest((1, 2), date(2024, 12, 30)), _nearest((3, 1), date(2024, 3, 3))
    (datetime.date(2025, 1, 2), datetime.date(2024, 3, 1))
    """
    options = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            options.append(date(year, *month_day))
        except ValueError:  # 29 February
            continue
    return min(options, key=lambda d: abs((d - near).days), default=None)


def latest_full_date(text: str) -> date | None:
    """The latest full date the text reports, leaving out those it looks forward to and the
    ends of accounting periods.

    >>> latest_full_date("Talks began on 3 March 2024 and run until 1 May 2024.")
    datetime.date(2024, 3, 3)
    >>> latest_full_date("The bonds are due March 15, 2030.") is None
    True
    """
    return max((f.value for f in _reported(text)), default=None)


def _reported(text: str) -> list[Found]:
    """The full dates of the text that no cue marks as other than the day of writing: ahead of
    it ("until", "due", "will", on either side) or the end of an accounting period ("year
    ended", just before it)."""
    patterns = _patterns()
    kept = []
    dates = full_dates(text)
    for index, found in enumerate(dates):
        # This sentence only, and not past the neighbour dates: their cues are their own.
        start = dates[index - 1].end if index else 0
        before = text[max(start, found.start - patterns.cue_window) : found.start]
        before = _SENTENCE_BREAK.split(before)[-1]
        stop = dates[index + 1].start if index + 1 < len(dates) else len(text)
        after = text[found.end : min(stop, found.end + patterns.cue_window)]
        after = _CLAUSE_BREAK.split(after)[0]  # "... on 9 May and will end": not this date's
        if patterns.ahead.search(after) or patterns.cues.search(before[-patterns.period_window :]):
            continue
        if not patterns.ahead.search(before):
            kept.append(found)
    return kept


# A sentence ends at a full stop, question or exclamation mark before a space, or a line break.
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n")
# A clause ends there too, or at a semicolon or a coordinating conjunction.
_CLAUSE_BREAK = re.compile(r"[.!?](?=\s)|\n|;|\b(?:and|but|or|while|whereas)\b")


def _clip(line: str) -> str:
    line = " ".join(line.split())
    return line if len(line) <= _REASON_MAX_CHARS else line[: _REASON_MAX_CHARS - 1] + "…"
