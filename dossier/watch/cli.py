"""``dossier watch SOURCES.yaml``: poll feeds, sitemaps and listing pages; add what is new.

Registered on the main app in :mod:`dossier.cli` as ``app.command("watch")(watch_command)``.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dossier.errors import ConfigError
from dossier.shell import ModelOpt, clear_errors, clip, err, out

if TYPE_CHECKING:
    from dossier.watch.run import RoundSummary

logger = logging.getLogger(__name__)

SourcesArg = Annotated[
    Path | None,
    typer.Argument(help="SOURCES.yaml: the feeds, sitemaps and listing pages to poll"),
]
WatchDb = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or database URL (default: $DOSSIER_DB or ./dossier.db)"),
]
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_log(path: Path) -> logging.Handler:
    """Send dossier's INFO and above to ``path`` (appended); stderr then gets only summaries
    unless ``-v`` asked for the log there too."""
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot open log file: {exc}", source=str(path)) from None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    package = logging.getLogger("dossier")
    package.addHandler(handler)
    package.setLevel(logging.INFO)
    if logging.getLogger().level > logging.INFO:
        package.propagate = False
    return handler


def status_table(rows: list[dict[str, Any]]) -> Table:
    """The ``--status`` table: one line per stored source."""
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("source", "kind", "last poll (UTC)", "next poll (UTC)", "status", "items"):
        table.add_column(column)
    for column in ("pending", "added", "present", "failed"):
        table.add_column(column, justify="right")
    table.add_column("error")
    for r in rows:
        status = "error" if r["last_error"] else (str(r["last_status"] or "") or "never")
        table.add_row(
            escape(r["name"]),
            r["kind"],
            _when(r["last_polled"]) or "never",
            _when(r["next_poll"]) or "now",
            status,
            str(r["items"]),
            *(str(r[s]) for s in ("pending", "added", "present", "failed")),
            escape(clip(r["last_error"], 80)) if r["last_error"] else "",
        )
    return table


def _when(stamp: str | None) -> str | None:
    """A stored time for a table: ``2025-10-07 12:00:00``."""
    return stamp[:19].replace("T", " ") if stamp else None


def _console() -> Console:
    """stdout: the terminal's width, or wide enough for the tables when piped."""
    return out if out.is_terminal else Console(width=max(out.width, 200))


def round_table(summary: RoundSummary) -> Table:
    """What one ``--once`` round did, per source."""
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("source")
    table.add_column("poll")
    for column in ("listed", "new", "added", "present", "failed"):
        table.add_column(column, justify="right")
    table.add_column("error")
    for s in summary.sources:
        poll = "-"
        if s.polled:
            poll = "not modified" if s.not_modified else str(s.http_status or "error")
        table.add_row(
            escape(s.name),
            poll,
            *(str(v) for v in (s.found, s.new, s.added, s.present, s.failed)),
            escape(clip(s.error, 80)) if s.error else "",
        )
    return table


def _show_status(db: str | None) -> None:
    from dossier.store import open_store
    from dossier.watch.state import status_rows

    with open_store(db) as store:
        rows = status_rows(store)
    if not rows:
        err.print("no sources watched yet: run `dossier watch SOURCES.yaml --once`")
        return
    _console().print(status_table(rows))


@clear_errors
def watch_command(
    sources_file: SourcesArg = None,
    db: WatchDb = None,
    once: Annotated[
        bool, typer.Option("--once", help="One round (poll what is due, add, link), then exit")
    ] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Show each source's polls and items, then exit")
    ] = False,
    log: Annotated[
        Path | None, typer.Option("--log", help="Append progress and errors to this file")
    ] = None,
    model_name: ModelOpt = "",
) -> None:
    """Poll RSS/Atom feeds, sitemaps and listing pages; fetch, add and link the new articles.

    Runs until interrupted (Ctrl-C or SIGTERM), or one round with --once (for cron). State is
    kept in the store, so a restart goes on where it stopped. Exit status with --once: 1 when
    an article or a source failed. $DOSSIER_CONTACT is the contact sent in the User-Agent when
    the file's defaults give none; $DOSSIER_ALLOW_PRIVATE_FETCH=1 lets it fetch private and
    loopback addresses (closed networks only).
    """
    if status:
        _show_status(db)
        return
    if sources_file is None:
        raise ConfigError("give the SOURCES.yaml file to watch (or --status)")
    from dossier.alerts.rules import load_alerts
    from dossier.watch.sources import load_sources

    config = load_sources(sources_file)  # a bad file fails before the model loads
    alert_rules = load_alerts(sources_file)
    if log is not None:
        setup_log(log)
    from dossier.fetch import FetchConfig, Fetcher
    from dossier.nlp import DEFAULT_MODEL, build_pipeline
    from dossier.store import open_store
    from dossier.watch.run import run_forever, run_once

    nlp = build_pipeline(model_name or DEFAULT_MODEL)
    from dossier.alerts.deliver import check_alerts
    from dossier.alerts.rules import sync_rules

    with open_store(db) as store, Fetcher(FetchConfig.from_env(contact=config.contact)) as fetcher:
        sync_rules(store, alert_rules)

        def alert(summary: RoundSummary) -> None:
            """The alerts of what the round added: delivered, and a line each on stdout."""
            if summary.added:
                check_alerts(store, out=sys.stdout)

        if once:
            summary = run_once(store, nlp, config.sources, fetcher)
            alert(summary)
            if summary.sources:
                _console().print(round_table(summary))
            err.print(summary.line(), highlight=False)
            if summary.failed or summary.errors or summary.link_error:
                raise typer.Exit(1)
            return
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _SIGNALS}
        err.print(f"watching {len(config.sources)} source(s); Ctrl-C stops", highlight=False)
        try:
            run_forever(
                store,
                nlp,
                config.sources,
                fetcher,
                stop=stop,
                on_round=lambda summary: (_print_round(summary), alert(summary)),
            )
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        err.print("stopped", highlight=False)


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _print_round(summary: RoundSummary) -> None:
    """A line on stderr for a round that added, failed or met an error."""
    if summary.added or summary.present or summary.failed or summary.errors:
        err.print(f"{summary.started} {summary.line()}", highlight=False)
