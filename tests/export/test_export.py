"""`dossier export`: records round-trip, tables have their columns, event tables validate.

The store holds three short articles written here (two in June 2025, one in July 2025) and the
multi-source story of ``tests/fixtures/story/`` (March 2026 and an earlier strike in November
2025), linked, so that stories, ledgers and duplicates exist too.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dossier import cli, pipeline
from dossier.errors import ConfigError
from dossier.export import date_window, export
from dossier.export.events import cell, event_columns
from dossier.export.records import PER_DOCUMENT, TABLE_RECORDS, columns, parse_line
from dossier.ingest import read_paths
from dossier.link import link_all, list_duplicates
from dossier.link.ledgers import list_ledgers
from dossier.link.stories import list_stories
from dossier.model import RECORD_TYPES, Extraction
from dossier.store import open_store
from dossier.store.schema import RECORD_MAPS

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"

ARTICLES = {
    "nairobi.txt": (
        "2025-06-02",
        "Kenya Courier",
        "NAIROBI (Kenya Courier) - Thousands of protesters marched in Nairobi on Monday against "
        "a new finance bill, and police fired tear gas at the crowd, witnesses said.\n\n"
        "Kenya's parliament is due to vote on the bill next week.",
    ),
    "istanbul.txt": (
        "2025-06-15",
        "Bosporus Post",
        "ISTANBUL (Bosporus Post) - Russia and Ukraine agreed on Sunday to exchange 1,000 "
        "prisoners of war each, Turkey's foreign minister said after talks in Istanbul.\n\n"
        "The two delegations met for two hours.",
    ),
    "paris.txt": (
        "2025-07-04",
        "Seine Daily",
        "PARIS (Seine Daily) - French police arrested 45 people in Paris on Thursday after "
        "clashes with protesters, the interior ministry said.\n\n"
        "The government condemned the violence.",
    ),
}


def write_articles(folder: Path) -> list[Path]:
    paths = []
    for name, (published, outlet, text) in ARTICLES.items():
        path = folder / name
        title = text.split(" - ", 1)[1].split(",")[0]
        path.write_text(
            f"---\ntitle: {title}\npublished: {published}\noutlet: {outlet}\n"
            f"url: https://example.org/{name[:-4]}\n---\n{text}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def store_path(nlp, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("export")
    target = str(folder / "export.db")
    with open_store(target) as store:
        paths = [*write_articles(folder), *sorted(STORY.glob("*.txt"))]
        summary = pipeline.add(store, nlp, read_paths(paths))
        assert not summary.failed
        link_all(store)
    return target


@pytest.fixture
def store(store_path):
    with open_store(store_path) as opened:
        yield opened


def stored(store) -> dict[str, list]:
    """Every record in the store by type, as (document id or None, record), read directly."""
    found: dict[str, list] = defaultdict(list)
    for document in sorted(store.list_documents(limit=10_000), key=lambda d: d.id):
        extraction = store.get(document.id)
        found["document"].append((None, extraction.document))
        for name in PER_DOCUMENT:
            part = {"entity": "entities", "timex": "timexes"}.get(name, f"{name}s")
            found[name] += [(document.id, r) for r in getattr(extraction, part)]
    found["story"] = [(None, s) for s in list_stories(store)]
    found["ledger"] = [(None, x) for x in list_ledgers(store)]
    found["duplicate"] = [(None, d) for d in list_duplicates(store)]
    return found


def export_text(store, fmt: str, **kwargs) -> str:
    buffer = io.StringIO()
    export(store, fmt, stdout=buffer, **kwargs)
    return buffer.getvalue()


def key(item) -> str:
    document_id, record = item
    return json.dumps([document_id, record.model_dump(mode="json")], sort_keys=True)


# -- jsonl ---------------------------------------------------------------------------------------


def test_jsonl_round_trips_into_the_stored_records(store):
    expected = stored(store)
    assert all(expected[name] for name in TABLE_RECORDS), {n: len(v) for n, v in expected.items()}
    found: dict[str, list] = defaultdict(list)
    for line in export_text(store, "jsonl").splitlines():
        name, document_id, record = parse_line(line)
        assert isinstance(record, RECORD_TYPES[name])
        found[name].append((document_id, record))
    assert set(found) == set(TABLE_RECORDS)
    for name in TABLE_RECORDS:
        assert sorted(map(key, found[name])) == sorted(map(key, expected[name])), name
    counts = store.counts()
    for name, rmap in RECORD_MAPS.items():
        assert len(found[name]) == counts[rmap.table.name]


def test_jsonl_extraction_lines_are_the_extract_json(store, tmp_path):
    out = tmp_path / "articles.jsonl"
    summary = export(store, "jsonl", out, records="extraction")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert summary.rows == {"extraction": len(lines)} and len(lines) == store.counts()["documents"]
    for line in lines:
        extraction = Extraction.model_validate_json(line)
        assert line == store.get(extraction.document.id).model_dump_json()
        assert parse_line(line)[2] == extraction


def test_jsonl_of_chosen_record_types_only(store):
    lines = export_text(store, "jsonl", records="event,duplicate").splitlines()
    types = [json.loads(line)["record"] for line in lines]
    assert set(types) == {"event", "duplicate"}
    assert types.count("event") == store.counts()["events"]
    with pytest.raises(ConfigError, match="unknown record type 'events'"):
        export_text(store, "jsonl", records="events")


# -- csv, parquet --------------------------------------------------------------------------------


def test_csv_has_one_file_per_record_type_with_its_columns(store, tmp_path):
    summary = export(store, "csv", tmp_path / "csv")
    counts = store.counts()
    expected = stored(store)
    for name in TABLE_RECORDS:
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        fields = list(RECORD_TYPES[name].model_fields)
        assert rows[0] == (["document", *fields] if name in PER_DOCUMENT else fields)
        assert len(rows) - 1 == counts[RECORD_MAPS[name].table.name] == summary.rows[name]
        ids = sorted(row[rows[0].index("id")] for row in rows[1:]) if "id" in fields else None
        if ids is not None:
            assert ids == sorted(record.id for _, record in expected[name])
        if name in PER_DOCUMENT:
            assert sorted(row[0] for row in rows[1:]) == sorted(d for d, _ in expected[name])
    with (tmp_path / "csv" / "event.csv").open(encoding="utf-8", newline="") as handle:
        events = list(csv.DictReader(handle))
    texts = {d.id: d.text for d in store.list_documents(limit=10_000)}
    for row in events:
        trigger = json.loads(row["trigger"])
        assert texts[row["document"]][trigger["start"] : trigger["end"]] == trigger["text"]
        assert row["time_fallback"] in {"true", "false"}


def test_parquet_has_typed_columns_and_round_trips(store, tmp_path):
    export(store, "parquet", tmp_path / "pq")
    expected = stored(store)
    for name in TABLE_RECORDS:
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert table.schema.names == columns(name)
        assert table.num_rows == len(expected[name])
        found = []
        for row in table.to_pylist():
            document_id = row.pop("document") if name in PER_DOCUMENT else None
            found.append((document_id, RECORD_TYPES[name].model_validate(row)))
        assert sorted(map(key, found)) == sorted(map(key, expected[name])), name
    events = pq.read_table(tmp_path / "pq" / "event.parquet").schema
    assert str(events.field("trigger").type) == (
        "struct<text: string not null, start: int64 not null, end: int64 not null>"
    )
    figures = events.field("figures").type
    assert pa.types.is_list(figures) and figures.value_type == pa.string()
    assert str(events.field("time_fallback").type) == "bool"


def test_tables_need_an_output_folder(store, tmp_path):
    with pytest.raises(ConfigError, match="give --output DIR"):
        export(store, "parquet")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="not a folder"):
        export(store, "csv", tmp_path / "file")


# -- event tables --------------------------------------------------------------------------------


def read_event_table(text: str, names: list[str]) -> list[dict[str, str]]:
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(row) == len(names) for row in rows)
    return [dict(zip(names, row, strict=True)) for row in rows]


def check_types(rows: list[dict[str, str]], fmt: str) -> None:
    for column in event_columns(fmt):
        for row in rows:
            value = row[column.name]
            if value == "":
                continue
            if column.type == "int":
                int(value)
            elif column.type == "float":
                float(value)
            elif column.type == "bool":
                assert value in {"0", "1"}, (column.name, value)


def stored_events(store) -> dict[str, tuple]:
    found = {}
    for document in store.list_documents(limit=10_000):
        extraction = store.get(document.id)
        claims = {c.id: c for c in extraction.claims}
        for event in extraction.events:
            found[event.id] = (extraction.document, event, claims.get(event.claim))
    return found


def test_plover_table_has_its_columns_and_one_row_per_event(store):
    names = [c.name for c in event_columns("plover")]
    lines = export_text(store, "plover").splitlines()
    assert lines[0].split("\t") == names
    rows = read_event_table("\n".join(lines[1:]), names)
    events = stored_events(store)
    assert sorted(r["Event ID"] for r in rows) == sorted(events)
    check_types(rows, "plover")
    for row in rows:
        document, event, claim = events[row["Event ID"]]
        assert row["Story ID"] == document.id and row["Event Type"] == event.plover
        assert row["CAMEO Code"] == (event.cameo or "")
        assert row["Modality"] == event.modality
        start, end = int(row["Trigger Start"]), int(row["Trigger End"])
        assert document.text[start:end] == row["Trigger Text"]
        date.fromisoformat(row["Event Date"])
        assert row["Publication Date"] == document.published
        assert row["Claim Source Text"] == (cell(claim.source.text) if claim else "")
        actor = event.actor1
        assert row["Actor Code"] == ((actor.code or "") if actor else "")
    assert any(r["Linked Story ID"] for r in rows)
    assert any(r["Latitude"] for r in rows)


def test_gdelt_table_has_its_columns_and_validates(store):
    names = [c.name for c in event_columns("gdelt")]
    assert names[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert names.index("SOURCEURL") == 60  # GDELT 2.0's 61 columns come first
    text = export_text(store, "gdelt")
    assert not text.startswith("GLOBALEVENTID")  # no header by default, as GDELT
    rows = read_event_table(text, names)
    events = stored_events(store)
    assert len(rows) == len(events) == store.counts()["events"]
    assert len({r["GLOBALEVENTID"] for r in rows}) == len(rows)
    check_types(rows, "gdelt")
    stories = {s.id: s for s in list_stories(store)}
    for row in rows:
        document, event, _ = events[row["EventID"]]
        day = date(int(row["SQLDATE"][:4]), int(row["SQLDATE"][4:6]), int(row["SQLDATE"][6:]))
        assert len(row["SQLDATE"]) == 8 and row["MonthYear"] == row["SQLDATE"][:6]
        assert row["Year"] == str(day.year)
        if row["DateFromPublication"] == "1":
            assert day.isoformat() == document.published
        else:
            assert day.isoformat() == event.time
        assert row["EventCode"] == (event.cameo or "")
        if event.cameo:
            assert row["EventRootCode"] == event.cameo[:2]
            assert row["EventBaseCode"] == event.cameo[:3]
            assert -10 <= float(row["GoldsteinScale"]) <= 10
            assert row["QuadClass"] in {"1", "2", "3", "4"}
        assert row["AvgTone"] == ""
        assert row["SOURCEURL"] == (document.url or "")
        assert len(row["DATEADDED"]) == 14
        if row["StoryID"]:
            story = stories[row["StoryID"]]
            shared = {e for group in story.events for e in group}  # event coreference
            assert event.id in {r.event for r in story.reports} | shared
            assert int(row["NumMentions"]) == len(story.reports)
            assert int(row["NumArticles"]) == story.documents
        else:
            assert row["NumMentions"] == row["NumSources"] == row["NumArticles"] == "1"
    # The wire's strike, reported by several outlets: more mentions than articles' one.
    assert max(int(r["NumMentions"]) for r in rows) > 1
    # The two CAMEO data files agree: material conflict scores below zero on Goldstein's scale.
    material_conflict = [float(r["GoldsteinScale"]) for r in rows if r["QuadClass"] == "4"]
    assert material_conflict and max(material_conflict) < 0


def test_gdelt_header_csv_and_parquet(store, tmp_path):
    names = [c.name for c in event_columns("gdelt")]
    assert export_text(store, "gdelt", header=True).splitlines()[0].split("\t") == names
    export(store, "gdelt", tmp_path / "events.csv", header=True)
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == names and len(rows) - 1 == store.counts()["events"]
    export(store, "plover", tmp_path / "events.parquet")
    table = pq.read_table(tmp_path / "events.parquet")
    plover = event_columns("plover")
    assert table.schema.names == [c.name for c in plover]
    kinds = {"string": "string", "int": "int64", "float": "double", "bool": "bool"}
    assert [str(f.type) for f in table.schema] == [kinds[c.type] for c in plover]
    assert table.num_rows == store.counts()["events"]


# -- filters, errors, empty store ----------------------------------------------------------------


def test_date_filters_keep_articles_published_in_the_window(store):
    june = date_window("2025-06-01", "2025-06-30")
    docs = [
        json.loads(x)
        for x in export_text(store, "jsonl", records="document", window=june).splitlines()
    ]
    assert sorted(d["published"] for d in docs) == ["2025-06-02", "2025-06-15"]
    in_june = {d["id"] for d in docs}
    events = [
        parse_line(x)
        for x in export_text(store, "jsonl", records="event", window=june).splitlines()
    ]
    expected = sum(len(store.get(d).events) for d in in_june)
    assert expected and len(events) == expected
    assert {document_id for _, document_id, _ in events} <= in_june
    names = [c.name for c in event_columns("plover")]
    rows = read_event_table(export_text(store, "plover", window=june, header=False), names)
    assert len(rows) == expected and {r["Publication Date"][:7] for r in rows} == {"2025-06"}
    # Cross-document records follow their reports: none in June, the strike's story in March.
    assert export_text(store, "jsonl", records="story,duplicate", window=june) == ""
    march = date_window("2026-03-01", None)
    stories = export_text(store, "jsonl", records="story,duplicate", window=march).splitlines()
    assert [json.loads(x)["record"] for x in stories] == ["story", "duplicate"]
    with pytest.raises(ConfigError, match="--from 2026-03-02 is after --to"):
        date_window("2026-03-02", "2026-03-01")
    with pytest.raises(ConfigError, match="--to: unparsable"):
        date_window(None, "March")


def test_unknown_format_is_a_clear_error(store, store_path):
    with pytest.raises(ConfigError, match="unknown export format 'xml'"):
        export_text(store, "xml")
    result = CliRunner().invoke(cli.app, ["export", "--db", store_path, "--format", "xml"])
    assert result.exit_code == ConfigError.exit_code
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: unknown export format 'xml'; choose from jsonl, csv, parquet, plover, gdelt"
    ]


def test_cli_writes_an_event_table(store_path, tmp_path):
    out = tmp_path / "gdelt.txt"
    args = ["export", "--db", store_path, "-f", "gdelt", "-o", str(out), "--from", "2026-03-01"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    column = [c.name for c in event_columns("gdelt")].index("Published")
    published = {line.split("\t")[column] for line in rows}
    assert rows and all(p >= "2026-03-01" for p in published)
    assert f"{len(rows)} event" in result.stderr


def test_an_empty_store_gives_empty_outputs(tmp_path):
    with open_store(tmp_path / "empty.db") as empty:
        assert export_text(empty, "jsonl") == ""
        assert export_text(empty, "jsonl", records="extraction") == ""
        assert export_text(empty, "gdelt") == ""
        plover = export_text(empty, "plover").splitlines()
        assert plover == ["\t".join(c.name for c in event_columns("plover"))]
        csv_summary = export(empty, "csv", tmp_path / "csv")
        parquet_summary = export(empty, "parquet", tmp_path / "pq")
        export(empty, "gdelt", tmp_path / "gdelt.parquet")
    assert csv_summary.rows == parquet_summary.rows == dict.fromkeys(TABLE_RECORDS, 0)
    for name in TABLE_RECORDS:
        header = (tmp_path / "csv" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert header == [",".join(columns(name))]
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert table.num_rows == 0 and table.schema.names == columns(name)
    assert pq.read_table(tmp_path / "gdelt.parquet").num_rows == 0
