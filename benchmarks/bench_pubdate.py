"""Publication dates inferred from text, on real articles whose real date is known.

    .venv/bin/python benchmarks/bench_pubdate.py [--n N] [--reuters PATH] [--ecb PATH] [--json]

Reuters-21578 articles carry their date: it is dropped, inferred from the text alone
(dossier.ingest.pubdate, on the text as make_document normalises it) and compared with the real
one. ECB+ texts carry none: only how many get a date, and how, is counted. The data are read
from ../shared, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_REUTERS = EVAL / "news" / "reuters21578.jsonl"
DEFAULT_ECB = EVAL / "crossdoc" / "ecbplus" / "dev.jsonl"


def _method(reason: str) -> str:
    return reason.split(":", 1)[0]


def reuters(path: Path, n: int | None) -> dict[str, object]:
    from dossier.ingest.normalize import normalize_text
    from dossier.ingest.pubdate import infer_published

    total = present = day = week = later = 0
    gaps: list[int] = []
    methods: Counter[str] = Counter()
    methods_day: Counter[str] = Counter()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = normalize_text(record.get("text") or "")
            if not text or not record.get("date"):
                continue
            if n is not None and total >= n:
                break
            total += 1
            inferred = infer_published(text)
            if inferred is None:
                continue
            present += 1
            gap = (
                date.fromisoformat(inferred.published) - date.fromisoformat(record["date"][:10])
            ).days
            method = _method(inferred.reason)
            methods[method] += 1
            day += abs(gap) <= 1
            week += abs(gap) <= 7
            later += gap > 1
            gaps.append(abs(gap))
            methods_day[method] += abs(gap) <= 1
    return {
        "articles": total,
        "inferred": present,
        "inferred_share": round(present / total, 3) if total else 0.0,
        "within_1_day": day,
        "within_7_days": week,
        "within_1_day_of_inferred": round(day / present, 3) if present else 0.0,
        "within_7_days_of_inferred": round(week / present, 3) if present else 0.0,
        "later_than_real_by_2_days_or_more": later,
        "median_abs_gap_days": statistics.median(gaps) if gaps else None,
        "by_method": dict(methods),
        "by_method_within_1_day": dict(methods_day),
    }


def ecbplus(path: Path) -> dict[str, object]:
    from dossier.ingest.normalize import normalize_text
    from dossier.ingest.pubdate import infer_published

    total = present = 0
    methods: Counter[str] = Counter()
    examples: list[str] = []
    by_subtopic: dict[str, list[date]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or ""
            if record.get("subtopic") == "ecbplus":
                text = text.split("\n", 1)[1] if "\n" in text else ""  # line 1 is the URL
            text = normalize_text(text)
            if not text:
                continue
            total += 1
            inferred = infer_published(text)
            if inferred is None:
                continue
            present += 1
            methods[_method(inferred.reason)] += 1
            by_subtopic.setdefault(record.get("subtopic_id") or "", []).append(
                date.fromisoformat(inferred.published)
            )
            if len(examples) < 5:
                examples.append(f"{record.get('doc_id')}: {inferred.published} ({inferred.reason})")
    return {
        "documents": total,
        "inferred": present,
        "inferred_share": round(present / total, 3) if total else 0.0,
        "by_method": dict(methods),
        **_agreement(by_subtopic),
        "examples": examples,
    }


def _agreement(by_subtopic: dict[str, list[date]]) -> dict[str, object]:
    """ECB+ has no dates, but the articles of one subtopic report one event: how many inferred
    dates lie within 7 days of their subtopic's median (subtopics with two dates or more)."""
    checked = near = 0
    for dates in by_subtopic.values():
        if len(dates) < 2:
            continue
        middle = sorted(dates)[len(dates) // 2]
        checked += len(dates)
        near += sum(abs((d - middle).days) <= 7 for d in dates)
    return {"in_subtopics_with_2_or_more": checked, "within_7_days_of_subtopic_median": near}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="Reuters articles (default: all)")
    parser.add_argument("--reuters", type=Path, default=DEFAULT_REUTERS)
    parser.add_argument("--ecb", type=Path, default=DEFAULT_ECB)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = {"reuters21578": reuters(args.reuters, args.n), "ecbplus_dev": ecbplus(args.ecb)}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for corpus, figures in result.items():
        print(corpus)
        for key, value in figures.items():
            if isinstance(value, list):
                print(f"  {key}:")
                for item in value:
                    print(f"    {item}")
            else:
                print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
