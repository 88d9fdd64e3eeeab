"""Fixtures for the fetch tests: fast fetcher settings, a recording sleep, a threaded local
server, a fake resolver and stores on SQLite and PostgreSQL. Nothing leaves the machine."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from dossier.fetch import FetchConfig, Fetcher, safety

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry link approved</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ferry link approved</h1>
<p>PORTMERE (Reuters) - The regional council approved a new ferry link between Portmere
and the islands on Tuesday, officials said, after a vote of 31 to 12.</p>
<p>The service will start in May and carry about 400 passengers a day, the council said
in a statement. Opponents said the cost of 12 million euros was too high.</p>
</article><footer>Copyright 2025 Example News</footer></body></html>
"""

CHANGED_HTML = ARTICLE_HTML.replace("31 to 12", "33 to 10").replace("400 passengers", "450")


class Sleeps:
    """A sleep that records what it was asked and really sleeps (capped for speed)."""

    def __init__(self, cap: float = 1.5) -> None:
        self.calls: list[float] = []
        self.cap = cap

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        time.sleep(min(seconds, self.cap))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def config() -> FetchConfig:
    """Settings for a pytest-httpserver on 127.0.0.1: private allowed, no delays."""
    return FetchConfig(
        allow_private=True,
        min_delay=0,
        backoff=0.01,
        timeout=3.0,
        retries=2,
        obey_robots=False,
        contact="tests@example.invalid",
    )


@pytest.fixture
def make_fetcher(sleeps: Sleeps) -> Iterator[Callable[..., Fetcher]]:
    """``make_fetcher(config, **changes)``: a Fetcher closed after the test."""
    made: list[Fetcher] = []

    def make(config: FetchConfig, **changes: object) -> Fetcher:
        from dataclasses import replace

        fetcher = Fetcher(replace(config, **changes), sleep=sleeps)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A pytest-httpserver that answers requests concurrently."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names resolved by dossier.fetch.safety: fill the dict, ``{"host": ["10.0.0.1"]}``.

    A name not in it fails as an unknown host would.
    """
    table: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        infos = []
        for address in table[host]:
            if ":" in address:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos

    monkeypatch.setattr(safety, "getaddrinfo", getaddrinfo)
    return table
