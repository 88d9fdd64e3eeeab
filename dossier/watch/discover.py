"""Items from what a source serves: RSS/Atom feeds, sitemaps and listing pages.

- *feeds* (feedparser): each entry's link, title, published and updated dates;
- *sitemaps* (lxml): each ``<url><loc>`` with its ``<lastmod>``; Google news sitemaps add
  ``<news:news>`` with ``<news:publication_date>`` and ``<news:title>``; a sitemap index
  (``<sitemapindex>``) gives child sitemaps, which the watcher fetches (one level only);
- *listing pages* (lxml.html): links to the same site (``www.`` ignored) whose path looks like an
  article: a date in the path (``/2025/10/07/``, ``2025-10-07``, ``20251007``), or a long slug
  (four or more words joined by ``-`` or ``_``, 20 characters or more), or a slug ending in a
  long number (``world-europe-12345678``). A source's ``pattern`` replaces that rule.

Every function takes bytes and the URL they came from and returns items in document order,
each URL once (fragments dropped).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from dossier.errors import InputError

logger = logging.getLogger(__name__)

_SKIP_EXTENSIONS = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|css|js|json|xml|rss|atom|pdf|zip|gz|mp[34]|mov|avi|woff2?)$",
    re.IGNORECASE,
)
_DATE_PATH = re.compile(r"/(19|20)\d\d/(0?[1-9]|1[0-2])(/|$)")
_DATE_SEGMENT = re.compile(r"(?<!\d)((19|20)\d\d-[01]\d-[0-3]\d|(19|20)\d\d[01]\d[0-3]\d)(?!\d)")
_WORD_SEPARATOR = re.compile(r"[-_]+")
_ID_SLUG = re.compile(r"[a-z].*[-_]\d{6,}$", re.IGNORECASE)
_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """One article a source lists: its URL and what the source says of it."""

    url: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None


@dataclass(frozen=True)
class Discovered:
    """What one document of a source gave: article items, and child sitemaps to follow."""

    items: list[Item]
    children: list[Item]
    """Child sitemaps of a sitemap index (``updated`` is their ``<lastmod>``)."""


def clean_url(href: str | None, base: str) -> str | None:
    """``href`` made absolute against ``base``, fragment dropped; None if not http(s)."""
    if not href or not href.strip():
        return None
    url, _ = urldefrag(urljoin(base, href.strip()))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _unique(items: list[Item]) -> list[Item]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            kept.append(item)
    return kept


# -- feeds -------------------------------------------------------------------------------------


def feed_items(body: bytes, base_url: str) -> list[Item]:
    """The entries of an RSS or Atom feed that have a link; raises InputError if not a feed."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(body))
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom found"
        raise InputError(f"not a readable RSS or Atom feed: {reason}", source=base_url)
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        url = clean_url(entry.get("link"), base_url)
        if url is None:
            logger.info("%s: entry %d has no http(s) link; skipped", base_url, number)
            continue
        items.append(
            Item(
                url=url,
                title=entry.get("title") or None,
                published=_feed_date(entry, "published"),
                updated=_feed_date(entry, "updated"),
            )
        )
    return _unique(items)


def _feed_date(entry: dict, key: str) -> str | None:
    """An entry's date as UTC ISO 8601 (the raw string if feedparser could not read it).
    ``dict.get`` skips feedparser's deprecated fallback from ``updated`` to ``published``."""
    import time

    parsed = dict.get(entry, f"{key}_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
    return dict.get(entry, key) or None


# -- sitemaps ----------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: object, *path: str) -> str | None:
    """The text of the first descendant along ``path`` (local names, any namespace)."""
    current = [element]
    for name in path:
        current = [c for e in current for c in e if _local(c.tag) == name]  # type: ignore[attr-defined]
        if not current:
            return None
    text = current[0].text  # type: ignore[attr-defined]
    return text.strip() if text and text.strip() else None


def sitemap_items(body: bytes, base_url: str) -> Discovered:
    """The URLs of a sitemap (with news title and date), or the children of a sitemap index.

    Raises InputError when the bytes are not a sitemap.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not a readable sitemap: {exc}", source=base_url) from None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise InputError("not a sitemap (no <urlset> or <sitemapindex>)", source=base_url)
    if _local(root.tag) == "sitemapindex":
        children = []
        for node in root:
            if _local(node.tag) == "sitemap":
                url = clean_url(_child_text(node, "loc"), base_url)
                if url is not None:
                    children.append(Item(url=url, updated=_child_text(node, "lastmod")))
        return Discovered(items=[], children=_unique(children))
    items = []
    for node in root:
        if _local(node.tag) != "url":
            continue
        url = clean_url(_child_text(node, "loc"), base_url)
        if url is None:
            continue
        items.append(
            Item(
                url=url,
                title=_child_text(node, "news", "title"),
                published=_child_text(node, "news", "publication_date"),
                updated=_child_text(node, "lastmod"),
            )
        )
    return Discovered(items=_unique(items), children=[])


# -- listing pages -----------------------------------------------------------------------------


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


def looks_like_article(url: str) -> bool:
    """Whether a URL's path looks like an article's: a date in it, or a long slug.

    >>> looks_like_article("https://x.org/world/2025/10/07/grid-attack")
    True
    >>> looks_like_article("https://x.org/news/ukraine-says-russia-struck-the-grid")
    True
    >>> looks_like_article("https://x.org/news/world-europe-12345678")
    True
    >>> looks_like_article("https://x.org/world/"), looks_like_article("https://x.org/about-us")
    (False, False)
    """
    path = urlsplit(url).path
    if _SKIP_EXTENSIONS.search(path):
        return False
    if _DATE_PATH.search(path) or _DATE_SEGMENT.search(path):
        return True
    for segment in path.split("/"):
        slug = _PAGE_SUFFIX.sub("", segment)
        words = [w for w in _WORD_SEPARATOR.split(slug) if w]
        if len(words) >= 4 and len(slug) >= 20:
            return True
        if _ID_SLUG.search(slug):
            return True
    return False


def listing_items(
    body: bytes, base_url: str, *, pattern: re.Pattern[str] | None = None
) -> list[Item]:
    """Article links on a listing page: same site, and matching ``pattern`` if given, else
    :func:`looks_like_article`. The link text is the item's title."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not a readable HTML page: {exc}", source=base_url) from None
    base = base_url
    for node in root.iter("base"):
        if node.get("href"):
            base = urljoin(base_url, node.get("href"))
            break
    site = _site(urlsplit(base_url).hostname)
    page, _ = urldefrag(base_url)
    items = []
    for anchor in root.iter("a"):
        url = clean_url(anchor.get("href"), base)
        if url is None or url == page or _site(urlsplit(url).hostname) != site:
            continue
        if pattern is not None:
            if not pattern.search(url):
                continue
        elif not looks_like_article(url):
            continue
        title = " ".join(anchor.text_content().split()) or None
        items.append(Item(url=url, title=title))
    return _unique(items)


def filter_items(items: list[Item], pattern: re.Pattern[str] | None) -> list[Item]:
    """The items whose URL ``pattern`` finds (all of them without a pattern)."""
    if pattern is None:
        return items
    return [i for i in items if pattern.search(i.url)]
