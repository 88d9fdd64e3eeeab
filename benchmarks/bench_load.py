"""Load test of ``dossier serve`` on loopback: concurrent readers on the article, ledger and
search pages while a writer adds articles through the API.

Starts ``dossier serve`` (a real process, with a write token) on a copy of a store (``--db``;
by default a small one built from ``tests/fixtures/story``), then for ``--seconds`` runs
``--readers`` threads that each request, in turn, a random article page, a random ledger page
and a search, over keep-alive connections (httpx), and one writer thread that posts Reuters
articles (``POST /api/documents``, JSON body) one after another. Reports, per page: requests,
errors (any status >= 400 or a failed connection), p50/p99 latency, and the requests per
second of all readers together; and the writer's articles stored and its p50 latency.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_load.py [--db STORE] [--seconds 60] [--readers 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"
STORY = REPO_ROOT / "tests" / "fixtures" / "story"
TOKEN = "load-test-token"
SEARCHES = ["oil", "strike", "the", "bank", "'; DROP TABLE documents; --", "killed", "%", "zzz"]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dossier_bin() -> list[str]:
    script = shutil.which("dossier", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from dossier.cli import app; app()"]


def build_small_store(path: Path) -> None:
    for args in (["add", str(STORY)], ["link"]):
        subprocess.run([*dossier_bin(), *args, "--db", str(path)], check=True, capture_output=True)


def wait_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/home", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(db: Path, seconds: float, readers: int, corpus: Path, skip: int = 0) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*dossier_bin(), "serve", "--db", str(db), "--port", str(port), "--token", TOKEN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_up(base)
        with httpx.Client(base_url=base, timeout=30) as client:
            doc_ids = [d["id"] for d in client.get("/api/documents?limit=200").json()["items"]]
            ledger_ids = [x["id"] for x in client.get("/api/ledgers?limit=200").json()["items"]]
        pages = {"article": doc_ids, "ledger": ledger_ids, "search": SEARCHES}
        times: dict[str, list[float]] = {name: [] for name in pages}
        errors: dict[str, list[str]] = {name: [] for name in [*pages, "writer"]}
        written: list[float] = []
        added: list[str] = []
        stop = time.monotonic() + seconds
        lock = threading.Lock()

        def reader(seed: int) -> None:
            rnd = random.Random(seed)
            with httpx.Client(base_url=base, timeout=60) as client:
                while time.monotonic() < stop:
                    for name, ids in pages.items():
                        if not ids:
                            continue
                        pick = rnd.choice(ids)
                        path = {
                            "article": f"/articles/{pick}",
                            "ledger": f"/ledgers/{pick}",
                            "search": f"/search?q={pick}",
                        }[name]
                        started = time.perf_counter()
                        try:
                            status = client.get(path).status_code
                        except httpx.HTTPError as exc:
                            status, detail = 0, repr(exc)
                        else:
                            detail = f"{status} {path}"
                        elapsed = time.perf_counter() - started
                        with lock:
                            if status == 0 or status >= 400:
                                errors[name].append(detail)
                            else:
                                times[name].append(elapsed)

        def writer() -> None:
            lines = corpus.open(encoding="utf-8") if corpus.exists() else iter(())
            headers = {"Authorization": f"Bearer {TOKEN}"}
            with httpx.Client(base_url=base, timeout=120, headers=headers) as client:
                for number, line in enumerate(lines):
                    if time.monotonic() >= stop:
                        break
                    if number < skip:
                        continue
                    row = json.loads(line)
                    body = {
                        "text": row.get("text") or "",
                        "title": row.get("title"),
                        "outlet": "Reuters",
                        "published": (row.get("date") or "")[:10] or None,
                    }
                    started = time.perf_counter()
                    try:
                        response = client.post("/api/documents", json=body)
                        ok = response.status_code < 400 or response.status_code == 422
                        if response.status_code < 400:
                            added.extend(response.json()["added"])
                        detail = f"{response.status_code} {response.text[:200]}"
                    except httpx.HTTPError as exc:
                        ok, detail = False, repr(exc)
                    if ok:
                        written.append(time.perf_counter() - started)
                    else:
                        errors["writer"].append(detail)

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(readers)]
        threads.append(threading.Thread(target=writer))
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    result: dict[str, Any] = {"seconds": round(wall, 1), "readers": readers, "pages": {}}
    for name, values in times.items():
        result["pages"][name] = {
            "requests": len(values),
            "errors": len(errors[name]),
            "p50_ms": round(1000 * percentile(values, 0.5), 1),
            "p99_ms": round(1000 * percentile(values, 0.99), 1),
        }
    result["reads_per_s"] = round(sum(len(v) for v in times.values()) / wall, 1)
    result["writer"] = {
        "posted": len(written),
        "articles": len(added),
        "errors": len(errors["writer"]),
        "p50_ms": round(1000 * statistics.median(written), 1) if written else None,
    }
    result["error_samples"] = {k: v[:3] for k, v in errors.items() if v}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to copy and serve")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--skip", type=int, default=0, help="corpus lines the writer skips (already stored)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        if args.db:
            shutil.copy(args.db, db)
        else:
            log("building a small store from tests/fixtures/story")
            build_small_store(db)
        result = run(db, args.seconds, args.readers, args.corpus, args.skip)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['readers']} readers and 1 writer for {result['seconds']} s on loopback")
    print(f"{'page':10} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for name, p in result["pages"].items():
        print(f"{name:10} {p['requests']:>9} {p['errors']:>7} {p['p50_ms']:>8} {p['p99_ms']:>8}")
    w = result["writer"]
    print(f"reads: {result['reads_per_s']} requests/s; writer: {w['posted']} articles posted, "
          f"{w['articles']} new ones stored, {w['errors']} errors, "
          f"p50 {w['p50_ms']} ms per article")  # fmt: skip
    for name, samples in result["error_samples"].items():
        print(f"  {name} errors, e.g.: {samples}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
