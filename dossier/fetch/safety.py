"""Which URLs and addresses dossier may fetch from.

Only http and https URLs are fetched, always. Unless ``allow_private`` is set, a host is
resolved (``getaddrinfo``) and refused if *any* of its addresses is loopback, private
(RFC 1918, ULA ``fc00::/7``), link-local, carrier-grade NAT (``100.64.0.0/10``),
unspecified, multicast, reserved or a cloud metadata address. The checked addresses are the
ones connected to: :class:`dossier.fetch.client.PinnedBackend` resolves through
:func:`safe_addresses` at connect time and dials the checked IP itself, so a DNS answer
cannot change between the check and the connection (no DNS rebinding window).
"""

from __future__ import annotations

import ipaddress
import socket
from socket import getaddrinfo  # module-level so tests can substitute a fake resolver
from urllib.parse import urlsplit

from dossier.fetch.errors import UnsafeAddress, UnsupportedScheme

ALLOWED_SCHEMES = frozenset({"http", "https"})

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_ULA = ipaddress.ip_network("fc00::/7")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_scheme(url: str) -> str:
    """The URL's lower-cased scheme; :class:`UnsupportedScheme` unless http or https."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise UnsupportedScheme(f"only http and https URLs are fetched, not {shown}", source=url)
    return scheme


def unsafe_reason(address: IPAddress) -> str | None:
    """Why dossier refuses to connect to ``address``, or None if it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return unsafe_reason(address.ipv4_mapped)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.version == 4 and address in _CGNAT, "carrier-grade NAT"),
        (address.version == 6 and address in _ULA, "private (ULA)"),
        (address.is_multicast, "multicast"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        (not address.is_global, "not globally routable"),
    )
    for hit, reason in checks:
        if hit:
            return reason
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses ``host`` resolves to, in resolver order, without duplicates."""
    host = host.strip("[]")
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeAddress(f"cannot resolve host {host!r}: {exc}", source=host) from exc
    seen: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in seen:
            seen.append(address)
    if not seen:
        raise UnsafeAddress(f"host {host!r} resolves to no address", source=host)
    return seen


def safe_addresses(host: str, port: int, *, allow_private: bool = False) -> list[IPAddress]:
    """Resolve ``host`` and check every address; :class:`UnsafeAddress` if any is refused."""
    bare = host.strip("[]").lower().rstrip(".")
    if not allow_private and bare in METADATA_HOSTS:
        raise UnsafeAddress(f"host {bare!r} is a cloud metadata service", source=host)
    addresses = resolve(bare, port)
    if allow_private:
        return addresses
    for address in addresses:
        reason = unsafe_reason(address)
        if reason is not None:
            raise UnsafeAddress(
                f"host {bare!r} resolves to {address}, {reason}; not fetched (on a closed "
                "network, DOSSIER_ALLOW_PRIVATE_FETCH=1 allows it)",
                source=host,
            )
    return addresses
