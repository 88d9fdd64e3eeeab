"""Event coding scored on public gold: the PLOVER gold standard records and the CAMEO codebook.

- **PLOVER GSR** (``plover-gsr-dev.jsonl``, one JSON record per line: ``text``, ``event``,
  ``source`` and ``target`` lists of ``{actorText, code, sector}``). Its labels are PLOVER 0.5b1:
  DEMAND is REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT in PLOVER 2.0. Each
  record is one gold event of its sentence (a sentence may have several records). Metrics:

  - ``type_accuracy``: the share of gold events whose type is among the sentence's events;
  - ``type_macro_f1``: per-type F1 over sentences (a type predicted for a sentence that has no
    gold event of that type is a false positive), averaged over the types in the gold or the
    predictions;
  - ``actor1_country_accuracy`` / ``actor2_country_accuracy``: over gold events with a coded
    source (target), the share whose predicted event (the one of the gold type, else the
    sentence's first) has an actor1 (actor2) whose country, or for IGOs/NGOs whose role, is one of
    the gold codes; no event counts as wrong;
  - ``role_accuracy``: over gold actors with a sector, the share whose predicted actor on the same
    side has that role (the first three letters of the sector: "REBkur" is REB).

  - ``per_type``: for each type, ``precision``, ``recall``, ``f1`` and the number of sentences
    with it in the ``gold`` and ``predicted``, counted as macro-F1 counts them: weak types show.

- **CAMEO codebook** (``cameo-codes.csv``: ``code``, ``example``; its text is UTF-8 that was read as
  MacRoman and saved as cp1252, repaired on load): ``cameo_root_accuracy``, the share of example
  sentences whose main coded act has the example's two-digit root.

- **PETRARCH-2 records** (``PETR.UnitTest.records.xml``, or any file in its XML format:
  ``<Sentence id=...>`` with ``<EventCoding sourcecode= targetcode= eventcode=>`` elements and a
  ``<Text>``; ``noevents="True"`` marks a sentence that should give no event, ``error=`` one that
  PETRARCH drops for reasons of its own, not scored). Metrics: ``petr_root_recall``, the share of
  gold events with a CAMEO root (01-20; the validation-only codes 345, 802, 9xx are left out)
  that is among the roots of dossier's events of the sentence; ``petr_source_country``, among
  those found, the share where an event of that root has actor1's country equal to the gold
  source code's first three letters (only sources coded with a country; the unit-test actors are
  fictional countries such as ARN and GON, so this stays low); ``petr_false_events``, the
  sentences marked as having no event on which dossier codes one.

Protocol (folds): the PLOVER dev gold is split into ``k`` folds by :func:`fold_of`, the SHA-1 of
each record's sentence text modulo ``k`` (a sentence's records stay together). With ``k = 5``,
rules are written by looking at folds 0-2 only; folds 3 and 4 are the report folds, whose
sentences no one reads. ``evaluate_plover(..., k=5)`` reports each metric per fold with the mean
and the sample standard deviation across folds beside the all-records (dev) score;
``folds=(3, 4)`` predicts and scores only those folds (``dossier evaluate events
--report-folds``).

Ablation: ``DOSSIER_DICTIONARIES`` (:mod:`dossier.extract.dictionaries`) switches PETRARCH-2's
actor, agent and verb dictionaries on and off; :func:`dictionaries` sets it while a pipeline is
built and :func:`ablation_configurations` lists the runs of ``--ablation`` (none, each alone, all
but each, all).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError
from dossier.evaluate.scoring import prf, ratio
from dossier.extract import dictionaries as dictionary_switch

logger = logging.getLogger(__name__)

TASK = "events"
OLD_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
NON_COUNTRY_CODES = {"IGO", "NGO", "IMG", "MNC", "UAF"}
# CAMEO's role codes: a code that is one of them alone names no country ("CVL": civilians).
ROLE_CODES = {
    "GOV", "MIL", "REB", "OPP", "COP", "LEG", "JUD", "CVL", "MED", "EDU", "BUS", "LAB", "AGR",
    "REF", "HLH", "CRM", "SPY", "REL", "ELI", "PTY", "SEP", "INS", "ENV", "HRI", "SET", "MOD",
    "RAD", "UNO", "PKO", "DEV",
}  # fmt: skip


@dataclass(frozen=True)
class GoldActor:
    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True)
class GoldEvent:
    id: str
    text: str
    plover: str
    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()


@dataclass(frozen=True)
class CameoExample:
    code: str
    text: str

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass
class PredictedEvent:
    plover: str
    actor1: tuple[str | None, str | None] = (None, None)  # (country, role)
    actor2: tuple[str | None, str | None] = (None, None)
    cameo: str | None = None


def map_label(label: str) -> str:
    """A PLOVER 0.5b1 label as PLOVER 2.0.

    >>> map_label("DEMAND"), map_label("FIGHT"), map_label("agree")
    ('REQUEST', 'ASSAULT', 'AGREE')
    """
    label = label.strip().upper()
    return OLD_LABELS.get(label, label)


def _actors(value: Any) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for item in value:
        if isinstance(item, dict):
            code = (item.get("code") or "").strip().upper() or None
            sector = (item.get("sector") or "").strip() or None
            out.append(GoldActor(str(item.get("actorText") or ""), code, sector))
    return tuple(out)


def load_plover(path: Path) -> list[GoldEvent]:
    """Gold events from a PLOVER GSR JSONL file, or from every ``.jsonl`` file under a folder."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ConfigError(f"no PLOVER gold (.jsonl) at {path}")
    events = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                events.append(
                    GoldEvent(
                        id=str(record.get("id") or f"{file.name}:{number}"),
                        text=record["text"],
                        plover=map_label(record["event"]),
                        sources=_actors(record.get("source")),
                        targets=_actors(record.get("target")),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                logger.warning("%s line %d skipped: %s", file, number, exc)
    return events


def fix_mojibake(text: str) -> str:
    """UTF-8 text that was decoded as MacRoman, repaired where it can be.

    >>> fix_mojibake("Moscow\\u201a\\u00c4\\u00f4s"), fix_mojibake("plain")
    ('Moscow’s', 'plain')
    """
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def load_cameo(path: Path) -> list[CameoExample]:
    """The example sentences of the CAMEO codebook CSV (``code``, ``example``)."""
    if not path.is_file():
        raise ConfigError(f"no CAMEO codebook at {path}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    examples = []
    for row in csv.DictReader(io.StringIO(text)):
        example = (row.get("example") or "").strip()
        code = (row.get("code") or "").strip()
        if not example or example in ("NA", "NEED EXAMPLE.") or not code.isdigit():
            continue
        example = fix_mojibake(example).split(" Note:")[0].strip()
        examples.append(CameoExample(code, example))
    return examples


# Scoring ---------------------------------------------------------------------------------------


@dataclass
class EventCounts:
    n: int = 0
    found: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    actor1: list[bool] = field(default_factory=list)
    actor2: list[bool] = field(default_factory=list)
    roles: list[bool] = field(default_factory=list)

    def metrics(self) -> dict[str, float | int]:
        per_type = self.per_type()
        f1s = [scores["f1"] for scores in per_type.values()]
        return {
            "n_gold": self.n,
            "type_accuracy": ratio(self.found, self.n),
            "type_macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
            "actor1_country_accuracy": ratio(sum(self.actor1), len(self.actor1)),
            "actor2_country_accuracy": ratio(sum(self.actor2), len(self.actor2)),
            "role_accuracy": ratio(sum(self.roles), len(self.roles)),
            "n_actor1": len(self.actor1),
            "n_actor2": len(self.actor2),
            "n_roles": len(self.roles),
            "per_type": per_type,
        }

    def per_type(self) -> dict[str, dict[str, float | int]]:
        """Precision, recall, F1 and sentence counts of each type in the gold or predictions."""
        out = {}
        for label in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            predicted = self.tp[label] + self.fp[label]
            gold = self.tp[label] + self.fn[label]
            precision, recall, f1 = prf(self.tp[label], predicted, gold)
            out[label] = {
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "gold": gold,
                "predicted": predicted,
            }
        return out


def _country_match(predicted: tuple[str | None, str | None], gold: Iterable[GoldActor]) -> bool:
    country, role = predicted
    for actor in gold:
        if actor.code and (
            actor.code == country or (actor.code in NON_COUNTRY_CODES and actor.code == role)
        ):
            return True
    return False


def score_sentence(
    gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent], counts: EventCounts
) -> None:
    """Add one sentence's gold events (all with the same text) and predictions to ``counts``."""
    gold_types = {g.plover for g in gold}
    predicted_types = {p.plover for p in predicted}
    for label in gold_types & predicted_types:
        counts.tp[label] += 1
    for label in gold_types - predicted_types:
        counts.fn[label] += 1
    for label in predicted_types - gold_types:
        counts.fp[label] += 1
    for event in gold:
        counts.n += 1
        counts.found += event.plover in predicted_types
        match = next((p for p in predicted if p.plover == event.plover), None)
        match = match or (predicted[0] if predicted else None)
        for side, actors, scores in (
            ("actor1", event.sources, counts.actor1),
            ("actor2", event.targets, counts.actor2),
        ):
            if any(a.code for a in actors):
                scores.append(match is not None and _country_match(getattr(match, side), actors))
            for actor in actors:
                sector = (actor.sector or "")[:3].upper()
                if sector.isalpha() and len(sector) == 3:
                    role = getattr(match, side)[1] if match is not None else None
                    counts.roles.append(role == sector)


Predict = Callable[[list[str]], list[list[PredictedEvent]]]


def evaluate_plover(
    events: Sequence[GoldEvent],
    predict: Predict,
    gold: str = "",
    k: int | None = None,
    folds: Collection[int] | None = None,
) -> dict[str, Any]:
    """Score ``predict`` (sentences -> their predicted events) on PLOVER GSR gold events.

    With ``k``, the result also has ``folds`` (:func:`fold_summary`): the metrics of each of the
    ``k`` folds, their mean and spread. With ``folds`` (``k`` defaults to 5), only the records
    of those folds are predicted and scored, and ``metrics`` is theirs together.
    """
    if folds and not k:
        k = DEFAULT_FOLDS
    scored = check_folds(k, folds) if k else []
    by_text: dict[str, list[GoldEvent]] = {}
    for event in events:
        if not k or fold_of(event.text, k) in scored:
            by_text.setdefault(event.text, []).append(event)
    texts = list(by_text)
    predictions = predict(texts)
    counts = EventCounts()
    per_fold = {fold: EventCounts() for fold in scored}
    for text, predicted in zip(texts, predictions, strict=True):
        score_sentence(by_text[text], predicted, counts)
        if k:
            score_sentence(by_text[text], predicted, per_fold[fold_of(text, k)])
    result = {"task": TASK, "gold": gold, "n": counts.n, "metrics": counts.metrics()}
    if k:
        per_fold_metrics = {fold: c.metrics() for fold, c in per_fold.items()}
        result["folds"] = fold_summary(k, per_fold_metrics)
    return result


# Folds -----------------------------------------------------------------------------------------

DEFAULT_FOLDS = 5
REPORT_FOLDS = (3, 4)  # with k = 5: the folds whose sentences no one reads


def fold_of(text: str, k: int) -> int:
    """The fold (0 to ``k`` - 1) of a sentence: the SHA-1 of its UTF-8 text as a number, mod ``k``.

    The same on every machine and in every run; all records of a sentence share it.

    >>> fold_of("Chile and Norway signed a fisheries treaty.", 5)
    0
    >>> fold_of("Ghana demanded that Togo release the prisoners.", 5)
    1
    """
    if k < 1:
        raise ConfigError(f"the number of folds must be at least 1, not {k}")
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % k


def check_folds(k: int, folds: Collection[int] | None = None) -> list[int]:
    """The folds to score, sorted: ``folds``, or all ``k``; a bad ``k`` or fold is a ConfigError.

    >>> check_folds(5), check_folds(5, [4, 3, 4])
    ([0, 1, 2, 3, 4], [3, 4])
    """
    if k < 2:
        raise ConfigError(f"--folds needs at least 2 folds, not {k}")
    bad = sorted(f for f in folds or () if not 0 <= f < k)
    if bad:
        raise ConfigError(f"fold {bad[0]} is not one of the {k} folds (0 to {k - 1})")
    return sorted(set(folds)) if folds else list(range(k))


def fold_summary(k: int, per_fold: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """``{"k", "per_fold": {fold: metrics}, "mean", "sd"}``: the mean and the sample standard
    deviation (0.0 for a single fold) of each number-valued metric across the folds that have
    gold events.

    >>> summary = fold_summary(3, {0: {"a": 0.5, "n_gold": 2}, 1: {"a": 1.0, "n_gold": 2}})
    >>> summary["mean"]["a"], round(summary["sd"]["a"], 3), sorted(summary["per_fold"])
    (0.75, 0.354, ['0', '1'])
    """
    scored = [m for m in per_fold.values() if m.get("n_gold")]
    names = [n for n, v in (scored[0] if scored else {}).items() if _is_number(v)]
    mean: dict[str, float] = {}
    sd: dict[str, float] = {}
    for name in names:
        values = [float(m[name]) for m in scored]
        mean[name] = statistics.fmean(values)
        sd[name] = statistics.stdev(values) if len(values) > 1 else 0.0
    return {
        "k": k,
        "per_fold": {str(fold): metrics for fold, metrics in per_fold.items()},
        "mean": mean,
        "sd": sd,
    }


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def fold_table(result: dict[str, Any]) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """A result as a table: the column names and, per number-valued metric, its row. Columns:
    the all-records score ("dev", or the scored folds together), then with folds each fold, the
    mean and the sd; a metric scored on another set (CAMEO, PETRARCH) has None in the fold
    columns.
    """
    metrics = result["metrics"]
    folds = result.get("folds")
    per_fold = folds["per_fold"] if folds else {}
    every = folds is not None and len(per_fold) == folds["k"]
    first = "dev" if folds is None or every else "folds " + "+".join(per_fold)
    header = [first, *(f"fold {f}" for f in per_fold)] + (["mean", "sd"] if folds else [])
    rows = []
    for name, value in metrics.items():
        if not _is_number(value):
            continue
        row = [value, *(m.get(name) for m in per_fold.values())]
        if folds:
            row += [folds["mean"].get(name), folds["sd"].get(name)]
        rows.append((name, row))
    return header, rows


def evaluate_cameo(
    examples: Sequence[CameoExample], predict_root: Callable[[list[str]], list[str | None]]
) -> dict[str, float | int]:
    """CAMEO root accuracy on codebook example sentences."""
    roots = predict_root([e.text for e in examples])
    right = sum(r is not None and r == e.root for r, e in zip(roots, examples, strict=True))
    return {"cameo_root_accuracy": ratio(right, len(examples)), "n_cameo": len(examples)}


# PETRARCH-2 records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PetrEvent:
    source: str
    target: str
    code: str

    @property
    def root(self) -> str | None:
        """The CAMEO root (01 to 20), or None for a code outside CAMEO (PETRARCH's 9xx).

        >>> PetrEvent("ARN", "GON", "1717").root, PetrEvent("ARN", "GON", "903").root
        ('17', None)
        """
        root = self.code[:2]
        return root if root.isdigit() and 1 <= int(root) <= 20 else None

    @property
    def source_country(self) -> str | None:
        """The country of the source code: its first three letters; None for an uncoded
        ("---GOV") or quoted-text source.

        >>> PetrEvent("BREGOV", "", "").source_country, PetrEvent("---GOV", "", "").source_country
        ('BRE', None)
        >>> PetrEvent('"INJURY TOLL"', "", "").source_country is None
        True
        """
        country = self.source[:3]
        return country if len(country) == 3 and country.isalpha() else None


@dataclass(frozen=True)
class PetrRecord:
    id: str
    text: str
    events: tuple[PetrEvent, ...] = ()
    no_events: bool = False
    error: str | None = None
    category: str = ""


def _petr_code(value: str | None) -> str:
    return (value or "").strip()  # a quoted value ('"INJURY TOLL"') is uncoded text: kept so


def load_petr(path: Path) -> list[PetrRecord]:
    """The ``<Sentence>`` records of a PETRARCH-2 validation file (XML), with their expected
    codings and whitespace-normalised text."""
    if not path.is_file():
        raise ConfigError(f"no PETRARCH records at {path}")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ConfigError(f"{path} is not PETRARCH XML: {exc}") from exc
    records = []
    for sentence in root.iter("Sentence"):
        text = " ".join((sentence.findtext("Text") or "").split())
        if not text:
            continue
        codings = sentence.findall("EventCoding")
        events = tuple(
            PetrEvent(
                _petr_code(c.get("sourcecode")),
                _petr_code(c.get("targetcode")),
                _petr_code(c.get("eventcode")),
            )
            for c in codings
            if c.get("eventcode")
        )
        records.append(
            PetrRecord(
                id=sentence.get("id") or "",
                text=text,
                events=events,
                no_events=any((c.get("noevents") or "").lower() == "true" for c in codings),
                error=next((c.get("error") for c in codings if c.get("error")), None),
                category=sentence.get("category") or "",
            )
        )
    return records


def evaluate_petr(records: Sequence[PetrRecord], predict: Predict) -> dict[str, float | int]:
    """Root recall, source country and false events of ``predict`` on PETRARCH-2 records (see the
    module's docstring); records with an ``error`` or with no expectation are not scored."""
    scored = [r for r in records if r.error is None and (r.events or r.no_events)]
    predictions = predict([r.text for r in scored])
    n = found = n_source = source_right = false_events = n_none = 0
    for record, predicted in zip(scored, predictions, strict=True):
        if record.no_events and not record.events:
            n_none += 1
            false_events += bool(predicted)
        for event in record.events:
            if event.root is None:
                continue
            n += 1
            same = [p for p in predicted if (p.cameo or "")[:2] == event.root]
            found += bool(same)
            if same and event.source_country:
                n_source += 1
                source_right += any(p.actor1[0] == event.source_country for p in same)
    return {
        "petr_root_recall": ratio(found, n),
        "petr_source_country": ratio(source_right, n_source),
        "petr_false_events": false_events,
        "n_petr": n,
        "n_petr_source": n_source,
        "n_petr_no_event": n_none,
    }


# Ablation of PETRARCH-2's dictionaries ---------------------------------------------------------

ABLATION_METRICS = (
    "type_accuracy",
    "type_macro_f1",
    "actor1_country_accuracy",
    "actor2_country_accuracy",
    "role_accuracy",
    "cameo_root_accuracy",
    "petr_root_recall",
)


def ablation_configurations(
    names: Sequence[str] = dictionary_switch.NAMES,
) -> list[tuple[str, str]]:
    """The runs of an ablation as ``(label, DOSSIER_DICTIONARIES value)``: none, each dictionary
    alone, all but each one, all.

    >>> labels = [label for label, _ in ablation_configurations()]
    >>> labels[:4]
    ['none', 'actors', 'agents', 'verbs']
    >>> labels[4:]
    ['all but actors', 'all but agents', 'all but verbs', 'all']
    >>> dict(ablation_configurations())["all but agents"]
    'actors,verbs'
    """
    alone = [(name, name) for name in names]
    but = [(f"all but {name}", ",".join(n for n in names if n != name)) for name in names]
    return [("none", "none"), *alone, *but, ("all", "all")]


@contextmanager
def dictionaries(value: str | None) -> Iterator[frozenset[str]]:
    """Switch PETRARCH-2's dictionaries to ``value`` ("none", "all", "actors,verbs"; None leaves
    the setting as it is) while inside, checked with ``enabled()``; the old setting comes back
    after. Build the pipeline inside: the dictionaries are read when it is built.

    >>> with dictionaries("verbs, actors") as names:
    ...     sorted(names)
    ['actors', 'verbs']
    """
    env = dictionary_switch.ENV
    old = os.environ.get(env)
    if value is not None:
        os.environ[env] = ",".join(n.strip() for n in value.split(",") if n.strip())
    try:
        yield dictionary_switch.enabled()
    finally:
        if old is None:
            os.environ.pop(env, None)
        else:
            os.environ[env] = old


def ablation_table(
    runs: Sequence[tuple[str, dict[str, Any]]],
) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """The columns (:data:`ABLATION_METRICS` present in any run) and a row per configuration
    (label, its metrics)."""
    header = [m for m in ABLATION_METRICS if any(m in metrics for _, metrics in runs)]
    return header, [(label, [metrics.get(m) for m in header]) for label, metrics in runs]


# One run of everything -------------------------------------------------------------------------


def evaluate_dossier(
    nlp: Any,
    sets: Sequence[tuple[str, Sequence[GoldEvent]]],
    examples: Sequence[CameoExample] = (),
    petr: Sequence[PetrRecord] = (),
    batch_size: int = 64,
    k: int | None = None,
    folds: Collection[int] | None = None,
) -> list[dict[str, Any]]:
    """dossier's pipeline ``nlp`` scored on each PLOVER gold set (:func:`evaluate_plover`), with
    the CAMEO codebook and PETRARCH metrics, when given, added to each set's ``metrics``."""
    extra: dict[str, Any] = {}
    if examples:
        extra |= evaluate_cameo(examples, dossier_cameo_roots(nlp, batch_size))
    if petr:
        extra |= evaluate_petr(petr, dossier_predict(nlp, batch_size))
    results = []
    for name, events in sets:
        result = evaluate_plover(events, dossier_predict(nlp, batch_size), name, k, folds)
        result["metrics"].update(extra)
        results.append(result)
    return results


# dossier as the predictor -------------------------------------------------------------------


def dossier_predict(nlp: Any, batch_size: int = 64) -> Predict:
    """dossier's pipeline as a predictor of each sentence's events."""
    from dossier.ingest import make_document
    from dossier.nlp import make_doc

    def predict(texts: list[str]) -> list[list[PredictedEvent]]:
        docs = (make_doc(nlp, make_document(t)) for t in texts)
        out = []
        for doc in nlp.pipe(docs, batch_size=batch_size):
            entities = {e["id"]: e for e in (doc._.dossier_entities or [])}
            out.append([_predicted(e, entities) for e in (doc._.dossier_events or [])])
        return out

    return predict


def _predicted(event: dict, entities: dict[str, dict]) -> PredictedEvent:
    def actor(value: dict | None) -> tuple[str | None, str | None]:
        if not value:
            return (None, None)
        entity = entities.get(value.get("entity") or "")
        code = value.get("code") or ""
        if entity is not None and entity.get("code") == code:
            return (entity.get("country"), entity.get("role"))
        return _split_code(code)

    return PredictedEvent(
        event["plover"],
        actor(event.get("actor1")),
        actor(event.get("actor2")),
        event.get("cameo"),
    )


def _split_code(code: str) -> tuple[str | None, str | None]:
    """
    >>> _split_code("RUSLEG"), _split_code("CUB"), _split_code("IGO"), _split_code("CVL")
    (('RUS', 'LEG'), ('CUB', None), (None, 'IGO'), (None, 'CVL'))
    >>> _split_code("")
    (None, None)
    """
    if not code:
        return (None, None)
    if code in NON_COUNTRY_CODES or code in ROLE_CODES:
        return (None, code)
    return (code[:3], code[3:] or None)


def dossier_cameo_roots(nlp: Any, batch_size: int = 64) -> Callable[[list[str]], list[str | None]]:
    """dossier's coder as a predictor of each sentence's main CAMEO root."""
    from dossier.extract.events import code_sentence

    coder = nlp.get_pipe("dossier_events").coder

    def predict(texts: list[str]) -> list[str | None]:
        roots = []
        for doc in nlp.pipe(texts, batch_size=batch_size):
            candidate = code_sentence(doc, coder)
            roots.append(candidate.cameo[:2] if candidate else None)
        return roots

    return predict
