"""Plain-text articles (``.txt``, ``.md``, other text), with optional YAML front matter.

A front-matter block is a YAML mapping between two ``---`` lines at the very top::

    ---
    title: Russia ratifies military pact with Cuba
    published: 2025-10-07
    outlet: EFE
    url: https://example.org/russia-cuba
    language: en
    ---
    Moscow/The Russian Duma ratified ...

``date`` is read as ``published`` and ``source`` as ``outlet`` when those are absent. Options
given by the caller win over the front matter: they are explicit, the file is not.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import yaml

from dossier.errors import InputError
from dossier.ingest.documents import Meta, document_from_meta, meta_fields
from dossier.model import Document

logger = logging.getLogger(__name__)

# The closing line may also be "..." (YAML's end-of-document marker, used by Pandoc).
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
    re.DOTALL | re.MULTILINE,
)


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split a leading YAML front-matter block from the text: ``(mapping, rest)``.

    Text without front matter gives ``({}, text)``. A block that is not a YAML mapping (two
    Markdown rules around a paragraph, say) is not front matter and stays in the text.

    >>> split_front_matter("---\\ntitle: Pact\\ndate: 2025-10-07\\n---\\nBody.\\n")
    ({'title': 'Pact', 'date': datetime.date(2025, 10, 7)}, 'Body.\\n')
    >>> split_front_matter("No front matter.")
    ({}, 'No front matter.')
    >>> split_front_matter("---\\npublished: 2025-96-07\\n---\\nBody.")  # found by fuzzing
    Traceback (most recent call last):
    ...
    dossier.errors.InputError: invalid YAML front matter: month must be in 1..12
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        data = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML front matter: {_yaml_problem(exc)}") from None
    except (ValueError, OverflowError) as exc:  # a date YAML reads but cannot build
        raise InputError(f"invalid YAML front matter: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        logger.debug("leading '---' block is not a mapping; keeping it as text")
        return {}, text
    return data, text[match.end() :]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    # +2: the mark counts from 0 and from the line after the opening "---".
    return f"{problem} (line {mark.line + 2})" if mark is not None else problem


def meta_from_front_matter(data: dict[str, object]) -> Meta:
    """The article metadata held in a front-matter mapping; other keys are ignored.

    >>> meta_from_front_matter({"title": "Pact", "source": "EFE", "tags": ["x"]})
    Meta(url=None, outlet='EFE', title='Pact', published=None, language=None)
    """
    values: dict[str, str | date | None] = {}
    for field, key, value in meta_fields(data):
        if field == "published" and isinstance(value, date):
            values[field] = value  # YAML reads an unquoted 2025-10-07 as a date
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            values[field] = str(value)  # an unquoted numeric title ("1984") is still a title
        else:
            raise InputError(
                f"front matter field {key!r} must be a single value, not {type(value).__name__}"
            )
    return Meta(**values)


def parse_text(text: str, *, overrides: Meta | None = None) -> Document:
    """A Document from a plain-text article, with its front matter; ``overrides`` win.

    >>> doc = parse_text("---\\ntitle: Pact\\noutlet: EFE\\n---\\nMoscow/The Duma voted.",
    ...                  overrides=Meta(outlet="Reuters"))
    >>> doc.title, doc.outlet, doc.dateline, doc.text
    ('Pact', 'Reuters', 'Moscow', 'Moscow/The Duma voted.')
    """
    data, body = split_front_matter(text)
    meta = meta_from_front_matter(data)
    if overrides is not None:
        meta = meta.overridden_by(overrides)
    return document_from_meta(body, meta)
