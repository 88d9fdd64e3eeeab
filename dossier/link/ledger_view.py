"""Showing a figure ledger: one row per source, each figure drawn as a bar on a shared log scale.

A bar is :data:`BAR_WIDTH` characters: ``█`` for what the source says, ``▒`` when it hedges
("an estimated", "may have"), ``░`` when it denies; a stated number is one mark, a range a run
of marks, and an open end ("up to", "at least", "more than") an arrow to the edge of the scale.
The title says when the ledger is contested; a last line shows how the figure moved over time
(entries in order of when their source said them: the date of the claim where the text
gives one, else of publication). :func:`relations` names the ledgers of the same subject whose
measure class is related ("killed_or_missing includes killed"), shown side by side.

:func:`render_ledger` gives a ``rich`` table (the CLI prints it); :func:`ledger_text` the same
as plain text (logs, tests).

A ledger whose entries come from articles in other languages than English
(:func:`multilingual`) also shows each entry's language, the figure as its article wrote it
and the sentence it is in (``LedgerEntry.language`` and ``sentence``): a toll given in
Russian is checked against its own words, not a translation.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from dossier.extract.measure_class import relation
from dossier.model import Ledger, LedgerEntry

logger = logging.getLogger(__name__)

BAR_WIDTH = 40
FILL = {"asserted": "█", "hedged": "▒", "denied": "░", None: "█"}
EMPTY = "·"
SYMBOL = {"about": "~", "up_to": "≤", "at_most": "≤", "at_least": "≥", "more_than": ">",
          "less_than": "<"}  # fmt: skip
UNDATED = "undated"


def format_number(value: float) -> str:
    """A figure as a reader writes it: thousands separators, millions and billions in words.

    >>> [format_number(v) for v in (12, 1500, 2.5, 8_600_000, 12_000_000, 1.5e9, 0.25)]
    ['12', '1,500', '2.5', '8.6 million', '12 million', '1.5 billion', '0.25']
    """
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3g}"


def interval_text(
    low: float | None, high: float | None, qualifier: str = "exact", vague: bool = False
) -> str:
    """The interval of a figure in a few characters.

    >>> interval_text(1000, 5000, "between"), interval_text(None, 20000, "up_to")
    ('1,000–5,000', '≤20,000')
    >>> interval_text(40, None, "at_least"), interval_text(5000, 5000, "about")
    ('≥40', '~5,000')
    >>> interval_text(24, 99, "about", vague=True), interval_text(None, None)
    ('24–99 (vague)', '?')
    """
    if low is None and high is None:
        return "?"
    if low is None or high is None:
        value = high if low is None else low
        assert value is not None
        symbol = SYMBOL.get(qualifier) or ("≤" if low is None else "≥")
        text = f"{symbol}{format_number(value)}"
    elif low == high:
        text = f"{SYMBOL.get(qualifier, '') if qualifier == 'about' else ''}{format_number(low)}"
    else:
        text = f"{format_number(low)}–{format_number(high)}"
    return f"{text} (vague)" if vague else text


def log_scale(intervals: Sequence[tuple[float | None, float | None]]) -> tuple[float, float]:
    """The ends of a log scale that shows every stated bound (positive ones), with a margin
    of a fifth of the span (at least a factor 2 overall, so one value does not fill the bar).

    >>> lo, hi = log_scale([(1000, 5000), (None, 20000)]); round(lo), round(hi)
    (549, 36411)
    >>> log_scale([(None, None)])
    (1.0, 10.0)
    """
    values = [v for pair in intervals for v in pair if v is not None and v > 0]
    if not values:
        return 1.0, 10.0
    lo, hi = math.log10(min(values)), math.log10(max(values))
    margin = max((hi - lo) / 5, (math.log10(2) - (hi - lo)) / 2, 0.0)
    return 10 ** (lo - margin), 10 ** (hi + margin)


def position(value: float, scale: tuple[float, float], width: int = BAR_WIDTH) -> int:
    """The column (0 .. width-1) of a value on a log scale; values off the scale are clamped.

    >>> position(100, (10, 1000), 41), position(10, (10, 1000), 41), position(0, (10, 1000), 41)
    (20, 0, 0)
    """
    lo, hi = scale
    if value <= 0 or hi <= lo:
        return 0
    share = (math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    return min(width - 1, max(0, round(share * (width - 1))))


def bar(
    low: float | None,
    high: float | None,
    scale: tuple[float, float],
    width: int = BAR_WIDTH,
    modality: str | None = "asserted",
) -> str:
    """A figure's interval drawn on a shared log scale, ``width`` characters wide.

    >>> bar(100, 100, (10, 1000), 11)
    '·····█·····'
    >>> bar(30, 300, (10, 1000), 11), bar(None, 300, (10, 1000), 11)
    ('··██████···', '◀███████···')
    >>> bar(30, None, (10, 1000), 11, "hedged")
    '··▒▒▒▒▒▒▒▒▶'
    >>> bar(None, None, (10, 1000), 11)
    '···········'
    """
    cells = [EMPTY] * width
    if low is None and high is None:
        return "".join(cells)
    fill = FILL.get(modality, FILL[None])
    start = 0 if low is None else position(low, scale, width)
    end = width - 1 if high is None else position(high, scale, width)
    for i in range(start, end + 1):
        cells[i] = fill
    if low is None:
        cells[0] = "◀"
    if high is None:
        cells[-1] = "▶"
    return "".join(cells)


def when(entry: LedgerEntry) -> str | None:
    """When an entry's source gave the figure: the date its claim was made, where the text
    says so ("last May, X said"), else the article's publication date.

    >>> when(LedgerEntry(figure="f", document="d", published="2025-10-07", said="2025-05"))
    '2025-05'
    """
    return entry.said or entry.published


def by_date(entries: Sequence[LedgerEntry]) -> list[LedgerEntry]:
    """Entries in order of when they were said (undated last), then by source and figure id."""
    return sorted(entries, key=lambda e: (when(e) is None, when(e) or "", e.source or "", e.figure))


def trend(entries: Sequence[LedgerEntry]) -> str:
    """How the figure moved: each date's figures in order of when they were said.

    >>> e = [LedgerEntry(figure="f2", document="d2", published="2024-06-01", low=None,
    ...                  high=20000, qualifier="up_to"),
    ...      LedgerEntry(figure="f1", document="d1", published="2024-03-01", low=1000, high=5000,
    ...                  qualifier="between")]
    >>> trend(e)
    '2024-03-01 1,000–5,000 → 2024-06-01 ≤20,000'
    """
    steps: list[str] = []
    for entry in by_date(entries):
        text = interval_text(entry.low, entry.high, entry.qualifier, entry.vague)
        date = when(entry) or UNDATED
        if steps and steps[-1].startswith(f"{date} "):
            steps[-1] += f", {text}"
        else:
            steps.append(f"{date} {text}")
    return " → ".join(steps)


def entry_language(entry: LedgerEntry) -> str | None:
    """The language of the article an entry comes from (None when not recorded).

    >>> entry_language(LedgerEntry(figure="f", document="d"))
    """
    return getattr(entry, "language", None)


def entry_sentence(entry: LedgerEntry) -> str | None:
    """The sentence an entry's figure was given in, in its article's words."""
    return getattr(entry, "sentence", None)


def multilingual(ledger: Ledger) -> bool:
    """Whether some entry of the ledger comes from an article in another language than
    English (then its language and original wording are shown)."""
    return any(entry_language(e) not in (None, "en") for e in ledger.entries)


def title(ledger: Ledger) -> str:
    """What the ledger counts, how many sources (and languages), and whether it is contested."""
    what = ledger.label or " ".join(x for x in (ledger.subject, ledger.unit, ledger.measure) if x)
    sources = len({e.source or e.outlet or e.document for e in ledger.entries})
    flag = " — CONTESTED" if ledger.contested else ""
    languages = ""
    if multilingual(ledger):
        found = sorted({x for e in ledger.entries if (x := entry_language(e))})
        languages = f" in {len(found)} language{'s' if len(found) != 1 else ''}"
    plural = "s" if sources != 1 else ""
    return f"{what or ledger.id} ({sources} source{plural}{languages}){flag}"


def _rows(ledger: Ledger, width: int, languages: bool = False) -> list[list[str]]:
    """One row of cells per entry (``languages``: with its language and the figure as
    written, see :data:`LANGUAGE_HEADERS`)."""
    entries = by_date(ledger.entries)
    scale = log_scale([(e.low, e.high) for e in entries])
    rows = []
    for e in entries:
        outlet = e.outlet or ""
        if e.outlets:
            outlet += f" (+{len(e.outlets)}: {', '.join(e.outlets)})"
        row = [
            e.source or e.outlet or "?",
            outlet,
            when(e) or UNDATED,
            e.qualifier,
            e.modality or "",
            interval_text(e.low, e.high, e.qualifier, e.vague),
            bar(e.low, e.high, scale, width, e.modality),
        ]
        if languages:
            row[2:2] = [entry_language(e) or "?"]
            row[-2:-2] = [" ".join((e.text or "").split())]
        rows.append(row)
    return rows


HEADERS = ["source", "outlet", "date", "qualifier", "modality", "figure", "on a log scale"]
LANGUAGE_HEADERS = [
    "source", "outlet", "lang", "date", "qualifier", "modality", "as written", "figure",
    "on a log scale",
]  # fmt: skip
"""The columns of a :func:`multilingual` ledger: each entry's language and its figure as its
article wrote it."""


def wording_lines(ledger: Ledger) -> list[str]:
    """One line per entry of a :func:`multilingual` ledger: its language, outlet and the
    sentence its figure was given in, in the article's own words.

    >>> ledger = Ledger(id="l", entries=[LedgerEntry(figure="f", document="d", outlet="Vesti",
    ...                                              text="25 человек", published="2026-03-11")])
    >>> wording_lines(ledger)
    ['  ? Vesti: 25 человек']
    """
    lines = []
    for e in by_date(ledger.entries):
        said = " ".join((entry_sentence(e) or e.text or "").split())
        lines.append(f"  {entry_language(e) or '?'} {e.outlet or e.source or e.document}: {said}")
    return lines


def scale_line(ledger: Ledger) -> str:
    """The ends of the shared scale, e.g. ``log scale 549 … 36,411``."""
    lo, hi = log_scale([(e.low, e.high) for e in ledger.entries])
    ends = [format_number(round(v) if v >= 10 else round(v, 2)) for v in (lo, hi)]
    return f"log scale {ends[0]} … {ends[1]}"


def render_ledger(ledger: Ledger, width: int = BAR_WIDTH) -> Table:
    """A ``rich`` table of the ledger: one row per source, bars on one log scale, the contested
    flag in the title and how the figure moved in the caption."""
    languages = multilingual(ledger)
    headers = [*LANGUAGE_HEADERS, "sentence"] if languages else HEADERS
    table = Table(
        *headers,
        title=Text(title(ledger), style="bold red" if ledger.contested else "bold"),
        caption=f"{scale_line(ledger)}; over time: {trend(ledger.entries)}",
    )
    modality = headers.index("modality")
    sentences = [entry_sentence(e) or "" for e in by_date(ledger.entries)]
    for row, sentence in zip(_rows(ledger, width, languages), sentences, strict=True):
        style = {"hedged": "yellow", "denied": "dim"}.get(row[modality])
        table.add_row(*row, *([sentence] if languages else []), style=style)
    return table


def ledger_text(ledger: Ledger, width: int = BAR_WIDTH) -> str:
    """The ledger as plain text: title, aligned rows (a :func:`multilingual` one with each
    entry's language and figure as written, then the sentences as said), the scale and the
    trend line.

    >>> ledger = Ledger(id="ldg_1", label="CUB people serving", contested=True, entries=[
    ...     LedgerEntry(figure="f1", document="d1", source="State Department", outlet="AP",
    ...                 published="2024-03-01", low=1000, high=5000, qualifier="between"),
    ...     LedgerEntry(figure="f2", document="d2", source="exile group", outlet="Reuters",
    ...                 published="2024-06-01", high=20000, qualifier="up_to",
    ...                 modality="hedged")])
    >>> print(ledger_text(ledger, width=20))
    CUB people serving (2 sources) — CONTESTED
    source            outlet   date        qualifier  modality  figure       on a log scale
    State Department  AP       2024-03-01  between              1,000–5,000  ···████████·········
    exile group       Reuters  2024-06-01  up_to      hedged    ≤20,000      ◀▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒···
    log scale 549 … 36,411; over time: 2024-03-01 1,000–5,000 → 2024-06-01 ≤20,000
    """
    languages = multilingual(ledger)
    headers = LANGUAGE_HEADERS if languages else HEADERS
    rows = [headers, *_rows(ledger, width, languages)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers))]
    lines = [title(ledger)]
    for r in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    if languages:
        lines += ["as said:", *wording_lines(ledger)]
    lines.append(f"{scale_line(ledger)}; over time: {trend(ledger.entries)}")
    return "\n".join(lines)


def relations(ledger: Ledger, others: Sequence[Ledger]) -> list[tuple[Ledger, str]]:
    """The ledgers of the same subject whose measure class relates to this one's, with how
    (:func:`~dossier.extract.measure_class.relation`), in id order.

    >>> a = Ledger(id="l1", subject="MMR", measure_class="killed")
    >>> b = Ledger(id="l2", subject="MMR", measure_class="killed_or_missing")
    >>> c = Ledger(id="l3", subject="THA", measure_class="killed_or_missing")
    >>> [(x.id, how) for x, how in relations(a, [a, b, c])]
    [('l2', 'killed_or_missing includes killed')]
    """
    found = []
    for other in sorted(others, key=lambda x: x.id):
        if other.id == ledger.id or other.subject != ledger.subject or not ledger.subject:
            continue
        how = relation(ledger.measure_class, other.measure_class)
        if how:
            found.append((other, how))
    return found


def relations_text(ledger: Ledger, others: Sequence[Ledger]) -> list[str]:
    """One line per related ledger: how the classes relate and what the other says.

    >>> a = Ledger(id="l1", subject="MMR", measure_class="killed", label="MMR people killed")
    >>> b = Ledger(id="l2", subject="MMR", measure_class="casualties", label="MMR people casualties",
    ...            entries=[LedgerEntry(figure="f", document="d", low=40, high=40)])
    >>> relations_text(a, [b])
    ['related: casualties includes killed — l2 MMR people casualties (1 source): 40']
    """  # noqa: E501
    lines = []
    for other, how in relations(ledger, others):
        figures = ", ".join(
            interval_text(e.low, e.high, e.qualifier, e.vague) for e in by_date(other.entries)
        )
        lines.append(f"related: {how} — {other.id} {title(other)}: {figures}")
    return lines
