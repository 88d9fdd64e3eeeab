"""The Fetcher over TLS against a local hypercorn server: HTTP/2 negotiated by ALPN (GET,
redirect, large and capped bodies, robots.txt), HTTP/1.1 kept where the server offers only
that, and certificate failures (untrusted CA, wrong host name) as clear, unretried errors.

The server's certificate is issued for ``localhost`` by a ``trustme`` test CA; the tests'
fake resolver maps ``localhost`` to 127.0.0.1, so the Fetcher's pinning backend dials the
checked address while TLS checks the certificate against the URL's host name.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import trustme
from hypercorn.asyncio import serve
from hypercorn.config import Config
from pytest_httpserver import HTTPServer

from dossier.fetch import FetchConfig, Fetcher, FetchError, RobotsDisallowed, TooLarge

HOST = "localhost"
BODY = b"<html><body><p>Hello over TLS.</p></body></html>"
BIG = bytes(range(256)) * 1200  # 307,200 bytes: several HTTP/2 flow-control windows
ROBOTS = b"User-agent: *\nDisallow: /private\n"


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    http_version: str
    client_port: int


@dataclass
class TLSServer:
    """A hypercorn server on 127.0.0.1 in a thread, recording the requests it answers."""

    port: int
    seen: list[Seen] = field(default_factory=list)

    def url(self, path: str, host: str = HOST) -> str:
        return f"https://{host}:{self.port}{path}"

    def versions(self, path: str) -> list[str]:
        return [s.http_version for s in self.seen if s.path == path]


def make_app(server: TLSServer) -> Any:
    """A tiny ASGI app: ``/``, ``/big``, ``/redirect`` -> ``/final``, ``/robots.txt``."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        path = scope["path"]
        server.seen.append(Seen(path, scope["http_version"], scope["client"][1]))
        status, headers, body = 200, [(b"content-type", b"text/html")], BODY
        if path == "/big":
            headers, body = [(b"content-type", b"application/octet-stream")], BIG
        elif path == "/redirect":
            status, headers, body = 302, [(b"location", b"/final")], b""
        elif path == "/robots.txt":
            headers, body = [(b"content-type", b"text/plain")], ROBOTS
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def run_server(certs: Path, alpn: list[str]) -> Iterator[TLSServer]:
    """Serve :func:`make_app` over TLS offering ``alpn``; stopped when the generator ends."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # connections wait in the backlog until hypercorn accepts them
    server = TLSServer(port=listener.getsockname()[1])
    config = Config()
    config.bind = [f"fd://{os.dup(listener.fileno())}"]
    config.certfile = str(certs / "server.pem")
    config.keyfile = str(certs / "server.pem")
    config.alpn_protocols = alpn
    config.graceful_timeout = 0.5
    config.errorlog = None
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    def main() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(serve(make_app(server), config, shutdown_trigger=stop.wait))

    thread = threading.Thread(target=main, name="hypercorn", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()
        listener.close()


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``ca.pem`` (a test CA) and ``server.pem`` (key and certificate for
    ``localhost``, issued by that CA)."""
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    ca.issue_cert(HOST).private_key_and_cert_chain_pem.write_to_path(str(folder / "server.pem"))
    return folder


@pytest.fixture(scope="module")
def h2_server(certs: Path) -> Iterator[TLSServer]:
    """A TLS server offering HTTP/2 and HTTP/1.1."""
    yield from run_server(certs, ["h2", "http/1.1"])


@pytest.fixture(scope="module")
def h1_server(certs: Path) -> Iterator[TLSServer]:
    """A TLS server offering HTTP/1.1 only."""
    yield from run_server(certs, ["http/1.1"])


@pytest.fixture
def tls_config(config: FetchConfig, certs: Path, fake_dns: dict[str, list[str]]) -> FetchConfig:
    """The tests' settings, trusting the test CA, with ``localhost`` resolved to 127.0.0.1."""
    fake_dns[HOST] = ["127.0.0.1"]
    return replace(config, ca_file=str(certs / "ca.pem"))


# -- HTTP/2 ---------------------------------------------------------------------------------


def test_get_over_http2(h2_server: TLSServer, tls_config, make_fetcher):
    result = make_fetcher(tls_config).get(h2_server.url("/"))
    assert result.status == 200
    assert result.body == BODY
    assert result.content_type == "text/html"
    assert result.http_version == "HTTP/2"
    assert h2_server.versions("/") == ["2"]


def test_body_larger_than_the_flow_control_window(h2_server: TLSServer, tls_config, make_fetcher):
    result = make_fetcher(tls_config).get(h2_server.url("/big"))
    assert result.http_version == "HTTP/2"
    assert result.body == BIG


def test_body_cap_applies_over_http2(h2_server: TLSServer, tls_config, make_fetcher):
    with pytest.raises(TooLarge):
        make_fetcher(tls_config, max_bytes=100_000).get(h2_server.url("/big"))


def test_redirect_over_http2_reuses_the_connection(h2_server: TLSServer, tls_config, make_fetcher):
    before = len(h2_server.seen)
    result = make_fetcher(tls_config).get(h2_server.url("/redirect"))
    assert result.final_url == h2_server.url("/final")
    assert result.body == BODY
    assert result.http_version == "HTTP/2"
    hops = h2_server.seen[before:]
    assert [(s.path, s.http_version) for s in hops] == [("/redirect", "2"), ("/final", "2")]
    assert len({s.client_port for s in hops}) == 1


def test_robots_txt_over_http2(h2_server: TLSServer, tls_config, make_fetcher):
    fetcher = make_fetcher(tls_config, obey_robots=True)
    with pytest.raises(RobotsDisallowed):
        fetcher.get(h2_server.url("/private/page"))
    assert fetcher.get(h2_server.url("/")).body == BODY
    assert "2" in h2_server.versions("/robots.txt")
    assert h2_server.versions("/private/page") == []


# -- HTTP/1.1 still works -------------------------------------------------------------------


def test_tls_server_without_http2_is_fetched_over_http11(
    h1_server: TLSServer, tls_config, make_fetcher
):
    result = make_fetcher(tls_config).get(h1_server.url("/redirect"))
    assert result.body == BODY
    assert result.http_version == "HTTP/1.1"
    assert h1_server.versions("/final") == ["1.1"]


def test_plain_http_server_is_fetched_over_http11(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/").respond_with_data(BODY, content_type="text/html")
    result = make_fetcher(config).get(httpserver.url_for("/"))
    assert result.body == BODY
    assert result.http_version in ("HTTP/1.0", "HTTP/1.1")  # werkzeug answers as 1.0


# -- certificates ---------------------------------------------------------------------------


def test_untrusted_certificate_is_a_clear_error_not_retried(
    h2_server: TLSServer, tls_config, make_fetcher, sleeps
):
    before = len(h2_server.seen)
    with pytest.raises(FetchError) as caught:
        make_fetcher(tls_config, ca_file=None).get(h2_server.url("/"))
    assert type(caught.value) is FetchError
    message = str(caught.value)
    assert "TLS certificate of localhost was not accepted" in message
    assert "certificate" in message.split("accepted:", 1)[1]
    assert sleeps.calls == []
    assert len(h2_server.seen) == before


def test_certificate_for_another_host_is_refused(
    h2_server: TLSServer, tls_config, make_fetcher, fake_dns, sleeps
):
    fake_dns["news.test"] = ["127.0.0.1"]
    with pytest.raises(FetchError, match=r"TLS certificate of news\.test was not accepted.*news"):
        make_fetcher(tls_config).get(h2_server.url("/", host="news.test"))
    assert sleeps.calls == []


def test_unreadable_ca_file_fails_at_once(tmp_path: Path, config):
    with pytest.raises(FetchError, match="cannot load CA certificates"):
        Fetcher(replace(config, ca_file=str(tmp_path / "none.pem")))
