"""SOURCES.yaml: reading, defaults, and a clear ConfigError naming the bad entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import ConfigError
from dossier.watch.sources import DEFAULT_EVERY, load_sources, parse_every, parse_sources

GOOD = """
defaults: {every: 10m, contact: "ops@example.org"}
sources:
  - {name: reuters-world, feed: "https://example.org/world/rss"}
  - {name: site-news, sitemap: "https://example.org/news-sitemap.xml", every: 5m}
  - {name: front, listing: "https://example.org/world/", pattern: "/20\\\\d\\\\d/"}
  - {name: slow, feed: "http://example.net/feed", every: 3600}
alerts:
  - {name: anything, whatever: [1, 2]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "SOURCES.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file(tmp_path: Path) -> None:
    config = load_sources(write(tmp_path, GOOD))
    assert [s.name for s in config.sources] == ["reuters-world", "site-news", "front", "slow"]
    assert [s.kind for s in config.sources] == ["feed", "sitemap", "listing", "feed"]
    assert [s.interval_s for s in config.sources] == [600, 300, 600, 3600]
    assert config.contact == "ops@example.org"
    front = config.sources[2]
    assert front.url == "https://example.org/world/"
    assert front.pattern is not None and front.pattern.search("/world/2025/grid")
    assert not front.pattern.search("/world/live")
    assert config.sources[0].pattern is None


def test_defaults_are_optional() -> None:
    config = parse_sources({"sources": [{"name": "a", "feed": "https://x.org/rss"}]})
    assert config.sources[0].interval_s == DEFAULT_EVERY == 900
    assert config.contact is None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400), ("300", 300), (45, 45), ("1.5m", 90)],
)
def test_every(value: object, seconds: int) -> None:
    assert parse_every(value, where="x") == seconds


@pytest.mark.parametrize("value", ["soon", "0", 0, "-5m", True, "15 minutes"])
def test_bad_every(value: object) -> None:
    with pytest.raises(ConfigError, match="x: every"):
        parse_every(value, where="x")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"feed": "https://x.org/rss"}, "sources entry 2: needs a name"),
        ({"name": "b"}, "source 'b' \\(entry 2\\): needs exactly one of feed, sitemap, listing"),
        (
            {"name": "b", "feed": "https://x.org/rss", "sitemap": "https://x.org/s.xml"},
            "source 'b' \\(entry 2\\): needs exactly one",
        ),
        (
            {"name": "b", "feed": "ftp://x.org/rss"},
            "source 'b' \\(entry 2\\): 'ftp://x.org/rss' is not",
        ),
        ({"name": "b", "feed": "https://x.org/rss", "evry": "5m"}, "unknown key evry"),
        ({"name": "b", "listing": "https://x.org/", "pattern": "(unclosed"}, "pattern is not"),
        ({"name": "b", "feed": "https://x.org/rss", "every": "often"}, "every 'often'"),
        ({"name": "a", "feed": "https://x.org/other"}, "source 'a' is named twice"),
        ("just a string", "sources entry 2: must be a mapping"),
    ],
)
def test_bad_entry_is_named(entry: object, message: str) -> None:
    data = {"sources": [{"name": "a", "feed": "https://x.org/rss"}, entry]}
    with pytest.raises(ConfigError, match=message) as caught:
        parse_sources(data, origin="S.yaml")
    assert str(caught.value).startswith("S.yaml: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "must be a mapping"),
        ({"sources": []}, "'sources' must be a non-empty list"),
        ({"alerts": []}, "'sources' must be a non-empty list"),
        ({"defaults": {"evry": 5}, "sources": [{"name": "a", "feed": "https://x.org/"}]}, "evry"),
        (
            {"defaults": {"every": "x"}, "sources": [{"name": "a", "feed": "https://x.org/"}]},
            "defaults",
        ),
    ],
)
def test_bad_file_shape(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_sources(data)


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - {name: a, feed: https://x.org/rss\n  - oops: [\n")
    with pytest.raises(ConfigError, match=r"not valid YAML at line \d+") as caught:
        load_sources(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read sources file"):
        load_sources(tmp_path / "nope.yaml")
