"""Jinja tests for CIDR blocks: strict (a prefix length, no host bits), no AWS call."""

from __future__ import annotations

import ipaddress
from typing import Any


def _network(value: Any, version: int) -> bool:
    text = str(value).strip() if isinstance(value, str) else ""
    if "/" not in text:
        return False
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        return False
    return network.version == version


def ipv4_network(value: Any) -> bool:
    return _network(value, 4)


def ipv6_network(value: Any) -> bool:
    return _network(value, 6)


class TestModule:
    def tests(self) -> dict[str, Any]:
        return {"ipv4_network": ipv4_network, "ipv6_network": ipv6_network}
