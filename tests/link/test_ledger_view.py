"""Showing a ledger: interval text, log-scale bars, the table and its plain-text twin."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from dossier.link.ledger_view import (
    bar,
    format_number,
    interval_text,
    ledger_text,
    log_scale,
    position,
    render_ledger,
    trend,
)
from dossier.model import Ledger, LedgerEntry


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "vague", "text"),
    [
        (1000, 5000, "between", False, "1,000–5,000"),
        (None, 20000, "up_to", False, "≤20,000"),
        (None, 20000, "at_most", False, "≤20,000"),
        (40, None, "at_least", False, "≥40"),
        (100, None, "more_than", False, ">100"),
        (None, 100, "less_than", False, "<100"),
        (5000, 5000, "about", False, "~5,000"),
        (6000, 6000, "exact", False, "6,000"),
        (8_600_000, 8_600_000, "exact", False, "8.6 million"),
        (24, 99, "about", True, "24–99 (vague)"),
        (None, None, "exact", False, "?"),
    ],
)
def test_interval_text(low, high, qualifier: str, vague: bool, text: str) -> None:
    assert interval_text(low, high, qualifier, vague) == text


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (999, "999"), (2.5e9, "2.5 billion")])
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


SCALE = (10.0, 100_000.0)


@pytest.mark.parametrize(
    ("low", "high", "modality"),
    [
        (100, 100, "asserted"),
        (100, 1000, "hedged"),
        (None, 1000, "asserted"),
        (100, None, "denied"),
        (None, None, None),
        (1, 1e9, "asserted"),  # off the scale: clamped
    ],
)
def test_bar_is_always_as_wide(low, high, modality) -> None:
    for width in (10, 40):
        assert len(bar(low, high, SCALE, width, modality)) == width


def test_bar_marks() -> None:
    assert bar(None, 1000, SCALE, 20).startswith("◀")
    assert bar(100, None, SCALE, 20).endswith("▶")
    assert "▒" in bar(100, 1000, SCALE, 20, "hedged")
    assert "█" not in bar(100, 1000, SCALE, 20, "hedged")
    assert "░" in bar(100, 1000, SCALE, 20, "denied")
    assert bar(100, 100, SCALE, 20).count("█") == 1
    assert set(bar(None, None, SCALE, 20)) == {"·"}


def test_positions_grow_on_a_log_scale() -> None:
    cols = [position(v, SCALE, 41) for v in (10, 100, 1000, 10_000, 100_000)]
    assert cols == [0, 10, 20, 30, 40]


@pytest.mark.parametrize(
    "intervals", [[(1000, 5000), (None, 20000)], [(3, 3)], [(0.5, 2), (40, None), (None, None)]]
)
def test_log_scale_holds_every_bound(intervals) -> None:
    lo, hi = log_scale(intervals)
    values = [v for pair in intervals for v in pair if v]
    assert lo < min(values) and hi > max(values)
    assert hi / lo >= 2 - 1e-9


def entry(fid: str, published: str | None, low, high, qualifier="exact", **kw) -> LedgerEntry:
    return LedgerEntry(
        figure=fid,
        document=f"d_{fid}",
        published=published,
        low=low,
        high=high,
        qualifier=qualifier,
        **kw,
    )


ENTRIES = [
    entry("f2", "2024-06-01", None, 20000, "up_to", source="exile group", modality="hedged"),
    entry("f3", None, 6000, 6000, "about", source="Ukrainian intelligence", outlet="Kyiv Post"),
    entry(
        "f1",
        "2024-03-01",
        1000,
        5000,
        "between",
        source="State Department",
        outlet="AP",
        outlets=["Yahoo News"],
    ),
]


def test_trend_orders_by_date() -> None:
    assert trend(ENTRIES) == "2024-03-01 1,000–5,000 → 2024-06-01 ≤20,000 → undated ~6,000"
    same_day = [entry("a", "2024-01-01", 5, 5), entry("b", "2024-01-01", 7, 7)]
    assert trend(same_day) == "2024-01-01 5, 7"


@pytest.mark.parametrize("flag", [True, False])
def test_ledger_text(flag: bool) -> None:
    ledger = Ledger(id="ldg_x", label="CUB people serving", contested=flag, entries=ENTRIES)
    text = ledger_text(ledger)
    lines = text.splitlines()
    assert ("CONTESTED" in lines[0]) is flag
    assert "3 sources" in lines[0]
    rows = lines[2:5]
    assert [r.split("  ")[0] for r in rows] == [
        "State Department",
        "exile group",
        "Ukrainian intelligence",
    ]
    assert "AP (+1: Yahoo News)" in rows[0]
    assert "▒" in rows[1] and "◀" in rows[1]
    assert lines[-1].endswith(trend(ENTRIES))


def test_render_ledger() -> None:
    ledger = Ledger(id="ldg_x", label="CUB people serving", contested=True, entries=ENTRIES)
    table = render_ledger(ledger)
    assert table.row_count == 3
    assert "CONTESTED" in str(table.title)
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(table)
    printed = out.getvalue()
    assert "State Department" in printed and "≤20,000" in printed and "◀" in printed
    assert "over time" in printed


def test_render_empty_ledger() -> None:
    ledger = Ledger(id="ldg_empty")
    assert render_ledger(ledger).row_count == 0
    assert ledger_text(ledger).startswith("ldg_empty (0 sources)")
