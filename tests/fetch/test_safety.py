"""Which URLs and addresses are refused, checked after name resolution (a fake resolver)."""

from __future__ import annotations

import ipaddress
import re

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from dossier.fetch import FetchConfig, Fetcher, UnsafeAddress, UnsupportedScheme, safety
from dossier.fetch.safety import check_scheme, safe_addresses, unsafe_reason

REFUSED = {
    "10.0.0.1": "private",
    "172.16.5.4": "private",
    "192.168.1.1": "private",
    "127.0.0.1": "loopback",
    "127.8.8.8": "loopback",
    "169.254.169.254": "metadata",
    "169.254.10.10": "link-local",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.254": "carrier-grade NAT",
    "0.0.0.0": "unspecified",
    "224.0.0.1": "multicast",
    "240.0.0.1": "reserved",
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "fc00::1": "ULA",
    "fd12:3456::1": "ULA",
    "fd00:ec2::254": "metadata",
    "ff02::1": "multicast",
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.1.2.3": "private",
}
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]


@pytest.mark.parametrize("address,reason", REFUSED.items())
def test_every_refused_class_is_refused_after_resolution(fake_dns, address, reason):
    fake_dns["news.example"] = [address]
    with pytest.raises(UnsafeAddress, match="resolves to") as caught:
        safe_addresses("news.example", 443)
    assert reason.lower() in caught.value.message.lower()


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(fake_dns, address):
    fake_dns["news.example"] = [address]
    assert safe_addresses("news.example", 443) == [ipaddress.ip_address(address)]


def test_one_bad_address_among_good_ones_refuses_the_host(fake_dns):
    fake_dns["news.example"] = ["93.184.216.34", "10.0.0.1"]
    with pytest.raises(UnsafeAddress, match=r"10\.0\.0\.1"):
        safe_addresses("news.example", 80)


def test_literal_addresses_are_checked_without_resolving(fake_dns):
    with pytest.raises(UnsafeAddress, match="loopback"):
        safe_addresses("127.0.0.1", 80)
    with pytest.raises(UnsafeAddress, match="link-local"):
        safe_addresses("[fe80::1]", 80)


def test_metadata_host_names_are_refused_before_resolution(fake_dns):
    with pytest.raises(UnsafeAddress, match="metadata"):
        safe_addresses("metadata.google.internal", 80)
    with pytest.raises(UnsafeAddress, match="metadata"):
        safe_addresses("Metadata.Google.Internal.", 80)


def test_allow_private_lets_private_addresses_through(fake_dns):
    fake_dns["intranet.example"] = ["10.0.0.1"]
    assert safe_addresses("intranet.example", 80, allow_private=True) == [
        ipaddress.ip_address("10.0.0.1")
    ]


def test_unknown_host_is_an_error(fake_dns):
    with pytest.raises(UnsafeAddress, match="cannot resolve"):
        safe_addresses("nowhere.example", 80)


def test_unsafe_reason_of_a_public_address_is_none():
    assert unsafe_reason(ipaddress.ip_address("93.184.216.34")) is None


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/a", "gopher://example.org/", "data:text/html,hi"],
)
@pytest.mark.parametrize("allow_private", [False, True])
def test_other_schemes_are_refused_always(url, allow_private):
    with pytest.raises(UnsupportedScheme):
        check_scheme(url)
    config = FetchConfig(allow_private=allow_private, min_delay=0)
    with Fetcher(config) as fetcher, pytest.raises(UnsupportedScheme):
        fetcher.get(url)


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254", "::1", "100.64.0.1"])
def test_fetcher_refuses_a_host_resolving_to_an_unsafe_address(fake_dns, address):
    fake_dns["evil.example"] = [address]
    config = FetchConfig(min_delay=0, retries=0)
    with Fetcher(config) as fetcher, pytest.raises(UnsafeAddress, match=re.escape(address)):
        fetcher.get("http://evil.example/page")


def test_fetcher_connects_to_the_address_it_checked(fake_dns, httpserver: HTTPServer, config):
    """Names are resolved by safety (here: the fake resolver), never again by the system:
    ``pinned.test`` exists only in the fake table, so the fetch works only if the checked
    address is the one dialled."""
    fake_dns["pinned.test"] = ["127.0.0.1"]
    httpserver.expect_request("/ok").respond_with_data("pinned", content_type="text/plain")
    with Fetcher(config) as fetcher:
        result = fetcher.get(f"http://pinned.test:{httpserver.port}/ok")
    assert result.body == b"pinned"
    assert httpserver.log[0][0].headers["Host"] == f"pinned.test:{httpserver.port}"


def test_each_redirect_hop_is_checked(
    fake_dns, httpserver: HTTPServer, config, monkeypatch: pytest.MonkeyPatch
):
    """A public page redirecting to the metadata address is refused at that hop."""
    original = safety.unsafe_reason
    # The local test server stands for a public host; every other address keeps its rules.
    monkeypatch.setattr(
        safety, "unsafe_reason", lambda a: None if str(a) == "127.0.0.1" else original(a)
    )
    fake_dns["public.test"] = ["127.0.0.1"]
    httpserver.expect_request("/start").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    httpserver.expect_request("/to-file").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"})
    )
    with Fetcher(FetchConfig(min_delay=0, retries=0, obey_robots=False)) as fetcher:
        with pytest.raises(UnsafeAddress, match=r"169\.254\.169\.254"):
            fetcher.get(f"http://public.test:{httpserver.port}/start")
        with pytest.raises(UnsupportedScheme):
            fetcher.get(f"http://public.test:{httpserver.port}/to-file")
    assert len(httpserver.log) == 2
