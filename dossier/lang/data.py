"""Per-language data files: ``dossier/resources/lang/<code>/<name>``, read from the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from dossier.resources import read_tsv


def _path(lang: str, name: str) -> str:
    return f"lang/{lang}/{name}"


def has_lang_file(lang: str, name: str) -> bool:
    """Whether ``name`` exists for ``lang``."""
    return resources.files("dossier.resources").joinpath(_path(lang, name)).is_file()


def lang_tsv(lang: str, name: str) -> list[dict[str, str]]:
    """Rows of ``lang``'s TSV file ``name`` (empty when the language has none)."""
    return read_tsv(_path(lang, name)) if has_lang_file(lang, name) else []


@cache
def lang_json(lang: str, name: str) -> Any:
    """``lang``'s JSON file ``name``, parsed once (None when the language has none)."""
    if not has_lang_file(lang, name):
        return None
    text = resources.files("dossier.resources").joinpath(_path(lang, name)).read_text("utf-8")
    return json.loads(text)
