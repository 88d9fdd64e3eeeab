"""Faults: ``dossier add`` killed (SIGKILL) in the middle of a batch leaves the store
consistent, with no half-stored article, and the same command run again finishes the batch
without duplicates."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from dossier.store import open_store
from dossier.store.schema import EXTRACTION_PARTS, documents

STORY = Path(__file__).resolve().parent / "fixtures" / "story"


def make_batch(folder: Path, n: int) -> None:
    """``n`` distinct articles: the test story's, each with a numbered last line."""
    sources = sorted(STORY.glob("*.txt"))
    folder.mkdir()
    for i in range(n):
        text = sources[i % len(sources)].read_text("utf-8")
        (folder / f"{i:03d}.txt").write_text(f"{text}\nUpdate number {i}.\n", "utf-8")


def dossier(*args: str) -> subprocess.Popen[bytes]:
    script = shutil.which("dossier", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-c", "from dossier.cli import app; app()"]
    env = {k: v for k, v in os.environ.items() if k not in ("DOSSIER_MODEL", "DOSSIER_DB")}
    return subprocess.Popen(
        [*command, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def stored(target: Path) -> int:
    with open_store(target) as store:
        return store.counts()["documents"]


def orphans(target: Path) -> int:
    """Records whose article is not stored (none if every article is all or nothing)."""
    with open_store(target) as store, store.engine.connect() as conn:
        total = 0
        for part in EXTRACTION_PARTS.values():
            table = part.table
            query = (
                select(func.count())
                .select_from(table.outerjoin(documents, documents.c.id == table.c.document_id))
                .where(documents.c.id.is_(None))
            )
            total += conn.scalar(query) or 0
        return total


def test_a_killed_add_leaves_whole_articles_and_a_rerun_finishes(tmp_path: Path) -> None:
    batch, db = tmp_path / "batch", tmp_path / "store.db"
    make_batch(batch, 40)
    open_store(db).close()
    run = dossier("add", str(batch), "--db", str(db))
    deadline = time.monotonic() + 240
    while stored(db) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the batch finished before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    partial = stored(db)
    assert 3 <= partial < 40
    assert orphans(db) == 0
    with open_store(db) as store:  # every stored article reads back whole
        for document in store.list_documents(limit=100):
            extraction = store.get(document.id)
            assert extraction.entities and extraction.events

    again = dossier("add", str(batch), "--db", str(db))
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    assert stored(db) == 40 and orphans(db) == 0
