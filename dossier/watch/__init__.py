"""Watching sources: ``dossier watch SOURCES.yaml`` polls RSS/Atom feeds, sitemaps and listing
pages, fetches each new article as a page, adds it to the store and links it.

SOURCES.yaml::

    defaults: {every: 15m, contact: "ops@example.org"}   # both optional
    sources:
      - {name: reuters-world, feed: https://example.org/world/rss}
      - {name: site-news, sitemap: https://example.org/news-sitemap.xml, every: 5m}
      - {name: front, listing: https://example.org/world/, pattern: "/20\\\\d\\\\d/"}
    alerts: [...]   # other top-level keys are left to their readers (dossier.alerts)

Each source has a unique ``name`` (at most 255 characters) and exactly one of ``feed`` (RSS or
Atom), ``sitemap`` (a sitemap, a Google news sitemap, or a sitemap index whose child sitemaps
are followed one level) or ``listing`` (an HTML page whose article links are taken: links to the
same site whose path has a date or a long slug). ``every`` is how often it is polled: ``90s``,
``15m``, ``2h``, ``1d`` or a number of seconds (default ``defaults.every``, else 15 minutes).
``pattern`` (a Python regex, searched in the URL) keeps only the item URLs it finds; on a
listing page it replaces the article-looking rule. ``defaults.contact`` goes into the
User-Agent of every request. An unknown key, a missing name, a bad URL, duration or regex is a
:class:`~dossier.errors.ConfigError` naming the entry.

State lives in the store (tables ``watch_sources`` and ``watch_items``, see
:mod:`dossier.watch.state`): validators for conditional GET, when each source was polled and is
next due, and every item seen with what became of it (``pending`` before its fetch; ``added``,
``present`` or ``failed`` after). A restart therefore resumes without refetching, and retries
the items a killed watcher left pending. ``dossier watch --status`` and the web UI's ``/watch``
page show the same table.
"""

from __future__ import annotations

from dossier.watch.sources import Source, WatchConfig, load_sources, parse_sources

__all__ = ["Source", "WatchConfig", "load_sources", "parse_sources"]
