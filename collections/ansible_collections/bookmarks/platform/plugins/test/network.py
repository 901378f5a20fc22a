# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jinja tests for CIDR blocks: strict (a prefix length, no host bits), no AWS call."""

from __future__ import annotations

from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import is_network


def ipv4_network(value: Any) -> bool:
    return is_network(value, 4)


def ipv6_network(value: Any) -> bool:
    return is_network(value, 6)


class TestModule:
    def tests(self) -> dict[str, Any]:
        return {"ipv4_network": ipv4_network, "ipv6_network": ipv6_network}
