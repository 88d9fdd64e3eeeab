"""Items from feeds, sitemaps and listing pages."""

from __future__ import annotations

import re

import pytest

from dossier.errors import InputError
from dossier.watch.discover import (
    feed_items,
    filter_items,
    listing_items,
    looks_like_article,
    sitemap_items,
)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title><link>https://news.example/</link>
<item><title>Grid hit</title><link>https://news.example/a/grid-hit</link>
<pubDate>Tue, 07 Oct 2025 10:00:00 GMT</pubDate><description>Full text here.</description></item>
<item><title>No link</title><description>text only</description></item>
<item><title>Relative</title><link>/a/relative#comments</link></item>
<item><title>Again</title><link>https://news.example/a/grid-hit</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:x</id>
<updated>2025-10-07T12:00:00Z</updated>
<entry><title>First</title><id>urn:1</id><link rel="alternate" href="https://news.example/1"/>
<published>2025-10-07T09:00:00Z</published><updated>2025-10-07T11:30:00Z</updated></entry>
<entry><title>Second</title><id>urn:2</id><link href="https://news.example/2"/>
<updated>2025-10-06T08:00:00+02:00</updated></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/p/1</loc><lastmod>2025-10-07</lastmod></url>
<url><loc> https://news.example/p/2 </loc></url>
<url><loc>mailto:someone@example.org</loc></url>
</urlset>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/n/1</loc>
<news:news><news:publication><news:name>Wire</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2025-10-07T10:00:00+00:00</news:publication_date>
<news:title>Strike on the grid</news:title></news:news></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/s1.xml</loc><lastmod>2025-10-07T00:00:00Z</lastmod></sitemap>
<sitemap><loc>/s2.xml</loc></sitemap>
</sitemapindex>"""

LISTING = b"""<html><head><title>World</title></head><body>
<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/about-us">About us</a>
<a href="/privacy">Privacy</a> <a href="/world/live">Live</a></nav>
<a href="/world/2025/10/07/grid-attack">Grid  attack
 kills two</a>
<a href="https://www.news.example/world/ukraine-says-russia-struck-the-grid">Ukraine says</a>
<a href="/news/world-europe-12345678">BBC style</a>
<a href="/world/2025-10-06-talks.html#top">Talks</a>
<a href="/world/2025/10/07/grid-attack">duplicate</a>
<a href="https://other.example/world/2025/10/07/elsewhere-story">off site</a>
<a href="/img/2025/10/07/photo.jpg">photo</a>
<a href="javascript:void(0)">js</a>
</body></html>"""


def test_rss() -> None:
    items = feed_items(RSS, "https://news.example/rss")
    assert [i.url for i in items] == [
        "https://news.example/a/grid-hit",
        "https://news.example/a/relative",
    ]
    assert items[0].title == "Grid hit"
    assert items[0].published == "2025-10-07T10:00:00+00:00"


def test_atom() -> None:
    items = feed_items(ATOM, "https://news.example/atom")
    assert [i.url for i in items] == ["https://news.example/1", "https://news.example/2"]
    assert items[0].published == "2025-10-07T09:00:00+00:00"
    assert items[0].updated == "2025-10-07T11:30:00+00:00"
    assert items[1].updated == "2025-10-06T06:00:00+00:00"


def test_not_a_feed() -> None:
    with pytest.raises(InputError, match="not a readable RSS or Atom feed"):
        feed_items(b"<html><body>hello</body></html>", "https://news.example/rss")


def test_sitemap() -> None:
    found = sitemap_items(SITEMAP, "https://news.example/sitemap.xml")
    assert [i.url for i in found.items] == ["https://news.example/p/1", "https://news.example/p/2"]
    assert found.items[0].updated == "2025-10-07"
    assert found.children == []


def test_news_sitemap() -> None:
    (item,) = sitemap_items(NEWS, "https://news.example/news.xml").items
    assert item.url == "https://news.example/n/1"
    assert item.title == "Strike on the grid"
    assert item.published == "2025-10-07T10:00:00+00:00"


def test_sitemap_index() -> None:
    found = sitemap_items(INDEX, "https://news.example/index.xml")
    assert found.items == []
    assert [c.url for c in found.children] == [
        "https://news.example/s1.xml",
        "https://news.example/s2.xml",
    ]
    assert found.children[0].updated == "2025-10-07T00:00:00Z"


@pytest.mark.parametrize(
    "body",
    [b"<html><body>no</body></html>", b"not xml at all", b"", b"<rss version='2.0'></rss>"],
)
def test_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(InputError, match="sitemap"):
        sitemap_items(body, "https://news.example/sitemap.xml")


def test_sitemap_entities_not_expanded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url></urlset>"""
    found = sitemap_items(evil, "https://news.example/sitemap.xml")
    assert all("root:" not in i.url for i in found.items)


def test_listing_finds_articles() -> None:
    items = listing_items(LISTING, "https://news.example/world/")
    assert [i.url for i in items] == [
        "https://news.example/world/2025/10/07/grid-attack",
        "https://www.news.example/world/ukraine-says-russia-struck-the-grid",
        "https://news.example/news/world-europe-12345678",
        "https://news.example/world/2025-10-06-talks.html",
    ]
    assert items[0].title == "Grid attack kills two"


def test_listing_pattern_replaces_the_rule() -> None:
    items = listing_items(
        LISTING, "https://news.example/world/", pattern=re.compile(r"/live$|/20\d\d/")
    )
    assert [i.url for i in items] == [
        "https://news.example/world/live",
        "https://news.example/world/2025/10/07/grid-attack",
        "https://news.example/img/2025/10/07/photo.jpg",
    ]


def test_listing_base_element() -> None:
    body = (
        b'<html><head><base href="https://news.example/x/"></head><body>'
        b'<a href="2025/10/07/story">s</a></body></html>'
    )
    items = listing_items(body, "https://news.example/world/")
    assert [i.url for i in items] == ["https://news.example/x/2025/10/07/story"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.org/2025/10/07/a", True),
        ("https://x.org/politics/20251007/story", True),
        ("https://x.org/news/a-long-story-about-things", True),
        ("https://x.org/news/story_with_underscored_words.html", True),
        ("https://x.org/terms", False),
        ("https://x.org/world/europe", False),
        ("https://x.org/tag/ukraine-war", False),
        ("https://x.org/2025/10/07/chart.png", False),
        ("https://x.org/id/123456789", False),
    ],
)
def test_looks_like_article(url: str, expected: bool) -> None:
    assert looks_like_article(url) is expected


def test_filter_items() -> None:
    items = feed_items(RSS, "https://news.example/rss")
    assert [i.url for i in filter_items(items, re.compile("relative"))] == [
        "https://news.example/a/relative"
    ]
    assert filter_items(items, None) == items
