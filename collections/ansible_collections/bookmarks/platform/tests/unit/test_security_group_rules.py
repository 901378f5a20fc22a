from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.network import alb_ingress_rules, ecs_ingress_rules


def test_the_alb_admits_https_from_each_source_given() -> None:
    assert alb_ingress_rules(["pl-1"], [], []) == [{"proto": "tcp", "ports": [443], "rule_desc": "HTTPS from CloudFront", "ip_prefix": ["pl-1"]}]
    assert alb_ingress_rules([], ["203.0.113.0/24"], ["2001:db8::/32"]) == [
        {"proto": "tcp", "ports": [443], "cidr_ip": ["203.0.113.0/24"], "rule_desc": "HTTPS"},
        {"proto": "tcp", "ports": [443], "cidr_ipv6": ["2001:db8::/32"], "rule_desc": "HTTPS"},
    ]
    assert alb_ingress_rules([], [], []) == []


def test_the_tasks_admit_the_alb_and_service_connect_from_themselves() -> None:
    assert ecs_ingress_rules([3000, 3001], "bm-alb", [3001], "bm-ecs") == [
        {"proto": "tcp", "ports": [3000, 3001], "group_name": "bm-alb", "rule_desc": "From the ALB"},
        {"proto": "tcp", "ports": [3001], "group_name": "bm-ecs", "rule_desc": "Service Connect between the services"},
    ]
    assert ecs_ingress_rules([3000], "bm-alb", [], "bm-ecs") == [{"proto": "tcp", "ports": [3000], "group_name": "bm-alb", "rule_desc": "From the ALB"}]
