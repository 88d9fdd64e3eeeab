"""Exports: the store's records as files for other tools (``dossier export``).

* ``jsonl``: one JSON object per record (:mod:`dossier.export.records`), or one article per
  line for ``--records extraction``;
* ``csv`` and ``parquet``: one file per record type in a folder;
* ``plover`` and ``gdelt``: event tables in the style of POLECAT and GDELT 2.0
  (:mod:`dossier.export.events`).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from dossier.errors import ConfigError
from dossier.export.events import EVENT_FORMATS, export_events
from dossier.export.records import (
    TABLE_RECORDS,
    DateWindow,
    export_tables,
    jsonl_lines,
    parse_records,
)
from dossier.ingest import make_published
from dossier.store import Store

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", *EVENT_FORMATS)


@dataclass
class ExportSummary:
    """What an export wrote: rows per record type (or per event table)."""

    format: str
    output: str
    rows: dict[str, int] = field(default_factory=dict)


def check_format(fmt: str) -> str:
    """``fmt`` if it is an export format, else a :class:`ConfigError` naming the choices.

    >>> check_format("gdelt")
    'gdelt'
    >>> check_format("xml")
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: unknown export format 'xml'; choose from jsonl, csv, parquet, \
plover, gdelt
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    return fmt


def date_window(start: str | None, end: str | None) -> DateWindow:
    """The window of ``--from``/``--to`` (ISO dates), checked.

    >>> date_window("2026-03-01", None)
    DateWindow(start='2026-03-01', end=None)
    >>> date_window("2026-03-02", "2026-03-01")
    Traceback (most recent call last):
    ...
    dossier.errors.ConfigError: --from 2026-03-02 is after --to 2026-03-01
    """
    window = DateWindow(_day("--from", start), _day("--to", end))
    if window.start and window.end and window.start > window.end:
        raise ConfigError(f"--from {window.start} is after --to {window.end}")
    return window


def _day(option: str, value: str | None) -> str | None:
    try:
        return make_published(value)
    except ConfigError as exc:
        raise ConfigError(f"{option}: {exc.message}") from None


def export(
    store: Store,
    fmt: str,
    output: Path | None = None,
    *,
    records: str | None = None,
    window: DateWindow = DateWindow(),
    header: bool | None = None,
    stdout: TextIO | None = None,
) -> ExportSummary:
    """Export ``store`` in ``fmt`` to ``output`` (a file, a folder for csv/parquet, or stdout).

    ``records`` is a comma-separated list of record types (default: all) for jsonl/csv/parquet.
    Raises :class:`ConfigError` for a bad format, record type or missing output folder.
    """
    check_format(fmt)
    where = str(output) if output else "stdout"
    summary = ExportSummary(fmt, where)
    if fmt in EVENT_FORMATS:
        if records is not None:
            raise ConfigError(f"--records does not apply to {fmt}: it exports events")
        summary.rows["event"] = export_events(
            store, fmt, output, window=window, header=header, stdout=stdout
        )
        return summary
    if fmt == "jsonl":
        names = parse_records(records, allowed=[*TABLE_RECORDS, "extraction"])
        if records is None:
            names = list(TABLE_RECORDS)
        if output is None:
            summary.rows = _write_jsonl(store, names, window, stdout or sys.stdout)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("w", encoding="utf-8") as handle:
                summary.rows = _write_jsonl(store, names, window, handle)
        return summary
    names = parse_records(records, allowed=TABLE_RECORDS)
    if output is None:
        raise ConfigError(f"{fmt} writes one file per record type: give --output DIR")
    if output.exists() and not output.is_dir():
        raise ConfigError(f"{fmt} writes one file per record type: {output} is not a folder")
    summary.rows = export_tables(store, names, output, fmt, window)  # type: ignore[arg-type]
    return summary


def _write_jsonl(
    store: Store, names: list[str], window: DateWindow, handle: TextIO
) -> dict[str, int]:
    rows: dict[str, int] = {}
    for name in names:
        count = 0
        for line in jsonl_lines(store, [name], window, bare=names == ["extraction"]):
            handle.write(line + "\n")
            count += 1
        rows[name] = count
    return rows


__all__ = ["FORMATS", "DateWindow", "ExportSummary", "check_format", "date_window", "export"]
