"""The figure extractor on sentences written for these tests (none from a gold set)."""

from __future__ import annotations

import pytest

from dossier.extract.figures import figure_records
from dossier.extract.quantities import find_quantities, parse_digits, split_words
from dossier.model import Figure


def figures(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    assert not doc.user_data.get("dossier.errors"), doc.user_data.get("dossier.errors")
    return doc._.dossier_figures


def one(nlp, text: str, contains: str) -> dict:
    found = [f for f in figures(nlp, text) if contains in f["text"]]
    assert found, f"no figure with {contains!r} in {[f['text'] for f in figures(nlp, text)]}"
    return found[0]


# --- numbers and intervals (text only) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier"),
    [
        ("The blast killed 1,250 people.", 1250, 1250, "exact"),
        ("Some 1.000.000 euros were spent.", 1_000_000, 1_000_000, "about"),
        ("Roughly 12 000 homes lost power.", 12_000, 12_000, "about"),
        ("The fund holds 1.5 million barrels.", 1_500_000, 1_500_000, "exact"),
        ("Exports reached 5 mln tonnes.", 5_000_000, 5_000_000, "exact"),
        ("Two dozen soldiers crossed.", 24, 24, "exact"),
        ("A thousand people marched.", 1000, 1000, "exact"),
        ("At least 39 Cubans have been killed.", 39, None, "at_least"),
        ("No fewer than 12 ships sailed.", 12, None, "at_least"),
        ("More than 1,000 identities were confirmed.", 1000, None, "more_than"),
        ("Over 300 villages were flooded.", 300, None, "more_than"),
        ("At most 40 seats were won.", None, 40, "at_most"),
        ("Fewer than a hundred remain.", None, 100, "less_than"),
        ("As many as 700 workers could lose jobs.", None, 700, "up_to"),
        ("Losses ran as high as $3 billion.", None, 3_000_000_000, "up_to"),
        ("Between 40 and 60 trucks arrived.", 40, 60, "between"),
        ("Officials counted 40-60 trucks.", 40, 60, "between"),
        ("Officials counted 40 to 60 trucks.", 40, 60, "between"),
        ("Prices rose from 3 to 5 per cent.", 3, 5, "between"),
        ("Nearly 20,000 people fled.", 20_000, 20_000, "about"),
        ("An estimated 4,000 people fled.", 4000, 4000, "about"),
        ("The rebels lost 500 or more fighters.", 500, None, "at_least"),
        ("Temperatures fell to minus 12 degrees.", -12, -12, "exact"),
        ("Twenty-eight thousand six hundred forty-two students enrolled.", 28642, 28642, "exact"),
        ("It weighs more than 10 and less than 20 tons.", 10, 20, "between"),
        ("The plant cost 2,5 million euros.", 2_500_000, 2_500_000, "exact"),
        ("Revenue was 32.7 mln dlrs.", 32_700_000, 32_700_000, "exact"),
        ("Only one in five returned.", 0.2, 0.2, "exact"),
    ],
)
def test_intervals(text, low, high, qualifier):
    found = find_quantities(text)
    assert found, text
    q = found[0]
    assert (q.low, q.high, q.qualifier) == (low, high, qualifier), (text, q)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Dozens of people were hurt.", 24, 99),
        ("Hundreds of homes burned.", 200, 999),
        ("Thousands of people marched.", 2000, 9999),
        ("Tens of thousands of people marched.", 20_000, 99_999),
        ("Police said dozens more were wounded.", 24, 99),
    ],
)
def test_vague_quantities_are_intervals_marked_vague(text, low, high):
    q = find_quantities(text)[0]
    assert (q.low, q.high, q.vague) == (low, high, True)


def test_plural_scale_without_of_is_not_vague():
    assert find_quantities("He counted them by the hundreds.") == []


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("It paid $6 each.", 6, "USD"),
        ("It paid US$2.5 million.", 2_500_000, "USD"),
        ("It paid €40 million.", 40_000_000, "EUR"),
        ("It paid £3bn.", 3_000_000_000, "GBP"),
        ("It paid A$12m.", 12_000_000, "AUD"),
        ("It paid HK$3.7 billion.", 3_700_000_000, "HKD"),
    ],
)
def test_money_gets_an_iso_code(text, value, currency):
    q = find_quantities(text)[0]
    assert (q.low, q.currency) == (value, currency)


def test_percentages():
    q = find_quantities("Inflation rose 3.5 per cent, and 7% in May.")
    assert [(x.low, x.percent) for x in q] == [(3.5, True), (7, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Call +1-222-333-4444 now.",
        "The G7 met, and the Airbus A380 landed.",
        "He finished 22nd in the race.",
        "It happened on 2024-05-01 at 10:30.",
        "1. The first point\n2. The second point",
        "The version 2.4.1 was released.",
    ],
)
def test_not_numbers(text):
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_parsers_say_none_for_what_they_cannot_read():
    assert parse_digits("abc") is None
    assert split_words("several people") == []


# --- figures (with the parse) ----------------------------------------------------------------


def test_seed_like_sentence_with_partitive_and_missing_space(nlp):
    text = (
        "The exile group said that Russia has recruited up to 20,000 Cubansof which "
        "between 200 and 300 would have died."
    )
    first = one(nlp, text, "20,000")
    assert (first["low"], first["high"], first["qualifier"]) == (None, 20000, "up_to")
    assert first["unit"] == "Cubans"
    assert first["measure"] == "recruit"
    second = one(nlp, text, "200 and 300")
    assert (second["low"], second["high"], second["qualifier"]) == (200, 300, "between")
    assert second["unit"] == "Cubans"  # counted through "of which"
    assert second["measure"] == "die"
    assert second["modality"] == "hedged"


def test_subject_is_the_counted_entity(nlp):
    doc = nlp("Officials said at least 40 Cubans were killed in the attack.")
    figure = next(f for f in doc._.dossier_figures if f["low"] == 40)
    entity = next(e for e in doc._.dossier_entities if e["id"] == figure["subject"])
    assert entity["country"] == "CUB"
    assert figure["measure"] == "kill"


@pytest.mark.parametrize(
    ("text", "contains", "measure"),
    [
        ("About 5,000 people were displaced by the floods.", "5,000", "displace"),
        ("More than 300 mercenaries are fighting in the east.", "300", "fight"),
    ],
)
def test_measure_is_the_governing_verb(nlp, text, contains, measure):
    assert one(nlp, text, contains)["measure"] == measure


@pytest.mark.parametrize(
    ("text", "contains", "modality"),
    [
        ("Police said 12 protesters were arrested.", "12", "asserted"),
        ("As many as 80 civilians may have been killed.", "80", "hedged"),
        ("Reportedly 200 soldiers deserted.", "200", "hedged"),
        ("An estimated 3,000 people fled.", "3,000", "hedged"),
        ("The ministry did not confirm that 40 sailors died.", "40", "asserted"),
        ("The army has not recruited 500 volunteers.", "500", "denied"),
    ],
)
def test_modality(nlp, text, contains, modality):
    assert one(nlp, text, contains)["modality"] == modality


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Net profit was 4.0 mln dlrs in the quarter.", "USD"),
        ("The 1520 sq m centre was leased.", "sq m"),
        ("The rocket flew 300 miles east.", "miles"),
        ("Sales 20.2 mln  Avg shrs 13.9 mln", None),
        ("Orders rose to 1,200\nExports fell", None),
        ("It carried a 1,850 pound Geostationary Satellite.", "pound"),
        ("A car bomb killed 12 in Mosul on Friday.", None),  # "in" apart is no inch
        ("The pipe is 6in wide.", "in"),
    ],
)
def test_unit(nlp, text, unit):
    assert figures(nlp, text)[0]["unit"] == unit


def test_change_direction(nlp):
    found = figures(nlp, "Shares fell 4.2% to $31.50 after the report.")
    by_text = {f["text"]: f for f in found}
    assert by_text["4.2%"]["change"] == "down"
    assert by_text["$31.50"]["change"] is None
    assert by_text["$31.50"]["unit"] == "USD"


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 1997 and revised on March 13, 2025.",
        "The meeting is at 10 a.m. on Tuesday.",
        "Windows 10 and the Big 12 are names.",
        "Call 555-123-4567 for details.",
        "Smith, 44, was arrested in Section 427 of the stadium.",
        "She came 3rd in the race.",
        "Each one of them left.",
    ],
)
def test_not_figures(nlp, text):
    assert figures(nlp, text) == [], [f["text"] for f in figures(nlp, text)]


def test_time_is_the_sentence_date(nlp):
    doc = nlp.make_doc("Last May, the group said up to 20,000 Cubans were recruited.")
    doc.user_data["dossier.published"] = "2025-10-07"
    doc = nlp(doc)
    figure = doc._.dossier_figures[0]
    assert figure["time"] == "2025-05"


def test_records_validate_and_point_into_the_text(nlp):
    text = "At least 39 people died and 1.5 million were displaced, up from 900,000."
    doc = nlp(text)
    records = figure_records(doc._.dossier_figures)
    assert records and all(isinstance(r, Figure) for r in records)
    for r in records:
        assert text[r.start : r.end] == r.text
        assert r.claim is None and r.event is None


def test_ids_are_stable(nlp):
    text = "Between 1,000 and 5,000 Cubans have been recruited."
    assert [f["id"] for f in figures(nlp, text)] == [f["id"] for f in figures(nlp, text)]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "%%% $$$ 1e99999 ---", "1" * 5000, "up to", "between and", "½ ⅓ ⁄ 10⁄0"],
)
def test_odd_input_does_not_crash(nlp, text):
    figures(nlp, text)


def test_a_failure_is_recorded_not_raised(nlp, monkeypatch):
    import dossier.extract.figures as module

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "find_quantities", boom)
    doc = nlp("It cost $5.")
    assert any("dossier_figures" in e for e in doc.user_data["dossier.errors"])


def test_records_mark_vague_quantities(nlp):
    records = figure_records(figures(nlp, "Hundreds of people fled, and 12 soldiers died."))
    assert [r.vague for r in records if "undreds" in r.text] == [True]
    assert [r.vague for r in records if r.text.startswith("12")] == [False]


@pytest.mark.parametrize(
    ("text", "klass"),
    [
        ("Ferry Fire Kills 14 Off Crete", "killed"),
        ("Bus Crash Injures 23 Pilgrims", "wounded"),
        ("Gunman Kills Three At Depot", "killed"),
    ],
)
def test_headline_count_after_a_capitalised_verb(nlp, text, klass):
    # a headline's verb the parser reads as a name does not make the count a label
    assert [f["measure_class"] for f in figures(nlp, text)] == [klass]


@pytest.mark.parametrize("text", ["Microsoft Releases Windows 10 Today", "The Big Ten Meets"])
def test_a_name_before_a_number_is_still_a_label(nlp, text):
    assert figures(nlp, text) == []
