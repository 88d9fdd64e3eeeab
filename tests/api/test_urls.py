"""``POST /api/urls``: a web page added by URL, never from a loopback, private, link-local or
metadata address (checked after DNS resolution; the resolver is substituted here) nor by a
scheme other than http(s), unless the server allows private fetches (then it fetches from
pytest-httpserver on 127.0.0.1)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from spacy.language import Language

from dossier.api.app import create_app
from dossier.fetch import FetchConfig, safety

TOKEN = "url-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGE = """<!doctype html>
<html><head><title>Shelling of Kharkiv kills four</title>
<meta name="author" content="Test Wire"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Shelling of Kharkiv kills four</h1>
<p>KHARKIV (Test Wire) - Russian forces shelled the city of Kharkiv on Monday, killing at least
4 civilians and wounding 12, the regional governor said.</p>
<p>Ukraine's foreign ministry said the attack hit a residential district and called on its allies
to send more air defence systems before the winter.</p>
<p>Russia's defence ministry said its forces had struck military targets in the region.</p>
</article><footer>Copyright Test Wire</footer></body></html>"""


def make_app(tmp_path: Path, nlp: Language, *, allow_private: bool) -> FastAPI:
    app = create_app(
        str(tmp_path / "urls.db"),
        token=TOKEN,
        allow_hosts=["testserver"],
        allow_private_fetch=allow_private,
        fetch_config=FetchConfig(min_delay=0, retries=0, timeout=5),
    )
    app.state.nlp = nlp
    return app


@pytest.fixture
def guarded(tmp_path: Path, nlp: Language) -> Iterator[TestClient]:
    """A client of a server with the default: private addresses refused."""
    with TestClient(make_app(tmp_path, nlp, allow_private=False), headers=AUTH) as client:
        yield client


@pytest.fixture
def open_client(tmp_path: Path, nlp: Language) -> Iterator[TestClient]:
    """A client of a server that may fetch private addresses (for the local test server)."""
    with TestClient(make_app(tmp_path, nlp, allow_private=True), headers=AUTH) as client:
        yield client


def post(client: TestClient, url: str, **body) -> tuple[int, dict]:
    response = client.post("/api/urls", json={"url": url, **body})
    return response.status_code, response.json()


def fake_resolver(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Make ``getaddrinfo`` answer ``answers`` (host -> addresses); returns the hosts asked."""
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port, 0, 0) if ":" in a else (a, port),
            )
            for a in answers[host]
        ]

    monkeypatch.setattr(safety, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://files.example/a.txt",
        "gopher://old.example/",
        "data:text/html,<p>hi</p>",
        "javascript:alert(1)",
        "news.example/article",  # no scheme
    ],
)
def test_a_url_that_is_not_http_is_refused_422(guarded, url):
    status, body = post(guarded, url)
    assert status == 422, body
    assert body["error"]["code"] == "unsupported_scheme"
    assert "http" in body["error"]["message"]
    assert guarded.get("/api/documents").json()["total"] == 0


ADDRESS_CLASSES = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.5", "private"),
    ("172.16.3.4", "private"),
    ("192.168.1.20", "private"),
    ("169.254.10.1", "link-local"),
    ("fe80::1", "link-local"),
    ("169.254.169.254", "metadata"),
    ("fd00:ec2::254", "metadata"),
    ("100.100.100.200", "metadata"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("fd12:3456::1", "ULA"),
    ("0.0.0.0", "unspecified"),
    ("::ffff:10.1.1.1", "private"),
    ("224.0.0.1", "multicast"),
]


@pytest.mark.parametrize(("address", "why"), ADDRESS_CLASSES)
def test_a_name_resolving_to_an_unsafe_address_is_refused_403(guarded, monkeypatch, address, why):
    asked = fake_resolver(monkeypatch, {"news.example": [address]})
    status, body = post(guarded, "https://news.example/story")
    assert status == 403, body
    assert body["error"]["code"] == "unsafe_address"
    shown = str(ipaddress.ip_address(address))  # as Python writes it (::ffff:a01:101)
    assert why in body["error"]["message"] and shown in body["error"]["message"]
    assert "news.example" in asked  # refused after resolution
    assert guarded.get("/api/documents").json()["total"] == 0


def test_one_unsafe_address_among_public_ones_is_enough_to_refuse(guarded, monkeypatch):
    fake_resolver(monkeypatch, {"mixed.example": ["93.184.216.34", "10.9.8.7"]})
    status, body = post(guarded, "http://mixed.example/")
    assert status == 403 and "10.9.8.7" in body["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://0x7f000001/",  # 127.0.0.1 written in hex
    ],
)
def test_literal_and_named_internal_hosts_are_refused_403(guarded, monkeypatch, url):
    fake_resolver(monkeypatch, {"0x7f000001": ["127.0.0.1"]})
    status, body = post(guarded, url)
    assert status == 403, body
    assert body["error"]["code"] == "unsafe_address"


def test_the_local_test_server_is_refused_without_the_flag(guarded, httpserver: HTTPServer):
    httpserver.expect_request("/a.html").respond_with_data(PAGE, content_type="text/html")
    status, body = post(guarded, httpserver.url_for("/a.html"))
    assert status == 403 and body["error"]["code"] == "unsafe_address"
    assert httpserver.log == []  # never connected


def test_posting_a_url_needs_the_token_and_the_servers_origin(tmp_path, nlp):
    app = make_app(tmp_path, nlp, allow_private=False)
    with TestClient(app) as client:
        body = {"url": "http://news.example/"}
        assert client.post("/api/urls", json=body).status_code == 401
        wrong = client.post("/api/urls", json=body, headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401
        evil = client.post(
            "/api/urls", json=body, headers={**AUTH, "Origin": "https://evil.example"}
        )
        assert evil.status_code == 403 and evil.json()["error"]["code"] == "cross_origin"


@pytest.mark.parametrize("body", [{}, {"url": ""}, {"url": 5}, {"url": "http://a/", "refresh": []}])
def test_an_invalid_body_is_422(guarded, body):
    response = guarded.post("/api/urls", json=body)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


def test_an_allowed_fetch_stores_the_document_with_its_url_and_final_url(
    open_client, httpserver: HTTPServer
):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/2025/kharkiv.html")}
    )
    httpserver.expect_request("/2025/kharkiv.html").respond_with_data(
        PAGE, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/old")
    status, result = post(open_client, url)
    assert status == 201, result
    assert result["added"] is True and result["url"] == url
    assert result["final_url"] == httpserver.url_for("/2025/kharkiv.html")
    document = open_client.get(f"/api/documents/{result['document']}").json()["document"]
    assert document["url"] == url
    assert document["final_url"] == result["final_url"]
    assert document["fetched_at"]
    assert "Kharkiv" in document["text"] and "Copyright" not in document["text"]
    fetched = len(httpserver.log)

    status, again = post(open_client, url)  # already stored: not fetched again
    assert status == 200 and again["added"] is False
    assert again["document"] == result["document"]
    assert len(httpserver.log) == fetched

    status, refreshed = post(open_client, url, refresh=True)  # same page: nothing new
    assert status == 200 and refreshed["document"] == result["document"]
    assert len(httpserver.log) > fetched
    assert open_client.get("/api/documents").json()["total"] == 1


@pytest.mark.parametrize(
    ("respond", "status", "code"),
    [
        ({"response_data": "gone", "status": 404}, 502, "upstream_error"),
        (
            {"response_data": b"%PDF-1.4", "content_type": "application/pdf"},
            422,
            "unsupported_content",
        ),
    ],
)
def test_a_page_that_cannot_be_added_answers_its_error(
    open_client, httpserver: HTTPServer, respond, status, code
):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/x").respond_with_data(**respond)
    got, body = post(open_client, httpserver.url_for("/x"))
    assert got == status, body
    assert body["error"]["code"] == code
    assert open_client.get("/api/documents").json()["total"] == 0


def test_robots_txt_forbidding_the_page_is_403(open_client, httpserver: HTTPServer):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    status, body = post(open_client, httpserver.url_for("/article"))
    assert status == 403 and body["error"]["code"] == "robots_disallowed"
