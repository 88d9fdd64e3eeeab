"""Tests for dossier.ingest.text (plain text and YAML front matter)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.ingest.documents import Meta
from dossier.ingest.text import meta_from_front_matter, parse_text, split_front_matter

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"


def test_front_matter_fixture() -> None:
    doc = parse_text((FIXTURES / "frontmatter.md").read_text(encoding="utf-8"))
    assert doc.title == "Council approves river clean-up plan"
    assert doc.published == "2025-09-30"  # "date" is read as published
    assert doc.outlet == "Riverside Gazette"  # "source" is read as outlet
    assert doc.url == "https://riversidegazette.example/news/river-clean-up"
    assert doc.language == "en"
    assert doc.dateline == "RIVERSIDE"
    assert doc.text.startswith("RIVERSIDE, Ore. (RG) — The city council on Tuesday approved")
    assert doc.text.endswith(
        "council member Dana Whitcombe said before the vote, which passed 6-1."
    )
    assert "---" not in doc.text
    assert "tags" not in doc.text
    assert doc.text.count("\n\n") == 2  # paragraphs kept


def test_caller_options_win_over_front_matter() -> None:
    text = (FIXTURES / "frontmatter.md").read_text(encoding="utf-8")
    doc = parse_text(text, overrides=Meta(outlet="Wire Service", published="2025-10-01"))
    assert doc.outlet == "Wire Service"
    assert doc.published == "2025-10-01"
    assert doc.title == "Council approves river clean-up plan"  # not given: file's value


def test_caller_options_fill_missing_fields() -> None:
    doc = parse_text(
        "Lisbon/The parliament voted.",
        overrides=Meta(title="Vote", url="https://example.org/v", published="2025-10-02"),
    )
    assert (doc.title, doc.url, doc.published, doc.outlet) == (
        "Vote",
        "https://example.org/v",
        "2025-10-02",
        None,
    )


def test_plain_text_without_front_matter() -> None:
    doc = parse_text((FIXTURES / "dateline.txt").read_text(encoding="utf-8"))
    assert doc.dateline == "Lisbon"
    assert doc.text.startswith("Lisbon/The Portuguese parliament on Thursday approved")
    assert doc.title is None
    assert doc.published is None


def test_published_wins_over_date_and_outlet_over_source() -> None:
    text = (
        "---\npublished: 2025-10-07T09:00:00Z\ndate: 2024-01-01\noutlet: A\nsource: B\n---\nBody."
    )
    doc = parse_text(text)
    assert (doc.published, doc.outlet, doc.text) == ("2025-10-07", "A", "Body.")


def test_front_matter_values_are_read_as_strings() -> None:
    assert meta_from_front_matter({"title": 1984, "date": date(2025, 1, 2)}) == Meta(
        title="1984", published=date(2025, 1, 2)
    )


def test_empty_front_matter() -> None:
    assert split_front_matter("---\n---\nBody.") == ({}, "Body.")


def test_front_matter_closed_with_dots_and_crlf() -> None:
    data, rest = split_front_matter("---\r\ntitle: T\r\n...\r\nBody.\r\n")
    assert data == {"title": "T"}
    assert rest == "Body.\r\n"


def test_block_that_is_not_a_mapping_stays_text() -> None:
    text = "---\nJust a paragraph between two rules.\n---\nMore text."
    assert split_front_matter(text) == ({}, text)
    assert parse_text(text).text == text


def test_unclosed_front_matter_is_text() -> None:
    text = "---\ntitle: T\nBody without a closing rule."
    assert split_front_matter(text) == ({}, text)


def test_invalid_yaml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="invalid YAML front matter"):
        parse_text("---\ntitle: [unclosed\n---\nBody.")


def test_list_value_is_an_input_error() -> None:
    with pytest.raises(InputError, match="front matter field 'title' must be a single value"):
        parse_text("---\ntitle: [a, b]\n---\nBody.")


def test_bad_date_in_front_matter_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unparsable published date 'soon'"):
        parse_text("---\ndate: soon\n---\nBody.")


def test_front_matter_only_is_an_empty_article() -> None:
    with pytest.raises(InputError, match="empty article"):
        parse_text("---\ntitle: Nothing here\n---\n\n")
