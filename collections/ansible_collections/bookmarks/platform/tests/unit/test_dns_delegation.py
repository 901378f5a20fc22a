"""dns_delegation against a DNS server of the test's own (tests/fake_dns.py): the parent's referral decides."""

from __future__ import annotations

import pytest

from ansible_collections.bookmarks.platform.plugins.modules import dns_delegation as module
from tests.fake_dns import fake_dns

ZONE = "bookmarks.example.test"
ROUTE53 = ["ns-1536.awsdns-00.co.uk", "ns-0.awsdns-00.com", "ns-1024.awsdns-00.org", "ns-512.awsdns-00.net"]


def test_a_delegated_zone_is_found_delegated_to_its_route53_servers() -> None:
    with fake_dns(ZONE, delegated_to=[name.upper() + "." for name in ROUTE53]) as server:
        parent, found = module.delegated_to(ZONE, f"127.0.0.1:{server.port}", timeout=2)
    assert parent == "example.test"
    assert found == sorted(ROUTE53)
    # The parent's server was asked without recursion: its own referral, not a cache.
    assert (f"{ZONE}.", "NS", False) in server.queries


def test_a_zone_still_at_the_registrars_servers_is_not_delegated() -> None:
    with fake_dns(ZONE, delegated_to=["dns1.registrar.example", "dns2.registrar.example"]) as server:
        _answered, found = module.delegated_to(ZONE, f"127.0.0.1:{server.port}", timeout=2)
    assert found == ["dns1.registrar.example", "dns2.registrar.example"]
    assert found != module.normalise(ROUTE53)


def test_a_zone_the_parent_does_not_know_has_no_delegation() -> None:
    with fake_dns(ZONE) as server:
        assert module.delegated_to(ZONE, f"127.0.0.1:{server.port}", timeout=2) == ("example.test", [])


def test_no_answer_is_an_error_naming_the_parent() -> None:
    with fake_dns(ZONE) as server:
        port = server.port
    with pytest.raises(Exception):  # nothing listens any more
        module.delegated_to(ZONE, f"127.0.0.1:{port}", timeout=0.3)


@pytest.mark.parametrize(("resolver", "split"), [("", ("", None)), ("10.0.0.2", ("10.0.0.2", None)), ("127.0.0.1:5353", ("127.0.0.1", 5353))])
def test_resolver_forms(resolver: str, split: tuple[str, int | None]) -> None:
    assert module.split_resolver(resolver) == split
