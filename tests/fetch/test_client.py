"""The Fetcher against a local server: redirects, retries, timeouts, size caps, robots.txt,
the User-Agent and per-host politeness."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from dossier.fetch import (
    FetchTimeout,
    HTTPStatusFailure,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)
from dossier.fetch.politeness import parse_retry_after

HTML = "<html><body><p>Hello from the test server.</p></body></html>"


def redirect(to: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": to})


# -- redirects -------------------------------------------------------------------------------


def test_redirect_chain_is_followed_to_the_final_url(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/a").respond_with_response(redirect("/b", 301))
    httpserver.expect_request("/b").respond_with_response(redirect(httpserver.url_for("/c")))
    httpserver.expect_request("/c").respond_with_data(HTML, content_type="text/html")
    result = make_fetcher(config).get(httpserver.url_for("/a"))
    assert result.status == 200
    assert result.url == httpserver.url_for("/a")
    assert result.final_url == httpserver.url_for("/c")
    assert result.body == HTML.encode()
    assert result.content_type.startswith("text/html")
    assert datetime.fromisoformat(result.fetched_at).tzinfo is not None


def test_redirect_loop_fails(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/a").respond_with_response(redirect("/b"))
    httpserver.expect_request("/b").respond_with_response(redirect("/a"))
    with pytest.raises(TooManyRedirects, match="loop"):
        make_fetcher(config).get(httpserver.url_for("/a"))
    assert len(httpserver.log) == 2


def test_redirect_chain_longer_than_allowed_fails(httpserver: HTTPServer, config, make_fetcher):
    for n in range(5):
        httpserver.expect_request(f"/{n}").respond_with_response(redirect(f"/{n + 1}"))
    httpserver.expect_request("/5").respond_with_data(HTML, content_type="text/html")
    with pytest.raises(TooManyRedirects, match="more than 3"):
        make_fetcher(config, max_redirects=3).get(httpserver.url_for("/0"))
    assert len(httpserver.log) == 4
    assert make_fetcher(config, max_redirects=5).get(httpserver.url_for("/0")).status == 200


# -- retries ---------------------------------------------------------------------------------


def test_429_with_retry_after_waits_then_succeeds(
    httpserver: HTTPServer, config, make_fetcher, sleeps
):
    httpserver.expect_oneshot_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_request("/busy").respond_with_data(HTML, content_type="text/html")
    started = time.monotonic()
    result = make_fetcher(config).get(httpserver.url_for("/busy"))
    assert result.status == 200
    assert len(httpserver.log) == 2
    assert 1.0 in sleeps.calls
    assert time.monotonic() - started >= 0.9


def test_retry_after_beyond_the_cap_fails_at_once(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/busy").respond_with_data(
        "later", status=503, headers={"Retry-After": "3600"}
    )
    with pytest.raises(HTTPStatusFailure, match="3600 s") as caught:
        make_fetcher(config, max_retry_after=120).get(httpserver.url_for("/busy"))
    assert caught.value.status == 503
    assert len(httpserver.log) == 1


def test_503_is_retried_with_backoff(httpserver: HTTPServer, config, make_fetcher, sleeps):
    httpserver.expect_oneshot_request("/flaky").respond_with_data("down", status=503)
    httpserver.expect_oneshot_request("/flaky").respond_with_data("down", status=502)
    httpserver.expect_request("/flaky").respond_with_data(HTML, content_type="text/html")
    result = make_fetcher(config, backoff=0.01).get(httpserver.url_for("/flaky"))
    assert result.status == 200
    assert len(httpserver.log) == 3
    assert sleeps.calls == [0.01, 0.02]  # exponential


def test_retries_run_out(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/down").respond_with_data("down", status=504)
    with pytest.raises(HTTPStatusFailure, match="504") as caught:
        make_fetcher(config, retries=2).get(httpserver.url_for("/down"))
    assert caught.value.status == 504
    assert len(httpserver.log) == 3


@pytest.mark.parametrize("status", [404, 403, 410, 500])
def test_other_errors_are_not_retried(httpserver: HTTPServer, config, make_fetcher, status):
    httpserver.expect_request("/gone").respond_with_data("no", status=status)
    with pytest.raises(HTTPStatusFailure, match=str(status)) as caught:
        make_fetcher(config).get(httpserver.url_for("/gone"))
    assert caught.value.status == status
    assert len(httpserver.log) == 1


def test_connection_refused_is_retried_then_fails(config, make_fetcher, sleeps):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    from dossier.fetch import FetchError

    with pytest.raises(FetchError, match="cannot connect"):
        make_fetcher(config, retries=1).get(f"http://127.0.0.1:{port}/x")
    assert len(sleeps.calls) == 1


def test_parse_retry_after_reads_seconds_and_dates():
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("1") == 1.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now)
    assert parse_retry_after(
        format_datetime(now + timedelta(seconds=30), usegmt=True), now=now
    ) == pytest.approx(30)
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# -- time and size ---------------------------------------------------------------------------


def test_slow_response_times_out(httpserver: HTTPServer, config, make_fetcher):
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(HTML, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        make_fetcher(config, timeout=0.3, retries=0).get(httpserver.url_for("/slow"))
    assert time.monotonic() - started < 0.95


def test_declared_length_over_the_cap_is_refused(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/plain")
    with pytest.raises(TooLarge, match="5000 bytes"):
        make_fetcher(config, max_bytes=1000).get(httpserver.url_for("/big"))


def test_streamed_body_over_the_cap_stops(httpserver: HTTPServer, config, make_fetcher):
    sent = []

    def endless() -> object:
        for _ in range(10_000):  # 10 MB if read to the end
            sent.append(1)
            yield b"y" * 1000

    httpserver.expect_request("/huge").respond_with_handler(
        lambda request: Response(endless(), content_type="text/plain")  # chunked, no length
    )
    with pytest.raises(TooLarge, match="over 50000 bytes"):
        make_fetcher(config, max_bytes=50_000).get(httpserver.url_for("/huge"))
    assert len(sent) < 10_000


def test_gzip_bomb_stops_at_the_cap(httpserver: HTTPServer, config, make_fetcher):
    bomb = gzip.compress(b"\0" * 20_000_000)  # about 20 KB inflating to 20 MB
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(TooLarge):
        make_fetcher(config, max_bytes=1_000_000).get(httpserver.url_for("/bomb"))


@pytest.mark.parametrize(
    "encoding,encode",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
    ],
)
def test_compressed_bodies_are_decoded(
    httpserver: HTTPServer, config, make_fetcher, encoding, encode
):
    body = (HTML * 50).encode()
    httpserver.expect_request("/z").respond_with_data(
        encode(body), content_type="text/html", headers={"Content-Encoding": encoding}
    )
    assert make_fetcher(config).get(httpserver.url_for("/z")).body == body


# -- robots.txt ------------------------------------------------------------------------------


def test_robots_disallow_is_obeyed(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /\n\nUser-agent: dossier\nDisallow: /private\n",
        content_type="text/plain",
    )
    httpserver.expect_request("/private/page").respond_with_data(HTML, content_type="text/html")
    httpserver.expect_request("/public/page").respond_with_data(HTML, content_type="text/html")
    fetcher = make_fetcher(config, obey_robots=True)
    with pytest.raises(RobotsDisallowed):
        fetcher.get(httpserver.url_for("/private/page"))
    assert fetcher.get(httpserver.url_for("/public/page")).status == 200
    paths = [request.path for request, _ in httpserver.log]
    assert paths == ["/robots.txt", "/public/page"]  # robots.txt read once, cached


def test_robots_disallow_applies_to_a_redirect_hop(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n", content_type="text/plain"
    )
    httpserver.expect_request("/open").respond_with_response(redirect("/private/x"))
    with pytest.raises(RobotsDisallowed):
        make_fetcher(config, obey_robots=True).get(httpserver.url_for("/open"))


def test_robots_404_allows_everything(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data("no", status=404)
    httpserver.expect_request("/page").respond_with_data(HTML, content_type="text/html")
    assert make_fetcher(config, obey_robots=True).get(httpserver.url_for("/page")).status == 200


def test_robots_5xx_disallows_everything(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=500)
    httpserver.expect_request("/page").respond_with_data(HTML, content_type="text/html")
    with pytest.raises(RobotsDisallowed):
        make_fetcher(config, obey_robots=True).get(httpserver.url_for("/page"))
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt"]


# -- who we are and how often we ask ---------------------------------------------------------


def test_user_agent_names_dossier_and_the_contact(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request("/ua").respond_with_data(HTML, content_type="text/html")
    make_fetcher(config, contact="ops@example.invalid").get(httpserver.url_for("/ua"))
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("dossier/")
    assert "ops@example.invalid" in agent


def _overlap_server(server: HTTPServer) -> dict[str, int]:
    state = {"active": 0, "most": 0}
    lock = threading.Lock()

    def handler(request: Request) -> Response:
        with lock:
            state["active"] += 1
            state["most"] = max(state["most"], state["active"])
        time.sleep(0.3)
        with lock:
            state["active"] -= 1
        return Response(HTML, content_type="text/html")

    server.expect_request("/slow").respond_with_handler(handler)
    return state


def _fetch_in_threads(fetchers, url: str) -> None:
    threads = [threading.Thread(target=f.get, args=(url,)) for f in fetchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)


def test_one_request_at_a_time_per_host(threaded_server: HTTPServer, config, make_fetcher):
    state = _overlap_server(threaded_server)
    fetcher = make_fetcher(config)
    _fetch_in_threads([fetcher, fetcher], threaded_server.url_for("/slow"))
    assert len(threaded_server.log) == 2
    assert state["most"] == 1


def test_the_server_does_overlap_two_fetchers(threaded_server: HTTPServer, config, make_fetcher):
    """The control for the test above: separate Fetchers do not share turns."""
    state = _overlap_server(threaded_server)
    _fetch_in_threads(
        [make_fetcher(config), make_fetcher(config)], threaded_server.url_for("/slow")
    )
    assert state["most"] == 2


def test_min_delay_between_requests_to_a_host(httpserver: HTTPServer, config, make_fetcher, sleeps):
    httpserver.expect_request("/p").respond_with_data(HTML, content_type="text/html")
    fetcher = make_fetcher(config, min_delay=0.2)
    fetcher.get(httpserver.url_for("/p"))
    assert sleeps.calls == []
    fetcher.get(httpserver.url_for("/p"))
    assert len(sleeps.calls) == 1
    assert 0.05 < sleeps.calls[0] <= 0.2


def test_conditional_get_sends_validators(httpserver: HTTPServer, config, make_fetcher):
    httpserver.expect_request(
        "/c",
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Tue, 01 Jul 2025 10:00:00 GMT"},
    ).respond_with_data("", status=304)
    result = make_fetcher(config).get(
        httpserver.url_for("/c"), etag='"v1"', last_modified="Tue, 01 Jul 2025 10:00:00 GMT"
    )
    assert result.not_modified
    assert result.status == 304
    assert result.body == b""
