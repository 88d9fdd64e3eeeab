"""The errors of fetching pages: all :class:`FetchError`, itself a :class:`DossierError`."""

from __future__ import annotations

from dossier.errors import DossierError


class FetchError(DossierError):
    """A page could not be fetched (network, status, size, safety, robots.txt)."""

    exit_code = 6


class UnsupportedScheme(FetchError):
    """The URL's scheme is not http or https (file:, ftp:, gopher:, data: ...)."""


class UnsafeAddress(FetchError):
    """The host resolves to an address dossier will not connect to (private, loopback ...)."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt forbids dossier to fetch this URL."""


class TooLarge(FetchError):
    """The body is larger than the configured cap (declared or counted after decoding)."""


class TooManyRedirects(FetchError):
    """The redirects loop or go on for more hops than allowed."""


class FetchTimeout(FetchError):
    """The server did not answer (or finish answering) in time."""


class HTTPStatusFailure(FetchError):
    """The server answered with a status that is not a success."""

    def __init__(self, message: str, *, status: int, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.status = status


class UnsupportedContent(FetchError):
    """The page is not HTML or plain text (a PDF, an image ...)."""
