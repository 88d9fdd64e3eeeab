"""SOURCES.yaml: what ``dossier watch`` polls, read and checked before anything is fetched.

A bad file or a bad entry is one :class:`~dossier.errors.ConfigError` naming the entry; top-level
keys other than ``defaults`` and ``sources`` (``alerts``, read by :mod:`dossier.alerts`) are left
alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from dossier.errors import ConfigError

KINDS = ("feed", "sitemap", "listing")
DEFAULT_EVERY = 15 * 60
"""Seconds between polls of a source when neither it nor ``defaults`` says."""

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SOURCE_KEYS = {"name", "every", "pattern", *KINDS}
_DEFAULT_KEYS = {"every", "contact"}


@dataclass(frozen=True)
class Source:
    """One thing to poll: a feed, a sitemap or a listing page, every ``interval_s`` seconds."""

    name: str
    kind: str
    url: str
    interval_s: int
    pattern: re.Pattern[str] | None = None
    """Only item URLs this regex finds (``re.search``) are kept; on a listing page it replaces
    the article-looking rule."""


@dataclass(frozen=True)
class WatchConfig:
    """A whole SOURCES.yaml: the sources, in file order, and the defaults."""

    sources: tuple[Source, ...]
    default_interval: int = DEFAULT_EVERY
    contact: str | None = None


def parse_every(value: object, *, where: str) -> int:
    """Seconds from ``15m``, ``90s``, ``1h``, ``1d``, ``300`` or the number 300 (at least 1).

    >>> parse_every("15m", where="x"), parse_every(30, where="x"), parse_every("2h", where="x")
    (900, 30, 7200)
    """
    if isinstance(value, bool):
        raise ConfigError(f"{where}: every must be a duration like 15m, 90s or 300")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _EVERY.match(str(value))
        if match is None:
            raise ConfigError(f"{where}: every {value!r} is not a duration like 15m, 90s or 300")
        seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 1:
        raise ConfigError(f"{where}: every must be at least 1 second, not {value!r}")
    return int(seconds)


def _check_url(url: object, *, where: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{where}: the URL must be a string")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")
    return url


def _source(entry: object, number: int, default_interval: int) -> Source:
    where = f"sources entry {number}"
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where}: must be a mapping with a name and a feed, sitemap or listing")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: needs a name")
    name = name.strip()
    if len(name) > 255:
        raise ConfigError(f"{where}: name is longer than 255 characters")
    where = f"source {name!r} (entry {number})"
    unknown = sorted(str(k) for k in entry if k not in _SOURCE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)}")
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: needs exactly one of feed, sitemap, listing")
    kind = kinds[0]
    url = _check_url(entry[kind], where=where)
    interval = default_interval
    if entry.get("every") is not None:
        interval = parse_every(entry["every"], where=where)
    pattern = None
    if entry.get("pattern") is not None:
        try:
            pattern = re.compile(str(entry["pattern"]))
        except re.error as exc:
            raise ConfigError(f"{where}: pattern is not a regular expression ({exc})") from None
    return Source(name=name, kind=kind, url=url, interval_s=interval, pattern=pattern)


def parse_sources(data: object, *, origin: str = "SOURCES.yaml") -> WatchConfig:
    """A :class:`WatchConfig` from the parsed YAML; raises ConfigError naming the bad entry."""
    if not isinstance(data, Mapping):
        raise ConfigError("must be a mapping with a 'sources' list", source=origin)
    defaults: Any = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise ConfigError("defaults must be a mapping", source=origin)
    unknown = sorted(str(k) for k in defaults if k not in _DEFAULT_KEYS)
    if unknown:
        raise ConfigError(f"defaults: unknown key {', '.join(unknown)}", source=origin)
    try:
        interval = DEFAULT_EVERY
        if defaults.get("every") is not None:
            interval = parse_every(defaults["every"], where="defaults")
        contact = defaults.get("contact")
        if contact is not None and not isinstance(contact, str):
            raise ConfigError("defaults: contact must be a string")
        entries = data.get("sources")
        if not isinstance(entries, list) or not entries:
            raise ConfigError("'sources' must be a non-empty list")
        sources = [_source(e, n, interval) for n, e in enumerate(entries, start=1)]
    except ConfigError as exc:
        raise ConfigError(exc.message, source=origin) from None
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ConfigError(f"source {source.name!r} is named twice", source=origin)
        seen.add(source.name)
    return WatchConfig(tuple(sources), default_interval=interval, contact=contact or None)


def load_sources(path: str | Path) -> WatchConfig:
    """Read and check a SOURCES.yaml file; raises ConfigError for anything wrong with it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read sources file: {exc}", source=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"not valid YAML{at}: {problem}", source=str(path)) from None
    return parse_sources(data, origin=str(path))
