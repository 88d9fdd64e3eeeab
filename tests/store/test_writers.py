"""Two real ``dossier add`` processes on overlapping inputs, with a reader polling the store
meanwhile, on SQLite and on PostgreSQL: each article is stored once, nothing fails, and the
reader always sees whole articles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dossier.store import open_store

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"


def dossier(*args: str) -> subprocess.Popen[str]:
    script = shutil.which("dossier", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-c", "from dossier.cli import app; app()"]
    env = {k: v for k, v in os.environ.items() if k not in ("DOSSIER_MODEL", "DOSSIER_DB")}
    return subprocess.Popen(
        [*command, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_writers_on_overlapping_inputs_store_each_article_once(
    store_target: str, tmp_path: Path
) -> None:
    files = sorted(STORY.glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, chosen in ((first, files[:5]), (second, files[2:])):
        folder.mkdir()
        for f in chosen:
            shutil.copy(f, folder)
    open_store(store_target).close()  # the schema exists before the race on the articles
    writers = [dossier("add", str(folder), "--db", store_target) for folder in (first, second)]
    seen = []
    with open_store(store_target) as reader:
        while any(w.poll() is None for w in writers):
            for document in reader.list_documents(limit=100):
                extraction = reader.get(document.id)  # whole: all its records or none
                seen.append((document.id, len(extraction.entities)))
            time.sleep(0.2)
        outputs = [w.communicate(timeout=300) for w in writers]
        assert [w.returncode for w in writers] == [0, 0], outputs
        assert reader.counts()["documents"] == len(files)
        final = {d.id: len(reader.get(d.id).entities) for d in reader.list_documents(limit=100)}
    # A reader never saw an article with part of its records.
    assert all(final[doc_id] == n for doc_id, n in seen)
