"""Property-based tests (hypothesis) of the normalisers: dates, publication dates, numbers,
quantities, decoding, documents, cross-document keys and intervals. Whatever the input, each
returns a well-formed value or raises dossier's own error; where a value can be written and
read back, it comes back the same."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier.errors import DossierError, InputError
from dossier.extract.actors import actor_code
from dossier.extract.quantities import find_quantities, parse_digits
from dossier.extract.timenorm import normalize
from dossier.ingest import make_document
from dossier.ingest.decode import decode_bytes
from dossier.ingest.documents import normalize_published
from dossier.link.entities import fold
from dossier.link.eventmatch import time_interval
from dossier.link.figurematch import contested

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TIMEX_VALUE = re.compile(
    r"^(PRESENT_REF|PAST_REF|FUTURE_REF|P[\dX.]+[YMWDHQ]|PT[\dX.]+[HMS]|"
    r"[\dX]{4}(-[\dX]{2}(-[\dX]{2}(T.*)?)?|-W[\dX]{2}(-\d|-WE)?|-Q[1-4X]|-H[12]|-(SP|SU|FA|WI))?|"
    r"[\dX]{2,3}|T.*|P.*)$"
)
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
anchors = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
news_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=60
)


@PROFILE
@given(news_text, anchors, st.sampled_from(["past", "present", "future"]))
def test_time_normalizer_never_fails_and_writes_timex3(text, anchor, tense):
    norm = normalize(text, anchor, tense)
    if norm is not None:
        assert norm.type in {"DATE", "TIME", "DURATION", "SET"}
        assert TIMEX_VALUE.match(norm.value), norm


@PROFILE
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2200, 12, 31)), anchors)
def test_a_written_date_reads_back(day, anchor):
    # Years 1000-2200 only: the normaliser reads no other four digits as a year (by policy).

    text = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    assert normalize(text, anchor).value == day.isoformat()


@PROFILE
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_published_dates_round_trip(day):
    assert normalize_published(day.isoformat()) == day.isoformat()
    assert normalize_published(f"{day.isoformat()}T12:30:00+02:00") == day.isoformat()


@PROFILE
@given(st.text(max_size=40))
def test_published_dates_parse_or_say_why(raw):
    try:
        value = normalize_published(raw)
    except InputError:
        return
    assert value is None or date.fromisoformat(value)


@PROFILE
@given(st.integers(min_value=0, max_value=10**12))
def test_numbers_with_separators_read_back(n):
    assert parse_digits(f"{n:,}") == n
    assert parse_digits(str(n)) == n


@PROFILE
@given(st.text(max_size=30))
def test_number_parser_never_fails(text):
    value = parse_digits(text)
    assert value is None or isinstance(value, float)


@PROFILE
@given(st.text(max_size=200))
def test_quantities_are_ordered_intervals_inside_the_text(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.text == text[q.start : q.end]
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


@PROFILE
@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_a_written_range_reads_back(a, b):
    low, high = sorted((a, b))
    found = find_quantities(f"between {low:,} and {high:,} people")
    assert [(q.low, q.high) for q in found] == [(low, high)]


@PROFILE
@given(st.binary(max_size=300))
def test_decoding_gives_text_or_says_why(data):
    try:
        text = decode_bytes(data)
    except InputError:
        return
    assert isinstance(text, str)


@PROFILE
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=20)))
def test_documents_are_made_or_refused_with_a_reason(text, title):
    try:
        doc = make_document(text, title=title)
    except DossierError:
        return
    assert doc.text.strip() and doc.id == make_document(text, title=title).id


@PROFILE
@given(
    st.one_of(st.none(), st.from_regex(r"[A-Z]{3}", fullmatch=True)),
    st.one_of(st.none(), st.from_regex(r"[A-Z]{3}", fullmatch=True)),
)
def test_actor_codes_are_country_then_role(country, role):
    code = actor_code(country, role)
    assert code == ((country or "") + (role or "") or None)


@PROFILE
@given(st.text(max_size=60))
@example("㋐")  # a circled katakana letter is katakana once decomposed
@example("ＫＹＩＶ Ⓐ ﬁ")
def test_name_folding_is_idempotent(name):
    assert fold(fold(name)) == fold(name)


@PROFILE
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_time_intervals_contain_their_days(day):
    first, last = time_interval(f"{day.year:04d}-{day.month:02d}")
    assert first <= day.toordinal() <= last
    year = time_interval(f"{day.year:04d}")
    assert year[0] <= first <= last <= year[1]
    week = day.isocalendar()
    span = time_interval(f"{week.year:04d}-W{week.week:02d}")
    assert span[0] <= day.toordinal() <= span[1]


intervals = st.tuples(
    st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
    st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
).map(lambda t: tuple(sorted(t)) if None not in t else t)


@PROFILE
@given(st.lists(intervals, max_size=5), st.randoms())
def test_contested_does_not_depend_on_order(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert contested(values) == contested(shuffled)
    assert not contested(values[:1])
