"""Coverage-guided fuzzing (atheris) of ingest: bytes as a text file with front matter, an HTML
page, JSON Lines, an RSS/Atom feed, or a bare article. Only dossier's own errors
(:class:`~dossier.errors.DossierError`) may come out; anything else is a crash that libFuzzer
reports with the input that caused it.

    .venv/bin/python fuzz/fuzz_ingest.py -runs=20000 -max_len=8192 [CORPUS_DIR ...]
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["dossier"]):
    from dossier.errors import DossierError
    from dossier.ingest import make_document
    from dossier.ingest.decode import decode_bytes
    from dossier.ingest.feed import iter_feed
    from dossier.ingest.htmlpage import parse_html
    from dossier.ingest.jsonl import iter_jsonl
    from dossier.ingest.text import parse_text


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    kind = fdp.ConsumeIntInRange(0, 4)
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        if kind == 3:
            list(iter_feed(payload, source="fuzz"))
            return
        text = decode_bytes(payload)
        if kind == 0:
            parse_text(text)
        elif kind == 1:
            parse_html(text)
        elif kind == 2:
            list(iter_jsonl(text, source="fuzz"))
        else:
            make_document(text)
    except DossierError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
