"""Errors inside dossier's spaCy components: recorded on the Doc, never raised into ``nlp.pipe``.

A component that raised inside ``nlp.pipe`` would lose the whole batch; instead the error is kept
in ``doc.user_data`` and turned into an ExtractionError for that one article.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from spacy.tokens import Doc

from dossier.errors import ExtractionError

logger = logging.getLogger(__name__)
ERRORS_KEY = "dossier.errors"


@contextmanager
def component_errors(doc: Doc, component: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        logger.error("%s failed: %s: %s", component, type(exc).__name__, exc)
        logger.debug("%s traceback", component, exc_info=True)
        doc.user_data.setdefault(ERRORS_KEY, []).append(f"{component}: {type(exc).__name__}: {exc}")


def raise_component_errors(doc: Doc) -> None:
    """Raise ExtractionError if a component recorded an error on ``doc``."""
    errors = doc.user_data.get(ERRORS_KEY)
    if errors:
        raise ExtractionError("; ".join(errors))
