from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.dns import route53_owned_records, route53_record_sets

CLOUDFRONT = {"dns_name": "d1.cloudfront.net", "hosted_zone_id": "Z2FDTNDATAQYW2"}
ALB = {"dns_name": "bm-alb-1.elb.amazonaws.com", "hosted_zone_id": "Z14GRHDCWA56QT"}
SITE = {
    "www": "www.example.com", "apex": "example.com", "apex_alias": True, "cloudfront": CLOUDFRONT,
    "secondary": {"dns_name": "", "hosted_zone_id": ""}, "health_check_id": "", "origin": "origin.example.com", "alb": ALB,
}  # fmt: skip
ORIGIN = {"name": "origin.example.com", "type": "A", "alias": {**ALB, "evaluate_target_health": True}}


def test_www_and_the_apex_in_a_and_aaaa_and_the_origin_to_the_alb() -> None:
    assert route53_record_sets(SITE) == [
        {"name": "www.example.com", "alias": CLOUDFRONT, "type": "A"},
        {"name": "example.com", "alias": CLOUDFRONT, "type": "A"},
        {"name": "www.example.com", "alias": CLOUDFRONT, "type": "AAAA"},
        {"name": "example.com", "alias": CLOUDFRONT, "type": "AAAA"},
        ORIGIN,
    ]


def test_a_secondary_makes_www_a_failover_pair_and_no_apex_alias_leaves_the_apex_alone() -> None:
    secondary = {"dns_name": "maintenance.example.net", "hosted_zone_id": "Z1"}
    records = route53_record_sets({**SITE, "apex_alias": False, "secondary": secondary, "health_check_id": "hc-1"})
    primary = {"name": "www.example.com", "alias": CLOUDFRONT, "set_identifier": "primary", "failover": "PRIMARY", "health_check_id": "hc-1"}
    standby = {"name": "www.example.com", "set_identifier": "secondary", "failover": "SECONDARY", "alias": secondary}
    assert records == [{**primary, "type": "A"}, {**standby, "type": "A"}, {**primary, "type": "AAAA"}, {**standby, "type": "AAAA"}, ORIGIN]


def test_a_removal_names_every_record_the_build_may_have_made_and_no_other() -> None:
    keys = {(r["name"], r["type"], r.get("set_identifier")) for r in route53_owned_records(SITE)}
    made = {(r["name"], r["type"], r.get("set_identifier")) for r in route53_record_sets(SITE)}
    secondary = {"dns_name": "maintenance.example.net", "hosted_zone_id": "Z1"}
    made_with_failover = {(r["name"], r["type"], r.get("set_identifier")) for r in route53_record_sets({**SITE, "secondary": secondary})}
    assert made | made_with_failover == keys
    without_apex = {(r["name"], r["type"]) for r in route53_owned_records({**SITE, "apex_alias": False})}
    assert ("example.com", "A") not in without_apex and ("www.example.com", "A") in without_apex
