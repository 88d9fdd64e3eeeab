"""The store: extractions kept in SQLite (default) or PostgreSQL.

>>> from dossier.store import open_store
>>> with open_store("sqlite://") as store:  # an in-memory store
...     store.counts()["documents"]
0
"""

from __future__ import annotations

from dossier.store.engine import DEFAULT_BUSY_TIMEOUT, ENV_VAR, resolve_url
from dossier.store.schema import SCHEMA_VERSION, metadata
from dossier.store.store import Store, open_store

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "Store",
    "metadata",
    "open_store",
    "resolve_url",
]
