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
