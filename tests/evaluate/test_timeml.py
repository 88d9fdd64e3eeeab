"""The TIMEX3 gold loaders, on small hand-written TimeML and MEANTIME fixtures (and, where it is
present, on the shared gold)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError, UnsupportedFormatError
from dossier.evaluate.timeml import (
    detect_format,
    find_gold_files,
    load_gold,
    load_meantime,
    load_timeml,
    normalise_dct,
)

FIXTURES = Path(__file__).parent / "fixtures"
TIMEML = FIXTURES / "timeml" / "sample.tml"
MEANTIME = FIXTURES / "meantime" / "corpus_demo"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "temporal"


def texts(doc) -> list[tuple[str, str, str | None]]:
    return [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes]


def test_timeml_text_is_the_text_element_without_tags() -> None:
    doc = load_timeml(TIMEML)
    assert doc.format == "timeml"
    assert doc.name == "sample"
    assert doc.text.startswith("\nAT&T said yesterday that profits rose for the past three months.")
    assert "<" not in doc.text and "title" not in doc.text
    assert doc.text.endswith("every week at 5 p.m.\n")


def test_timeml_offsets_dct_and_scored_range() -> None:
    doc = load_timeml(TIMEML)
    assert texts(doc) == [
        ("yesterday", "DATE", "1998-01-07"),
        ("the past three months", "DURATION", "P3M"),
        ("every week", "SET", "P1W"),
        ("5 p.m.", "TIME", "1998-01-08T17:00"),
    ]  # the empty TIMEX3 (t3) is not gold; the DCT is not in the text
    assert doc.timexes[0].start == len("\nAT&T said ")
    assert doc.dct == "1998-01-08"
    assert doc.scored_ranges == [(0, len(doc.text))]


def test_timeml_without_dct_element(tmp_path: Path) -> None:
    path = tmp_path / "bare.tml"
    path.write_text(
        '<TimeML><TEXT>Sales rose <TIMEX3 tid="t1" type="DATE" value="1999-Q1">'
        "last quarter</TIMEX3>.</TEXT></TimeML>",
        encoding="utf-8",
    )
    doc = load_timeml(path)
    assert doc.dct is None
    assert texts(doc) == [("last quarter", "DATE", "1999-Q1")]


def test_meantime_text_is_rebuilt_from_tokens() -> None:
    doc = load_meantime(MEANTIME / "1_Acme_buys_Widget.xml")
    assert doc.format == "meantime"
    assert doc.name == "1_Acme_buys_Widget"
    assert doc.text == (
        "Acme buys Widget Co\n"
        "March 01 , 2008\n"
        "Acme said on Monday it will pay $ 5 million over two years .\n"
        "The deal closes next week .\n"
        "Shares rose on Friday ."
    )


def test_meantime_offsets_dct_and_scored_ranges() -> None:
    doc = load_meantime(MEANTIME / "1_Acme_buys_Widget.xml")
    assert doc.dct == "2008-03-01"
    # The creation time and the token-less timex are not gold.
    assert texts(doc) == [
        ("Monday", "DATE", "2008-02-25"),
        ("two years", "DURATION", "P2Y"),
        ("next week", "DATE", "2008-W10"),
    ]
    # Title, then the sentences up to the last annotated one; not the date line, nor "Friday".
    title_end = len("Acme buys Widget Co")
    body_start = doc.text.index("Acme said")
    body_end = doc.text.index("next week .") + len("next week .")
    assert doc.scored_ranges == [(0, title_end), (body_start, body_end)]


def test_meantime_without_creation_time_uses_the_date_line() -> None:
    doc = load_meantime(MEANTIME / "2_Flight_delayed.xml")
    assert doc.dct == "2007-09-01"
    assert texts(doc) == [("Saturday", "DATE", "2007-09-01")]  # not the date line's timex
    date_line = doc.text.index("September")
    assert all(not (s <= date_line < e) for s, e in doc.scored_ranges)


def test_meantime_day_first_creation_time() -> None:
    doc = load_meantime(MEANTIME / "3_Sales_fell.xml")
    assert doc.dct == "2009-02-03"
    assert texts(doc) == [("January", "DATE", "2009-01")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2008-03-01", "2008-03-01"),
        ("1998-01-08T12:00:00", "1998-01-08"),
        ("19980108", "1998-01-08"),
        ("03-02-2009", "2009-02-03"),
        ("XXXX-XX-XX", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_dct(value, expected) -> None:
    assert normalise_dct(value) == expected


def test_load_gold_folder_finds_both_formats_recursively() -> None:
    docs = load_gold(FIXTURES)
    assert [(Path(d.source).name, d.format) for d in docs] == [
        ("1_Acme_buys_Widget.xml", "meantime"),
        ("2_Flight_delayed.xml", "meantime"),
        ("3_Sales_fell.xml", "meantime"),
        ("sample.tml", "timeml"),
    ]
    assert [d.name for d in load_gold(FIXTURES, limit=2)] == [
        "1_Acme_buys_Widget",
        "2_Flight_delayed",
    ]
    assert len(load_gold(TIMEML)) == 1


def test_detect_format(tmp_path: Path) -> None:
    other = tmp_path / "feed.xml"
    other.write_text("<rss><channel><item>x</item></channel></rss>", encoding="utf-8")
    timeml_xml = tmp_path / "doc.xml"
    timeml_xml.write_text("<TimeML><TEXT>x</TEXT></TimeML>", encoding="utf-8")
    assert detect_format(TIMEML) == "timeml"
    assert detect_format(MEANTIME / "3_Sales_fell.xml") == "meantime"
    assert detect_format(other) is None
    assert detect_format(timeml_xml) == "timeml"
    assert detect_format(FIXTURES / "meantime" / "README.txt") is None


def test_bad_gold_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        find_gold_files(tmp_path / "missing")
    with pytest.raises(InputError, match="no TimeML"):
        find_gold_files(tmp_path)
    with pytest.raises(UnsupportedFormatError):
        find_gold_files(FIXTURES / "meantime" / "README.txt")
    broken = tmp_path / "broken.tml"
    broken.write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="malformed XML"):
        load_gold(broken)


# The shared gold, where it is present.


@pytest.mark.skipif(not (SHARED / "meantime-en").exists(), reason="no shared MEANTIME")
def test_shared_meantime() -> None:
    docs = load_gold(SHARED / "meantime-en" / "intra-doc_annotation")
    assert len(docs) == 120
    assert sum(len(d.timexes) for d in docs) == 368  # the README's "368 timexes have text"
    assert all(d.dct for d in docs)
    for doc in docs:
        for t in doc.timexes:
            text = doc.text[t.start : t.end]
            assert text and text == text.strip()
            assert any(s <= t.start and t.end <= e for s, e in doc.scored_ranges)


@pytest.mark.skipif(not (SHARED / "tbaq-cleaned").exists(), reason="no shared TBAQ-cleaned")
def test_shared_tbaq() -> None:
    docs = load_gold(SHARED / "tbaq-cleaned")
    assert len(docs) == 256
    assert sum(len(d.timexes) for d in docs) == 1822
    assert all(d.dct for d in docs)
    assert all(doc.text[t.start : t.end].strip() for doc in docs for t in doc.timexes)
