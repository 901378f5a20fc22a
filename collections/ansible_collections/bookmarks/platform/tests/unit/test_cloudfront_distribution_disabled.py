"""cloudfront_distribution_disabled: against moto in-process (found, disabled, writes counted) and
against CloudFront's documented answers through botocore's Stubber (a distribution still
InProgress is awaited; the wait is bounded and names what is pending)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.module_utils import waits
from ansible_collections.bookmarks.platform.plugins.modules import cloudfront_distribution_disabled as module

REFERENCE = "bookmark-manager-test"


def config(reference: str = REFERENCE, enabled: bool = True) -> dict[str, Any]:
    return {
        "CallerReference": reference, "Comment": reference, "Enabled": enabled,
        "Origins": {"Quantity": 1, "Items": [{"Id": "alb", "DomainName": "alb.example.com",
                    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "https-only", "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    }  # fmt: skip


def params(**overrides: Any) -> dict[str, Any]:
    return {"caller_reference": REFERENCE, "comment": REFERENCE, "wait_timeout": 60, **overrides}


@pytest.fixture
def cloudfront() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("cloudfront", region_name="us-east-1")
        client.create_distribution(DistributionConfig=config("someone-else"))
        yield client


def enabled(client: Any, distribution_id: str) -> bool:
    return client.get_distribution_config(Id=distribution_id)["DistributionConfig"]["Enabled"]


def test_no_distribution_is_no_change(cloudfront: Any) -> None:
    calls = Calls(cloudfront)
    assert module.run(cloudfront, params(), check_mode=False) == {"changed": False, "distribution": None}
    assert calls.writes == []


def test_check_mode_names_the_disable_and_writes_nothing(cloudfront: Any) -> None:
    created = cloudfront.create_distribution(DistributionConfig=config())["Distribution"]["Id"]
    calls = Calls(cloudfront)
    result = module.run(cloudfront, params(), check_mode=True)
    assert result["changed"] is True and result["diff"] == {"before": {"id": created, "enabled": True}, "after": {"id": created, "enabled": False}}
    assert calls.writes == [] and enabled(cloudfront, created) is True


def test_an_enabled_distribution_is_disabled_once_and_the_others_are_left_alone(cloudfront: Any) -> None:
    created = cloudfront.create_distribution(DistributionConfig=config())["Distribution"]["Id"]
    calls = Calls(cloudfront)
    result = module.run(cloudfront, params(), check_mode=False)
    assert result["changed"] is True and result["distribution"] == {"id": created, "enabled": False, "status": "Deployed"}
    assert calls.writes == ["UpdateDistribution"] and enabled(cloudfront, created) is False
    others = [item for item in cloudfront.list_distributions()["DistributionList"]["Items"] if item["Id"] != created]
    assert [item["Enabled"] for item in others] == [True]
    calls = Calls(cloudfront)
    assert module.run(cloudfront, params(), check_mode=False)["changed"] is False
    assert calls.writes == []


SUMMARY = {
    "Id": "E2EXAMPLE", "ARN": "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE", "Status": "InProgress",
    "LastModifiedTime": "2026-12-07T00:00:00Z", "DomainName": "d1.cloudfront.net", "Aliases": {"Quantity": 0},
    "Origins": config()["Origins"], "DefaultCacheBehavior": config()["DefaultCacheBehavior"],
    "CacheBehaviors": {"Quantity": 0}, "CustomErrorResponses": {"Quantity": 0}, "Comment": REFERENCE,
    "PriceClass": "PriceClass_100", "Enabled": False, "ViewerCertificate": {}, "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
    "WebACLId": "", "HttpVersion": "http2", "IsIPV6Enabled": True, "Staging": False,
}  # fmt: skip


def distribution(state: str) -> dict[str, Any]:
    return {"Distribution": {
        "Id": "E2EXAMPLE", "ARN": SUMMARY["ARN"], "Status": state, "LastModifiedTime": "2026-12-07T00:00:00Z",
        "InProgressInvalidationBatches": 0, "DomainName": "d1.cloudfront.net", "DistributionConfig": config(enabled=False),
    }, "ETag": "E3"}  # fmt: skip


def stubbed(*states: str) -> tuple[Any, Stubber]:
    """An interrupted teardown's distribution: disabled, then GetDistribution answers states in turn."""
    client = boto3.client("cloudfront", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(client)
    stub.add_response("list_distributions", {"DistributionList": {"Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 1, "Items": [SUMMARY]}})
    stub.add_response("get_distribution_config", {"DistributionConfig": config(enabled=False), "ETag": "E2"}, {"Id": "E2EXAMPLE"})
    for state in states:
        stub.add_response("get_distribution", distribution(state), {"Id": "E2EXAMPLE"})
    return client, stub


def test_a_disabled_distribution_still_in_progress_is_awaited_before_its_deletion(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(waits.time, "sleep", pauses.append)
    client, stub = stubbed("InProgress", "InProgress", "Deployed")
    with stub:
        result = module.run(client, params(), check_mode=False)
    stub.assert_no_pending_responses()
    assert result == {"changed": False, "distribution": {"id": "E2EXAMPLE", "enabled": False, "status": "Deployed"}}
    assert pauses == [2.0, 3.0]  # backing off, and no UpdateDistribution (the stub has none)


def test_the_wait_is_bounded_and_names_what_is_pending(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(0, 10_000, 40))
    monkeypatch.setattr(waits.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(waits.time, "sleep", lambda _: None)
    client, stub = stubbed("InProgress", "InProgress", "InProgress")
    with stub, pytest.raises(RuntimeError) as raised:
        module.run(client, params(wait_timeout=60), check_mode=False)
    assert str(raised.value) == (
        "CloudFront distribution E2EXAMPLE is disabled but still InProgress after 60 s: CloudFront refuses to delete it"
        " until the change has reached its edge locations. Run the teardown again later."
    )
