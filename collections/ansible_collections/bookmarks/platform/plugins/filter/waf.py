"""Build WAFv2 rule definitions (community.aws.wafv2_web_acl's snake_case form)."""

from __future__ import annotations

from typing import Any


def waf_managed_rules(names: list[str], first_priority: int = 1, vendor: str = "AWS") -> list[dict[str, Any]]:
    """One rule per AWS managed rule group, in the given order, priorities counting up."""
    rules = []
    for offset, name in enumerate(names):
        rules.append(
            {
                "name": name,
                "priority": first_priority + offset,
                "override_action": {"none": {}},
                "statement": {"managed_rule_group_statement": {"vendor_name": vendor, "name": name}},
                "visibility_config": {
                    "sampled_requests_enabled": True,
                    "cloud_watch_metrics_enabled": True,
                    "metric_name": name,
                },
            }
        )
    return rules


VISIBILITY = {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True}


def _rule(name: str, priority: int, action: str, statement: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "priority": priority,
        "action": {action: {}},
        "statement": statement,
        "visibility_config": {**VISIBILITY, "metric_name": name.replace("-", "_")},
    }


def waf_web_acl_rules(acl: dict[str, Any]) -> list[dict[str, Any]]:
    """The web ACL's rules in priority order: the allow-list IP set (0), the AWS managed rule groups
    (1 and up), the deny-list IP set (10), the blocked countries when any (11), and the rate limit
    per IP address (12).

    acl: allow_ip_set and deny_ip_set (ARNs), managed_rule_sets (names), geo_block_countries (ISO
    codes), rate_limit (requests per window per IP) and rate_limit_window (seconds).
    """
    rules = [_rule("ip-allow", 0, "allow", {"ip_set_reference_statement": {"arn": acl["allow_ip_set"]}})]
    rules += waf_managed_rules(list(acl.get("managed_rule_sets") or []), 1)
    rules.append(_rule("ip-deny", 10, "block", {"ip_set_reference_statement": {"arn": acl["deny_ip_set"]}}))
    if acl.get("geo_block_countries"):
        rules.append(_rule("geo-block", 11, "block", {"geo_match_statement": {"country_codes": list(acl["geo_block_countries"])}}))
    rate = {"limit": int(acl["rate_limit"]), "aggregate_key_type": "IP", "evaluation_window_sec": int(acl["rate_limit_window"])}
    rules.append(_rule("rate-limit", 12, "block", {"rate_based_statement": rate}))
    return rules


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"waf_managed_rules": waf_managed_rules, "waf_web_acl_rules": waf_web_acl_rules}
