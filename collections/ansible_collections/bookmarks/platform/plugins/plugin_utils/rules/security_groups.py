# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the security_groups role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, is_network, rule, teardown_timing


@rule("security_groups")
def security_groups_alb_ingress(v: Values) -> str | None:
    bad = [cidr for cidr in v["security_groups_alb_ingress_cidrs"] if not is_network(cidr, 4)]
    if not bad:
        return None
    return f"security_groups_alb_ingress_cidrs: {', '.join(map(str, bad))} not IPv4 CIDR blocks (like 0.0.0.0/0 or 203.0.113.0/24)."


@rule("security_groups")
def security_groups_alb_ingress_ipv6(v: Values) -> str | None:
    bad = [cidr for cidr in v["security_groups_alb_ingress_ipv6_cidrs"] if not is_network(cidr, 6)]
    if not bad:
        return None
    return f"security_groups_alb_ingress_ipv6_cidrs: {', '.join(map(str, bad))} not IPv6 CIDR blocks (like ::/0)."


@rule("security_groups")
def security_groups_alb_reachable(v: Values) -> str | None:
    names = ("security_groups_alb_ingress_prefix_lists", "security_groups_alb_ingress_cidrs", "security_groups_alb_ingress_ipv6_cidrs")
    if any(v[name] for name in names):
        return None
    return f"{' / '.join(names)}: all empty, so nothing could reach the ALB (the default is CloudFront's origin-facing prefix list)."


@rule("security_groups")
def security_groups_ports(v: Values) -> str | None:
    ports, db_port = v["security_groups_app_ports"], v["security_groups_db_port"]
    if not ports:
        return "security_groups_app_ports: at least one port is needed."
    if all(1 <= port <= 65535 for port in [*ports, db_port]):
        return None
    return f"security_groups_app_ports / security_groups_db_port: ports must be 1 to 65535 (got {ports} and {db_port})."


rule("security_groups")(teardown_timing("security_groups"))
