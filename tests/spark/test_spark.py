"""The Spark path (``dossier spark extract``, ``dossier load``, ``dossier spark link``) against
the CLI path (``dossier add``, ``dossier link``) on the same articles, in Spark local mode.

Skipped when pyspark or Java is missing, except under ``CI=true``, where it must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java not on PATH, no JAVA_HOME)"
    return None


MISSING = _missing()
pytestmark = pytest.mark.skipif(
    MISSING is not None and os.environ.get("CI") != "true",
    reason=f"Spark tests need pyspark and Java: {MISSING}",
)

WIRE = (
    "OSLO (Nordic Wire) - Norway's parliament approved a bill on Thursday that raises the "
    "tax on salmon farms to 25 percent from next year, after a debate that lasted two days. "
    "The finance ministry said the tax would bring in about 3.8 billion crowns a year, money "
    "that will go to the coastal towns where the fish farms operate. Farm owners said the "
    "tax would cost jobs and that several companies would move their investments abroad. "
    "The opposition Progress Party voted against the bill and said it would repeal it."
)


def _corpus(folder: Path) -> dict[str, str]:
    """Write the test inputs; return what each bad input should be reported as."""
    for path in sorted(STORY.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    lines = [
        {
            "text": WIRE,
            "title": "Norway raises salmon tax",
            "published": "2026-04-02",
            "outlet": "Nordic Wire",
        },
        {
            "text": "Fish farmers protest. " + WIRE + " Reporting by a staff writer.",
            "title": "Salmon tax passes despite protests",
            "published": "2026-04-03",
            "outlet": "Coastal Times",
        },
        {
            "text": "LIMA - Peru's central bank held its main interest rate at 4.75 percent on "
            "Thursday, saying inflation had slowed for a third month.",
            "outlet": "Andes Post",
        },
    ]
    text = "\n".join(json.dumps(line) for line in lines)
    text += '\n\n{"text": "broken\n{"text": "   ", "title": "empty"}\n'
    # the same text again under another title: stored once, with the first title
    text += json.dumps({**lines[0], "title": "Salmon tax (repeat)"}) + "\n"
    (folder / "wire.jsonl").write_text(text, encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02\x03 not an article \x00" * 20)
    return {
        f"{folder / 'wire.jsonl'}#L5": "invalid json",
        f"{folder / 'wire.jsonl'}#L6": "empty",
        str(folder / "scan.txt"): "binary",
    }


@pytest.fixture(scope="module")
def spark():
    from dossier.spark.session import spark_session

    session = spark_session(
        "local[1]",
        app_name="dossier-tests",
        conf={"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark").resolve()
    (root / "in").mkdir()
    bad = _corpus(root / "in")
    return root, bad


@pytest.fixture(scope="module")
def extracted(spark, work):
    from dossier.spark.extract import run_extract

    root, _ = work
    summary = run_extract(spark, [str(root / "in")], str(root / "out"))
    return root / "out", summary


@pytest.fixture(scope="module")
def cli_store(nlp, work):
    """What `dossier add` then `dossier link` store for the same articles."""
    from dossier import pipeline
    from dossier.ingest import read_paths
    from dossier.link import link_all
    from dossier.store import open_store

    root, _ = work
    with open_store(root / "cli.db") as store:
        summary = pipeline.add(store, nlp, read_paths([root / "in"]))
        link_all(store)
        yield store, summary


@pytest.fixture(scope="module")
def loaded(extracted, work):
    from dossier.spark.load import load
    from dossier.store import open_store

    root, _ = work
    with open_store(root / "spark.db") as store:
        first = load(store, extracted[0], batch_size=4)
        again = load(store, extracted[0], batch_size=4)
        yield store, first, again


def _rows(spark, folder: Path, name: str) -> list:
    return spark.read.parquet(str(folder / name)).collect()


def test_datasets_have_one_schema_per_record_type_partitioned_by_month(spark, extracted):
    from dossier.spark.schemas import DATASETS, PARTITION, dataset_schema

    out, summary = extracted
    assert summary.articles == 10  # 7 story files and 3 good JSON Lines articles
    assert summary.repeats == 1  # line 7 repeats line 1's text
    titles = [r.title for r in _rows(spark, out, "documents")]
    assert "Norway raises salmon tax" in titles and "Salmon tax (repeat)" not in titles
    for name in DATASETS:
        frame = spark.read.parquet(str(out / name))
        wanted = dataset_schema(name)
        assert frame.columns == wanted.fieldNames(), name
        assert [f.dataType for f in frame.schema.fields] == [f.dataType for f in wanted.fields], (
            name
        )
        assert frame.count() == summary.records[name], name
    months = sorted(p.name for p in (out / "documents").iterdir() if p.is_dir())
    assert f"{PARTITION}=2026-03" in months
    assert f"{PARTITION}=2026-04" in months
    assert f"{PARTITION}=unknown" in months  # the undated article
    undated = [r for r in _rows(spark, out, "documents") if r.published_month == "unknown"]
    assert [r.outlet for r in undated] == ["Andes Post"]


def test_nested_records_are_structs(spark, extracted):
    out, _ = extracted
    entities = _rows(spark, out, "entities")
    with_mentions = [e for e in entities if e.mentions]
    assert with_mentions
    mention = with_mentions[0].mentions[0]
    text = next(
        d.text for d in _rows(spark, out, "documents") if d.id == with_mentions[0].document_id
    )
    assert text[mention.start : mention.end] == mention.text


def test_bad_articles_go_to_the_errors_dataset(spark, extracted, work, cli_store):
    out, summary = extracted
    _, bad = work
    errors = {r.source: r.reason for r in _rows(spark, out, "errors")}
    assert summary.failed == len(errors) == len(bad)
    for source, what in bad.items():
        assert what in errors[source].lower(), (source, errors)
    # the same reasons as `dossier add` gives
    _, add_summary = cli_store
    assert errors == dict(add_summary.failed)


def test_loaded_records_are_identical_to_dossier_add(loaded, cli_store):
    spark_store, first, again = loaded
    store, add_summary = cli_store
    assert first.added == len(add_summary.added) == 10
    assert len(add_summary.present) == 1  # the repeated text, as in spark extract
    assert (again.added, again.present) == (0, 10)  # idempotent
    ids = sorted(d.id for d in store.list_documents(limit=100))
    assert sorted(d.id for d in spark_store.list_documents(limit=100)) == ids
    for doc_id in ids:
        assert spark_store.get(doc_id) == store.get(doc_id), doc_id
    record_tables = ("documents", "entities", "timexes", "figures", "claims", "events")
    counts = store.counts()
    assert {t: spark_store.counts()[t] for t in record_tables} == {
        t: counts[t] for t in record_tables
    }


@pytest.mark.postgres
def test_load_into_postgresql_gives_the_same_records(extracted, cli_store):
    import uuid

    psycopg = pytest.importorskip("psycopg")
    from dossier.spark.load import load
    from dossier.store import open_store

    admin = os.environ.get("DOSSIER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get("DOSSIER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no PostgreSQL server: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
    name = f"dossier_spark_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = admin.rsplit("/", 1)[0] + f"/{name}"
        store, _ = cli_store
        with open_store(url) as pg:
            assert load(pg, extracted[0], batch_size=4).added == 10
            assert load(pg, extracted[0]).present == 10
            for doc in store.list_documents(limit=100):
                assert pg.get(doc.id) == store.get(doc.id)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def spark_linked(spark, extracted, work):
    from dossier.spark.link import run_link

    root, _ = work
    summary = run_link(spark, extracted[0], root / "linked")
    return root / "linked", summary


def _records(spark, folder: Path, name: str, model) -> list:
    rows = _rows(spark, folder, name)
    return sorted((model.model_validate(r.asDict(recursive=True)) for r in rows), key=_key)


def _key(record) -> tuple:
    return (getattr(record, "id", ""), getattr(record, "document", ""))


def test_spark_link_finds_the_same_duplicates_as_dossier_link(spark, spark_linked, cli_store):
    from dossier.link import list_duplicates
    from dossier.model import Duplicate

    folder, summary = spark_linked
    store, _ = cli_store
    expected = list_duplicates(store)
    assert len(expected) == 2  # the syndicated Myanmar story and the salmon-tax reprint
    assert _records(spark, folder, "duplicates", Duplicate) == sorted(expected, key=_key)
    assert summary.duplicates.duplicates == 2 and summary.duplicates.components == "driver"


def test_spark_link_builds_the_same_stories_as_dossier_link(spark, spark_linked, cli_store):
    from dossier.link.stories import list_stories
    from dossier.model import Story

    folder, summary = spark_linked
    store, _ = cli_store
    expected = sorted(list_stories(store), key=_key)
    assert len(expected) == 1  # the air strike on Kanbalu
    assert _records(spark, folder, "stories", Story) == expected
    assert summary.stories.records == 1


def test_spark_link_builds_the_same_ledgers_as_dossier_link(spark, spark_linked, cli_store):
    from dossier.link.ledgers import list_ledgers
    from dossier.model import Ledger

    folder, summary = spark_linked
    store, _ = cli_store
    expected = sorted(list_ledgers(store), key=_key)
    assert expected  # the death tolls of the air strike
    assert _records(spark, folder, "ledgers", Ledger) == expected
    assert summary.ledgers.records == len(expected)


def test_label_propagation_gives_the_components_of_union_find(spark):
    from dossier.spark.link import components, union_find

    edges = [("b", "c"), ("d", "c"), ("x", "y"), ("e", "d"), ("a", "e"), ("y", "z")]
    rdd = spark.sparkContext.parallelize(edges, 2)
    labels, how, count, local = components(spark, rdd, collect_limit=0)
    assert how.startswith("propagation") and count == len(edges) and local is None
    assert dict(labels.collect()) == union_find(edges)
    assert union_find(edges)["b"] == "a"


def test_a_crashing_article_becomes_an_error_not_a_failed_job(nlp, monkeypatch):
    from dossier import pipeline
    from dossier.spark import extract

    real = pipeline.extract

    def crashing(nlp_, items, **kwargs):
        items = list(items)
        if any(i.document and "KABOOM" in i.document.text for i in items):
            raise RuntimeError("parser crashed")
        return real(nlp_, items, **kwargs)

    monkeypatch.setitem(extract._PIPELINES, "", nlp)
    monkeypatch.setattr(extract.pipeline, "extract", crashing)
    records = [
        ("line", f"a.jsonl#L{n}", json.dumps({"text": text}), (0, n))
        for n, text in enumerate(["The Duma voted.", "KABOOM it said.", "Oslo agreed."], 1)
    ]
    results = list(extract.extract_partition(records, batch_size=8))
    assert [(status, source) for status, source, _, _ in results] == [
        ("ok", "a.jsonl#L1"),
        ("error", "a.jsonl#L2"),
        ("ok", "a.jsonl#L3"),
    ]
    assert "parser crashed" in results[1][2]
