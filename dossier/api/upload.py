"""Articles posted to the API: an uploaded file or a JSON body, read into :class:`Ingested`.

An uploaded file is written to a fresh temporary folder under a name of the server's choosing
(only its extension comes from the client) and read with :func:`dossier.ingest.read_paths`,
so that uploads are read exactly like files given to ``dossier add``. The client's file name
is only a label in the results. No path named by a client is ever opened.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from dossier.errors import UnsupportedFormatError
from dossier.ingest import Ingested, make_document, read_paths
from dossier.ingest.result import succeeded, with_source

logger = logging.getLogger(__name__)

UPLOAD_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".xml", ".rss"}
    | {".atom"}
)
"""Extensions an uploaded file may have (the formats :func:`read_paths` reads)."""
_LABEL_MAX = 120


def upload_label(filename: str | None) -> str:
    """The client's file name as a label: its last part, printable, not too long.

    >>> upload_label("../../etc/passwd"), upload_label("C:\\\\news\\\\a.txt"), upload_label(None)
    ('passwd', 'a.txt', 'upload')
    >>> upload_label("a\\x00b.txt")
    'ab.txt'
    """
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()[:_LABEL_MAX]
    return name or "upload"


def upload_suffix(filename: str | None) -> str:
    """The extension of an uploaded file, if it is one dossier reads.

    >>> upload_suffix("report.HTML")
    '.html'
    >>> upload_suffix("data.csv")
    Traceback (most recent call last):
    ...
    dossier.errors.UnsupportedFormatError: cannot read 'data.csv': send .atom, .htm, \
.html, .jsonl, .markdown, .md, .ndjson, .rss, .text, .txt or .xml
    """
    label = upload_label(filename)
    suffix = PurePosixPath(label).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        allowed = sorted(UPLOAD_SUFFIXES)
        raise UnsupportedFormatError(
            f"cannot read {label!r}: send {', '.join(allowed[:-1])} or {allowed[-1]}"
        )
    return suffix


def read_upload(
    filename: str | None,
    data: bytes,
    *,
    outlet: str | None = None,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> list[Ingested]:
    """The articles of an uploaded file (one per article, or per failure).

    The file is written to a temporary folder, read, and deleted. ``outlet``, ``published``,
    ``title`` and ``url`` win over what the file says (as for ``dossier add``). Raises
    :class:`UnsupportedFormatError` for an extension dossier does not read and
    :class:`~dossier.errors.ConfigError` for an unparsable ``published``.
    """
    suffix = upload_suffix(filename)
    label = upload_label(filename)
    with tempfile.TemporaryDirectory(prefix="dossier-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        items = list(read_paths([path], published=published, outlet=outlet, title=title, url=url))
    return [_relabel(item, str(path), label) for item in items]


def read_text(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Ingested:
    """An article posted as text. Raises :class:`~dossier.errors.InputError` for empty text
    or an unparsable date."""
    document = make_document(text, title=title, outlet=outlet, published=published, url=url)
    return succeeded("text", document)


def _relabel(item: Ingested, path: str, label: str) -> Ingested:
    source = label + item.source[len(path) :] if item.source.startswith(path) else label
    error = with_source(item.error, source) if item.error is not None else None
    return Ingested(source=source, document=item.document, error=error)
