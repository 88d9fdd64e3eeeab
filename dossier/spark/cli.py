"""``dossier spark extract|link`` (a sub-app) and ``dossier load`` (a top-level command)."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from dossier.errors import ConfigError
from dossier.shell import ModelOpt, clear_errors, out, progress

logger = logging.getLogger(__name__)

spark_app = typer.Typer(
    help="Run extraction and linking as Apache Spark jobs (Parquet in and out).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

MasterOpt = Annotated[
    str,
    typer.Option("--master", help="Spark master: local[*], local[4], spark://host:7077, yarn, ..."),
]
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="Folder of the Parquet datasets")]
JsonOpt = Annotated[bool, typer.Option("--json", help="The summary as JSON")]


def _session(master: str, app_name: str) -> Any:
    try:
        from dossier.spark.session import spark_session

        return spark_session(master, app_name=app_name)
    except ImportError as exc:
        raise ConfigError(f"pyspark is not installed ({exc}); `pip install pyspark`") from exc


def _report(summary: Any, as_json: bool, text: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(asdict(summary)) + "\n")
    else:
        out.print(text, highlight=False, soft_wrap=True)


@spark_app.command("extract")
@clear_errors
def extract(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders: .jsonl (split by line), .txt .html ...")
    ],
    output: OutputOpt,
    master: MasterOpt = "local[*]",
    model_name: ModelOpt = "",
    partitions: Annotated[
        int | None, typer.Option(min=1, help="Input partitions (default: Spark's parallelism)")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch")] = 32,
    as_json: JsonOpt = False,
) -> None:
    """Extract records from articles at scale into Parquet, one dataset per record type,
    partitioned by publication month; bad articles go to the errors dataset."""
    from dossier.spark.extract import run_extract

    spark = _session(master, "dossier spark extract")
    try:
        summary = run_extract(
            spark,
            [str(p) for p in paths],
            str(output),
            model=model_name,
            partitions=partitions,
            batch_size=batch_size,
        )
    finally:
        spark.stop()
    counts = ", ".join(f"{n} {c}" for n, c in summary.records.items())
    _report(
        summary,
        as_json,
        f"[green]{summary.articles} articles extracted[/], "
        f"[{'red' if summary.failed else 'green'}]{summary.failed} failed[/] in "
        f"{summary.seconds:.1f} s ({counts}) -> {escape(str(output))}",
    )


@spark_app.command("link")
@clear_errors
def link(
    folder: Annotated[Path, typer.Argument(help="Output folder of `dossier spark extract`")],
    output: OutputOpt,
    master: MasterOpt = "local[*]",
    threshold: Annotated[
        float,
        typer.Option(min=0.05, max=1.0, help="Word-shingle Jaccard similarity of duplicates"),
    ] = 0.5,
    as_json: JsonOpt = False,
) -> None:
    """Link articles as Spark jobs: near-duplicates, stories and (lexical) figure ledgers,
    written as the duplicates, stories and ledgers datasets."""
    from dossier.spark.link import run_link

    if not (folder / "documents").is_dir():
        raise ConfigError(f"{folder} has no documents dataset: give `dossier spark extract` output")
    spark = _session(master, "dossier spark link")
    try:
        summary = run_link(spark, str(folder), str(output), threshold=threshold)
    finally:
        spark.stop()
    dup = summary.duplicates
    _report(
        summary,
        as_json,
        f"[green]{dup.duplicates} duplicates[/] of {dup.documents} articles "
        f"({dup.pairs} pairs among {dup.candidates} candidates), "
        f"[green]{summary.stories.records} stories[/], "
        f"[green]{summary.ledgers.records} ledgers[/] in {summary.seconds:.1f} s "
        f"(components: {dup.components}, {summary.stories.components}, "
        f"{summary.ledgers.components}) -> {escape(str(output))}",
    )


@clear_errors
def load_command(
    folder: Annotated[Path, typer.Argument(help="Output folder of `dossier spark extract`")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="SQLite file or database URL (default: $DOSSIER_DB or ./dossier.db)"
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction")] = 500,
    as_json: JsonOpt = False,
) -> None:
    """Bulk-load the Parquet of `dossier spark extract` into the store; already stored
    articles are skipped."""
    from dossier.spark.load import load
    from dossier.store import open_store

    with open_store(db) as store, progress() as bar:
        task = bar.add_task("loading", total=None)
        summary = load(
            store, folder, batch_size=batch_size, on_batch=lambda n: bar.advance(task, n)
        )
        where = store.source
    _report(
        summary,
        as_json,
        f"[green]{summary.added} added[/], {summary.present} already present in "
        f"{summary.seconds:.1f} s (store {escape(where)})",
    )
