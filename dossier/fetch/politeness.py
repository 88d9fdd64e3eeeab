"""Being polite to a host: one request at a time, a minimum delay between requests, and
``Retry-After`` read as the server meant it (seconds or an HTTP date)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class HostGate:
    """Per-host turns: a lock per host, and ``min_delay`` seconds from the end of one request
    to a host to the start of the next. Thread-safe; ``sleep``/``clock`` are for tests."""

    def __init__(
        self,
        min_delay: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_delay = max(0.0, min_delay)
        self._sleep = sleep
        self._clock = clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def _lock_for(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold ``host``'s turn: waits for any other request to it and for the delay."""
        host = host.lower()
        with self._lock_for(host):
            last = self._last.get(host)
            if last is not None:
                wait = last + self.min_delay - self._clock()
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self._clock()


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or an HTTP date), or None
    if absent or unreadable. A date in the past means 0."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
