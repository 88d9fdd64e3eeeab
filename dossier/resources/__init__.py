"""Data files (lexicons, gazetteers), read from the installed package, not from a fixed path."""

from __future__ import annotations

import csv
from importlib import resources


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file shipped in this package, keyed by its header.

    Lines starting with ``#`` are comments. Fields are never quoted.
    """
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_field(value: str | None) -> list[str]:
    """The items of a pipe-separated field.

    >>> split_field("Cuban|Cubans")
    ['Cuban', 'Cubans']
    >>> split_field("")
    []
    """
    return [item.strip() for item in (value or "").split("|") if item.strip()]
