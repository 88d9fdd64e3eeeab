"""JSON Lines (``.jsonl``, ``.ndjson``): one article per line.

Each line is an object with ``text`` (required) and optionally ``title``, ``published`` (or
``date``), ``outlet`` (or ``source``), ``url`` and ``language``; other keys (``id`` ...) are
ignored. A broken line is reported on its own (source ``path#L<line>``) and the other lines
are still read; blank lines are skipped. Options given by the caller win over the fields.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from dossier.errors import InputError
from dossier.ingest.documents import Meta, document_from_meta, meta_fields
from dossier.ingest.result import Ingested, failed, succeeded
from dossier.model import Document

logger = logging.getLogger(__name__)


def iter_jsonl(text: str, *, source: str, overrides: Meta | None = None) -> Iterator[Ingested]:
    """One :class:`Ingested` per non-blank line of a JSON Lines text.

    >>> [r.document.title if r.document else r.error.message for r in iter_jsonl(
    ...     '{"text": "The Duma voted.", "title": "Vote"}\\n\\n[1]\\n', source="a.jsonl")]
    ['Vote', 'line is a JSON array, not an object']
    >>> [r.source for r in iter_jsonl('{"text": "A."}\\n\\n{"text": "B."}', source="a.jsonl")]
    ['a.jsonl#L1', 'a.jsonl#L3']
    """
    found = False
    # split("\n"), not splitlines(): JSON strings may hold raw U+2028 and other characters
    # that splitlines() treats as line ends.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        line_source = f"{source}#L{number}"
        try:
            document = parse_line(line, overrides=overrides)
        except InputError as exc:
            yield failed(line_source, exc)
        else:
            yield succeeded(line_source, document)
    if not found:
        yield failed(source, InputError("no articles in JSON Lines file"))


def parse_line(line: str, *, overrides: Meta | None = None) -> Document:
    """A Document from one JSON Lines line; raises InputError for a broken line.

    >>> parse_line('{"text": "Moscow/The Duma voted on it.", "source": "EFE"}').outlet
    'EFE'
    >>> parse_line('{"title": "No text"}')
    Traceback (most recent call last):
    ...
    dossier.errors.InputError: missing "text" field
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"line is a JSON {_json_type(record)}, not an object")
    if "text" not in record or record["text"] is None:
        raise InputError('missing "text" field')
    if not isinstance(record["text"], str):
        raise InputError(f'"text" must be a string, not a JSON {_json_type(record["text"])}')
    values: dict[str, str] = {}
    for field, key, value in meta_fields(record):
        if not isinstance(value, str):
            raise InputError(f'"{key}" must be a string or null, not a JSON {_json_type(value)}')
        values[field] = value
    meta = Meta(**values)
    if overrides is not None:
        meta = meta.overridden_by(overrides)
    return document_from_meta(record["text"], meta)


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type.

    >>> _json_type([]), _json_type(1.5), _json_type(True), _json_type(None)
    ('array', 'number', 'boolean', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
