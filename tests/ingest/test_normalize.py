"""Tests for dossier.ingest.normalize."""

from __future__ import annotations

import pytest

from dossier.ingest.normalize import normalize_line, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cafe\u0301", "Café"),  # NFC composes e + combining acute
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("\ufeffMoscow", "Moscow"),  # BOM
        ("Mos\u200bcow", "Moscow"),  # zero-width space
        ("Mos\u2060cow", "Moscow"),  # word joiner
        ("Ver\u00adhandlung", "Verhandlung"),  # soft hyphen
        ("the\u00a0Duma", "the Duma"),  # no-break space
        ("10\u202f000", "10 000"),  # narrow no-break space
        ("a\u2009b\u3000c", "a b c"),  # thin space, ideographic space
        ("a  \t  b", "a b"),
        ("a\t\tb", "a b"),
        ("line one   \n   line two", "line one\nline two"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("para one\n \n \t\n para two", "para one\n\npara two"),
        ("para one\n\npara two", "para one\n\npara two"),
        ("line one\nline two", "line one\nline two"),
        ("  \n\n  text  \n\n ", "text"),
        ("a\x00b\x07c", "abc"),  # stray control characters
        ("one\u2028two", "one\ntwo"),  # line separator
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("raw", ["", " ", "\n\n\t", "\u200b\ufeff\u00a0"])
def test_blank_text_normalises_to_empty(raw: str) -> None:
    assert normalize_text(raw) == ""


def test_keeps_punctuation_case_and_non_latin_text() -> None:
    raw = "“Ratify the agreement” — 1,000–5,000 Cubans; Москва; 北京"
    assert normalize_text(raw) == raw


def test_is_idempotent() -> None:
    raw = " \ufeffMoscow/The\u00a0Duma\r\n\r\n\r\n\tratified \u200bit.  "
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_normalize_line_joins_lines() -> None:
    assert (
        normalize_line("  Russia ratifies\n\n military\u00a0pact ")
        == "Russia ratifies military pact"
    )
