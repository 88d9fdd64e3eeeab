"""Tests for dossier.ingest.htmlpage (web pages and HTML fragments)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.ingest.documents import Meta
from dossier.ingest.htmlpage import declared_charset, fragment_text, parse_html

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def article_html() -> str:
    return (FIXTURES / "article.html").read_text(encoding="utf-8")


def test_article_page(article_html: str) -> None:
    doc = parse_html(article_html)
    assert doc.title == "Harbour authority approves new ferry link"
    assert doc.outlet == "The Coastal Herald"
    assert doc.url == "https://coastalherald.example/news/2025/03/ferry-link"
    assert doc.published == "2025-03-04"
    assert doc.language == "en"
    assert doc.dateline == "PORTMERE"
    # The headline is in doc.title, not repeated at the start of the text.
    assert doc.text.startswith("PORTMERE — The harbour authority on Tuesday approved")
    assert doc.text.endswith("review berthing rules before the first sailing.")
    assert "“This is the day the island has waited for,” said Marta Keel" in doc.text


@pytest.mark.parametrize(
    "boilerplate",
    ["Subscribe now", "cookies", "Related stories", "Bridge repairs", "All rights", "dataLayer"],
)
def test_boilerplate_is_left_out(article_html: str, boilerplate: str) -> None:
    assert boilerplate not in parse_html(article_html).text


def test_caller_options_win(article_html: str) -> None:
    doc = parse_html(article_html, overrides=Meta(outlet="Syndicated", published="2025-03-05"))
    assert doc.outlet == "Syndicated"
    assert doc.published == "2025-03-05"
    assert doc.title == "Harbour authority approves new ferry link"


def test_malformed_html_fixture_has_no_article() -> None:
    with pytest.raises(InputError, match="no article text found in HTML"):
        parse_html((FIXTURES / "malformed.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<html>",
        "<<<>>><!-- <p>unclosed comment",
        "<html><body><nav>Home</nav></body></html>",
        "Plain words with no markup at all, long enough to be a sentence.",
    ],
)
def test_pages_without_article_text(markup: str) -> None:
    with pytest.raises(InputError, match="no article text found in HTML"):
        parse_html(markup)


def test_truncated_html_still_gives_text() -> None:
    markup = (
        "<html><body><article><p>PORTMERE — The harbour authority approved a new ferry link "
        "on Tuesday.</p><p>The service will run four times a day from June, the authority said"
    )
    doc = parse_html(markup)
    assert doc.dateline == "PORTMERE"
    assert doc.text.endswith("four times a day from June, the authority said")


def test_declared_charset() -> None:
    assert (
        declared_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        )
        == "windows-1252"
    )
    assert declared_charset(b"<meta charset=utf-8>") == "utf-8"
    assert declared_charset(b"<p>charset=latin1 in the text</p>") is None


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("<p>Split\n   across   lines.</p>", "Split across lines."),
        ("Line<br>break", "Line\nbreak"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("<p>Kept</p><script>alert(1)</script><style>p{}</style>", "Kept"),
        ("<p>A &amp; B &lt;tag&gt;</p>", "A & B <tag>"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("no markup at all", "no markup at all"),
        ("<!-- only a comment -->", ""),
        ("   ", ""),
    ],
)
def test_fragment_text(markup: str, expected: str) -> None:
    assert fragment_text(markup) == expected
