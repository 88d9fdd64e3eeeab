"""Tests for dossier.ingest.pubdate: publication dates inferred from an undated text."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest import make_document, read_paths
from dossier.ingest.pubdate import (
    date_line_date,
    dateline_date,
    full_dates,
    infer_published,
    latest_full_date,
)
from dossier.nlp import extraction_from_doc, make_doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published: 4 June 2023\n\nThe council met.", "2023-06-04"),
        ("June 4, 2023 10:31 GMT\nThe council met on Friday.", "2023-06-04"),
        ("Updated 2023-06-05\nThe council met on Friday.", "2023-06-05"),
        ("Posted on Sun, 4 Jun 2023 at 8:05 am\nThe council met.", "2023-06-04"),
        ("By Ana Lima | Reuters | Jun. 4, 2023\nThe council met.", "2023-06-04"),
        ("Headline of the day\nSunday, June 4, 2023\nThe council met.", "2023-06-04"),
        ("25/06/2023\nThe council met.", "2023-06-25"),  # day first: 25 is no month
        ("06/25/2023\nThe council met.", "2023-06-25"),  # month first: 25 is no month
        ("Posted : Jun 4 , 2023 , 6 : 50 PM ET\nThe council met .", "2023-06-04"),  # tokenised
        # Published beats updated, whatever their order.
        ("Updated: 9 June 2023\nPublished: 4 June 2023\nThe council met.", "2023-06-04"),
    ],
)
def test_date_line(text: str, expected: str) -> None:
    found = date_line_date(text)
    assert found is not None and found.published == expected
    assert found.reason.startswith("date line: '")


@pytest.mark.parametrize(
    "text",
    [
        "The council met on 4 June 2023 to approve the budget.",  # a sentence, not a date line
        "Year ended March 31, 2023\nProfit rose.",  # a table line: an accounting period
        "Bonds due June 4, 2030\nThe company sold bonds.",
        "03/04/2023\nThe council met.",  # 3 April or March 4: ambiguous
        "June 4\nThe council met.",  # no year
        "\n".join(["Line"] * 8 + ["4 June 2023"]),  # too far down the page
    ],
)
def test_not_a_date_line(text: str) -> None:
    assert date_line_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The year comes from the full dates of the text: the one nearest to them.
        ("LIMA, Jan 3 (Reuters) - Rains that began on Dec. 29, 2022 went on.", "2023-01-03"),
        ("LIMA, 3 March (AP) - Talks held on 1 March 2021 failed, officials said.", "2021-03-03"),
        ("LIMA, March 3, 2021 (AP) - Talks failed, officials said on Wednesday.", "2021-03-03"),
    ],
)
def test_dateline(text: str, expected: str) -> None:
    found = dateline_date(text)
    assert found is not None and found.published == expected
    assert found.reason.startswith("dateline: 'LIMA, ")


def test_dateline_without_a_year_anywhere_gives_none() -> None:
    assert dateline_date("LIMA, Jan 3 (Reuters) - Rains went on, officials said.") is None
    assert infer_published("LIMA, Jan 3 (Reuters) - Rains went on, officials said.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The truce of 2 May 2022 broke down on 9 May 2022, officials said.", "2022-05-09"),
        # A date the text looks forward to is not the day of writing.
        ("Talks opened on 9 May 2022 and will end on 30 June 2022.", "2022-05-09"),
        ("The firm, which reported on 9 May 2022, is due to pay by June 30, 2022.", "2022-05-09"),
        ("Sales rose in the six months ended June 30, 2021, it said on 9 May 2022.", "2022-05-09"),
        ("Bonds redeemable on 1 May 2031 were sold on 9 May 2022 by the bank.", "2022-05-09"),
    ],
)
def test_latest_full_date(text: str, expected: str) -> None:
    found = latest_full_date(text)
    assert found is not None and found.isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday.\n\nCopyright (c) 2023 Example News. All rights reserved.",
        "The council met on 4 June and again in 2023.",  # a day and a year, never one date
        "The council will meet on June 4, 2031.",  # only a date ahead of the text
        "Profit for the year ended December 31, 2022 rose.",  # only a period end
        "The vote of 31 February 2023 was annulled.",  # no such day
        "",
    ],
)
def test_no_date_inferred_from_nothing(text: str) -> None:
    assert infer_published(text) is None


def test_order_of_trust() -> None:
    # A date line beats the dateline; the dates of the body alone are history, not the day of
    # writing (they only give a year-less dateline its year).
    text = (
        "Published: 6 June 2023\n\n"
        "LIMA, June 5 (Reuters) - The strike that began on 1 June 2023 ended on 4 June 2023."
    )
    assert infer_published(text).published == "2023-06-06"
    assert infer_published(text.split("\n\n", 1)[1]).published == "2023-06-05"
    assert infer_published(text.split(" - ", 1)[1]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 04/05/2023", []),  # US and day-first readings differ: left out
        ("on 13/05/2023", ["2023-05-13"]),
        ("on 05/13/2023", ["2023-05-13"]),
        ("on 05/05/2023", ["2023-05-05"]),  # both readings agree
        ("on 5.13.2023 and 2023-05-14", ["2023-05-13", "2023-05-14"]),
        ("the 4th of June, 2023 and Sunday, June 4, 2023", ["2023-06-04", "2023-06-04"]),
        ("in June 2023, in 1850 and on 4 June 1850", []),  # no day, or outside the years kept
    ],
)
def test_full_dates(text: str, expected: list[str]) -> None:
    assert [f.value.isoformat() for f in full_dates(text)] == expected


def test_make_document_infers_when_no_date_is_given() -> None:
    doc = make_document("Published: 6 June 2023\n\nThe council met on Tuesday.")
    assert doc.published == "2023-06-06"
    assert doc.published_inferred == "date line: 'Published: 6 June 2023'"


def test_a_given_date_wins() -> None:
    text = "Published: 6 June 2023\n\nThe council met on Tuesday."
    doc = make_document(text, published="2023-06-09")
    assert (doc.published, doc.published_inferred) == ("2023-06-09", None)


def test_published_option_wins_over_the_text(tmp_path: Path) -> None:
    # What the CLI's --published does: read_paths applies it to every article.
    path = tmp_path / "a.txt"
    path.write_text("Published: 6 June 2023\n\nThe council met on Tuesday.\n", encoding="utf-8")
    given = [item.document for item in read_paths([path], published="2023-06-09")]
    assert [(d.published, d.published_inferred) for d in given] == [("2023-06-09", None)]
    inferred = [item.document for item in read_paths([path])]
    assert [(d.published, d.published_inferred) for d in inferred] == [
        ("2023-06-06", "date line: 'Published: 6 June 2023'")
    ]


def test_relative_dates_resolve_in_an_undated_text(nlp) -> None:
    text = (
        "Published: 8 June 2023\n\n"
        "The council approved the budget on Tuesday after a debate that began on 2 June, "
        "officials said."
    )
    document = make_document(text)
    timexes = extraction_from_doc(document, nlp(make_doc(nlp, document))).timexes
    values = {t.text: t.value for t in timexes}
    assert values["Tuesday"] == "2023-06-06"  # the Tuesday before Thursday 8 June 2023
    assert values["2 June"] == "2023-06-02"  # a year-less date takes the inferred year
