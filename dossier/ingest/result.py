"""The outcome of reading one article: a Document or the InputError that stopped it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dossier.errors import InputError
from dossier.model import Document

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ingested:
    """One article read from an input, or the reason it could not be read.

    ``source`` is the path as given (or found in a folder), plus ``#L12`` for line 12 of a
    JSON Lines file or ``#entry3`` for the third entry of a feed. Exactly one of ``document``
    and ``error`` is set.
    """

    source: str
    document: Document | None
    error: InputError | None

    def __post_init__(self) -> None:
        if (self.document is None) == (self.error is None):
            raise ValueError("Ingested needs exactly one of document and error")


def with_source(error: InputError, source: str) -> InputError:
    """The same error (same class and message) attributed to ``source``.

    >>> str(with_source(InputError("empty article"), "a.txt"))
    'a.txt: empty article'
    """
    if error.source == source:
        return error
    return type(error)(error.message, source=source)


def failed(source: str, error: InputError) -> Ingested:
    """An :class:`Ingested` for an input that could not be read."""
    logger.debug("%s: %s", source, error.message)
    return Ingested(source=source, document=None, error=with_source(error, source))


def succeeded(source: str, document: Document) -> Ingested:
    """An :class:`Ingested` for an article that was read."""
    return Ingested(source=source, document=document, error=None)
