"""Coverage-guided fuzzing (atheris) of extraction: text made into a document, parsed by the
spaCy pipeline and every dossier component, and turned into records. The components are run
directly (not through ``pipeline.extract``, which turns a bug on one article into a reported
error), so any exception other than dossier's own is a crash libFuzzer reports.

    .venv/bin/python fuzz/fuzz_extract.py -runs=2000 -max_len=2048 [CORPUS_DIR ...]
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

import atheris

with atheris.instrument_imports(include=["dossier"]):
    from dossier.errors import DossierError
    from dossier.ingest import make_document
    from dossier.nlp import build_pipeline, extraction_from_doc, make_doc

NLP = None


def one_input(data: bytes) -> None:
    global NLP
    if NLP is None:
        NLP = build_pipeline()
    fdp = atheris.FuzzedDataProvider(data)
    published = date(1990, 1, 1) + timedelta(days=fdp.ConsumeIntInRange(0, 20000))
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    try:
        document = make_document(text, published=published.isoformat(), language="en")
        extraction_from_doc(document, NLP(make_doc(NLP, document)))
    except DossierError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
