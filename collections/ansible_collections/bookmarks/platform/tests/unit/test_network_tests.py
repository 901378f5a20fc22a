from __future__ import annotations

import pytest

from ansible_collections.bookmarks.platform.plugins.test.network import ipv4_network, ipv6_network


@pytest.mark.parametrize("value", ["0.0.0.0/0", "10.0.0.0/16", "203.0.113.7/32"])
def test_ipv4_networks(value: str) -> None:
    assert ipv4_network(value)


@pytest.mark.parametrize("value", ["10.0.0.1/16", "10.0.0.0", "10.0.0.0/33", "::/0", "", None, 10, "0.0.0.0/0 "])
def test_not_ipv4_networks(value: object) -> None:
    # "0.0.0.0/0 " is stripped and accepted only if the rest is valid; the others are wrong.
    assert ipv4_network(value) is (value == "0.0.0.0/0 ")


@pytest.mark.parametrize(("value", "expected"), [("::/0", True), ("2001:db8::/32", True), ("2001:db8::1/32", False), ("0.0.0.0/0", False)])
def test_ipv6_networks(value: str, expected: bool) -> None:
    assert ipv6_network(value) is expected
