from __future__ import annotations

from datetime import date

import pytest

from dossier.extract.timenorm import normalize

TUE = date(2025, 10, 7)  # a Tuesday
WED = date(2025, 10, 8)


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "type_", "value"),
    [
        ("this Tuesday", TUE, "past", "DATE", "2025-10-07"),
        ("this Tuesday", WED, "past", "DATE", "2025-10-07"),
        ("Tuesday", WED, "past", "DATE", "2025-10-07"),
        ("on Friday", WED, "future", "DATE", "2025-10-10"),
        ("last Tuesday", TUE, "past", "DATE", "2025-09-30"),
        ("next Monday", TUE, "future", "DATE", "2025-10-13"),
        ("Friday morning", WED, "past", "TIME", "2025-10-03TMO"),
        ("Last May", TUE, "past", "DATE", "2025-05"),
        ("May", TUE, "future", "DATE", "2026-05"),
        ("December", TUE, "past", "DATE", "2024-12"),
        ("next March", TUE, "future", "DATE", "2026-03"),
        ("March 13, 2025", TUE, "past", "DATE", "2025-03-13"),
        ("13 March 2025", TUE, "past", "DATE", "2025-03-13"),
        ("March 13", TUE, "past", "DATE", "2025-03-13"),
        ("mid-March", TUE, "past", "DATE", "2025-03"),
        ("February 2022", TUE, "past", "DATE", "2022-02"),
        ("2025-03-13", TUE, "past", "DATE", "2025-03-13"),
        ("yesterday", TUE, "past", "DATE", "2025-10-06"),
        ("today", TUE, "present", "DATE", "2025-10-07"),
        ("tomorrow", TUE, "future", "DATE", "2025-10-08"),
        ("last night", TUE, "past", "TIME", "2025-10-06TNI"),
        ("three days ago", TUE, "past", "DATE", "2025-10-04"),
        ("two weeks ago", TUE, "past", "DATE", "2025-W39"),
        ("a year ago", TUE, "past", "DATE", "2024"),
        ("six months earlier", TUE, "past", "DATE", "2025-04"),
        ("years ago", TUE, "past", "DATE", "PAST_REF"),
        ("last year", TUE, "past", "DATE", "2024"),
        ("this year", TUE, "present", "DATE", "2025"),
        ("next week", TUE, "future", "DATE", "2025-W42"),
        ("earlier this month", TUE, "past", "DATE", "2025-10"),
        ("last month", TUE, "past", "DATE", "2025-09"),
        ("the end of 2024", TUE, "past", "DATE", "2024"),
        ("since 1992", TUE, "past", "DATE", "1992"),
        ("the 1990s", TUE, "past", "DATE", "199"),
        ("the 19th century", TUE, "past", "DATE", "18"),
        ("the first quarter of 2024", TUE, "past", "DATE", "2024-Q1"),
        ("the third quarter", TUE, "past", "DATE", "2025-Q3"),
        ("the current quarter", TUE, "past", "DATE", "2025-Q4"),
        ("the latest quarter", TUE, "past", "DATE", "2025-Q3"),
        ("the past two quarters", TUE, "past", "DURATION", "P2Q"),
        ("every quarter", TUE, "present", "SET", "P1Q"),
        ("recent years", TUE, "past", "DURATION", "PXY"),
        ("three years after", TUE, "past", "DURATION", "P3Y"),
        ("two days before", TUE, "future", "DURATION", "P2D"),
        ("two days later", TUE, "past", "DATE", "2025-10-09"),
        ("fiscal 2025", TUE, "past", "DATE", "2025"),  # as TimeBank annotates fiscal years
        ("this summer", TUE, "past", "DATE", "2025-SU"),
        ("now", TUE, "present", "DATE", "PRESENT_REF"),
        ("currently", TUE, "present", "DATE", "PRESENT_REF"),
        ("three decades", TUE, "past", "DURATION", "P30Y"),
        ("a year", TUE, "past", "DURATION", "P1Y"),
        ("days", TUE, "past", "DURATION", "PXD"),
        ("several months", TUE, "past", "DURATION", "PXM"),
        ("the past three years", TUE, "past", "DURATION", "P3Y"),
        ("more than two years", TUE, "past", "DURATION", "P2Y"),
        ("24 hours", TUE, "past", "DURATION", "PT24H"),
        ("a year and a half", TUE, "past", "DURATION", "P18M"),
        ("half a century", TUE, "past", "DURATION", "P50Y"),
        ("every year", TUE, "past", "SET", "P1Y"),
        ("weekly", TUE, "past", "SET", "P1W"),
        ("every Monday", TUE, "past", "SET", "XXXX-WXX-1"),
        ("10:30 a.m.", TUE, "past", "TIME", "2025-10-07T10:30"),
        ("3 p.m. Tuesday", WED, "past", "TIME", "2025-10-07T15:00"),
    ],
)
def test_normalize(text, anchor, tense, type_, value):
    norm = normalize(text, anchor, tense)
    assert norm is not None, text
    assert (norm.type, norm.value) == (type_, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("this Tuesday", "XXXX-WXX-2"),
        ("Last May", "XXXX-05"),
        ("yesterday", "XXXX-XX-XX"),
        ("three days ago", "XXXX-XX-XX"),
        ("March 13, 2025", "2025-03-13"),  # absolute ones still resolve
        ("1992", "1992"),
    ],
)
def test_without_publication_date(text, value):
    assert normalize(text, None).value == value


@pytest.mark.parametrize(
    "text",
    [
        "35 years old", "aged 40", "Smith", "the agreement", "5,000", "3-1", "G7",
        "99999999999 weeks ago",  # found on Reuters: off the calendar, no OverflowError
        "400000 years ago", "99999 months later",
    ],
)  # fmt: skip
def test_not_time_expressions(text):
    assert normalize(text, TUE) is None


def test_numeric_dates_by_locale():
    assert normalize("03/02/2009", TUE).value == "2009-03-02"
    assert normalize("03/02/2009", TUE, dayfirst=True).value == "2009-02-03"
    assert normalize("13/03/2025", TUE).value == "2025-03-13"  # only one reading
    assert normalize("31/02/2025", TUE) is None
