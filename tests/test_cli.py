"""The ``dossier`` command: extract, add, list, show and schema.

Most runs are in-process (CliRunner) with the session's pipeline instead of a fresh model
load; the runs whose exit status, stderr and cross-process stability matter are real
processes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier import cli
from dossier.model import Extraction, content_hash
from dossier.store import open_store

MOSCOW = (
    "MOSCOW (Reuters) - The Russian Duma ratified a military cooperation agreement with Cuba "
    "on Tuesday, Russian lawmakers said.\n\nThe Kremlin welcomed the vote.\n"
)
WASHINGTON = (
    "WASHINGTON (AP) - The State Department said on Monday that talks with Beijing would "
    "resume next week.\n"
)
ZURICH = (
    "ZÜRICH (Reuters) - Klaus Müller, who has run a small café near the lake for twenty "
    "years, said on Monday that he would close it. Señor Núñez agreed.\n"
)
PARIS = "PARIS (Reuters) - France said on Friday that it would send more aid to Ukraine."
MALFORMED_HTML = (
    '<html><head><title>Broken page</title></head><body><div><p>Menu<p><a href="/">Home\n'
    '<div class="nav"><span>Login</div></span></b></i>\n<table><tr><td>Ad<td>Ad\n'
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
RECORD_KEYS = {"document", "entities", "timexes", "figures", "claims", "events"}


@pytest.fixture(autouse=True)
def _session_model(monkeypatch: pytest.MonkeyPatch, nlp) -> None:
    """In-process runs reuse the session's pipeline for the default model."""
    monkeypatch.delenv("DOSSIER_MODEL", raising=False)
    monkeypatch.delenv("DOSSIER_DB", raising=False)
    build = cli._pipeline
    monkeypatch.setattr(cli, "_pipeline", lambda name: build(name) if name else nlp)


def invoke(*args: str | Path) -> Any:
    result = CliRunner().invoke(cli.app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # an escaped exception is a bug, not an exit status
    return result


def run_process(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``dossier`` command in a real process, as a user would."""
    script = shutil.which("dossier", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-c", "from dossier.cli import app; app()"]
    env = {k: v for k, v in os.environ.items() if k not in ("DOSSIER_MODEL", "DOSSIER_DB")}
    env["COLUMNS"] = "80"  # a narrow terminal must not wrap an error line
    return subprocess.run(
        [*command, *(str(a) for a in args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def json_lines(stdout: str) -> list[dict[str, Any]]:
    lines = stdout.splitlines()
    assert lines, "no output"
    return [json.loads(line) for line in lines]


def assert_one_error_line(stderr: str, *needles: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- extract ---------------------------------------------------------------------------------


def test_extract_json_is_one_record_per_article_with_stable_ids(tmp_path: Path):
    write(tmp_path, "moscow.txt", MOSCOW)
    write(tmp_path, "washington.txt", WASHINGTON)

    runs = [run_process("extract", "moscow.txt", "washington.txt", "--json", cwd=tmp_path)]
    runs.append(run_process("extract", "moscow.txt", "washington.txt", "--json", cwd=tmp_path))

    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    first, second = (json_lines(run.stdout) for run in runs)
    assert len(first) == 2
    for record in first:
        assert set(record) == RECORD_KEYS
        Extraction.model_validate(record)  # the printed JSON is a valid record
    moscow, washington = first
    assert moscow["document"]["dateline"] == "MOSCOW"
    assert washington["document"]["dateline"] == "WASHINGTON"
    assert moscow["document"]["id"] == content_hash(moscow["document"]["text"])
    assert moscow["document"]["text"].startswith("MOSCOW (Reuters) - The Russian Duma")
    assert moscow["document"]["published"] is None
    names = {e["name"] for e in moscow["entities"]}
    assert {"Russian Duma", "Cuba", "Kremlin"} <= names
    # The same input gives the same ids (and records) in another process.
    assert [r["document"]["id"] for r in first] == [r["document"]["id"] for r in second]
    assert [[e["id"] for e in r["entities"]] for r in first] == [
        [e["id"] for e in r["entities"]] for r in second
    ]
    assert first == second


@pytest.mark.parametrize(
    ("given", "stored"), [("2025-10-07", "2025-10-07"), ("2025-10-07T23:30:00-05:00", "2025-10-07")]
)
def test_extract_published_option(tmp_path: Path, given: str, stored: str):
    path = write(tmp_path, "moscow.txt", MOSCOW)
    result = invoke("extract", path, "--json", "--published", given)
    assert result.exit_code == 0, result.stderr
    [record] = json_lines(result.stdout)
    assert record["document"]["published"] == stored
    assert record["document"]["dateline"] == "MOSCOW"


@pytest.mark.parametrize(
    ("option", "needles"),
    [
        (["--published", "next tuesday"], ["next tuesday", "published"]),
        (["--model", "no_such_model"], ["no_such_model", "not installed"]),
    ],
)
def test_extract_bad_option_is_one_error_line(tmp_path: Path, option, needles):
    write(tmp_path, "moscow.txt", MOSCOW)
    run = run_process("extract", "moscow.txt", "--json", *option, cwd=tmp_path)
    assert run.returncode != 0
    assert run.stdout == ""
    assert_one_error_line(run.stderr, *needles)


def test_extract_skips_bad_articles_and_fails(tmp_path: Path):
    write(tmp_path, "in/a-empty.txt", "  \n")
    write(tmp_path, "in/b-moscow.txt", MOSCOW)
    result = invoke("extract", tmp_path / "in", "--json")
    assert result.exit_code != 0
    [record] = json_lines(result.stdout)
    assert record["document"]["dateline"] == "MOSCOW"
    [line] = result.stderr.strip().splitlines()
    assert "a-empty.txt" in line
    assert "empty article" in line


def test_extract_prints_readable_records_and_odd_names_verbatim(tmp_path: Path):
    # Brackets in paths and titles are text, not console markup.
    write(tmp_path, "in/[red]empty.txt", "")
    write(tmp_path, "in/paris.txt", f"---\ntitle: '[/red] Aid [UPDATE]'\n---\n{PARIS}\n")
    result = invoke("extract", tmp_path / "in")
    assert result.exit_code != 0
    assert "[/red] Aid [UPDATE]" in result.stdout
    assert "dateline PARIS" in result.stdout
    assert "Ukraine" in result.stdout
    assert "[red]empty.txt: empty article" in result.stderr


# -- add, list, show ---------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of two good articles, a Latin-1 one, bad files, and a half-broken JSONL file."""
    folder = tmp_path / "corpus"
    write(folder, "moscow.txt", MOSCOW)
    write(folder, "more/washington.md", WASHINGTON)
    write(folder, "empty.txt", "")
    write(folder, "image.png", PNG)
    write(folder, "zurich.txt", ZURICH.encode("latin-1"))
    write(folder, "broken.html", MALFORMED_HTML)
    good_line = json.dumps({"text": PARIS, "title": "Aid for Ukraine", "published": "2025-10-03"})
    write(folder, "wire.jsonl", good_line + '\n{"text": "unterminated\n')
    return folder


SUMMARY = re.compile(r"(\d+) added, (\d+) already present, (\d+) failed")


def summary(stdout: str) -> tuple[int, int, int]:
    match = SUMMARY.search(stdout)
    assert match, stdout
    added, present, failed = map(int, match.groups())
    return added, present, failed


def failures(stderr: str) -> dict[str, str]:
    """The ``failed SOURCE: REASON`` lines of ``add``, by file name."""
    found = {}
    for line in stderr.strip().splitlines():
        assert line.startswith("failed "), line
        source, _, reason = line.removeprefix("failed ").partition(": ")
        found[Path(source).name] = reason
    return found


def test_add_folder_stores_good_articles_and_reports_bad_ones(corpus: Path, tmp_path: Path):
    db = tmp_path / "store" / "dossier.db"
    db.parent.mkdir()

    result = invoke("add", corpus, "--db", db)

    assert result.exit_code != 0
    assert summary(result.stdout) == (4, 0, 4)
    reasons = failures(result.stderr)
    assert set(reasons) == {"empty.txt", "image.png", "broken.html", "wire.jsonl#L2"}
    assert reasons["empty.txt"] == "empty article"
    assert "PNG" in reasons["image.png"]
    assert "no article text" in reasons["broken.html"]
    assert "invalid JSON" in reasons["wire.jsonl#L2"]

    listed = json_lines(invoke("list", "--db", db, "--json").stdout)
    assert len(listed) == 4
    assert all("text" not in d for d in listed)
    by_dateline = {d["dateline"]: d for d in listed}
    assert set(by_dateline) == {"MOSCOW", "WASHINGTON", "ZÜRICH", "PARIS"}
    assert by_dateline["PARIS"]["title"] == "Aid for Ukraine"
    assert by_dateline["PARIS"]["published"] == "2025-10-03"

    with open_store(db) as store:
        assert {d.id for d in store.list_documents()} == {d["id"] for d in listed}
        zurich = store.get(by_dateline["ZÜRICH"]["id"]).document
        counts = store.counts()
    assert zurich.text == ZURICH.strip()  # Latin-1 bytes decoded to the right characters
    assert counts["documents"] == 4

    again = invoke("add", corpus, "--db", db)

    assert again.exit_code != 0  # the bad files are still bad
    assert summary(again.stdout) == (0, 4, 4)
    assert set(failures(again.stderr)) == set(reasons)
    with open_store(db) as store:
        assert store.counts() == counts


def test_add_only_good_articles_succeeds(tmp_path: Path):
    write(tmp_path, "in/moscow.txt", MOSCOW)
    db = tmp_path / "dossier.db"
    result = invoke("add", tmp_path / "in", "--db", db, "--published", "2025-10-07")
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (1, 0, 0)
    assert result.stderr == ""
    [listed] = json_lines(invoke("list", "--db", db, "--json").stdout)
    assert listed["published"] == "2025-10-07"


def test_list_and_show(tmp_path: Path):
    moscow = write(tmp_path, "in/moscow.txt", MOSCOW)
    write(tmp_path, "in/washington.txt", WASHINGTON)
    db = tmp_path / "dossier.db"
    assert invoke("add", tmp_path / "in", "--db", db).exit_code == 0
    [printed] = json_lines(invoke("extract", moscow, "--json").stdout)
    document_id = printed["document"]["id"]

    listed = json_lines(invoke("list", "--db", db, "--json").stdout)
    assert sorted(d["id"] for d in listed) == sorted(
        [document_id, content_hash(WASHINGTON.strip())]
    )
    first_page = json_lines(invoke("list", "--db", db, "--json", "--limit", "1").stdout)
    second_page = json_lines(invoke("list", "--db", db, "--json", "--offset", "1").stdout)
    assert first_page + second_page == listed
    table = invoke("list", "--db", db)
    assert table.exit_code == 0
    assert document_id in table.stdout

    shown = invoke("show", document_id[:6], "--db", db)
    assert shown.exit_code == 0, shown.stderr
    assert f"id {document_id}" in shown.stdout
    assert "dateline MOSCOW" in shown.stdout
    for entity in printed["entities"]:
        assert entity["name"] in shown.stdout

    as_json = invoke("show", document_id, "--db", db, "--json")
    assert as_json.exit_code == 0, as_json.stderr
    [record] = json_lines(as_json.stdout)
    assert record["entities"] == printed["entities"]
    assert Extraction.model_validate(record) == Extraction.model_validate(printed)


@pytest.mark.parametrize("document_id", ["nonexistent", "0123456789abcdef"])
def test_show_unknown_id_is_an_error(tmp_path: Path, document_id: str):
    write(tmp_path, "in/moscow.txt", MOSCOW)
    db = tmp_path / "dossier.db"
    assert invoke("add", tmp_path / "in", "--db", db).exit_code == 0
    result = invoke("show", document_id, "--db", db)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert_one_error_line(result.stderr, document_id)


# -- schema ---------------------------------------------------------------------------------


def conforms(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    """Whether ``value`` fits the parts of JSON Schema that pydantic emits for dossier."""
    if "$ref" in schema:
        return conforms(value, defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        return any(conforms(value, option, defs) for option in schema["anyOf"])
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "const" in schema and value != schema["const"]:
        return False
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if kind is not None and not checks[kind](value):
        return False
    if kind == "object":
        properties = schema.get("properties", {})
        if not set(schema.get("required", [])) <= set(value):
            return False
        if schema.get("additionalProperties") is False and not set(value) <= set(properties):
            return False
        return all(conforms(v, properties[k], defs) for k, v in value.items() if k in properties)
    if kind == "array":
        return all(conforms(item, schema.get("items", {}), defs) for item in value)
    return True


def test_schema_describes_the_extract_output(tmp_path: Path):
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert set(schema["properties"]) == RECORD_KEYS
    assert "document" in schema["required"]
    defs = schema.get("$defs", {})
    refs = re.findall(r'"\$ref": "#/\$defs/([^"]+)"', result.stdout)
    assert refs and set(refs) <= set(defs)

    [record] = json_lines(invoke("extract", write(tmp_path, "a.txt", MOSCOW), "--json").stdout)
    assert record["entities"]
    assert conforms(record, schema, defs)
    broken = {**record, "entities": [{**record["entities"][0], "kind": "planet"}]}
    assert not conforms(broken, schema, defs)


def test_schema_of_one_record_type():
    result = invoke("schema", "entity")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"id", "name", "kind", "code", "mentions"} <= set(schema["properties"])
    assert "document" not in schema["properties"]


def test_schema_of_unknown_record_type_is_an_error():
    result = invoke("schema", "nope")
    assert result.exit_code != 0
    assert result.stdout == ""
    assert_one_error_line(result.stderr, "nope", "entity")
