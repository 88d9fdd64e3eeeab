"""The bad-input matrix: one batch with every kind of bad input users' crawlers bring back,
and good articles among them. Each input is stored or skipped with a clear reason; nothing
crashes; the good articles are stored."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from dossier import pipeline
from dossier.ingest import read_paths
from dossier.store import open_store

GOOD = (
    "KYIV (Example Wire) - Russian forces launched 120 drones at Ukraine overnight, damaging "
    "power stations in Kyiv, Ukrainian officials said on Tuesday."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", GOOD)
    return buffer.getvalue()


def write_matrix(folder: Path) -> dict[str, str]:
    """Write the inputs; return name -> what should become of it ("stored" or "skipped")."""
    folder.mkdir()
    files: dict[str, tuple[bytes, str]] = {
        "good.txt": (GOOD.encode(), "stored"),
        "empty.txt": (b"", "skipped"),
        "blank.txt": (b" \n\t\n ", "skipped"),
        "image.png": (PNG, "skipped"),
        "archive.zip": (zip_bytes(), "skipped"),
        "invalid-utf8.txt": (bytes(range(128, 256)) * 40, "skipped"),
        "latin1.txt": ("Müller said the café in Zürich was closed. " * 3).encode("latin-1"),
        "cp1251.txt": ("Москва заявила, что переговоры продолжатся во вторник. " * 3).encode(
            "cp1251"
        ),
        "utf16.txt": (GOOD.encode("utf-16"), "stored"),
        "huge.txt": (b"word " * 10_500_000, "skipped"),  # 52 MB: over the size limit
        "one-line.txt": (("drones " * 150_000).encode(), "skipped"),  # 1 MB, no sentence end
        "nested.html": (
            (
                "<html><body>"
                + "<div>" * 3000
                + "<p>"
                + GOOD
                + "</p>"
                + "</div>" * 3000
                + "</body></html>"
            ).encode(),
            "stored",
        ),
        "malformed.html": (
            f"<html><head><title>Drones</title><body><p>{GOOD}<p><b>unclosed <i>tags".encode(),
            "stored",
        ),
        "spanish.txt": (
            "El Parlamento ruso ratificó este martes en sesión plenaria el acuerdo de "
            "cooperación militar con Cuba, justo cuando Estados Unidos denuncia la participación "
            "de mercenarios cubanos en la guerra de Ucrania.".encode(),
            "stored",
        ),
        "results.txt": (
            "\n".join(
                f"{i}. Team {i} {i % 5} Team {i + 20} {(i * 7) % 4} (2025-10-{(i % 28) + 1:02d}) "
                f"att. {1000 + 37 * i} 45:12 1,234.56"
                for i in range(1, 200)
            ).encode(),
            "stored",
        ),
    }
    files["latin1.txt"] = (files["latin1.txt"], "stored")  # type: ignore[assignment]
    files["cp1251.txt"] = (files["cp1251.txt"], "stored")  # type: ignore[assignment]
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    lines = [
        json.dumps({"text": GOOD + " A JSONL line.", "published": "2025-11-04"}),
        "{not json",
        json.dumps({"text": 12345}),
        json.dumps({"text": GOOD + " Wrong date.", "published": ["2025"]}),
        json.dumps({"title": "no text"}),
        json.dumps([1, 2, 3]),
    ]
    (folder / "mixed.jsonl").write_text("\n".join(lines), "utf-8")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Good</title><description>{GOOD} From the feed.</description>
<pubDate>Tue, 04 Nov 2025 10:00:00 GMT</pubDate></item>
<item><title>No content</title></item>
<item><title>Bad date</title><description>{GOOD} Bad date.</description>
<pubDate>someday</pubDate></item>
<item><title>Broken <description>unclosed"""
    (folder / "feed.xml").write_text(feed, "utf-8")
    return {name: fate for name, (_, fate) in files.items()}


def test_every_bad_input_is_stored_or_skipped_with_a_reason(nlp, tmp_path: Path):
    fates = write_matrix(tmp_path / "inputs")
    with open_store(tmp_path / "store.db") as store:
        summary = pipeline.add(store, nlp, read_paths([tmp_path / "inputs"]))
        documents = {d.id: d for d in store.list_documents(limit=1000)}
        extractions = [store.get(d) for d in documents]
    reasons = {source: reason for source, reason in summary.failed}
    assert all(reason.strip() for reason in reasons.values())
    for name, fate in fates.items():
        skipped = any(Path(source.split("#")[0]).name == name for source in reasons)
        assert skipped == (fate == "skipped"), (name, reasons)
    # JSON Lines and feed: the good lines and entries are stored, the broken ones reported.
    jsonl = {s: r for s, r in reasons.items() if "mixed.jsonl" in s}
    assert len(jsonl) == 5 and not any("#L1" in s for s in jsonl)
    assert any("feed.xml" in s for s in summary.added)
    # Every input is accounted for, and nothing was lost: the good articles are all there.
    assert summary.total == len(summary.added) + len(summary.present) + len(summary.failed)
    assert len(documents) == len(summary.added)
    languages = {e.document.language for e in extractions}
    assert {"es", "en"} <= languages
    assert [e for e in extractions if e.document.language == "es"]
    print(f"bad-input matrix: {len(fates) + 6 + 4} inputs, {len(summary.added)} stored, "
          f"{len(summary.failed)} skipped with reasons")  # fmt: skip
