"""dossier's multilingual timexes on Microsoft Recognizers-Text DateTime specs, as pass rates.

The specs (``recognizers/<Language>/DateTime/<File>.json`` under the shared evaluation data, MIT)
are lists of cases ``{Input, Context: {ReferenceDateTime}?, Results: [...]}``. Each input is one
document, published on the case's reference date (else none), run through
:func:`dossier.lang.time.find_timexes` on a blank spaCy pipeline of the language (the function
reads only the text, so the base pipeline adds nothing here).

Spans are compared with or without a leading article of dossier's (the language's
``determiners`` in ``time.json``, as whole words): dossier follows TimeML, whose extents include
the article ("el 12 de octubre"), while Recognizers-Text leaves it out of some expressions
("12 de octubre") and keeps it in others ("el día siguiente", "le 27", "den 28.10.").

A case **passes** when:

- ``DateExtractor``: the spans of dossier's DATE timexes are exactly the expected spans;
- ``DateParser``: as for the extractor, and each timex's value is *compatible* with its expected
  result: equal (ignoring case) to the result's ``Timex``, or to one of its resolved dates
  (``FutureResolution``/``PastResolution``), since dossier resolves ``XXXX-10-02`` to a year;
- ``DateTimeModel``: the spans of *all* dossier's timexes (dates, times, durations, sets) are
  exactly the expected spans (``End`` is inclusive there), and each value is compatible with one
  of the result's ``Resolution.values`` (its ``timex`` or ``value``).

Beside the pass rate, ``span_recall`` (expected results found with the exact span) and
``value_recall`` (found with a compatible value) count results, not cases. ``supported`` gives
the same figures over the cases no Recognizers port is marked as failing (no ``NotSupported*``).

Each file's figures are also split by fold (SHA-1 of the case's ``Input`` mod 5, as in
:func:`dossier.evaluate.recognizers.fold`): ``dev`` holds folds 0-2 (the cases rules were written
from; :func:`failures` lists only those by default) and ``test`` folds 3-4 (held out).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from dossier.evaluate.recognizers import DEV_FOLDS, TEST_FOLDS, fold

LANGUAGES = {"es": "Spanish", "fr": "French", "pt": "Portuguese", "de": "German"}
FILES = ("DateExtractor", "DateParser", "DateTimeModel")
DEFAULT_ROOT = "recognizers"

Expected = tuple[int, int, set[str]]  # start, end (exclusive), compatible values


@cache
def _blank(lang: str) -> Any:
    import spacy

    return spacy.blank(lang)


def predict(text: str, lang: str, reference: str | None) -> list[tuple]:
    """``(start, end, type, value)`` of dossier's timexes in ``text`` published on
    ``reference`` (an ISO date or date-time, or None), the start after a leading article; where
    one was dropped, the start before it follows as a fifth item."""
    from dossier.lang.time import find_timexes

    doc = _blank(lang)(text)
    doc.user_data["dossier.document_id"] = "recognizers"
    doc.user_data["dossier.language"] = lang
    doc.user_data["dossier.published"] = reference[:10] if reference else None
    out = []
    article = _article(lang)
    for t in find_timexes(doc):
        start = t["start"]
        if article is not None and (m := article.match(t["text"])) and m.end() < len(t["text"]):
            out.append((start + m.end(), t["end"], t["type"], t["value"] or "", start))
        else:
            out.append((start, t["end"], t["type"], t["value"] or ""))
    return out


@cache
def _article(lang: str) -> re.Pattern[str] | None:
    """A leading article of ``lang`` (from its ``time.json``), with the space after it."""
    from dossier.lang.data import lang_json

    words = list((lang_json(lang, "time.json") or {}).get("determiners", {}))
    if not words:
        return None
    return re.compile(rf"(?:{'|'.join(words)})(?:(?<=['’ ])|(?!\w))\s*", re.IGNORECASE)


def _resolutions(result: dict[str, Any]) -> set[str]:
    values: set[str] = set()
    value = result.get("Value") or {}
    if value.get("Timex"):
        values.add(value["Timex"])
    for key in ("FutureResolution", "PastResolution"):
        for resolved in (value.get(key) or {}).values():
            if isinstance(resolved, str):
                values.add(resolved)
    for entry in (result.get("Resolution") or {}).get("values", []):
        for key in ("timex", "value"):
            if entry.get(key):
                values.add(entry[key])
    return {v.casefold() for v in values}


def expected_results(case: dict[str, Any]) -> list[Expected]:
    """The expected ``(start, end, values)`` of a case, in either spec layout."""
    out = []
    for result in case.get("Results", []):
        if "Start" not in result:  # a few cases give only the text: find it in the input
            start = case["Input"].casefold().find(result.get("Text", "").casefold())
            if start < 0:
                continue
            out.append((start, start + len(result["Text"]), _resolutions(result)))
            continue
        start = int(result["Start"])
        end = start + int(result["Length"]) if "Length" in result else int(result["End"]) + 1
        out.append((start, end, _resolutions(result)))
    return out


def judge(kind: str, expected: list[Expected], predicted: list[tuple]) -> dict:
    """``{"pass": bool, "spans": n found, "values": n right}`` for one case of file ``kind``.
    ``predicted`` holds ``(start, end, type, value)``, with the start before a leading article
    as a fifth item where :func:`predict` dropped one (either start may match)."""
    if kind != "DateTimeModel":
        predicted = [p for p in predicted if p[2] == "DATE"]
    wanted = {(s, e) for s, e, _ in expected}
    by_span = {}
    for p in predicted:  # a fifth item: the start with the article, taken where expected
        start = p[4] if len(p) > 4 and (p[4], p[1]) in wanted else p[0]
        by_span[(start, p[1])] = p[3].casefold()
    spans = sum(1 for s, e, _ in expected if (s, e) in by_span)
    values = sum(1 for s, e, ok in expected if (s, e) in by_span and by_span[(s, e)] in ok)
    same_spans = set(by_span) == wanted
    passed = same_spans and (kind == "DateExtractor" or values == len(expected))
    return {"pass": passed, "spans": spans, "values": values}


def _load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _supported(case: dict[str, Any]) -> bool:
    return not any(k.startswith("NotSupported") for k in case)


def _summary(judged: Iterable[tuple[dict, int]]) -> dict[str, Any]:
    judged = list(judged)
    cases = len(judged)
    results = sum(n for _, n in judged)
    passed = sum(1 for j, _ in judged if j["pass"])
    return {
        "cases": cases,
        "passed": passed,
        "pass_rate": passed / cases if cases else 0.0,
        "results": results,
        "span_recall": sum(j["spans"] for j, _ in judged) / results if results else 0.0,
        "value_recall": sum(j["values"] for j, _ in judged) / results if results else 0.0,
    }


def _figures(judged: list[tuple[dict, int, bool]]) -> dict[str, Any]:
    summary = _summary((j, n) for j, n, _ in judged)
    summary["supported"] = _summary((j, n) for j, n, ok in judged if ok)
    return summary


def evaluate_file(path: str | Path, lang: str, kind: str) -> dict[str, Any]:
    """The figures for one spec file (``kind``: DateExtractor, DateParser or DateTimeModel):
    over all cases at the top level (and again under ``all``), and under ``dev`` (folds 0-2)
    and ``test`` (folds 3-4)."""
    cases = _load(Path(path))
    judged = []
    for case in cases:
        reference = (case.get("Context") or {}).get("ReferenceDateTime")
        expected = expected_results(case)
        verdict = judge(kind, expected, predict(case["Input"], lang, reference))
        judged.append((verdict, len(expected), _supported(case), fold(case)))
    summary = _figures([(j, n, ok) for j, n, ok, _ in judged])
    summary["all"] = {k: v for k, v in summary.items()}
    for name, folds in (("dev", DEV_FOLDS), ("test", TEST_FOLDS)):
        summary[name] = _figures([(j, n, ok) for j, n, ok, f in judged if f in folds])
    return summary


def evaluate_recognizer_dates(root: str | Path, lang: str) -> dict[str, Any]:
    """Pass rates of dossier's ``lang`` timexes (es, fr, pt, de) on the DateTime specs under
    ``root`` (the ``recognizers`` folder). Returns ``{"task": "time-recognizers", "lang": ...,
    "root": ..., "files": {file name: figures}}``; a missing file is left out."""
    if lang not in LANGUAGES:
        raise ValueError(f"no Recognizers-Text specs for {lang!r}")
    folder = Path(root) / LANGUAGES[lang] / "DateTime"
    files = {}
    for kind in FILES:
        path = folder / f"{kind}.json"
        if path.is_file():
            files[kind] = evaluate_file(path, lang, kind)
    return {"task": "time-recognizers", "lang": lang, "root": str(root), "files": files}


def failures(
    path: str | Path, lang: str, kind: str, limit: int = 50, folds: Iterable[int] = DEV_FOLDS
) -> list[str]:
    """Readable lines for the cases of a spec file in ``folds`` (the dev folds unless told)
    that fail (for looking at errors)."""
    lines = []
    wanted = set(folds)
    for case in _load(Path(path)):
        if fold(case) not in wanted:
            continue
        reference = (case.get("Context") or {}).get("ReferenceDateTime")
        expected = expected_results(case)
        predicted = predict(case["Input"], lang, reference)
        if not judge(kind, expected, predicted)["pass"]:
            text = case["Input"]
            want = [(text[s:e], sorted(v)[:2]) for s, e, v in expected]
            got = [(text[p[0] : p[1]], p[3]) for p in predicted]
            lines.append(f"{text!r} ref={reference} want={want} got={got}")
        if len(lines) >= limit:
            break
    return lines
