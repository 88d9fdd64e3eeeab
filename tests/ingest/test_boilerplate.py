"""Boilerplate lines of pasted pages: found, kept when unsure, removed before offsets are fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier import cli
from dossier.ingest import read_paths
from dossier.ingest.boilerplate import find_boilerplate, line_kind, strip_boilerplate

# Each class of boilerplate the filter knows, one or more lines each.
BOILERPLATE = [
    ("SEE ALSO", "see also"),
    ("See also: Port workers vote on new contract", "see also"),
    ("Read more: Flood waters recede in the delta", "read more"),
    ("READ MORE", "read more"),
    ("Related:", "related"),
    ("Related coverage", "related"),
    ("Photo: AFP/Getty Images", "photo credit"),
    ("(Reuters/John Smith)", "photo credit"),
    ("Jane Roe/AP", "photo credit"),
    ("Image caption Firefighters work through the night near the harbour", "photo caption"),
    ("File photo", "file photo"),
    ("FILE PHOTO: A tanker is moored at a terminal near the port.", "file photo"),
    ("A crane lifts a container at the port on Monday. REUTERS/Jane Roe", "caption credit"),
    ("Share on Facebook Twitter Email", "share"),
    ("Facebook Twitter LinkedIn WhatsApp", "share"),
    ("Copy link", "share"),
    ("Follow Jane Roe on Twitter @janeroe", "follow"),
    ("1 month $9.99 / 12 months $99", "price"),
    ("Sign up for our newsletter", "newsletter"),
    ("Subscribe to our daily briefing", "newsletter"),
    ("Already a subscriber? Log in", "newsletter"),
    ("We use cookies to give you the best experience on our site.", "cookies"),
    ("Accept all cookies", "cookies"),
    ("Advertisement", "advertisement"),
    ("- ADVERTISEMENT -", "advertisement"),
    ("Click here to see the full list of results", "click here"),
    ("Watch the full interview below:", "watch"),
    ("https://example.org/world/2025/10/07/port-strike", "url"),
    ("[Port strike ends](https://example.org/port)", "markdown link"),
    ("Home | World | Politics | Business | Sport", "menu"),
]

# Real-looking news lines that only contain a boilerplate word, and lines that carry dates.
NEWS = [
    "The minister read a short statement to reporters outside the court on Friday.",
    "Read together, the two reports suggest the ceasefire is fragile.",
    "Shares in the shipping company fell 4% after the strike was announced.",
    "The two countries share a 1,200-km border and a long history of disputes.",
    "Few analysts subscribe to the view that sanctions alone will end the war.",
    "Subscribers to the utility's service will see bills rise by $12 a month from January.",
    "A photo released by the army showed soldiers crossing the river at dawn.",
    "Photographs of the damage circulated widely on social media on Sunday.",
    "The company said it would pay $9.99 per share in cash for the rival firm.",
    "The state will spend $40 million a year on the new flood barriers.",
    "MOSCOW, Oct 7 (Reuters) -",
    "MOSCOW, Oct 7 (Reuters) - Russia's parliament ratified the treaty on Tuesday.",
    "By Jane Roe | Updated October 7, 2025 10:32 GMT",
    "By Jane Roe and John Doe, Reuters",
    "Published 7 October 2025",
    '"We will not give up a single village," the mayor said.',
    "\u201cWe are ready to talk,\u201d she told reporters.",
    "Clinton leads by four points, according to a poll by Reuters/Ipsos.",
    "Following the vote, the opposition walked out of the chamber.",
    "Watch the skies, the general told villagers near the border.",
    "Click, the app that lets users rent scooters, filed for bankruptcy on Monday.",
    "Related talks in Geneva ended without agreement.",
    "Advertisements for the drug were banned by the regulator last year.",
    "Killed: 12",
    "World leaders gathered in Paris on Monday.",
    "The moment was captured in a photo by a local resident.",
    "The notes are backed by a letter of credit by a German bank",
]


@pytest.mark.parametrize(("line", "why"), BOILERPLATE)
def test_boilerplate_line_is_dropped(line: str, why: str) -> None:
    assert find_boilerplate([line]), why


@pytest.mark.parametrize("line", NEWS)
def test_news_line_is_kept(line: str) -> None:
    assert line_kind(line) is None
    assert find_boilerplate(["Intro paragraph of the story.", line, "Last paragraph."]) == {}


def test_casualty_figures_in_short_lines_are_kept() -> None:
    lines = ["Killed: 12", "Wounded: 40", "Missing: 3", "Displaced: 2,500"]
    assert find_boilerplate(lines) == {}


def test_earnings_and_fuel_tables_are_kept() -> None:
    earnings = ["Shr 12 cts vs 15 cts", "Net 1,234,000 vs 1,456,000", "Revs $12.3 mln vs $10.1 mln"]
    fuel = ["Petrol $1.20 per litre", "Diesel $1.35 per litre", "Gas $0.90 per litre"]
    salaries = ["Teachers $40,000 a year", "Nurses $45,000 a year"]
    timeline = ["09:15 First explosion reported", "09:40 Police arrive", "10:05 Second blast"]
    metals = [
        "Platinum - 4.00 to 6.00 dlrs higher",
        "Palladium - 1.00 to 2.00 dlrs higher",
        "Copper - 0.20 to 0.30 cent higher",
    ]
    for table in (earnings, fuel, salaries, timeline, metals):
        assert find_boilerplate(table) == {}, table


def test_price_table_in_the_middle_is_removed_paragraphs_kept() -> None:
    text = (
        "LISBON (Reuters) - Dock workers ended a ten-day strike on Monday.\n\n"
        "Get unlimited digital access\n"
        "1 month $9.99\n"
        "Best value\n"
        "12 months $99 (save 17%)\n"
        "Cancel anytime\n\n"
        "The union said 40 ships had been held up at the port."
    )
    cleaned, dropped = strip_boilerplate(text)
    assert cleaned == (
        "LISBON (Reuters) - Dock workers ended a ten-day strike on Monday.\n\n"
        "The union said 40 ships had been held up at the port."
    )
    assert {d.kind for d in dropped} >= {"price_table"}


def test_link_list_after_header_stops_at_text() -> None:
    lines = [
        "The vote was close.",
        "Related stories",
        "Port strike ends after ten days",
        "",
        "Union leader steps down",
        "By Jane Roe",
        "The union said it would appeal.",
    ]
    assert find_boilerplate(lines) == {1: "exact", 2: "link_list", 4: "link_list"}


def test_schedule_block_is_removed() -> None:
    lines = ["Opening hours", "Mon-Fri 9am-5pm", "Sat 10:00-14:00", "Sun closed", "Sun 10am - 4pm"]
    assert set(find_boilerplate(lines)) == {1, 2, 3, 4}


def test_menu_block_is_removed_but_names_are_kept() -> None:
    menu = ["Home", "World", "Politics", "Business", "Sport"]
    names = ["The victims were:", "Ana Silva", "Rui Costa", "Marta Lopes"]
    assert set(find_boilerplate(menu)) == set(range(5))
    assert find_boilerplate(names) == {}


def test_text_without_boilerplate_is_unchanged() -> None:
    text = "KYIV (Reuters) - Drones hit the city overnight.\n\nNo one was hurt, officials said."
    assert strip_boilerplate(text) == (text, [])


def test_strip_is_idempotent() -> None:
    text = "Advertisement\n\nThe port reopened.\nPhoto: AFP\n\n\nShare\nWorkers returned."
    once, _ = strip_boilerplate(text)
    assert once == "The port reopened.\n\nWorkers returned."
    assert strip_boilerplate(once) == (once, [])


# -- where it is applied: read_paths --------------------------------------------------------

PAGE = (
    "Photo: AFP/Getty Images\n"
    "MOSCOW, Oct 7 (Reuters) - Russia's parliament ratified a defence pact with Cuba on "
    "Tuesday, and the State Department said between 1,000 and 5,000 Cubans fight for Russia.\n\n"
    "Advertisement\n\n"
    "Sign up for our newsletter\n"
    "1 month $9.99 / 12 months $99\n\n"
    '"We are ready to defend our allies," a Kremlin spokesman said.\n'
    "Read more: Officials say 40 people died in the floods\n"
    "Share on Facebook Twitter Email\n"
)
DROPPED = [
    "Photo: AFP",
    "Advertisement",
    "Sign up",
    "$9.99",
    "Read more",
    "40 people died",
    "Share on",
]


def test_read_paths_removes_boilerplate_and_finds_the_dateline(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (document,) = [r.document for r in read_paths([tmp_path / "page.txt"])]
    assert document is not None
    assert document.dateline == "MOSCOW"
    assert document.text.startswith("MOSCOW, Oct 7 (Reuters) - Russia's parliament")
    assert document.text.endswith("a Kremlin spokesman said.")
    assert not any(piece in document.text for piece in DROPPED)


def test_keep_boilerplate_keeps_the_text_as_read(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (kept,) = [r.document for r in read_paths([tmp_path / "page.txt"], keep_boilerplate=True)]
    (cleaned,) = [r.document for r in read_paths([tmp_path / "page.txt"])]
    assert kept is not None and cleaned is not None
    assert all(piece in kept.text for piece in DROPPED)
    assert kept.id != cleaned.id


def test_jsonl_text_is_cleaned_too(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"text": PAGE, "title": "Pact"}) + "\n", encoding="utf-8")
    (result,) = read_paths([path])
    assert result.document is not None and "Advertisement" not in result.document.text
    assert result.document.title == "Pact"


def test_only_boilerplate_is_a_failure_not_an_empty_article(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_text("Advertisement\n\nShare\nCopy link\n", encoding="utf-8")
    (result,) = read_paths([tmp_path / "junk.txt"])
    assert result.document is None and result.error is not None
    assert "boilerplate" in result.error.message
    (kept,) = read_paths([tmp_path / "junk.txt"], keep_boilerplate=True)
    assert kept.document is not None


# -- offsets after extraction -----------------------------------------------------------------


def _spans(value: Any) -> list[dict[str, Any]]:
    """Every {start, end, text} object anywhere in an extraction record."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("text"), str):
            found.append(value)
        for item in value.values():
            found.extend(_spans(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_spans(item))
    return found


@pytest.fixture
def _session_model(monkeypatch: pytest.MonkeyPatch, nlp) -> None:
    monkeypatch.delenv("DOSSIER_MODEL", raising=False)
    build = cli._pipeline
    monkeypatch.setattr(cli, "_pipeline", lambda name: build(name) if name else nlp)


@pytest.mark.usefixtures("_session_model")
def test_extract_offsets_point_into_the_cleaned_text(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    text = record["document"]["text"]
    assert not any(piece in text for piece in DROPPED)
    spans = _spans({k: v for k, v in record.items() if k != "document"})
    assert spans, "the article should give records"
    for span in spans:
        assert span["text"] == text[span["start"] : span["end"]], span
    assert [f["text"] for f in record["figures"]] == ["between 1,000 and 5,000"]
    assert record["claims"], "the spokesman's quote is a claim"

    kept = CliRunner().invoke(cli.app, ["extract", str(path), "--json", "--keep-boilerplate"])
    assert kept.exit_code == 0, kept.output
    (raw,) = [json.loads(line) for line in kept.stdout.splitlines() if line.strip()]
    assert "Advertisement" in raw["document"]["text"]
