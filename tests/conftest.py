"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dossier.nlp import build_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """dossier's spaCy pipeline (the default model), loaded once for the test session.

    Tests that change it (``max_length``, a patched component) must restore it, e.g. with
    ``monkeypatch``.
    """
    return build_pipeline()
