from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter import waf


def test_priorities_count_up_in_order() -> None:
    rules = waf.waf_managed_rules(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet"], 1)
    assert [(r["name"], r["priority"]) for r in rules] == [
        ("AWSManagedRulesCommonRuleSet", 1),
        ("AWSManagedRulesSQLiRuleSet", 2),
    ]
    assert rules[0]["statement"] == {
        "managed_rule_group_statement": {"vendor_name": "AWS", "name": "AWSManagedRulesCommonRuleSet"}
    }
    assert rules[0]["override_action"] == {"none": {}}
    assert rules[1]["visibility_config"]["metric_name"] == "AWSManagedRulesSQLiRuleSet"


def test_empty_list_gives_no_rules() -> None:
    assert waf.waf_managed_rules([]) == []


ACL = {
    "allow_ip_set": "arn:allow", "deny_ip_set": "arn:deny", "managed_rule_sets": ["AWSManagedRulesCommonRuleSet"],
    "rate_limit": "2000", "rate_limit_window": 300,
}  # fmt: skip


def test_the_web_acl_rules_in_priority_order() -> None:
    rules = waf.waf_web_acl_rules(ACL)
    assert [(rule["name"], rule["priority"]) for rule in rules] == [
        ("ip-allow", 0), ("AWSManagedRulesCommonRuleSet", 1), ("ip-deny", 10), ("rate-limit", 12),
    ]  # fmt: skip
    assert rules[0]["action"] == {"allow": {}} and rules[0]["statement"] == {"ip_set_reference_statement": {"arn": "arn:allow"}}
    assert rules[2]["statement"] == {"ip_set_reference_statement": {"arn": "arn:deny"}}
    assert rules[3]["statement"] == {"rate_based_statement": {"limit": 2000, "aggregate_key_type": "IP", "evaluation_window_sec": 300}}
    assert rules[3]["visibility_config"] == {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True, "metric_name": "rate_limit"}


def test_countries_add_a_geo_block_rule_before_the_rate_limit() -> None:
    rules = waf.waf_web_acl_rules({**ACL, "managed_rule_sets": [], "geo_block_countries": ["KP"]})
    assert [rule["name"] for rule in rules] == ["ip-allow", "ip-deny", "geo-block", "rate-limit"]
    assert rules[2] == {
        "name": "geo-block", "priority": 11, "action": {"block": {}}, "statement": {"geo_match_statement": {"country_codes": ["KP"]}},
        "visibility_config": {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True, "metric_name": "geo_block"},
    }  # fmt: skip
