"""Tests for dossier.ingest.feed (RSS and Atom)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError, UnsupportedFormatError
from dossier.ingest.documents import Meta
from dossier.ingest.feed import iter_feed

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"


def _read(name: str, **kwargs: object) -> list:
    return list(iter_feed((FIXTURES / name).read_bytes(), source=name, **kwargs))


def test_rss_entries() -> None:
    results = _read("feed.rss")
    assert [r.source for r in results] == ["feed.rss#entry1", "feed.rss#entry2", "feed.rss#entry3"]

    first = results[0].document
    assert first.title == "Council votes to close Old Mill bridge for repairs"
    assert first.url == "https://valleycourier.example/news/old-mill-bridge"
    assert first.outlet == "Valley Courier"
    assert first.language == "en"  # from <language>en-gb</language>
    # "Mon, 06 Oct 2025 21:30:00 -0500": the date as written, not the UTC date (Oct 7).
    assert first.published == "2025-10-06"
    assert first.dateline == "ASHFORD"
    # content:encoded wins over the shorter description; HTML becomes text.
    assert first.text == (
        "ASHFORD — The town council voted 7-2 on Monday to close the Old Mill bridge for eight "
        "weeks of repairs, starting on November 3.\n\n"
        "Engineers found corrosion in two of the bridge's steel supports during an inspection "
        "in August, the council said."
    )
    assert "trackView" not in first.text


def test_rss_entry_with_summary_only() -> None:
    doc = _read("feed.rss")[1].document
    assert doc.title == "Library extends weekend opening hours"
    assert doc.published == "2025-10-07"
    assert doc.text.startswith("The central library will open on Sundays from next month")
    assert doc.dateline is None


def test_rss_broken_entry_is_reported() -> None:
    broken = _read("feed.rss")[2]
    assert broken.document is None
    assert isinstance(broken.error, InputError)
    assert broken.error.message == "feed entry has no text (no content and no summary)"
    assert broken.error.source == "feed.rss#entry3"


def test_atom_entries() -> None:
    first, second = _read("feed.atom")
    doc = first.document
    assert doc.title == "Port strike ends after three days"  # type="html" title stripped
    assert doc.url == "https://northernledger.example/2025/10/port-strike-ends"
    assert doc.outlet == "Northern Ledger"
    assert doc.published == "2025-10-08"
    assert doc.dateline == "HALDEN"
    assert doc.text == (
        "HALDEN, Norway (NL) — Dock workers at the port of Halden returned to work on Wednesday "
        "after a three-day strike over night-shift pay.\n\n"
        "The union said members had accepted a 4 per cent raise."
    )
    doc = second.document
    assert doc.published == "2025-10-07"  # from <updated>, there is no <published>
    assert doc.text.startswith("Winter sailings between Halden and Strömstad")


def test_caller_options_win_over_feed() -> None:
    results = _read("feed.atom", overrides=Meta(outlet="Aggregator", published="2025-10-09"))
    assert [r.document.outlet for r in results] == ["Aggregator", "Aggregator"]
    assert [r.document.published for r in results] == ["2025-10-09", "2025-10-09"]
    assert results[0].document.title == "Port strike ends after three days"


def test_not_well_formed_feed_still_yields_entries(caplog: pytest.LogCaptureFixture) -> None:
    data = (
        b"<rss version='2.0'><channel><title>Wire & Co</title>"
        b"<item><title>First</title><description>The first story is complete.</description></item>"
        b"<item><title>Second</title><description>The second story is cut off"
    )
    with caplog.at_level("WARNING", logger="dossier.ingest.feed"):
        first, second = iter_feed(data, source="cut.rss")
    assert "cut.rss: feed is not well-formed" in caplog.text
    assert first.document.title == "First"
    assert first.document.outlet == "Wire & Co"
    assert first.document.text == "The first story is complete."
    assert second.source == "cut.rss#entry2"
    assert second.error is not None


def test_entry_with_unreadable_date_is_reported() -> None:
    data = (
        b"<rss version='2.0'><channel><title>Wire</title>"
        b"<item><title>A</title><pubDate>the day after tomorrow</pubDate>"
        b"<description>Text of A.</description></item>"
        b"<item><title>B</title><description>Text of B.</description></item>"
        b"</channel></rss>"
    )
    first, second = iter_feed(data, source="dates.rss")
    assert "unparsable published date" in first.error.message
    assert second.document.text == "Text of B."


def test_plain_text_entry_is_not_parsed_as_html() -> None:
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<entry><title>E</title><content type="text">Costs rose 5 &lt; 6 times.</content>'
        b"</entry></feed>"
    )
    (result,) = iter_feed(data, source="text.atom")
    assert result.document.text == "Costs rose 5 < 6 times."


def test_xml_that_is_not_a_feed() -> None:
    with pytest.raises(UnsupportedFormatError, match="not an RSS or Atom feed"):
        iter_feed(b"<?xml version='1.0'?><note><to>Ana</to></note>", source="note.xml")


@pytest.mark.parametrize("data", [b"", b"just some text", b"<rss><channel><item"])
def test_unreadable_feed(data: bytes) -> None:
    with pytest.raises(InputError):
        iter_feed(data, source="bad.xml")


def test_feed_without_entries() -> None:
    data = b"<rss version='2.0'><channel><title>Empty</title></channel></rss>"
    with pytest.raises(InputError, match="feed has no entries"):
        iter_feed(data, source="empty.rss")
