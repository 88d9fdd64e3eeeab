"""The link stage: cross-document work over the store.

So far: near-duplicate articles (:func:`link_duplicates`), recorded as
:class:`~dossier.model.Duplicate` records in the store's ``duplicates`` table.
"""

from __future__ import annotations

from dossier.link.duplicates import (
    DEFAULT_THRESHOLD,
    LinkSummary,
    duplicate_groups,
    link_duplicates,
    list_duplicates,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "LinkSummary",
    "duplicate_groups",
    "link_duplicates",
    "list_duplicates",
]
