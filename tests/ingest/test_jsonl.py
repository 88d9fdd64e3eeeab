"""Tests for dossier.ingest.jsonl."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.ingest.documents import Meta
from dossier.ingest.jsonl import iter_jsonl, parse_line

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    text = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8")
    return {r.source: r for r in iter_jsonl(text, source="articles.jsonl")}


def test_one_result_per_non_blank_line(results: dict) -> None:
    assert list(results) == [f"articles.jsonl#L{n}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11)]
    for result in results.values():
        assert (result.document is None) != (result.error is None)


def test_full_record(results: dict) -> None:
    doc = results["articles.jsonl#L1"].document
    assert doc.title == "Grain talks extended"
    assert doc.published == "2025-10-03"
    assert doc.outlet == "Geneva Notes"
    assert doc.url == "https://genevanotes.example/grain-talks"
    assert doc.language == "en"
    assert doc.dateline == "GENEVA"
    assert doc.text.startswith("GENEVA (GN) - Negotiators agreed on Friday")


def test_aliases_and_ignored_id(results: dict) -> None:
    doc = results["articles.jsonl#L4"].document
    assert (doc.published, doc.outlet, doc.title) == ("2025-10-04", "Harbour Wire", None)
    assert doc.id != "a2"  # the id comes from the text, not from the line


def test_minimal_record(results: dict) -> None:
    doc = results["articles.jsonl#L11"].document
    assert doc.text == "Farmers welcomed the extension, a union spokesman said on Saturday."
    assert (doc.title, doc.published, doc.outlet, doc.url) == (None, None, None, None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (3, "invalid JSON"),
        (5, "line is a JSON array, not an object"),
        (6, 'missing "text" field'),
        (7, '"text" must be a string, not a JSON number'),
        (8, "empty article"),
        (9, "unparsable published date 'sometime last week'"),
        (10, '"title" must be a string or null, not a JSON array'),
    ],
)
def test_broken_lines_are_reported(results: dict, line: int, message: str) -> None:
    result = results[f"articles.jsonl#L{line}"]
    assert result.document is None
    assert isinstance(result.error, InputError)
    assert message in result.error.message
    assert result.error.source == f"articles.jsonl#L{line}"
    assert str(result.error).startswith(f"articles.jsonl#L{line}: ")


def test_caller_options_win() -> None:
    line = '{"text": "Officials said so.", "outlet": "Harbour Wire", "title": "T"}'
    doc = parse_line(line, overrides=Meta(outlet="Override"))
    assert (doc.outlet, doc.title) == ("Override", "T")


def test_crlf_and_null_fields() -> None:
    text = '{"text": "One.", "title": null, "published": null}\r\n{"text": "Two."}\r\n'
    docs = [r.document for r in iter_jsonl(text, source="s")]
    assert [d.text for d in docs] == ["One.", "Two."]
    assert docs[0].title is None


def test_raw_line_separator_inside_a_string_is_not_a_line_break() -> None:
    results = list(iter_jsonl('{"text": "One\u2028two."}', source="s"))
    assert len(results) == 1
    assert results[0].document.text == "One\ntwo."


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_no_articles(text: str) -> None:
    (result,) = iter_jsonl(text, source="empty.jsonl")
    assert result.source == "empty.jsonl"
    assert result.error.message == "no articles in JSON Lines file"
