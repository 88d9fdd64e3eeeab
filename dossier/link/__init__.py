"""The link stage: cross-document work over the store.

Near-duplicate articles (:mod:`dossier.link.duplicates`), the same entity across articles
(:mod:`dossier.link.entities`), stories (:mod:`dossier.link.stories`) and figure ledgers
(:mod:`dossier.link.ledgers`); :func:`link_all` runs them in order.
"""

from __future__ import annotations

from dossier.link.duplicates import (
    DEFAULT_THRESHOLD,
    LinkSummary,
    duplicate_groups,
    link_duplicates,
    list_duplicates,
)
from dossier.link.run import LinkAllSummary, link_all

__all__ = [
    "DEFAULT_THRESHOLD",
    "LinkAllSummary",
    "LinkSummary",
    "duplicate_groups",
    "link_all",
    "link_duplicates",
    "list_duplicates",
]
