"""Fetching pages from the web, politely and safely (see :mod:`dossier.fetch.client`)."""

from __future__ import annotations

from dossier.fetch.client import FetchConfig, Fetcher, FetchResult
from dossier.fetch.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusFailure,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsafeAddress,
    UnsupportedContent,
    UnsupportedScheme,
)

__all__ = [
    "FetchConfig",
    "FetchError",
    "FetchResult",
    "FetchTimeout",
    "Fetcher",
    "HTTPStatusFailure",
    "RobotsDisallowed",
    "TooLarge",
    "TooManyRedirects",
    "UnsafeAddress",
    "UnsupportedContent",
    "UnsupportedScheme",
]
