"""The ingest stage: files and folders of news articles -> :class:`~dossier.model.Document`.

Entry point: :func:`read_paths`, which yields one :class:`Ingested` per article (or per
failure) and never raises for a bad article or file. :func:`make_document` builds a Document
from text already in hand; :func:`normalize_text` and :func:`find_dateline` are the rules it
applies; :func:`make_published` checks a publication-date option (ConfigError when bad).
"""

from __future__ import annotations

from dossier.ingest.dateline import Dateline, find_dateline
from dossier.ingest.documents import make_document, make_published, normalize_published
from dossier.ingest.normalize import normalize_text
from dossier.ingest.reader import read_paths
from dossier.ingest.result import Ingested

__all__ = [
    "Dateline",
    "Ingested",
    "find_dateline",
    "make_document",
    "make_published",
    "normalize_published",
    "normalize_text",
    "read_paths",
]
