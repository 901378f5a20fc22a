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


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"waf_managed_rules": waf_managed_rules}
