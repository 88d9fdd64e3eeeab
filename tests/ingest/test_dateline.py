"""Tests for dossier.ingest.dateline."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.dateline import Dateline, find_dateline

SEED = Path("/work/shared/acceptance/seed-article.txt")


@pytest.mark.parametrize(
    ("text", "place", "body"),
    [
        ("Moscow/The Russian Duma ratified the agreement on Tuesday.", "Moscow", "The Russian"),
        ("MOSCOW (Reuters) - Russia's parliament ratified a pact.", "MOSCOW", "Russia's"),
        ("MOSCOW, Oct 7 (Reuters) - Russia's parliament ratified a pact.", "MOSCOW", "Russia's"),
        ("MOSCOW, Oct. 7 (Reuters) - The Duma voted.", "MOSCOW", "The Duma"),
        ("PARIS, 12 mars (AFP) - Au moins 14 personnes ont été tuées.", "PARIS", "Au moins"),
        ("LISBOA, 4 de novembro (Lusa) - Pelo menos 30 pessoas morreram.", "LISBOA", "Pelo"),
        ("BERLIN, 4. November (dpa) - Mindestens 30 Menschen starben.", "BERLIN", "Mindestens"),
        ("МОСКВА, 4 ноября (Интерфакс) - Не менее 30 человек погибли.", "МОСКВА", "Не менее"),
        ("КИЇВ - Щонайменше 13 людей загинули в понеділок.", "КИЇВ", "Щонайменше"),
        ("WASHINGTON — The State Department said on Monday it would act.", "WASHINGTON", "The"),
        ("WASHINGTON -- The State Department said on Monday it would act.", "WASHINGTON", "The"),
        ("WASHINGTON—The State Department said on Monday it would act.", "WASHINGTON", "The"),
        ("Kyiv, Ukraine – Russian drones struck the capital overnight.", "Kyiv", "Russian"),
        ("KYIV, Ukraine – Russian drones struck the capital overnight.", "KYIV", "Russian"),
        ("HAVANA, Cuba (AP) — Cuba's government denied the reports.", "HAVANA", "Cuba's"),
        ("BEIJING: China's foreign ministry urged restraint on Friday.", "BEIJING", "China's"),
        ("NEW YORK (CNN) - Stocks fell sharply on Tuesday.", "NEW YORK", "Stocks"),
        (
            "SAN JUAN, Puerto Rico, March 3 (Reuters) - Power was restored to most homes.",
            "SAN JUAN",
            "Power",
        ),
        ("LONDON, 7 October 2025 (Reuters) - Britain said so.", "LONDON", "Britain"),
        ("ST. LOUIS — A jury found the man guilty on Friday.", "ST. LOUIS", "A jury"),
        ("WASHINGTON, D.C. — Lawmakers passed the bill on Friday.", "WASHINGTON", "Lawmakers"),
        ("UNITED NATIONS (AP) — The Security Council met.", "UNITED NATIONS", "The Security"),
        ("Rio de Janeiro — Brazil's president said he would veto it.", "Rio de Janeiro", "Brazil"),
        ("ZÜRICH (Reuters) - Swiss banks rallied.", "ZÜRICH", "Swiss"),
        ("Moscow/“Ratify the agreement,” the document states.", "Moscow", "“Ratify"),
        ("MOSCOW (Reuters) - Talks resumed.\nSecond paragraph.", "MOSCOW", "Talks"),
    ],
)
def test_finds_dateline(text: str, place: str, body: str) -> None:
    found = find_dateline(text)
    assert found is not None
    assert found.place == place
    assert text[found.start : found.end] == place
    assert text[found.body_start :].startswith(body)


def test_region_is_kept_out_of_the_place() -> None:
    text = "HAVANA, Cuba (AP) — Cuba's government denied the reports."
    assert find_dateline(text) == Dateline(place="HAVANA", start=0, end=6, body_start=20)


@pytest.mark.parametrize(
    "text",
    [
        "The Russian Duma ratified the agreement on Tuesday.",
        "Russia said on Tuesday it would respond.",
        "U.S./Russian talks ended without a deal.",
        "Moscow has ratified the agreement.",
        "In Moscow, the Duma ratified the agreement.",
        "Russia Ratifies Military Pact With Cuba",  # a title line
        "Russia ratifies military pact with Cuba\nMoscow/The Duma ratified it.",  # not line 1
        "BREAKING: Russia ratifies a military pact with Cuba.",
        "Analysis — Why Russia needs Cuba now, more than ever.",
        "Russia Ratifies Pact — Report",
        "Moscow/Kyiv talks stall",
        "NATO: Russia must stop",
        "Ukraine: what we know so far",
        "Russia - Cuba ties deepen amid the war",
        "Putin — who has ruled since 2000 — said so.",
        "Winston-Salem police arrested a man.",
        "EXCLUSIVE-Russia recruits Cubans",
        "UPDATE 2-Russia ratifies pact",
        "Moscow/the Duma ratified it.",
        "MOSCOW\nThe Duma ratified it.",
        "WASHINGTON —",
        "Moscow",
        "",
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_dateline_is_frozen() -> None:
    found = find_dateline("BEIJING: China's foreign ministry urged restraint.")
    assert found is not None
    with pytest.raises(AttributeError):
        found.place = "SHANGHAI"  # type: ignore[misc]


@pytest.mark.skipif(not SEED.exists(), reason="shared acceptance article not present")
def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_dateline(text)
    assert found == Dateline(place="Moscow", start=0, end=6, body_start=7)
    assert text[found.body_start :].startswith("The Russian Duma")


def test_dateline_after_a_standfirst() -> None:
    text = "Rescuers search for survivors.\n\nKATHMANDU (Wire) - Floods swept away 40 homes."
    found = find_dateline(text)
    assert found is not None and found.place == "KATHMANDU"
    assert text[found.body_start :].startswith("Floods swept")


def test_no_dateline_after_a_first_paragraph() -> None:
    body = "Floods swept away 40 homes in the valley on Sunday, officials said, and rain fell. "
    text = body * 3 + "\n\nKATHMANDU (Wire) - Rescuers kept searching."
    assert find_dateline(text) is None
