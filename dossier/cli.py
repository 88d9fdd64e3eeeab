"""The ``dossier`` command: a thin shell over ingest, the pipeline and the store.

Every DossierError becomes one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from dossier import model
from dossier.alerts.cli import alert_app
from dossier.errors import ConfigError, NotFoundError
from dossier.evaluate.cli import evaluate_app
from dossier.ingest import make_published, read_paths
from dossier.model import Extraction
from dossier.shell import ModelOpt, clear_errors, clip, err, out, progress, stage_progress
from dossier.spark.cli import load_command, spark_app
from dossier.watch.cli import watch_command

if TYPE_CHECKING:
    from dossier.link.run import LinkAllSummary

app = typer.Typer(
    help="Turn news articles into a sourced, time-anchored, queryable record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(evaluate_app, name="evaluate", help="Score dossier against public gold sets.")
app.add_typer(spark_app, name="spark", help="Extraction and linking as Apache Spark jobs.")
app.add_typer(alert_app, name="alert", help="Alert rules and their feeds and webhooks.")
app.command("load")(load_command)
app.command("watch")(watch_command)

Paths = Annotated[
    list[Path], typer.Argument(help="Files or folders: .txt .md .html .jsonl .xml/.rss/.atom")
]
Published = Annotated[
    str | None, typer.Option(help="Publication date (YYYY-MM-DD) for articles that do not say")
]
Outlet = Annotated[str | None, typer.Option(help="Outlet for articles that do not say")]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the articles (es, fr, ru, uk, pt, de, en): else read from the page "
        "or detected (`dossier languages` lists what is installed)",
    ),
]
Processes = Annotated[int, typer.Option(min=1, help="Worker processes for the parse")]
BatchSize = Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch")]
KeepBoilerplate = Annotated[
    bool,
    typer.Option(
        "--keep-boilerplate",
        help="Keep share buttons, photo credits, 'Read more' links and the like in the text",
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or database URL (default: $DOSSIER_DB or ./dossier.db)"),
]


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _pipeline(model_name: str):
    from dossier.nlp import DEFAULT_MODEL, build_pipeline

    return build_pipeline(model_name or DEFAULT_MODEL)


@app.command()
@clear_errors
def extract(
    paths: Paths,
    published: Published = None,
    outlet: Outlet = None,
    lang: Lang = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article per line")
    ] = False,
    model_name: ModelOpt = "",
    processes: Processes = 1,
    batch_size: BatchSize = 32,
    keep_boilerplate: KeepBoilerplate = False,
) -> None:
    """Print the records of each article, without storing them."""
    from dossier import pipeline

    published = make_published(published)  # a bad option fails before the model loads
    nlp = _pipeline(model_name)
    items = read_paths(
        paths,
        published=published,
        outlet=outlet,
        language=lang,
        keep_boilerplate=keep_boilerplate,
    )
    failed = 0
    for outcome in pipeline.extract(nlp, items, batch_size=batch_size, n_process=processes):
        if outcome.notice is not None:
            _print_notice(outcome.source, outcome.notice)
        if outcome.error is not None:
            failed += 1
            err.print(
                f"[red]skipped[/] {escape(outcome.source)}: {escape(outcome.error.message)}",
                highlight=False,
                soft_wrap=True,
            )
        elif as_json:
            sys.stdout.write(outcome.extraction.model_dump_json() + "\n")
        else:
            _print_extraction(outcome.extraction, outcome.source)
    if failed:
        raise typer.Exit(1)


@app.command()
@clear_errors
def add(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders (.txt .md .html .jsonl .xml/.rss/.atom) or http(s) URLs"
        ),
    ],
    db: DbOpt = None,
    published: Published = None,
    outlet: Outlet = None,
    lang: Lang = None,
    model_name: ModelOpt = "",
    processes: Processes = 1,
    batch_size: BatchSize = 32,
    keep_boilerplate: KeepBoilerplate = False,
    link: Annotated[
        bool,
        typer.Option(
            help="Link what was added (copies, entities, stories, ledgers) as `dossier link` "
            "does; --no-link leaves that to a later `dossier link`"
        ),
    ] = True,
    refresh: Annotated[
        bool, typer.Option(help="Fetch stored URLs again; a changed page is a new version")
    ] = False,
    contact: Annotated[
        str | None,
        typer.Option(help="Contact for the User-Agent when fetching [default: $DOSSIER_CONTACT]"),
    ] = None,
) -> None:
    """Ingest (or fetch), extract, store and link articles; already stored ones are skipped."""
    from dossier import pipeline
    from dossier.fetch import FetchConfig, Fetcher
    from dossier.fetch.pages import add_urls, is_url
    from dossier.link import link_all
    from dossier.store import open_store

    urls = [p for p in paths if is_url(p)]
    files = [Path(p) for p in paths if not is_url(p)]
    items = list(
        read_paths(
            files,
            published=make_published(published),
            outlet=outlet,
            language=lang,
            keep_boilerplate=keep_boilerplate,
        )
    )
    with open_store(db) as store:
        nlp = _pipeline(model_name)
        with progress() as bar:
            task = bar.add_task("adding", total=len(items) + len(urls))
            added: list[Extraction] = []

            def on_outcome(outcome: pipeline.Outcome) -> None:
                bar.advance(task)
                if outcome.extraction is not None and outcome.error is None:
                    added.append(outcome.extraction)

            summary = pipeline.add(
                store, nlp, items, batch_size=batch_size, n_process=processes, on_outcome=on_outcome
            )
            if urls:
                with Fetcher(FetchConfig.from_env(contact=contact)) as fetcher:
                    fetched = add_urls(
                        store, nlp, urls, fetcher=fetcher, refresh=refresh, on_outcome=on_outcome
                    )
                for name in ("added", "present", "failed", "notices"):
                    getattr(summary, name).extend(getattr(fetched, name))
            linked = None
            if link and summary.added:
                linked = link_all(store, on_progress=stage_progress(bar))
        counts = store.counts()
        where = store.source
    if added:
        _print_added(added)
    out.print(
        f"[green]{len(summary.added)} added[/], {len(summary.present)} already present, "
        f"[{'red' if summary.failed else 'green'}]{len(summary.failed)} failed[/] "
        f"(store {escape(where)}: {counts.get('documents', 0)} articles, "
        f"{counts.get('entities', 0)} entities)",
        highlight=False,
        soft_wrap=True,
    )
    if linked is not None:
        out.print(_linked_line(linked), highlight=False, soft_wrap=True)
    for source, notice in summary.notices:
        _print_notice(source, notice)
    for source, reason in summary.failed:
        err.print(
            f"[red]failed[/] {escape(source)}: {escape(reason)}", highlight=False, soft_wrap=True
        )
    if summary.failed:
        raise typer.Exit(1)


def _print_notice(source: str, notice: str) -> None:
    err.print(
        f"[yellow]note[/] {escape(source)}: {escape(notice)}",
        highlight=False,
        soft_wrap=True,
    )


def _linked_line(summary: LinkAllSummary) -> str:
    """What linking found, in one line (after `dossier add`)."""
    dup = summary.duplicates
    return (
        f"linked in {summary.seconds:.1f} s: {dup.pairs} copies found, "
        f"{summary.counts['stories']} stories and {summary.counts['ledgers']} ledgers in the "
        "store (`dossier stories`, `dossier ledger`)"
    )


@app.command("list")
@clear_errors
def list_(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List stored articles, newest added first."""
    from dossier.store import open_store

    with open_store(db) as store:
        documents = store.list_documents(limit=limit, offset=offset)
    if as_json:
        for document in documents:
            sys.stdout.write(document.model_dump_json(exclude={"text"}) + "\n")
        return
    table = Table("id", "published", "outlet", "dateline", "title")
    for d in documents:
        title = clip(d.title or d.text, 60)
        table.add_row(
            *map(Text, (d.id, d.published or "", d.outlet or "", d.dateline or "", title))
        )
    out.print(table)


@app.command()
@clear_errors
def show(
    document_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or a unique prefix")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one stored article and its records."""
    from dossier.store import open_store

    with open_store(db) as store:
        extraction = store.get(store.find_document(document_id).id)
    if as_json:
        sys.stdout.write(extraction.model_dump_json() + "\n")
    else:
        _print_extraction(extraction, extraction.document.id)


@app.command()
@clear_errors
def link(
    db: DbOpt = None,
    threshold: Annotated[
        float,
        typer.Option(min=0.05, max=1.0, help="Word-shingle Jaccard similarity of duplicates"),
    ] = 0.5,
    rebuild: Annotated[bool, typer.Option(help="Relink every article, not just new ones")] = False,
    ledgers: Annotated[
        str,
        typer.Option(
            help="How figures are grouped into ledgers: lexical, or hybrid (lexical facts plus "
            "sentence embeddings; needs dossier[embed])"
        ),
    ] = "lexical",
    as_json: Annotated[bool, typer.Option("--json", help="Summary and records as JSON")] = False,
) -> None:
    """Link stored articles across sources: near-duplicates (syndicated copies), stories
    (one event reported by many) and figure ledgers (one figure claimed by many)."""
    from dossier.link import duplicate_groups, link_all, list_duplicates
    from dossier.store import open_store

    with open_store(db) as store, progress() as bar:
        summary = link_all(
            store,
            threshold=threshold,
            rebuild=rebuild,
            ledger_method=ledgers,
            on_progress=stage_progress(bar),
        )
        records = list_duplicates(store)
        docs = {d: store.find_document(d) for r in records for d in (r.document, r.original)}
    if as_json:
        payload = {**summary.as_dict(), "duplicates": [r.model_dump() for r in records]}
        sys.stdout.write(json.dumps(payload) + "\n")
        return
    groups = duplicate_groups(records)
    if groups:
        table = Table("original / copy", "published", "outlet", "similarity", "title", box=None)
        for original, copies in groups.items():
            for d, sim in [(original, ""), *((c.document, f"{c.similarity:.2f}") for c in copies)]:
                doc = docs[d]
                name = d[:12] if d == original else f"  └ {d[:12]}"
                row = (name, doc.published or "", doc.outlet or "", sim, clip(doc.title or "", 40))
                table.add_row(*map(Text, row))
        out.print(table)
    dup = summary.duplicates
    out.print(
        f"[green]{dup.linked} linked[/] in {summary.seconds:.1f} s "
        f"({dup.pairs} duplicate pairs among {dup.candidates} candidates); "
        f"store {escape(store.source)}: {dup.documents} articles, "
        f"{dup.duplicates} copies of {len(groups)} originals, "
        f"{summary.counts['stories']} stories, {summary.counts['ledgers']} ledgers",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
@clear_errors
def stories(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Most stories to list")] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per story per line")
    ] = False,
) -> None:
    """List stories (one event reported by several sources), the most reported first."""
    from dossier.link.stories import list_stories
    from dossier.link.story_view import stories_table
    from dossier.store import open_store

    with open_store(db) as store:
        found = list_stories(store, limit=limit)
    if as_json:
        for story in found:
            sys.stdout.write(story.model_dump_json() + "\n")
        return
    if not found:
        err.print("no stories yet: run `dossier link` after adding articles", highlight=False)
        return
    out.print(stories_table(found))


@app.command()
@clear_errors
def story(
    story_id: Annotated[
        str, typer.Argument(metavar="ID", help="A story id or its first characters")
    ],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The story as JSON")] = False,
) -> None:
    """Show one story: its reports on a timeline and the details on which they disagree."""
    from dossier.link.stories import get_story
    from dossier.link.story_view import story_table
    from dossier.store import open_store

    with open_store(db) as store:
        found = get_story(store, story_id)
    if found is None:
        raise NotFoundError(
            f"no story {story_id!r}, or several start with it: see `dossier stories`"
        )
    if as_json:
        sys.stdout.write(found.model_dump_json() + "\n")
        return
    out.print(story_table(found))


@app.command()
@clear_errors
def entity(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="A name, alias, country or code: Duma, RUS")
    ],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object")] = False,
) -> None:
    """Show one actor across stored articles: its names, events on a timeline, partners."""
    from dataclasses import asdict

    from dossier.errors import NotFoundError
    from dossier.link.entities import close_names, find_entity, link_entities
    from dossier.store import open_store

    with open_store(db) as store:
        link_entities(store)
        view = find_entity(store, name)
        if view is None:
            close = close_names(store, name)
            hint = f"; close matches: {', '.join(close)}" if close else ""
            raise NotFoundError(f"no entity named {name!r}{hint}", source=store.source)
    if as_json:
        sys.stdout.write(json.dumps(asdict(view)) + "\n")
        return
    out.rule(Text(view.name, style="bold"), style="blue")
    facts = [view.kind, view.code or "", " ".join(view.keys), f"{view.documents} articles"]
    out.print("  ".join(f for f in facts if f), style="dim", highlight=False, markup=False)
    aliases = "; ".join(f"{n} ({c})" for n, c in view.names[:12])
    out.print(Text(f"names: {aliases}"), highlight=False)
    table = Table("when", "as", "event", "actor1", "actor2", "outlet", "trigger", box=None)
    for e in view.events:
        when = (e.when or "?") + ("*" if e.when_from == "published" else "")
        actors = (e.actor1 or "", e.actor2 or "")
        row = (when, e.role[-1], e.plover, *actors, e.outlet or "", e.trigger)
        table.add_row(*(Text(clip(v, 30)) for v in row))
    out.print(table)
    if view.partners:
        partners = Table("interacts with", "key", "events", box=None)
        for key, partner, count in view.partners[:10]:
            partners.add_row(Text(partner), Text(key), str(count))
        out.print(partners)
    if view.others:
        also = ", ".join(f"{n} ({k})" for k, n, _ in view.others[:5])
        out.print(Text(f"also matched: {also}"), style="dim")
    out.print(f"{len(view.events)} events (* dated by publication)", style="dim", highlight=False)


@app.command()
@clear_errors
def ledger(
    text: Annotated[
        str | None,
        typer.Argument(help="A ledger id, or words to look for in what ledgers count and who says"),
    ] = None,
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Most ledgers to show")] = 5,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per ledger per line")
    ] = False,
) -> None:
    """Show figure ledgers: one row per source with its interval on a shared log scale,
    contested ledgers first."""
    from dossier.link.ledger_view import relations_text, render_ledger
    from dossier.link.ledgers import get_ledger, list_ledgers
    from dossier.store import open_store

    with open_store(db) as store:
        one = get_ledger(store, text) if text and text.startswith("ledge_") else None
        found = [one] if one else list_ledgers(store, text, limit=limit)
        everything = list_ledgers(store) if found and not as_json else []
    if as_json:
        for item in found:
            sys.stdout.write(item.model_dump_json() + "\n")
        return
    if not found:
        hint = f"no ledger matches {text!r}" if text else "no ledgers yet"
        err.print(f"{escape(hint)}: run `dossier link` after adding articles", highlight=False)
        return
    for item in found:
        out.print(render_ledger(item))
        for line in relations_text(item, everything):  # related classes, side by side
            out.print(Text(line), style="dim")


@app.command()
@clear_errors
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, csv, parquet, plover or gdelt")
    ] = "jsonl",
    db: DbOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File (jsonl, plover, gdelt: .parquet for Parquet, .csv for commas; default "
            "stdout) or folder (csv, parquet: one file per record type)",
        ),
    ] = None,
    records: Annotated[
        str | None,
        typer.Option(
            help="Record types, comma-separated (default all): document, entity, timex, figure, "
            "claim, event, story, ledger, duplicate; extraction (jsonl: one article per line)"
        ),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Articles published on or after (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Articles published on or before (YYYY-MM-DD)")
    ] = None,
    header: Annotated[
        bool | None,
        typer.Option(
            "--header/--no-header",
            help="Header row in plover/gdelt text (default: plover yes, gdelt no, as GDELT)",
        ),
    ] = None,
) -> None:
    """Export the store's records (jsonl, csv, parquet) or its events as PLOVER/POLECAT-style
    or GDELT-style event tables."""
    from dossier.export import check_format, date_window
    from dossier.export import export as run_export
    from dossier.store import open_store

    check_format(fmt)
    window = date_window(date_from, date_to)
    with open_store(db) as store:
        summary = run_export(store, fmt, output, records=records, window=window, header=header)
    if output is not None:
        counts = ", ".join(f"{n} {name}" for name, n in summary.rows.items())
        err.print(
            f"[green]exported[/] {escape(counts or 'nothing')} to {escape(str(output))}",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
@clear_errors
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="DOSSIER_TOKEN",
            help="Token that writes (uploads) need; without it one is made and printed",
        ),
    ] = None,
    no_token: Annotated[
        bool,
        typer.Option(
            "--no-token",
            help="Let writes in without a token (loopback only; pages elsewhere still cannot)",
        ),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another Host name to answer to (repeatable); loopback names always are",
        ),
    ] = None,
    allow_private_fetch: Annotated[
        bool,
        typer.Option(
            "--allow-private-fetch",
            envvar="DOSSIER_ALLOW_PRIVATE_FETCH",
            help="Let POST /api/urls fetch loopback and private addresses (closed networks)",
        ),
    ] = False,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web pages over the store."""
    from dossier.api.app import check_bind, create_app
    from dossier.api.security import token_url

    if no_token and token:
        raise ConfigError("give either --token (or $DOSSIER_TOKEN) or --no-token, not both")
    if no_token:
        check_bind(host, None)
    import uvicorn

    app = create_app(
        db,
        token=token,
        no_token=no_token,
        host=host,
        allow_hosts=allow_host or (),
        allow_private_fetch=allow_private_fetch,
    )
    if no_token:
        err.print(
            "[yellow]warning:[/] --no-token: any program on this machine can add articles "
            "(web pages cannot: writes must come from this server's own pages)",
            highlight=False,
            soft_wrap=True,
        )
    if allow_private_fetch:
        err.print(
            "[yellow]warning:[/] --allow-private-fetch: POST /api/urls may fetch loopback "
            "and private addresses",
            highlight=False,
            soft_wrap=True,
        )
    shown = token_url(host, port, app.state.token if app.state.token_generated else None)
    err.print(f"open {escape(shown)}", highlight=False, soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


@app.command()
@clear_errors
def languages(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per language")] = False,
) -> None:
    """The languages dossier codes: installed or not, what each extracts, how to install it."""
    from rich.table import Table

    from dossier.lang.registry import language_rows

    rows = language_rows()
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row) + "\n")
        return
    table = Table("code", "language", "installed", "extracts", "from", "install / note")
    for row in rows:
        installed = "yes" if row["installed"] else f"no (missing {', '.join(row['missing'])})"
        note = row["install"] if not row["installed"] else row["note"] or ""
        table.add_row(
            str(row["code"]),
            str(row["name"]),
            installed,
            ", ".join(row["supports"]),
            str(row["base"]),
            str(note),
        )
    out.print(table)


@app.command()
@clear_errors
def schema(
    record: Annotated[
        str, typer.Argument(help=f"One of: {', '.join(model.RECORD_TYPES)}")
    ] = "extraction",
) -> None:
    """Print the JSON Schema of a record type (default: the extract output, one article)."""
    if record not in model.RECORD_TYPES:
        raise ConfigError(
            f"unknown record type {record!r}; choose from {', '.join(model.RECORD_TYPES)}"
        )
    sys.stdout.write(json.dumps(model.RECORD_TYPES[record].model_json_schema(), indent=2) + "\n")


def _print_added(extractions: list[Extraction], rows: int = 20) -> None:
    """One line per stored article: what it is and what was found in it."""
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=8)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("ents", justify="right", min_width=4)
    table.add_column("tmx", justify="right", min_width=3)
    table.add_column("actors", no_wrap=True, overflow="ellipsis", max_width=18)
    for extraction in extractions[:rows]:
        d = extraction.document
        codes = sorted({e.code for e in extraction.entities if e.code and e.kind != "place"})
        table.add_row(
            d.id[:8],
            d.published or "",
            Text(" ".join((d.title or d.text).split())),
            str(len(extraction.entities)),
            str(len(extraction.timexes)),
            Text(" ".join(codes)),
        )
    out.print(table)
    if len(extractions) > rows:
        out.print(f"... and {len(extractions) - rows} more", style="dim")


def _print_extraction(extraction: Extraction, source: str) -> None:
    d = extraction.document
    out.rule(Text(clip(d.title or source, 70), style="bold"), style="blue")
    meta = [f"id {d.id}", f"published {d.published or '?'}"]
    if d.published_inferred:
        meta.append(f"(inferred from the {d.published_inferred})")
    if d.outlet:
        meta.append(f"outlet {d.outlet}")
    if d.dateline:
        meta.append(f"dateline {d.dateline}")
    out.print("  ".join(meta), style="dim", highlight=False, markup=False)
    table = Table("entity", "kind", "code", "where", "mentions", box=None, pad_edge=False)
    for e in extraction.entities:
        where = f"{e.geo.lat:.2f}, {e.geo.lon:.2f}" if e.geo and e.geo.lat is not None else ""
        aliases = sorted({m.text for m in e.mentions} - {e.name})
        mentions = f"{len(e.mentions)}" + (f" ({clip('; '.join(aliases), 50)})" if aliases else "")
        table.add_row(*map(Text, (e.name, e.kind, e.code or "", where, mentions)))
    out.print(table)
    counts = {
        "timexes": extraction.timexes,
        "figures": extraction.figures,
        "claims": extraction.claims,
        "events": extraction.events,
    }
    out.print("  ".join(f"{len(v)} {k}" for k, v in counts.items()), style="dim", highlight=False)
