"""``dossier evaluate`` on gold sets in other languages: the ``entities`` and ``recognizers``
commands, and what ``time --lang`` and ``events --lang`` run (see ``dossier.evaluate.cli``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from dossier.errors import ConfigError
from dossier.evaluate.cli import JsonOpt, _report, eval_dir, evaluate_app
from dossier.shell import clear_errors, out

FACTRU = "multilingual/ner-ru/factRuEval-2016"
RECOGNIZERS = "multilingual/recognizers"
RECOGNIZER_LANGUAGES = {"es": "Spanish", "fr": "French", "pt": "Portuguese", "de": "German"}


def numeric_leaves(result: Any, prefix: str = "") -> list[tuple[str, float | int]]:
    """The numbers of a nested result, each with its path ("files/NumberModel/test/rate").

    >>> numeric_leaves({"a": {"f1": 0.5, "name": "x"}, "n": 3})
    [('a/f1', 0.5), ('n', 3)]
    """
    if isinstance(result, dict):
        return [
            leaf
            for key, value in result.items()
            for leaf in numeric_leaves(value, f"{prefix}/{key}" if prefix else str(key))
        ]
    if isinstance(result, bool) or not isinstance(result, int | float):
        return []
    return [(prefix, result)]


def print_result(result: dict[str, Any], as_json: bool, heading: str) -> None:
    """A JSON line, or ``heading`` and a table of the result's numbers."""
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        return
    out.print(heading, highlight=False, soft_wrap=True)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    table.add_column("metric", no_wrap=True)
    table.add_column("value", justify="right")
    for name, value in numeric_leaves(result):
        table.add_row(name, str(value) if isinstance(value, int) else f"{value:.3f}")
    out.print(table)


def _gold(path: Path | None, default: str) -> Path:
    gold = path or eval_dir() / default
    if not gold.exists():
        raise ConfigError(f"gold set not found: {gold} (pass --gold PATH)")
    return gold


@evaluate_app.command("entities")
@clear_errors
def entities_command(
    lang: Annotated[str, typer.Option("--lang", help="Language of the gold set: ru")] = "ru",
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help=f"factRuEval-2016 folder (default ../shared/eval/{FACTRU})"),
    ] = None,
    split: Annotated[str, typer.Option(help="testset or devset")] = "testset",
    convention: Annotated[
        str,
        typer.Option(
            help="Gold spans: 'names' (names only, nested mentions dropped, as natasha's "
            "benchmark scores) or 'extent' (every object's whole extent)"
        ),
    ] = "names",
    limit: Annotated[int | None, typer.Option(min=1, help="Score the first N documents")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score PER/ORG/LOC entity spans (exact and partial-overlap micro-F1) on factRuEval-2016."""
    if lang != "ru":
        raise ConfigError(f"no entity gold set for {lang!r} (dossier has factRuEval-2016: ru)")
    if split not in ("testset", "devset") or convention not in ("names", "extent"):
        raise ConfigError("--split is testset or devset, --convention names or extent")
    from dossier.evaluate.factru import evaluate_factru

    result = evaluate_factru(_gold(gold, FACTRU), split, convention=convention, limit=limit)
    result["task"] = "entities-ru"
    print_result(result, as_json, f"[bold]entities[/] factRuEval-2016 {split} ({convention})")


@evaluate_app.command("recognizers")
@clear_errors
def recognizers_command(
    lang: Annotated[
        list[str] | None, typer.Option("--lang", help="es, fr, pt, de (repeatable; default all)")
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold", help=f"Recognizers-Text specs (default: ../shared/eval/{RECOGNIZERS})"
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Pass rate per Recognizers-Text spec file (numbers, ranges, percentages, currencies,
    dates): all cases, folds 0-2 (rules written from) and folds 3-4 (report)."""
    from dossier.evaluate.recognizers import evaluate_recognizers
    from dossier.evaluate.recognizers_dates import evaluate_recognizer_dates

    root = _gold(gold, RECOGNIZERS)
    for code in lang or list(RECOGNIZER_LANGUAGES):
        if code not in RECOGNIZER_LANGUAGES:
            raise ConfigError(f"no Recognizers-Text specs for {code!r}: es, fr, pt or de")
        for result in (evaluate_recognizers(root, code), evaluate_recognizer_dates(root, code)):
            task = escape(result.get("task", "recognizers"))
            print_result(result, as_json, f"[bold]{task}[/] {RECOGNIZER_LANGUAGES[code]}")


MEANTIME_ES = "multilingual/temporal-es/meantime-es"


def time_in(lang: str, gold: list[Path] | None, compare_heideltime: bool, as_json: bool) -> None:
    """``dossier evaluate time --lang es``: MEANTIME-es, on folds 3-4 (report), 0-2 (rules
    written from) and all, with HeidelTime's Spanish rules beside when asked."""
    if lang != "es":
        raise ConfigError(f"no time gold set for {lang!r} (dossier has MEANTIME-es: es)")
    from dossier.evaluate.time_multilingual import evaluate_meantime_es

    for path in gold or [_gold(None, MEANTIME_ES)]:
        result = evaluate_meantime_es(path, compare_heideltime=compare_heideltime)
        if as_json:
            print_result(result, True, "")
            continue
        heideltime = result.get("heideltime", {})
        for split, metrics in result["splits"].items():
            row: dict[str, Any] = {"metrics": metrics}
            if "splits" in heideltime:
                row["baseline"] = {"name": "heideltime", "metrics": heideltime["splits"][split]}
            _report(row, False, f"[bold]TIMEX3[/] {escape(str(path))}: {split} folds")
        if "error" in heideltime:
            out.print(f"[red]HeidelTime failed:[/] {escape(heideltime['error'])}")


def events_in(lang: str, gold: list[Path] | None, as_json: bool) -> None:
    """``dossier evaluate events --lang es``: UniversalPetrarch's Spanish validation files,
    each on folds 0-2 (rules written from), 3-4 (report) and all."""
    if lang != "es":
        raise ConfigError(f"no event gold set for {lang!r} (dossier has Spanish: es)")
    from dossier.evaluate.events_es import evaluate_all

    if gold:
        raise ConfigError("--gold is not used with --lang es: the files are read from ../shared")
    for name, result in evaluate_all(eval_dir()).items():
        result["set"] = name
        print_result(result, as_json, f"[bold]events[/] Spanish {escape(name)}")


@evaluate_app.command("crosslingual")
@clear_errors
def crosslingual_command(
    limit: Annotated[int | None, typer.Option(min=1, help="Score the first N pairs")] = None,
    english_lead: Annotated[
        bool,
        typer.Option(
            "--english-lead", help="Cut each English article to the length of its translation"
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add MEANTIME's 120 English articles and their Spanish translations, link them, and score
    whether each translation joins its original's story (pair recall, B-cubed) and ledgers."""
    from dossier.evaluate.crosslingual import evaluate_crosslingual

    result = evaluate_crosslingual(eval_dir(), limit, english_lead=english_lead)
    print_result(result, as_json, "[bold]stories across languages[/] MEANTIME en + es")
