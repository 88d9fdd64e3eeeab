"""One exception tree for dossier, and the one place its messages are written.

The CLI turns any :class:`DossierError` into one line on stderr and a non-zero exit;
the API (later) turns it into one JSON error shape. Anything else escaping is a bug.
"""

from __future__ import annotations


class DossierError(Exception):
    """Base class of every error dossier raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(DossierError):
    """A file cannot be read as articles (empty, binary, malformed, wrong encoding)."""

    exit_code = 2


class UnsupportedFormatError(InputError):
    """The file's format is not one dossier ingests."""


class ConfigError(DossierError):
    """A setting is wrong: an unknown spaCy model, an unparsable date option."""

    exit_code = 3


class ModelNotFoundError(ConfigError):
    """The spaCy model asked for is not installed."""


class StoreError(DossierError):
    """The store cannot be opened or written."""

    exit_code = 4


class StoreLockedError(StoreError):
    """Another process holds the store's write lock for longer than the timeout."""


class StoreFullError(StoreError):
    """The disk or the database under the store is full."""


class NotFoundError(DossierError):
    """A record asked for by id is not in the store."""

    exit_code = 5


class ExtractionError(DossierError):
    """The pipeline failed on one article; the rest of the batch goes on."""
