"""The languages' tests need every language's extra (`pip install -e '.[dev,all-languages]'` and
the Spanish model, see README). Without them these tests are not collected, with a warning;
with DOSSIER_REQUIRE_LANGUAGES=1 (set by .ci/run) a missing language fails instead."""

from __future__ import annotations

import os
import warnings

import pytest

from dossier.lang.registry import LANGUAGES

MISSING = {code: spec.missing() for code, spec in LANGUAGES.items() if spec.missing()}

if MISSING and os.environ.get("DOSSIER_REQUIRE_LANGUAGES") != "1":
    warnings.warn(
        f"tests/lang not run: languages not installed: {', '.join(MISSING)}",
        stacklevel=1,
    )
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session", autouse=True)
def _languages_installed():
    if MISSING:
        pytest.fail(f"DOSSIER_REQUIRE_LANGUAGES=1 but languages are missing: {MISSING}")


@pytest.fixture(scope="session")
def language_pipeline():
    """``language_pipeline(code)``: dossier's full pipeline for a language, loaded once."""
    from dossier.lang.pipeline import language_pipeline as load

    return load


def extract_text(nlp, text: str, *, published: str | None = "2025-11-04", lang: str):
    """The Extraction of ``text`` through ``nlp``, as `dossier extract` makes it."""
    from dossier.ingest import make_document
    from dossier.nlp import extraction_from_doc, make_doc

    document = make_document(text, published=published, language=lang)
    return extraction_from_doc(document, nlp(make_doc(nlp, document)))
