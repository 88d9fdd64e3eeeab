"""Pass rates of ``dossier.lang.numbers`` on Recognizers-Text number specs (microsoft/
Recognizers-Text, MIT) for Spanish, French, Portuguese and German, read at evaluation time from
``../shared/eval/multilingual/recognizers/<Lang>/{Number,NumberWithUnit}/<Model>.json``.

A case passes when, per file:

- ``NumberModel``: read with ``articles=True`` (Recognizers counts a lone "un" as 1; figures
  do not), the numbers found (a range counts as its two ends) pair one to one with the
  expected values (``math.isclose``, rel. 1e-6), none left over on either side;
- ``NumberRangeModel``: every expected range is found as an inclusive interval with an acceptable
  qualifier, under the English evaluation's semantics (``expected_interval``: "[20,30)" ->
  [20, 30] between, "(30,)" -> more_than 30, "(,100]" -> at_most or up_to 100); a case without
  a range must yield no figure with a range qualifier;
- ``PercentModel``: the percentages found pair one to one with the expected values;
- ``CurrencyModel``: the amounts of money found pair one to one with the expected values (an
  expected currency without an amount, value null, cannot be matched and fails).

Every rate is given over all cases and over the cases with no ``NotSupported*`` flag (those all
Recognizers ports pass), on all cases and on two folds of them: SHA-1 of ``Input`` mod 5 in
0-2 (``dev``: the cases rules were written from) and 3-4 (``test``: held out).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dossier.errors import InputError
from dossier.lang.numbers import Quantity, find_quantities

FAMILIES = ("NumberModel", "NumberRangeModel", "PercentModel", "CurrencyModel")
FILES = {
    "NumberModel": "Number/NumberModel.json",
    "NumberRangeModel": "Number/NumberRangeModel.json",
    "PercentModel": "Number/PercentModel.json",
    "CurrencyModel": "NumberWithUnit/CurrencyModel.json",
}
LANGUAGES = {"es": "Spanish", "fr": "French", "pt": "Portuguese", "de": "German"}
ONE_SIDED = {
    ("(", None): "more_than",
    ("[", None): "at_least",
    (None, ")"): "less_than",
    (None, "]"): "at_most",
}
RANGE_QUALIFIERS = {"between", "at_least", "at_most", "more_than", "less_than", "up_to"}
DEV_FOLDS = (0, 1, 2)
TEST_FOLDS = (3, 4)


def default_root() -> Path:
    """``../shared/eval/multilingual/recognizers`` beside the repository."""
    return Path(__file__).resolve().parents[3] / "shared" / "eval" / "multilingual" / "recognizers"


def fold(case: dict[str, Any]) -> int:
    """The case's fold: SHA-1 of its Input, mod 5.

    >>> fold({"Input": "dos mil"})
    0
    """
    return int(hashlib.sha1(case["Input"].encode("utf-8")).hexdigest(), 16) % 5


def supported(case: dict[str, Any]) -> bool:
    """Whether every Recognizers port passes the case (no ``NotSupported*`` flag)."""
    return not (case.get("NotSupported") or case.get("NotSupportedByDesign"))


def load_cases(root: Path, lang: str, family: str) -> list[dict[str, Any]]:
    """The cases of one spec file (read with ``utf-8-sig``: some start with a BOM)."""
    if lang not in LANGUAGES:
        raise InputError(f"no Recognizers specs for {lang!r} (known: {', '.join(LANGUAGES)})")
    path = Path(root) / LANGUAGES[lang] / FILES[family]
    if not path.exists():
        raise InputError(f"no Recognizers spec at {path}")
    return json.loads(path.read_text(encoding="utf-8-sig"))


def gold_value(value: Any) -> float | None:
    """A Recognizers resolution value: "4,8", "1E-12", "-1,2732E+15", "2,5%".

    >>> gold_value("4,8"), gold_value("1E-12"), gold_value("2,5%"), gold_value(None)
    (4.8, 1e-12, 2.5, None)
    """
    if value is None:
        return None
    text = str(value).strip().rstrip("%").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def expected_interval(value: str) -> tuple[float | None, float | None, set[str]]:
    """Recognizers' half-open notation -> (low, high, acceptable qualifiers), inclusive; the
    semantics of the English evaluation (tests/extract/test_figures_recognizers.py).

    >>> expected_interval("[20,30)")
    (20.0, 30.0, {'between'})
    >>> expected_interval("(30,)"), expected_interval("(,100]")[2] == {"at_most", "up_to"}
    ((30.0, None, {'more_than'}), True)
    """
    match = re.fullmatch(r"([\[(])(-?[\d.]*),(-?[\d.]*)([\])])", value.replace(" ", ""))
    if match is None:
        raise InputError(f"not a Recognizers range: {value!r}")
    left, low, high, right = match.groups()
    lo = float(low) if low else None
    hi = float(high) if high else None
    if lo is not None and hi is not None:
        return lo, hi, {"exact"} if lo == hi else {"between"}
    if lo is not None:
        return lo, None, {ONE_SIDED[(left, None)]}
    qualifier = ONE_SIDED[(None, right)]
    return None, hi, {qualifier, "up_to"} if qualifier == "at_most" else {qualifier}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _one_to_one(expected: Sequence[float | None], found: Sequence[float | None]) -> bool:
    if len(expected) != len(found):
        return False
    left = list(found)
    for value in expected:
        index = next((i for i, f in enumerate(left) if _close(value, f)), None)
        if index is None:
            return False
        del left[index]
    return True


def _numbers(quantities: Iterable[Quantity]) -> list[float | None]:
    values: list[float | None] = []
    for q in quantities:
        if q.vague or q.ordinal:  # NumberModel reads no ordinals
            continue
        if q.qualifier == "between" and q.low is not None and q.high is not None:
            values.extend([q.low, q.high])
        else:
            values.append(q.value)
    return values


def case_passes(family: str, case: dict[str, Any], quantities: list[Quantity]) -> bool:
    """Whether what ``find_quantities`` read from the case's Input meets the expected results."""
    results = case.get("Results") or []
    if family == "NumberModel":
        expected = [gold_value(r["Resolution"].get("value")) for r in results]
        return _one_to_one(expected, _numbers(quantities))
    if family == "PercentModel":
        expected = [gold_value(r["Resolution"].get("value")) for r in results]
        return _one_to_one(expected, [q.value for q in quantities if q.percent])
    if family == "CurrencyModel":
        expected = [gold_value(r["Resolution"].get("value")) for r in results]
        return _one_to_one(expected, [q.value for q in quantities if q.currency])
    if family == "NumberRangeModel":
        found = [(q.low, q.high, q.qualifier) for q in quantities]
        if not results:
            return all(q == "exact" and lo == hi for lo, hi, q in found)
        for result in results:
            low, high, qualifiers = expected_interval(result["Resolution"]["value"])
            if not any(
                _close(lo, low) and _close(hi, high) and q in qualifiers for lo, hi, q in found
            ):
                return False
        return True
    raise InputError(f"unknown Recognizers family {family!r}")


def _rates(outcomes: list[tuple[dict[str, Any], bool]]) -> dict[str, Any]:
    """Counts and pass rates; a rate is None when there is no case to count."""
    flagged = [(c, ok) for c, ok in outcomes if supported(c)]
    n, passed = len(outcomes), sum(ok for _, ok in outcomes)
    n_sup, passed_sup = len(flagged), sum(ok for _, ok in flagged)
    return {
        "n": n,
        "passed": passed,
        "rate": passed / n if n else None,
        "n_supported": n_sup,
        "passed_supported": passed_sup,
        "rate_supported": passed_sup / n_sup if n_sup else None,
    }


def evaluate_file(root: Path, lang: str, family: str, *, failures: bool = False) -> dict[str, Any]:
    """Pass rates of one spec file: ``all``, ``dev`` (folds 0-2) and ``test`` (folds 3-4)."""
    outcomes: list[tuple[dict[str, Any], bool]] = []
    failed: list[dict[str, Any]] = []
    for case in load_cases(root, lang, family):
        found = find_quantities(case["Input"], lang, articles=family == "NumberModel")
        ok = case_passes(family, case, found)
        outcomes.append((case, ok))
        if not ok and failures:
            failed.append(case)
    result: dict[str, Any] = {
        "all": _rates(outcomes),
        "dev": _rates([(c, ok) for c, ok in outcomes if fold(c) in DEV_FOLDS]),
        "test": _rates([(c, ok) for c, ok in outcomes if fold(c) in TEST_FOLDS]),
    }
    if failures:
        result["failures"] = failed
    return result


def evaluate_recognizers(
    root: Path | str | None,
    lang: str,
    families: Sequence[str] = FAMILIES,
) -> dict[str, Any]:
    """``{"task", "lang", "root", "files": {family: {"all"|"dev"|"test": rates}}}``; each rates
    dict holds ``n, passed, rate`` (all cases) and ``n_supported, passed_supported,
    rate_supported`` (cases without NotSupported flags)."""
    base = Path(root) if root is not None else default_root()
    files = {family: evaluate_file(base, lang, family) for family in families}
    return {"task": "recognizers-numbers", "lang": lang, "root": str(base), "files": files}
