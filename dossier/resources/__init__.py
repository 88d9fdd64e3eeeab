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


def read_lines(name: str) -> list[str]:
    """The lines of a one-item-per-line data file shipped in this package, stripped; blank
    lines and ``#`` comments left out."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def split_field(value: str | None) -> list[str]:
    """The items of a pipe-separated field.

    >>> split_field("Cuban|Cubans")
    ['Cuban', 'Cubans']
    >>> split_field("")
    []
    """
    return [item.strip() for item in (value or "").split("|") if item.strip()]
