"""robots.txt, read as RFC 9309 says, cached per origin for the life of a Fetcher.

A robots.txt that answers 4xx is "unavailable": everything is allowed. One that answers 5xx
(after retries) is "unreachable": everything is disallowed; one that cannot be fetched at
all (no connection, timeout, unsafe address) fails the fetch with that error. Redirects
are followed (up to five hops, by the fetcher); at most 512 KiB of it is parsed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

ROBOTS_MAX_BYTES = 512 * 1024

# fetch(url) -> (status, body); raises HTTPStatusFailure on 5xx, FetchError when unreachable.
RobotsFetch = Callable[[str], tuple[int, bytes]]


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def robots_url(url: str) -> str:
    """The robots.txt URL for ``url``'s origin."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/robots.txt", "", ""))


def parse_robots(status: int, body: bytes) -> RobotFileParser:
    """A parser for a robots.txt answer: 2xx parsed, 4xx allow all, anything else disallow."""
    parser = RobotFileParser()
    if 200 <= status < 300:
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
    elif 400 <= status < 500 and status != 429:
        parser.allow_all = True
    else:
        parser.disallow_all = True
    return parser


class RobotsCache:
    """robots.txt per origin, fetched once with ``fetch`` and kept."""

    def __init__(self, agent: str, fetch: RobotsFetch) -> None:
        self.agent = agent
        self._fetch = fetch
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._parsers: dict[str, RobotFileParser] = {}

    def parser_for(self, url: str) -> RobotFileParser:
        """The parsed robots.txt of ``url``'s origin (fetched on first use)."""
        origin = origin_of(url)
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            parser = self._parsers.get(origin)
            if parser is None:
                parser = self._load(robots_url(url))
                self._parsers[origin] = parser
            return parser

    def _load(self, url: str) -> RobotFileParser:
        from dossier.fetch.errors import HTTPStatusFailure

        try:
            status, body = self._fetch(url)
        except HTTPStatusFailure as exc:  # 5xx or 429 after retries: unreachable
            status, body = exc.status, b""
        return parse_robots(status, body)

    def allowed(self, url: str) -> bool:
        """Whether the agent may fetch ``url``."""
        return self.parser_for(url).can_fetch(self.agent, url)
