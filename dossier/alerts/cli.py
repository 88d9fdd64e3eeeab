"""``dossier alert``: add, list, remove and check alert rules (see :mod:`dossier.alerts`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from dossier.shell import clear_errors, err, out

alert_app = typer.Typer(
    help="Alert rules: a ledger's new entry, a contested ledger, a figure that moves, a new "
    "story, a claim by someone; delivered as an Atom feed, a webhook and a line here.",
    no_args_is_help=True,
    add_completion=False,
)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or database URL (default: $DOSSIER_DB or ./dossier.db)"),
]
SourcesOpt = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="SOURCES.yaml whose 'alerts:' list is synced into the store first",
    ),
]


@alert_app.command("add")
@clear_errors
def add(
    name: Annotated[str, typer.Argument(help="The rule's name (letters, digits, _ . -)")],
    when: Annotated[
        str,
        typer.Option(
            "--when",
            help="The condition and its parameters: 'ledger-entry [text=T measure_class=C "
            "country=XXX]', 'ledger-contested [...]', 'figure-moves [factor=1.5 ...]', "
            "'story-matches [entity=N place=P plover=T country=XXX]', 'claim-by source=S'",
        ),
    ],
    webhook: Annotated[str | None, typer.Option(help="URL to POST each alert to")] = None,
    secret: Annotated[
        str | None, typer.Option(help="Secret that signs webhook bodies (HMAC-SHA256)")
    ] = None,
    backfill: Annotated[
        bool,
        typer.Option(help="Fire for what the store already holds too (else only what comes)"),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Add an alert rule. It fires for changes after now, unless --backfill."""
    from dossier.alerts.rules import add_rule, parse_when
    from dossier.store import open_store

    rule = parse_when(when, name=name, webhook=webhook, secret=secret)
    with open_store(db) as store:
        seen = add_rule(store, rule, backfill=backfill)
    note = "fires for what is stored already" if backfill else f"{seen} present changes set aside"
    out.print(
        f"added alert [bold]{escape(rule.name)}[/]: {escape(rule.condition())} ({note}); "
        f"feed /alerts/{escape(rule.name)}.atom",
        highlight=False,
        soft_wrap=True,
    )


@alert_app.command("list")
@clear_errors
def list_(
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per rule")] = False,
) -> None:
    """The alert rules, with how many alerts each fired."""
    from dossier.alerts.changes import list_alerts
    from dossier.alerts.rules import list_rules
    from dossier.store import open_store

    with open_store(db) as store:
        rules = list_rules(store)
        fired = {r.name: len(list_alerts(store, r.name, limit=None)) for r in rules}
    if as_json:
        for rule in rules:
            item = {
                "name": rule.name,
                "when": rule.when,
                "params": rule.params,
                "webhook": rule.webhook,
                "origin": rule.origin,
                "created_at": rule.created_at,
                "alerts": fired[rule.name],
            }
            sys.stdout.write(json.dumps(item) + "\n")
        return
    if not rules:
        out.print("no alert rules (add one with 'dossier alert add NAME --when ...')")
        return
    table = Table("name", "when", "webhook", "from", "alerts", box=None)
    for rule in rules:
        row = (rule.name, rule.condition(), rule.webhook or "", rule.origin, str(fired[rule.name]))
        table.add_row(*map(Text, row))
    out.print(table)


@alert_app.command("remove")
@clear_errors
def remove(
    name: Annotated[str, typer.Argument(help="The rule's name")],
    db: DbOpt = None,
) -> None:
    """Remove an alert rule and the alerts it fired."""
    from dossier.alerts.rules import remove_rule
    from dossier.store import open_store

    with open_store(db) as store:
        gone = remove_rule(store, name)
    out.print(f"removed alert {escape(name)} ({gone} alerts)", highlight=False)


@alert_app.command("check")
@clear_errors
def check(
    db: DbOpt = None,
    sources: SourcesOpt = None,
    deliver: Annotated[
        bool, typer.Option(help="Post new and earlier failed alerts to their webhooks")
    ] = True,
) -> None:
    """Fire every rule over the store now (link first); print and post the new alerts.

    One line per new alert here; every rule's feed; each rule's webhook, also for alerts it
    failed to take before."""
    from dossier.alerts.deliver import check_alerts, pending
    from dossier.alerts.rules import list_rules, load_alerts, sync_rules
    from dossier.store import open_store

    with open_store(db) as store:
        if sources is not None:
            sync_rules(store, load_alerts(sources))
        check_alerts(store, deliver=deliver, out=sys.stdout)
        waiting = {r.name: len(pending(store, r.name)) for r in list_rules(store) if r.webhook}
    for name, count in waiting.items():
        if count:
            err.print(
                f"alert {escape(name)}: {count} alerts wait for the webhook (retried next check)",
                highlight=False,
            )
