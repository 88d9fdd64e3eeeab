"""Figure scoring on NewsQuant-style gold, with the CQE paper's three measures.

Gold: JSON Lines (a file, or a folder of ``.jsonl`` files searched recursively), one sentence a
line: ``{"text", "quantities": [{"value", "change", "unit", "normalized_unit", ...}]}``; a value
is a number or a range ``a-b``; change is one of ``= ~ < > up down``.

Each system's quantities become ``(value, change, normalised unit)``; dossier's figures map as:

- value: the point for exact and approximate figures; the bound for one-sided ones ("more than
  700" -> 700); ``(low, high)`` for ranges; a vague plural as the decade it names, NewsQuant's
  convention ("hundreds" = [200, 999] -> (100, 1000));
- change: exact and between -> ``=``, about -> ``~``, at_least and more_than -> ``>``, at_most,
  less_than and up_to -> ``<``; an exact figure that is the size of a rise or fall -> ``up`` or
  ``down`` (an approximate one too: "rose about 5%" is ``up``);
- unit: "percentage" for %, the currency's name for money ("dollar"), a unit's normalised name
  (``units.tsv``), else the counted noun in the singular; "-" when there is none.

Scores (micro, over all sentences): per sentence, gold and predicted quantities are paired one to
one; **value** pairs need equal values (``math.isclose``, rel. 1e-5), **value+bound** also equal
changes, **value+unit** also equal normalised units. P = pairs / predictions, R = pairs / gold.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.errors import InputError
from dossier.evaluate.scoring import prf
from dossier.extract.quantities import default_lexicon

logger = logging.getLogger(__name__)

TASK = "figures"
Value = float | tuple[float, float]
CHANGE = {
    "exact": "=",
    "between": "=",
    "about": "~",
    "at_least": ">",
    "more_than": ">",
    "at_most": "<",
    "less_than": "<",
    "up_to": "<",
}
# quantulum3's unit names -> NewsQuant's (as in the CQE evaluation's tagger)
QUANTULUM_UNITS = {
    "dimensionless": "-",
    "unk": "-",
    "per cent": "percentage",
    "dollar dollar": "dollar",
    "united states dollar": "dollar",
    "tonne": "metric ton",
    "degree angle": "degree",
    "degree celsius": "celsius",
    "degree fahrenheit": "fahrenheit",
    "percentage drop": "percentage",
    "second of arc": "second",
    "minute of arc": "minute",
    "yard yard": "yard",
    "cubic centimetre": "millilitre",
}


@dataclass(frozen=True)
class Mention:
    """One quantity as the scorer sees it."""

    value: Value
    change: str
    unit: str


@dataclass
class GoldSentence:
    text: str
    quantities: list[Mention]
    source: str = ""


Predictor = Callable[[Sequence[str]], list[list[Mention]]]


def parse_value(value: str | float) -> Value | None:
    """A NewsQuant value: a number or a range ``a-b``.

    >>> parse_value("1000-5000"), parse_value("3.0 - 4.0"), parse_value("-1.4"), parse_value("6.0")
    ((1000.0, 5000.0), (3.0, 4.0), -1.4, 6.0)
    >>> parse_value("1E-05"), parse_value("n/a") is None
    (1e-05, True)
    """
    if isinstance(value, int | float):
        return float(value)
    text = value.strip()
    match = re.fullmatch(r"(-?[\d.]+(?:[eE][-+]?\d+)?)\s*-\s*(-?[\d.]+(?:[eE][-+]?\d+)?)", text)
    try:
        if match and "e" not in text.lower():
            return float(match.group(1)), float(match.group(2))
        return float(text)
    except ValueError:
        return None


def load_gold(path: Path, limit: int | None = None) -> list[GoldSentence]:
    """NewsQuant-style sentences from a ``.jsonl`` file or a folder of them."""
    if not path.exists():
        raise InputError(f"no gold data at {path}")
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"no .jsonl file under {path}")
    sentences: list[GoldSentence] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                mentions = []
                for q in row.get("quantities", []):
                    value = parse_value(q["value"])
                    if value is None:
                        logger.warning("%s:%d: unreadable value %r", file, number, q["value"])
                        continue
                    unit = (q.get("normalized_unit") or "-").strip()
                    mentions.append(Mention(value, q.get("change", "=").strip(), unit))
                sentences.append(GoldSentence(row["text"], mentions, f"{file.name}:{number}"))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{file}:{number}: not a NewsQuant line ({exc})") from exc
            if limit is not None and len(sentences) >= limit:
                return sentences
    return sentences


def _same_value(a: Value, b: Value) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):  # a range is a set: either order
        a, b = tuple(sorted(a)), tuple(sorted(b))
        return all(
            math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-8) for x, y in zip(a, b, strict=True)
        )
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)  # type: ignore[arg-type]


def _pairs(
    gold: list[Mention], pred: list[Mention], same: Callable[[Mention, Mention], bool]
) -> int:
    """A one-to-one pairing, greedy in text order (equality makes greedy maximal here)."""
    left = list(pred)
    count = 0
    for g in gold:
        for i, p in enumerate(left):
            if same(g, p):
                del left[i]
                count += 1
                break
    return count


MEASURES: dict[str, Callable[[Mention, Mention], bool]] = {
    "value": lambda g, p: _same_value(g.value, p.value),
    "value_bound": lambda g, p: _same_value(g.value, p.value) and g.change == p.change,
    "value_unit": lambda g, p: _same_value(g.value, p.value) and g.unit.lower() == p.unit.lower(),
}


def score(
    gold: Sequence[GoldSentence],
    predictions: Sequence[list[Mention]],
    *,
    average_ranges: bool = False,
) -> dict[str, float]:
    """Micro P/R/F1 for value, value+bound and value+unit (see the module's docstring).

    ``average_ranges`` scores a gold range as its midpoint, as the CQE evaluation does for
    quantulum3 (which reads "between 200 and 300" as 250 ± 50).

    >>> g = [GoldSentence("", [Mention(5.0, ">", "mile"), Mention((1.0, 2.0), "=", "-")])]
    >>> m = score(g, [[Mention(5.0, ">", "mile"), Mention(3.0, "=", "-")]])
    >>> m["value_f1"], m["value_bound_f1"], m["value_unit_precision"]
    (0.5, 0.5, 0.5)
    """
    if average_ranges:
        gold = [GoldSentence(s.text, [_midpoint(m) for m in s.quantities], s.source) for s in gold]
    n_gold = sum(len(s.quantities) for s in gold)
    n_pred = sum(len(p) for p in predictions)
    metrics: dict[str, float] = {"n_gold": n_gold, "n_pred": n_pred}
    for name, same in MEASURES.items():
        tp = sum(_pairs(s.quantities, p, same) for s, p in zip(gold, predictions, strict=True))
        p, r, f = prf(tp, n_pred, n_gold)
        metrics |= {f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f}
    return metrics


def _midpoint(mention: Mention) -> Mention:
    if isinstance(mention.value, tuple):
        return Mention(sum(mention.value) / 2, mention.change, mention.unit)
    return mention


def _decade(low: float, high: float) -> tuple[float, float]:
    """NewsQuant's convention for a vague plural: the decade it names.

    >>> _decade(200, 999), _decade(24, 99), _decade(2_000_000, 9_999_999)
    ((100.0, 1000.0), (10.0, 100.0), (1000000.0, 10000000.0))
    """
    return 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high))


def unit_name(figure: dict[str, Any]) -> str:
    """A figure's unit as NewsQuant normalises it ("dollar", "percentage", "mile", "people")."""
    lexicon = default_lexicon()
    unit = figure.get("unit")
    if figure.get("percent"):
        return "percentage"
    if not unit:
        return "-"
    base, _, per = unit.partition(" per ")
    if figure.get("currency") and base == figure["currency"]:
        names = {iso: name for iso, name, _ in lexicon.currencies.values()}
        name = names.get(base, base.lower())
    elif base.endswith(" old") or base.endswith("-old"):
        name = f"{base.split()[0].rstrip('s')} of age"
    else:
        name = lexicon.units.get(base.lower()) or _singular(base)
    return f"{name} per {per}" if per else name


def _singular(phrase: str) -> str:
    """
    >>> _singular("Liverpool fans"), _singular("heart transplants"), _singular("people")
    ('Liverpool fan', 'heart transplant', 'people')
    """
    words = phrase.split()
    last = words[-1]
    if last.lower().endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif re.search(r"(?:ches|shes|sses|xes)$", last.lower()):
        last = last[:-2]
    elif last.lower().endswith("s") and not last.lower().endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


def mention_of(figure: dict[str, Any]) -> Mention:
    """A dossier figure (the component's dict) as the scorer sees it."""
    low, high = figure["low"], figure["high"]
    value: Value
    if figure.get("vague") and low is not None and high is not None:
        value = _decade(low, high)
    elif low is not None and high is not None and low != high:
        value = (low, high)
    else:
        value = low if low is not None else high
    change = CHANGE.get(figure["qualifier"], "=")
    if figure.get("vague"):
        change = "="
    elif change in ("=", "~") and figure.get("change") in ("up", "down"):
        change = figure["change"]  # NewsQuant marks the direction over "about" ("up about 5%")
    return Mention(value, change, unit_name(figure))


class DossierPredictor:
    """dossier's pipeline over sentences, batched."""

    def __init__(self, nlp: Any, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.errors: list[tuple[int, str]] = []

    def __call__(self, texts: Sequence[str]) -> list[list[Mention]]:
        from dossier.extract.errors import ERRORS_KEY

        out = []
        for index, doc in enumerate(self.nlp.pipe(texts, batch_size=self.batch_size)):
            errors = doc.user_data.get(ERRORS_KEY)
            if errors:
                self.errors.append((index, "; ".join(errors)))
            figures = doc._.dossier_figures or []
            out.append(
                [mention_of(f) for f in figures if f["low"] is not None or f["high"] is not None]
            )
        return out


class QuantulumPredictor:
    """quantulum3 (MIT, the ``bench`` extra) as a comparator: its value, "=" (it reads no
    bounds), its unit's name (mapped as the CQE evaluation maps it). It reads a range as its
    midpoint, so it is scored with ``average_ranges``, as in the CQE evaluation."""

    name = "quantulum3"

    def __init__(self) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser

        self.parser = parser
        self.errors: list[tuple[int, str]] = []
        try:  # its optional unit classifier breaks on some scikit-learn versions: go without
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parser.parse("It weighs 5 pounds.")
        except Exception as exc:
            from quantulum3 import classifier

            logger.warning("quantulum3's classifier failed (%s): running without it", exc)
            classifier.USE_CLF = False

    def __call__(self, texts: Sequence[str]) -> list[list[Mention]]:
        import warnings

        out = []
        for index, text in enumerate(texts):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    found = self.parser.parse(text)
            except Exception as exc:  # a comparator must not stop the evaluation
                self.errors.append((index, f"{type(exc).__name__}: {exc}"))
                found = []
            mentions = []
            for q in found:
                unit = q.unit.name.lower().strip()
                unit = QUANTULUM_UNITS.get(unit, unit)
                mentions.append(Mention(float(q.value), "=", unit))
            out.append(mentions)
        return out


def evaluate_sentences(
    sentences: Sequence[GoldSentence],
    predict: Predictor,
    *,
    gold: str,
    baseline: Predictor | None = None,
    baseline_name: str = "quantulum3",
) -> dict[str, Any]:
    """``{"task", "gold", "n", "metrics"}`` for dossier, plus ``baseline`` when given."""
    texts = [s.text for s in sentences]
    result: dict[str, Any] = {
        "task": TASK,
        "gold": gold,
        "n": len(sentences),
        "metrics": score(sentences, predict(texts)),
    }
    if baseline is not None:
        base = score(sentences, baseline(texts), average_ranges=True)
        result["baseline"] = {"name": baseline_name, "metrics": base}
    return result


def quantulum_available() -> bool:
    try:
        import quantulum3  # noqa: F401
    except ImportError:
        return False
    return True


def iter_errors(*predictors: Any) -> Iterable[tuple[str, int, str]]:
    for predictor in predictors:
        for index, message in getattr(predictor, "errors", None) or []:
            yield getattr(predictor, "name", "dossier"), index, message
