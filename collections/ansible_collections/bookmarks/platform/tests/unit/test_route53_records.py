"""route53_records against moto in-process: one read and one change batch, in check mode nothing
written, and a second run sends no change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import route53_records as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

CLOUDFRONT = {"dns_name": "d111111abcdef8.cloudfront.net", "hosted_zone_id": "Z2FDTNDATAQYW2"}


@pytest.fixture
def route53() -> Iterator[tuple[Any, str]]:
    with mock_aws():
        client = boto3.client("route53", region_name="us-east-1")
        zone = client.create_hosted_zone(Name="example.com", CallerReference="test")["HostedZone"]["Id"]
        yield client, zone


def params(zone: str, records: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    return {"hosted_zone_id": zone, "records": records, "state": "present", "wait": False, "wait_timeout": 300, **overrides}


def alias(name: str, rtype: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": rtype, "alias": {**CLOUDFRONT, "evaluate_target_health": False}, **extra}


def records_of(client: Any, zone: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    found = client.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    return {(r["Name"], r["Type"], r.get("SetIdentifier", "")): r for r in found if r["Type"] not in ("NS", "SOA")}


SITE = [
    alias("www.example.com", "A"),
    alias("WWW.example.com.", "AAAA"),
    {"name": "_x1.example.com", "type": "CNAME", "ttl": 300, "values": ["_x2.acm-validations.aws."]},
]


def test_one_batch_then_nothing(route53: tuple[Any, str]) -> None:
    client, zone = route53
    dry = Calls(client)
    planned = module.run(client, params(zone, SITE), check_mode=True)
    assert planned["changed"] and dry.writes == [] and planned["change_id"] == ""
    assert [(c["action"], c["kind"]) for c in planned["changes"]] == [("UPSERT", "create")] * 3
    assert planned["diff"]["before"] == {"record_sets": []}
    calls = Calls(client)
    done = module.run(client, params(zone, SITE), check_mode=False)
    assert done["changes"] == planned["changes"]
    assert calls.writes == ["ChangeResourceRecordSets"]
    found = records_of(client, zone)
    assert sorted(found) == [("_x1.example.com.", "CNAME", ""), ("www.example.com.", "A", ""), ("www.example.com.", "AAAA", "")]
    assert found[("www.example.com.", "A", "")]["AliasTarget"]["DNSName"].rstrip(".") == CLOUDFRONT["dns_name"]
    again = Calls(client)
    assert module.run(client, params(zone, SITE), check_mode=False) == {"changed": False, "changes": [], "change_id": ""}
    assert again.writes == []


def test_a_changed_value_is_upserted_alone(route53: tuple[Any, str]) -> None:
    client, zone = route53
    module.run(client, params(zone, SITE), check_mode=False)
    changed = [*SITE[:2], {**SITE[2], "values": ["_x3.acm-validations.aws."]}]
    result = module.run(client, params(zone, changed), check_mode=False)
    assert result["changes"] == [{"action": "UPSERT", "name": "_x1.example.com.", "type": "CNAME", "set_identifier": "", "kind": "update"}]
    assert result["diff"]["before"]["record_sets"][0]["ResourceRecords"] == [{"Value": "_x2.acm-validations.aws."}]
    assert records_of(client, zone)[("_x1.example.com.", "CNAME", "")]["ResourceRecords"] == [{"Value": "_x3.acm-validations.aws."}]


def test_a_simple_record_becomes_a_failover_pair_in_one_batch(route53: tuple[Any, str]) -> None:
    client, zone = route53
    module.run(client, params(zone, [alias("www.example.com", "A")]), check_mode=False)
    check = client.create_health_check(CallerReference="hc", HealthCheckConfig={"Type": "HTTPS", "FullyQualifiedDomainName": "www.example.com", "Port": 443})
    pair = [
        alias("www.example.com", "A", set_identifier="primary", failover="PRIMARY", health_check_id=check["HealthCheck"]["Id"]),
        {"name": "www.example.com", "type": "A", "set_identifier": "secondary", "failover": "SECONDARY",
         "alias": {"dns_name": "standby.example.net", "hosted_zone_id": "Z3AADJGX6KTTL2", "evaluate_target_health": False}},
    ]  # fmt: skip
    calls = Calls(client)
    result = module.run(client, params(zone, pair), check_mode=False)
    assert [(c["action"], c["set_identifier"], c["kind"]) for c in result["changes"]] == [
        ("DELETE", "", "delete"), ("UPSERT", "primary", "create"), ("UPSERT", "secondary", "create"),
    ]  # fmt: skip
    assert calls.writes == ["ChangeResourceRecordSets"]
    assert sorted(records_of(client, zone)) == [("www.example.com.", "A", "primary"), ("www.example.com.", "A", "secondary")]
    assert module.run(client, params(zone, pair), check_mode=False)["changed"] is False


def test_absent_and_purged(route53: tuple[Any, str]) -> None:
    client, zone = route53
    module.run(client, params(zone, SITE), check_mode=False)
    gone = module.run(client, params(zone, [{"name": "_x1.example.com", "type": "CNAME"}], state="absent"), check_mode=False)
    assert gone["changes"] == [{"action": "DELETE", "name": "_x1.example.com.", "type": "CNAME", "set_identifier": "", "kind": "delete"}]
    assert module.run(client, params(zone, [{"name": "_x1.example.com", "type": "CNAME"}], state="absent"), check_mode=False)["changed"] is False
    dry = Calls(client)
    assert len(module.run(client, params(zone, [], state="purged"), check_mode=True)["changes"]) == 2
    assert dry.writes == []
    module.run(client, params(zone, [], state="purged"), check_mode=False)
    assert records_of(client, zone) == {}
    kept = client.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    assert sorted(r["Type"] for r in kept) == ["NS", "SOA"]
    assert module.run(client, params(zone, [], state="purged"), check_mode=False)["changed"] is False
    client.delete_hosted_zone(Id=zone)


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([SITE[0], SITE[0]], "records[1] (www.example.com A): listed twice (name, type and set_identifier must differ)"),
        ([{"name": "a.example.com", "type": "A"}], "records[0] (a.example.com A): needs values or alias"),
        ([{**SITE[0], "values": ["192.0.2.1"]}], "records[0] (www.example.com A): give values or alias, not both"),
        ([{**SITE[0], "failover": "PRIMARY"}], "records[0] (www.example.com A): failover needs set_identifier"),
    ],
)
def test_bad_records_fail_before_any_call(route53: tuple[Any, str], records: list[dict[str, Any]], message: str) -> None:
    client, zone = route53
    calls = Calls(client)
    with pytest.raises(RuntimeError) as error:
        module.run(client, params(zone, records), check_mode=False)
    assert str(error.value) == message
    assert calls.names == []


def test_an_acm_validation_record_is_taken_as_acm_returns_it(route53: tuple[Any, str]) -> None:
    """{name, type, value}, as acm_certificate_request returns it and the certificates role passes it."""
    client, zone = route53
    acm = {"name": "_x1.example.com.", "type": "CNAME", "value": "_x2.acm-validations.aws."}
    validated = ArgumentSpecValidator(module.ARGUMENT_SPEC).validate({"hosted_zone_id": zone, "records": [acm]})
    assert validated.error_messages == []
    [record] = validated.validated_parameters["records"]
    assert record["values"] == ["_x2.acm-validations.aws."] and record["ttl"] == 300
    module.run(client, validated.validated_parameters, check_mode=False)
    assert records_of(client, zone)[("_x1.example.com.", "CNAME", "")]["ResourceRecords"] == [{"Value": "_x2.acm-validations.aws."}]


def test_wait_asks_for_the_change_until_it_is_insync(route53: tuple[Any, str]) -> None:
    client, zone = route53
    calls = Calls(client)
    done = module.run(client, params(zone, SITE[:1], wait=True), check_mode=False)
    assert done["change_id"]
    assert calls.names == ["ListResourceRecordSets", "ChangeResourceRecordSets", "GetChange"]
    assert client.get_change(Id=done["change_id"])["ChangeInfo"]["Status"] == "INSYNC"
