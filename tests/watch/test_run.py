"""The poll loop against a local HTTP server: feeds, sitemaps and listing pages polled with
conditional GET, new articles added once, state resumed after a crash, one failing source never
stopping the others; ``dossier watch --once`` / ``--status`` and the ``/watch`` page."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from rich.console import Console
from spacy.language import Language
from sqlalchemy import select
from typer.testing import CliRunner
from werkzeug import Request, Response

from dossier import cli
from dossier.fetch import FetchConfig, Fetcher
from dossier.store import Store
from dossier.store.follow import watch_items
from dossier.store.schema import documents
from dossier.watch import run as watch_run
from dossier.watch.run import RoundSummary, run_forever, run_once
from dossier.watch.sources import Source, parse_sources
from dossier.watch.state import status_rows

NOW = datetime(2025, 10, 7, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=20)
EVERY = 15 * 60

TOPICS = [
    ("Kharkiv", "power station", "drones", 14),
    ("Odesa", "grain terminal", "missiles", 3),
    ("Lviv", "rail depot", "rockets", 7),
    ("Dnipro", "water plant", "drones", 22),
    ("Sumy", "bridge", "shells", 5),
    ("Kherson", "hospital", "missiles", 9),
]


def article_html(n: int, version: int = 1) -> str:
    """A news page, different for each ``n`` (and each ``version``)."""
    city, target, weapon, count = TOPICS[n % len(TOPICS)]
    count += 100 * (version - 1)
    return f"""<!doctype html><html lang="en"><head><title>Attack on {city} {target}</title>
<meta property="og:site_name" content="Test Wire"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Attack on {city} {target} ({n})</h1>
<p>{city.upper()} (Test Wire) - Russian forces struck the {target} in {city} with {count}
{weapon} overnight, regional officials said on Tuesday, October 7, 2025, in report {n}.</p>
<p>The governor of the region said that emergency crews had worked through the night and that
the {target} would stay closed for several days while engineers checked the damage.</p>
<p>Ukraine's foreign ministry condemned the attack on the {target} and called on its partners to
send more air defence systems to protect {city} and other cities near the front line.</p>
</article></body></html>"""


def rss(paths: list[str], base: str) -> str:
    items = "".join(
        f"<item><title>Story {p}</title><link>{base}{p}</link>"
        f"<description>Summary of {p}</description></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    )


def atom(paths: list[str], base: str) -> str:
    entries = "".join(
        f'<entry><title>Story {p}</title><id>urn:{p}</id><link href="{base}{p}"/>'
        "<updated>2025-10-07T09:00:00Z</updated></entry>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Test Wire</title>'
        f"<id>urn:feed</id><updated>2025-10-07T09:00:00Z</updated>{entries}</feed>"
    )


def urlset(entries: list[tuple[str, str | None]], base: str, *, news: bool = False) -> str:
    urls = []
    for path, lastmod in entries:
        extra = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        if news:
            extra += (
                "<news:news><news:publication><news:name>Wire</news:name>"
                "<news:language>en</news:language></news:publication>"
                "<news:publication_date>2025-10-07T10:00:00Z</news:publication_date>"
                f"<news:title>Story {path}</news:title></news:news>"
            )
        urls.append(f"<url><loc>{base}{path}</loc>{extra}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(urls) + "</urlset>"
    )


def serve_articles(server: HTTPServer, numbers: list[int], prefix: str = "/a/") -> list[str]:
    """Article pages at ``prefix<n>``; their paths."""
    paths = []
    for n in numbers:
        path = f"{prefix}{n}"
        server.expect_request(path).respond_with_data(
            article_html(n), content_type="text/html; charset=utf-8"
        )
        paths.append(path)
    return paths


def hits(server: HTTPServer) -> Counter[str]:
    """Requests the server saw, by path."""
    return Counter(request.path for request, _ in server.log)


def items_by_state(store: Store, source: str) -> dict[str, str]:
    """url -> state of a source's watch items."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(watch_items.c.url, watch_items.c.state).where(watch_items.c.source == source)
        ).all()
    return {url: state for url, state in rows}


def stored_urls(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return sorted(u for (u,) in conn.execute(select(documents.c.url)))


def source(name: str, kind: str, url: str, **extra: object) -> Source:
    entry = {"name": name, kind: url, "every": EVERY, **extra}
    return parse_sources({"sources": [entry]}).sources[0]


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    """The test server, with a robots.txt that allows everything (404)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchConfig(allow_private=True, min_delay=0, retries=0)) as the_fetcher:
        yield the_fetcher


# -- feeds, sitemaps, listing pages ------------------------------------------------------------


@pytest.mark.parametrize("make_feed", [rss, atom], ids=["rss", "atom"])
def test_feed_items_are_added_and_linked(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher, make_feed: Callable
) -> None:
    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0, 1, 2])
    server.expect_request("/feed").respond_with_data(make_feed(paths, base))
    summary = run_once(store, nlp, [source("wire", "feed", f"{base}/feed")], fetcher, now=NOW)
    assert (summary.added, summary.present, summary.failed, summary.errors) == (3, 0, 0, 0)
    assert summary.linked
    assert stored_urls(store) == sorted(f"{base}{p}" for p in paths)
    assert set(items_by_state(store, "wire").values()) == {"added"}
    (row,) = status_rows(store)
    assert (row["polls"], row["items"], row["added"], row["last_status"]) == (1, 3, 3, 200)
    assert row["next_poll"] == (NOW + timedelta(seconds=EVERY)).isoformat()


def test_news_sitemap_and_index(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher
) -> None:
    base = server.url_for("")[:-1]
    news = serve_articles(server, [0], prefix="/n/")
    plain = serve_articles(server, [1, 2], prefix="/p/")
    server.expect_request("/s1.xml").respond_with_data(urlset([(news[0], None)], base, news=True))
    server.expect_request("/s2.xml").respond_with_data(urlset([(p, None) for p in plain], base))
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>/s1.xml</loc><lastmod>2025-10-07T06:00:00Z</lastmod></sitemap>"
        "<sitemap><loc>/s2.xml</loc></sitemap></sitemapindex>"
    )
    server.expect_request("/index.xml").respond_with_data(index)
    src = source("site", "sitemap", f"{base}/index.xml")
    first = run_once(store, nlp, [src], fetcher, now=NOW)
    assert first.added == 3
    # The next poll skips the child sitemap whose lastmod is older than the last poll.
    second = run_once(store, nlp, [src], fetcher, now=LATER)
    assert (second.added, second.polled) == (0, 1)
    seen = hits(server)
    assert (seen["/index.xml"], seen["/s1.xml"], seen["/s2.xml"]) == (2, 1, 2)
    assert all(seen[p] == 1 for p in news + plain)


def test_listing_page_that_changes_between_polls(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher
) -> None:
    base = server.url_for("")[:-1]
    serve_articles(server, [0, 1, 2], prefix="/world/2025/10/07/story-")
    links = ["/world/2025/10/07/story-0", "/world/2025/10/07/story-1"]

    def listing(request: Request) -> Response:
        anchors = "".join(f'<a href="{p}">{p}</a>' for p in links)
        return Response(
            f'<html><body><a href="/world/">World</a><a href="/about">About</a>{anchors}'
            '<a href="https://elsewhere.example/world/2025/10/07/x">x</a></body></html>',
            content_type="text/html",
        )

    server.expect_request("/world/").respond_with_handler(listing)
    src = source("front", "listing", f"{base}/world/")
    assert run_once(store, nlp, [src], fetcher, now=NOW).added == 2
    links.insert(0, "/world/2025/10/07/story-2")
    second = run_once(store, nlp, [src], fetcher, now=LATER)
    assert (second.added, second.sources[0].found, second.sources[0].new) == (1, 3, 1)
    seen = hits(server)
    assert seen["/world/"] == 2
    assert [seen[f"/world/2025/10/07/story-{n}"] for n in range(3)] == [1, 1, 1]
    assert "/about" not in seen and len(stored_urls(store)) == 3


def test_updated_article_is_fetched_again_as_a_new_version(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher
) -> None:
    base = server.url_for("")[:-1]
    state = {"version": 1, "lastmod": "2025-10-07T08:00:00Z"}
    server.expect_request("/p/0").respond_with_handler(
        lambda r: Response(article_html(0, state["version"]), content_type="text/html")
    )
    server.expect_request("/sitemap.xml").respond_with_handler(
        lambda r: Response(urlset([("/p/0", state["lastmod"])], base))
    )
    src = source("site", "sitemap", f"{base}/sitemap.xml")
    assert run_once(store, nlp, [src], fetcher, now=NOW).added == 1
    state.update(version=2, lastmod="2025-10-07T12:05:00Z")  # after it was seen
    second = run_once(store, nlp, [src], fetcher, now=LATER)
    assert second.added == 1
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.previous_version)).all()
        item = conn.execute(select(watch_items)).one()
    assert len(rows) == 2
    old = next(r.id for r in rows if r.previous_version is None)
    new = next(r.id for r in rows if r.previous_version == old)
    assert (item.state, item.document_id) == ("added", new)
    # Unchanged since: the third poll fetches the page no more.
    assert run_once(store, nlp, [src], fetcher, now=LATER + timedelta(hours=1)).added == 0
    assert hits(server)["/p/0"] == 2


# -- conditional GET, --once, resuming ---------------------------------------------------------


def test_second_poll_is_conditional_and_gets_304(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher
) -> None:
    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0, 1])
    etag, modified = '"v1"', "Tue, 07 Oct 2025 10:00:00 GMT"

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(rss(paths, base), headers={"ETag": etag, "Last-Modified": modified})

    server.expect_request("/feed").respond_with_handler(feed)
    src = source("wire", "feed", f"{base}/feed")
    assert run_once(store, nlp, [src], fetcher, now=NOW).added == 2
    assert run_once(store, nlp, [src], fetcher, now=NOW + timedelta(minutes=5)).polled == 0
    second = run_once(store, nlp, [src], fetcher, now=LATER)
    assert second.sources[0].not_modified and second.sources[0].http_status == 304
    feed_requests = [r for r, _ in server.log if r.path == "/feed"]
    assert len(feed_requests) == 2
    assert "If-None-Match" not in feed_requests[0].headers
    assert feed_requests[1].headers["If-None-Match"] == etag
    assert feed_requests[1].headers["If-Modified-Since"] == modified
    assert all(hits(server)[p] == 1 for p in paths)
    (row,) = status_rows(store)
    assert (row["polls"], row["last_status"], row["etag"]) == (2, 304, etag)


class Killed(BaseException):
    """Stands for the watcher's process being killed."""


def test_killed_watcher_resumes_without_duplicates(
    server: HTTPServer,
    store: Store,
    nlp: Language,
    fetcher: Fetcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0, 1, 2, 3, 4])
    server.expect_request("/feed").respond_with_data(rss(paths, base))
    src = source("wire", "feed", f"{base}/feed")
    real_add = watch_run.add_urls
    calls: list[str] = []

    def dying_add(*args: object, **kwargs: object):
        calls.append(str(args[2]))
        result = real_add(*args, **kwargs)  # type: ignore[arg-type]
        if len(calls) == 3:
            raise Killed  # the third article is stored, its item not yet marked
        return result

    monkeypatch.setattr(watch_run, "add_urls", dying_add)
    with pytest.raises(Killed):
        run_once(store, nlp, [src], fetcher, now=NOW)
    states = Counter(items_by_state(store, "wire").values())
    assert states == {"added": 2, "pending": 3}
    monkeypatch.setattr(watch_run, "add_urls", real_add)
    # Restarted at once: the source is not due, but its pending items are fetched.
    summary = run_once(store, nlp, [src], fetcher, now=NOW + timedelta(seconds=30))
    assert (summary.polled, summary.added, summary.present) == (0, 2, 1)
    assert Counter(items_by_state(store, "wire").values()) == {"added": 4, "present": 1}
    assert stored_urls(store) == sorted(f"{base}{p}" for p in paths)
    assert all(hits(server)[p] == 1 for p in paths)
    assert hits(server)["/feed"] == 1


def test_failing_sources_do_not_stop_the_others(
    server: HTTPServer,
    store: Store,
    nlp: Language,
    fetcher: Fetcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0, 1])
    server.expect_request("/gone").respond_with_data("gone", status=404)
    server.expect_request("/junk").respond_with_data(
        "<html>no feed</html>", content_type="text/html"
    )
    server.expect_request("/feed").respond_with_data(rss([*paths, "/a/missing"], base))
    server.expect_request("/a/missing").respond_with_data("no", status=404)
    server.expect_request("/list/").respond_with_data("<html></html>", content_type="text/html")

    def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("a bug in the listing reader")

    monkeypatch.setattr(watch_run, "listing_items", broken)
    sources = parse_sources(
        {
            "sources": [
                {"name": "gone", "feed": f"{base}/gone"},
                {"name": "junk", "feed": f"{base}/junk"},
                {"name": "buggy", "listing": f"{base}/list/"},
                {"name": "good", "feed": f"{base}/feed"},
            ]
        }
    ).sources
    summary = run_once(store, nlp, sources, fetcher, now=NOW)
    assert (summary.added, summary.failed) == (2, 1)
    errors = {s.name: s.error for s in summary.sources}
    assert errors["gone"].startswith("HTTPStatusFailure(404)")
    assert errors["junk"].startswith("InputError: not a readable RSS or Atom feed")
    assert errors["buggy"] == "RuntimeError: a bug in the listing reader"
    assert errors["good"] is None
    rows = {r["name"]: r for r in status_rows(store)}
    assert rows["gone"]["last_error"].startswith("HTTPStatusFailure(404)")
    assert rows["gone"]["last_status"] == 404 and rows["gone"]["errors"] == 1
    assert rows["junk"]["errors"] == 1 and rows["good"]["errors"] == 0
    assert (rows["good"]["added"], rows["good"]["failed"]) == (2, 1)
    assert items_by_state(store, "good")[f"{base}/a/missing"] == "failed"


def test_transient_failure_is_retried_on_the_next_poll(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher
) -> None:
    base = server.url_for("")[:-1]
    status = {"code": 503}
    server.expect_request("/a/0").respond_with_handler(
        lambda r: Response(article_html(0), status=status["code"], content_type="text/html")
    )
    server.expect_request("/feed").respond_with_data(rss(["/a/0"], base))
    src = source("wire", "feed", f"{base}/feed")
    assert run_once(store, nlp, [src], fetcher, now=NOW).failed == 1
    status["code"] = 200
    second = run_once(store, nlp, [src], fetcher, now=LATER)
    assert (second.added, second.sources[0].new) == (1, 1)
    assert items_by_state(store, "wire") == {f"{base}/a/0": "added"}


def test_run_forever_stops_on_the_event(
    server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher
) -> None:
    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0])
    server.expect_request("/feed").respond_with_data(rss(paths, base))
    src = parse_sources({"sources": [{"name": "wire", "feed": f"{base}/feed", "every": 1}]})
    stop = threading.Event()
    rounds: list[RoundSummary] = []

    def on_round(summary: RoundSummary) -> None:
        rounds.append(summary)
        if len(rounds) >= 2:
            stop.set()

    worker = threading.Thread(
        target=run_forever,
        args=(store, nlp, src.sources, fetcher),
        kwargs={"stop": stop, "on_round": on_round, "max_wait": 0.5},
    )
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert rounds[0].added == 1 and rounds[1].added == 0
    assert hits(server)["/a/0"] == 1


# -- the command and the page ------------------------------------------------------------------


@pytest.fixture
def command(monkeypatch: pytest.MonkeyPatch, nlp: Language) -> Callable[..., object]:
    """``dossier watch`` in-process, with the session's pipeline, fetching from loopback
    without delay, printing tables wide."""
    import dossier.nlp
    import dossier.watch.cli

    monkeypatch.setattr(dossier.nlp, "build_pipeline", lambda name=None: nlp)
    monkeypatch.setattr(
        FetchConfig,
        "from_env",
        classmethod(
            lambda cls, contact=None: cls(
                contact=contact, allow_private=True, min_delay=0, retries=0
            )
        ),
    )
    monkeypatch.setattr(dossier.watch.cli, "out", Console(width=250))

    def invoke(*args: str | Path) -> object:
        result = CliRunner().invoke(cli.app, ["watch", *(str(a) for a in args)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def test_watch_once_twice_fetches_nothing_the_second_time(
    server: HTTPServer, tmp_path: Path, command: Callable[..., object]
) -> None:
    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0, 1])
    server.expect_request("/feed").respond_with_data(rss(paths, base))
    server.expect_request("/gone").respond_with_data("", status=404)
    sources = tmp_path / "SOURCES.yaml"
    sources.write_text(
        "defaults: {every: 15m, contact: ops@example.org}\n"
        f"sources:\n  - {{name: wire, feed: '{base}/feed'}}\n"
        f"  - {{name: gone, feed: '{base}/gone', every: 1h}}\n"
        "alerts: [{name: any-ledger, when: ledger-entry}]\n",
        encoding="utf-8",
    )
    db = tmp_path / "w.db"
    log = tmp_path / "watch.log"
    first = command(sources, "--db", db, "--once", "--log", log)
    assert first.exit_code == 1  # the 404 source is an error
    assert "2 added" in first.stderr
    assert "wire" in first.stdout and "HTTPStatusFailure(404)" in first.stdout
    requests = len(server.log)
    assert "ops@example.org" in server.log[-1][0].headers["User-Agent"]
    second = command(sources, "--db", db, "--once")
    assert second.exit_code == 0, second.stderr
    assert "polled 0 source(s)" in second.stderr
    assert len(server.log) == requests
    status = command("--status", "--db", db)
    assert status.exit_code == 0
    lines = {line.split()[0]: line.split() for line in status.stdout.splitlines() if line.strip()}
    assert lines["wire"][1:2] == ["feed"] and lines["gone"][1:2] == ["feed"]
    assert "200" in lines["wire"] and "error" in lines["gone"]
    assert lines["wire"][-4:] == ["0", "2", "0", "0"]  # pending added present failed
    text = log.read_text(encoding="utf-8")
    assert "wire: added" in text and "gone: HTTPStatusFailure(404)" in text


def test_watch_command_errors(tmp_path: Path, command: Callable[..., object]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {name: x, feed: 'ftp://x.org/'}\n", encoding="utf-8")
    result = command(bad, "--db", tmp_path / "w.db", "--once")
    assert result.exit_code == 3
    assert "source 'x' (entry 1)" in result.stderr and "Traceback" not in result.stderr
    assert command("--db", tmp_path / "w.db").exit_code == 3
    empty = command("--status", "--db", tmp_path / "w.db")
    assert empty.exit_code == 0 and "no sources watched yet" in empty.stderr


def test_watch_page(server: HTTPServer, store: Store, nlp: Language, fetcher: Fetcher) -> None:
    from fastapi.testclient import TestClient

    from dossier.api.app import create_app

    base = server.url_for("")[:-1]
    paths = serve_articles(server, [0])
    server.expect_request("/feed").respond_with_data(rss(paths, base))
    server.expect_request("/gone").respond_with_data("", status=404)
    sources = parse_sources(
        {
            "sources": [
                {"name": "wire", "feed": f"{base}/feed"},
                {"name": "gone<b>", "feed": f"{base}/gone"},
            ]
        }
    ).sources
    run_once(store, nlp, sources, fetcher, now=NOW, link=False)
    client = TestClient(create_app(store=store, allow_hosts=["testserver"]))
    page = client.get("/watch")
    assert page.status_code == 200
    assert "wire" in page.text and "gone&lt;b&gt;" in page.text and "gone<b>" not in page.text
    assert "HTTPStatusFailure(404)" in page.text
    assert page.headers["Content-Security-Policy"]
