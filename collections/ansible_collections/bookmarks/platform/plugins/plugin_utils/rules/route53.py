# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the route53 role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import DOMAIN, LABEL, Values, matches, rule


@rule("route53")
def route53_zone_name(v: Values) -> str | None:
    if matches(DOMAIN, v["route53_zone_name"]):
        return None
    return f"route53_zone_name: '{v['route53_zone_name']}' is not a domain name (lower-case labels, like bookmark-manager.example.com)."


@rule("route53")
def route53_origin_record(v: Values) -> str | None:
    if matches(rf"^{LABEL}$", v["route53_origin_record"]):
        return None
    return f"route53_origin_record: '{v['route53_origin_record']}' is not a single DNS label."


@rule("route53")
def route53_health_check_path(v: Values) -> str | None:
    return None if matches("^/", v["route53_health_check_path"]) else "route53_health_check_path: must start with /."


@rule("route53")
def route53_delegation_resolver(v: Values) -> str | None:
    resolver = str(v["route53_delegation_resolver"])
    if not resolver or matches(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$", resolver) or matches(r"^[0-9a-fA-F:]+$", resolver):
        return None
    return f"route53_delegation_resolver: {resolver} must be empty (the machine's resolver), a host, or host:port."


@rule("route53")
def route53_failover_zone(v: Values) -> str | None:
    if v["route53_failover_secondary_dns_name"] and not v["route53_failover_secondary_zone_id"]:
        return "route53_failover_secondary_zone_id: required with route53_failover_secondary_dns_name."
    return None
