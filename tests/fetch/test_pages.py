"""Pages into the store: reading a fetched page, add_urls (once, refresh, versions, the
fetches table) and `dossier add URL` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from typer.testing import CliRunner
from werkzeug import Request, Response

from dossier import cli
from dossier.errors import InputError
from dossier.fetch import UnsupportedContent
from dossier.fetch.client import FetchResult, now_iso
from dossier.fetch.pages import (
    add_urls,
    document_from_result,
    fetch_document,
    is_url,
    load_fetch,
    url_key,
)
from dossier.store import open_store
from dossier.store.schema import documents

from .conftest import ARTICLE_HTML, CHANGED_HTML


def result_of(body: bytes, content_type: str | None, url: str = "http://x.test/a") -> FetchResult:
    headers = {"content-type": content_type} if content_type else {}
    return FetchResult(
        url=url,
        final_url=url + "?final",
        status=200,
        headers=headers,
        body=body,
        fetched_at=now_iso(),
        not_modified=False,
        content_type=content_type,
    )


# -- reading a page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "one,other",
    [
        ("HTTP://Example.com:80/a#top", "http://example.com/a"),
        ("https://example.com:443", "https://example.com/"),
        ("https://EXAMPLE.com/a?x=1", "https://example.com/a?x=1"),
    ],
)
def test_url_key_normalises_the_url(one, other):
    assert url_key(one) == url_key(other)
    assert len(url_key(one)) == 64


@pytest.mark.parametrize(
    "one,other",
    [
        ("http://example.com/a", "https://example.com/a"),
        ("http://example.com/a", "http://example.com/A"),
        ("http://example.com/a?x=1", "http://example.com/a?x=2"),
        ("http://example.com:8080/a", "http://example.com/a"),
    ],
)
def test_url_key_keeps_what_names_another_page(one, other):
    assert url_key(one) != url_key(other)


def test_is_url():
    assert is_url("http://127.0.0.1:8000/a.html")
    assert is_url("HTTPS://example.org")
    assert not is_url("articles/a.html")
    assert not is_url("C:/articles/a.html")


def test_html_page_is_read_with_trafilatura():
    document = document_from_result(result_of(ARTICLE_HTML.encode(), "text/html; charset=utf-8"))
    assert document.title == "Ferry link approved"
    assert "regional council approved a new ferry link" in document.text
    assert "Copyright" not in document.text and "Home" not in document.text
    assert document.url == "http://x.test/a"
    assert document.final_url == "http://x.test/a?final"
    assert document.fetched_at is not None


def test_charset_from_the_header_is_used():
    body = ARTICLE_HTML.replace("Portmere", "Portmère").replace('<meta charset="utf-8">', "")
    document = document_from_result(result_of(body.encode("latin-1"), "text/html; charset=latin-1"))
    assert "Portmère" in document.text


def test_plain_text_is_read_as_text():
    text = b"PORTMERE (Reuters) - The council approved a ferry link on Tuesday, officials said."
    document = document_from_result(result_of(text, "text/plain"))
    assert document.text == text.decode()
    assert document.dateline == "PORTMERE"


@pytest.mark.parametrize(
    "body,content_type",
    [
        (b"%PDF-1.7 ...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"<rss version='2.0'><channel></channel></rss>", "application/rss+xml"),
        (b"{}", "application/json"),
    ],
)
def test_other_content_types_are_refused(body, content_type):
    with pytest.raises(UnsupportedContent, match=content_type.replace("+", r"\+")):
        document_from_result(result_of(body, content_type))


def test_untyped_binary_is_refused():
    with pytest.raises(InputError, match="PDF"):
        document_from_result(result_of(b"%PDF-1.7 ...", None))


def test_fetch_document_keeps_url_final_url_and_previous(httpserver, config, make_fetcher):
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"})
    )
    httpserver.expect_request("/new").respond_with_data(ARTICLE_HTML, content_type="text/html")
    fetcher = make_fetcher(config)
    first = fetch_document(fetcher, httpserver.url_for("/old")).document
    assert first is not None
    assert first.url == httpserver.url_for("/old")
    assert first.final_url == httpserver.url_for("/new")
    assert first.previous_version is None
    httpserver.clear()
    httpserver.expect_request("/old").respond_with_data(CHANGED_HTML, content_type="text/html")
    second = fetch_document(fetcher, httpserver.url_for("/old"), previous=first).document
    assert second is not None and second.id != first.id
    assert second.previous_version == first.id


def test_a_page_without_an_article_is_a_failed_item(httpserver, config, make_fetcher):
    httpserver.expect_request("/menu").respond_with_data(
        "<html><body><a href='/'>Home</a></body></html>", content_type="text/html"
    )
    item = fetch_document(make_fetcher(config), httpserver.url_for("/menu"))
    assert item.document is None
    assert "no article text" in item.error.message


# -- add_urls -------------------------------------------------------------------------------


class Site:
    """A page whose body, ETag and Last-Modified the test changes; it answers 304 to a
    matching If-None-Match."""

    def __init__(self, server: HTTPServer, path: str = "/article.html") -> None:
        self.body = ARTICLE_HTML
        self.etag: str | None = '"v1"'
        self.requests: list[Request] = []
        server.expect_request(path).respond_with_handler(self.handle)
        self.url = server.url_for(path)

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        if self.etag and request.headers.get("If-None-Match") == self.etag:
            return Response(status=304, headers={"ETag": self.etag})
        headers = {"ETag": self.etag} if self.etag else {}
        headers["Last-Modified"] = "Tue, 01 Jul 2025 10:00:00 GMT"
        return Response(self.body, content_type="text/html; charset=utf-8", headers=headers)


def stored_documents(store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents).order_by(documents.c.fetched_at, documents.c.id))
        return [dict(row._mapping) for row in rows]


def test_add_url_stores_the_article_and_the_fetch(httpserver, config, make_fetcher, store, nlp):
    site = Site(httpserver)
    summary = add_urls(store, nlp, [site.url], fetcher=make_fetcher(config))
    assert summary.added == [site.url] and not summary.failed
    [row] = stored_documents(store)
    assert row["url"] == site.url
    assert row["final_url"] == site.url
    assert row["fetched_at"]
    assert row["url_key"] == url_key(site.url)
    assert row["previous_version"] is None
    assert store.get(row["id"]).entities  # extracted, not only stored
    fetch = load_fetch(store, url_key(site.url))
    assert fetch is not None
    assert (fetch.status, fetch.etag, fetch.document_id, fetch.error) == (
        200,
        '"v1"',
        row["id"],
        None,
    )
    assert fetch.last_modified == "Tue, 01 Jul 2025 10:00:00 GMT"
    assert len(fetch.content_hash) == 64


def test_a_stored_url_is_not_fetched_again(httpserver, config, make_fetcher, store, nlp):
    site = Site(httpserver)
    fetcher = make_fetcher(config)
    add_urls(store, nlp, [site.url], fetcher=fetcher)
    summary = add_urls(store, nlp, [site.url + "#comments"], fetcher=fetcher)
    assert summary.present == [site.url + "#comments"] and not summary.added
    assert len(site.requests) == 1


def test_refresh_with_304_stores_nothing_new(httpserver, config, make_fetcher, store, nlp):
    site = Site(httpserver)
    fetcher = make_fetcher(config)
    add_urls(store, nlp, [site.url], fetcher=fetcher)
    first = load_fetch(store, url_key(site.url))
    summary = add_urls(store, nlp, [site.url], fetcher=fetcher, refresh=True)
    assert summary.present == [site.url] and not summary.added
    assert site.requests[-1].headers["If-None-Match"] == '"v1"'
    assert site.requests[-1].headers["If-Modified-Since"] == "Tue, 01 Jul 2025 10:00:00 GMT"
    assert len(stored_documents(store)) == 1
    after = load_fetch(store, url_key(site.url))
    assert after.status == 304
    assert (after.etag, after.document_id, after.content_hash) == (
        first.etag,
        first.document_id,
        first.content_hash,
    )


def test_refresh_of_an_identical_body_stores_nothing_new(
    httpserver, config, make_fetcher, store, nlp
):
    site = Site(httpserver)
    site.etag = None
    fetcher = make_fetcher(config)
    add_urls(store, nlp, [site.url], fetcher=fetcher)
    summary = add_urls(store, nlp, [site.url], fetcher=fetcher, refresh=True)
    assert summary.present == [site.url] and not summary.added
    assert len(site.requests) == 2
    assert len(stored_documents(store)) == 1


def test_a_changed_page_is_a_new_version_linked_to_the_old(
    httpserver, config, make_fetcher, store, nlp
):
    site = Site(httpserver)
    fetcher = make_fetcher(config)
    add_urls(store, nlp, [site.url], fetcher=fetcher)
    [old] = stored_documents(store)
    site.body, site.etag = CHANGED_HTML, '"v2"'
    summary = add_urls(store, nlp, [site.url], fetcher=fetcher, refresh=True)
    assert summary.added == [site.url]
    rows = {row["id"]: row for row in stored_documents(store)}
    assert len(rows) == 2
    [new] = [row for row in rows.values() if row["id"] != old["id"]]
    assert new["previous_version"] == old["id"]
    assert new["url_key"] == old["url_key"] == url_key(site.url)
    assert "33 to 10" in new["text"]
    fetch = load_fetch(store, url_key(site.url))
    assert (fetch.document_id, fetch.etag) == (new["id"], '"v2"')
    # The next plain add finds the new version stored and does not fetch.
    add_urls(store, nlp, [site.url], fetcher=fetcher)
    assert len(site.requests) == 2


def test_bad_urls_are_reported_and_the_batch_goes_on(httpserver, config, make_fetcher, store, nlp):
    site = Site(httpserver)
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/report.pdf").respond_with_data(
        b"%PDF-1.7", content_type="application/pdf"
    )
    missing = httpserver.url_for("/missing")
    pdf = httpserver.url_for("/report.pdf")
    seen = []
    summary = add_urls(
        store,
        nlp,
        ["ftp://example.org/a", missing, pdf, site.url],
        fetcher=make_fetcher(config),
        on_outcome=lambda outcome: seen.append(outcome.source),
    )
    assert summary.added == [site.url]
    reasons = dict(summary.failed)
    assert set(reasons) == {"ftp://example.org/a", missing, pdf}
    assert "ftp:" in reasons["ftp://example.org/a"]
    assert "404" in reasons[missing]
    assert "application/pdf" in reasons[pdf]
    assert seen == ["ftp://example.org/a", missing, pdf, site.url]
    failed = load_fetch(store, url_key(missing))
    assert failed.status == 404 and "404" in failed.error and failed.document_id is None


# -- the command line -------------------------------------------------------------------------


def test_cli_add_url_stores_the_article(
    httpserver: HTTPServer, nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    httpserver.expect_request("/robots.txt").respond_with_data("none", status=404)
    httpserver.expect_request("/article.html").respond_with_data(
        ARTICLE_HTML, content_type="text/html"
    )
    monkeypatch.setattr(cli, "_pipeline", lambda name: nlp)
    db = tmp_path / "dossier.db"
    url = httpserver.url_for("/article.html")
    env = {"DOSSIER_ALLOW_PRIVATE_FETCH": "1", "DOSSIER_CONTACT": "cli@example.invalid"}
    result = CliRunner().invoke(
        cli.app, ["add", url, "ftp://example.org/x", "--db", str(db), "--no-link"], env=env
    )
    assert result.exit_code == 1, result.output  # the ftp: URL failed, the rest went on
    assert "1 added" in result.output
    with open_store(db) as store:
        [row] = stored_documents(store)
    assert (row["url"], row["final_url"]) == (url, url)
    assert row["fetched_at"]
    agent = [r.headers["User-Agent"] for r, _ in httpserver.log if r.path == "/article.html"]
    assert agent and "dossier" in agent[0] and "cli@example.invalid" in agent[0]


def test_cli_add_refuses_private_addresses_without_the_flag(
    httpserver: HTTPServer, nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("DOSSIER_ALLOW_PRIVATE_FETCH", raising=False)
    monkeypatch.setattr(cli, "_pipeline", lambda name: nlp)
    url = httpserver.url_for("/article.html")
    result = CliRunner().invoke(cli.app, ["add", url, "--db", str(tmp_path / "d.db"), "--no-link"])
    assert result.exit_code == 1
    assert "loopback" in result.output
    assert httpserver.log == []
