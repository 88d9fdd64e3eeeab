from __future__ import annotations

import pytest

from dossier.ingest import make_document
from dossier.model import Timex
from dossier.nlp import extraction_from_doc, make_doc


def timexes(nlp, text: str, published: str | None = "2025-10-08") -> list[Timex]:
    document = make_document(text, published=published)
    return extraction_from_doc(document, nlp(make_doc(nlp, document))).timexes


def test_tense_picks_past_or_future_weekday(nlp):
    past = timexes(nlp, "The Duma ratified the agreement on Tuesday.")
    future = timexes(nlp, "The Duma will ratify the agreement on Friday.")
    assert [(t.text, t.value) for t in past] == [("Tuesday", "2025-10-07")]
    assert [(t.text, t.value) for t in future] == [("Friday", "2025-10-10")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a deadline or a start lies after the report, whatever the verb's tense
        ("The board declared a dividend payable Dec. 15 to holders of record.", "2025-12-15"),
        ("The rules were approved, effective Feb. 1.", "2026-02-01"),
        ("The army has kept the roads closed until Friday.", "2025-10-10"),
        # the past perfect puts even a plan before the report
        ("The offer had been due to expire Friday.", "2025-10-03"),
        ("Until Monday, the police had not named a suspect.", "2025-10-06"),
        ("The troops stayed until Monday.", "2025-10-06"),
    ],
)
def test_tense_of_deadlines_and_past_perfect(nlp, text, value):
    assert [t.value for t in timexes(nlp, text)] == [value]


def test_month_day_year_is_one_expression(nlp):
    text = "Shares were bought under an Aug. 10, 1988, purchase agreement."
    assert [(t.text, t.value) for t in timexes(nlp, text)] == [("Aug. 10, 1988", "1988-08-10")]


def test_offsets_point_into_the_text(nlp):
    text = "Officials said on Monday that three days ago the talks, held since 1992, failed."
    found = timexes(nlp, text)
    assert found
    for t in found:
        assert text[t.start : t.end] == t.text
    assert {t.text for t in found} >= {"Monday", "three days ago", "1992"}


@pytest.mark.parametrize(
    ("text", "not_a_timex"),
    [
        ("You may go home now, the officer said.", "may"),
        ("The 35-year-old driver was arrested.", "35"),
        ("She is 35 years old.", "35 years old"),
        ("Madrid won 3-1 at home.", "3-1"),
        ("The G7 met in Rome.", "G7"),
    ],
)
def test_not_time_expressions(nlp, text, not_a_timex):
    assert all(not_a_timex.lower() not in t.text.lower() for t in timexes(nlp, text))


def test_without_publication_date_relative_ones_stay_unresolved(nlp):
    found = {t.text: t.value for t in timexes(nlp, "The vote took place last May.", None)}
    assert found == {"last May": "XXXX-05"}


def test_ids_are_stable(nlp):
    text = "The vote took place on March 13, 2025."
    assert [t.id for t in timexes(nlp, text)] == [t.id for t in timexes(nlp, text)]


def test_time_of_a_clause(nlp):
    from dossier.extract.time import time_of

    text = "The vote took place last May. For three decades the island waited."
    found = timexes(nlp, text)
    first, second = text.index("The vote"), text.index("For three")
    assert time_of(found, first, second).value == "2025-05"
    assert time_of(found, second, len(text)) is None  # a duration is no point in time
