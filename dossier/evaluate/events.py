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

- **CAMEO codebook** (``cameo-codes.csv``: ``code``, ``example``; its text is UTF-8 that was read as
  MacRoman and saved as cp1252, repaired on load): ``cameo_root_accuracy``, the share of example
  sentences whose main coded act has the example's two-digit root.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError
from dossier.evaluate.scoring import prf, ratio

logger = logging.getLogger(__name__)

TASK = "events"
OLD_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
NON_COUNTRY_CODES = {"IGO", "NGO", "IMG", "MNC", "UAF"}


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
        labels = set(self.tp) | set(self.fp) | set(self.fn)
        f1s = [prf(self.tp[t], self.tp[t] + self.fp[t], self.tp[t] + self.fn[t])[2] for t in labels]
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
        }


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
    events: Sequence[GoldEvent], predict: Predict, gold: str = ""
) -> dict[str, Any]:
    """Score ``predict`` (sentences -> their predicted events) on PLOVER GSR gold events."""
    by_text: dict[str, list[GoldEvent]] = {}
    for event in events:
        by_text.setdefault(event.text, []).append(event)
    texts = list(by_text)
    predictions = predict(texts)
    counts = EventCounts()
    for text, predicted in zip(texts, predictions, strict=True):
        score_sentence(by_text[text], predicted, counts)
    return {"task": TASK, "gold": gold, "n": counts.n, "metrics": counts.metrics()}


def evaluate_cameo(
    examples: Sequence[CameoExample], predict_root: Callable[[list[str]], list[str | None]]
) -> dict[str, float | int]:
    """CAMEO root accuracy on codebook example sentences."""
    roots = predict_root([e.text for e in examples])
    right = sum(r is not None and r == e.root for r, e in zip(roots, examples, strict=True))
    return {"cameo_root_accuracy": ratio(right, len(examples)), "n_cameo": len(examples)}


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

    return PredictedEvent(event["plover"], actor(event.get("actor1")), actor(event.get("actor2")))


def _split_code(code: str) -> tuple[str | None, str | None]:
    """
    >>> _split_code("RUSLEG"), _split_code("CUB"), _split_code("IGO"), _split_code("")
    (('RUS', 'LEG'), ('CUB', None), (None, 'IGO'), (None, None))
    """
    if not code:
        return (None, None)
    if code in NON_COUNTRY_CODES or code in ("GOV", "MIL", "REB", "OPP", "COP", "LEG", "JUD"):
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
