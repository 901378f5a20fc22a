"""cloudmap_namespace: against moto in-process (state read back, writes counted), and against
Cloud Map's documented answers with botocore's Stubber where moto is kinder than AWS (operations
that stay PENDING for a while, a namespace that still holds services)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import cloudmap_namespace as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

REGION = "ap-northeast-1"


@pytest.fixture
def sd() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("servicediscovery", region_name=REGION)


def params(**more: Any) -> dict[str, Any]:
    return {"name": "bm-prod", "description": "", "tags": {"Project": "bm"}, "state": "present", "wait_timeout": 60, **more}


def no_sleep(seconds: float) -> None:  # pylint: disable=unused-argument
    pass


def test_created_once_tagged_and_deleted(sd: Any) -> None:
    calls = Calls(sd)
    dry = module.run(sd, params(), True, no_sleep)
    assert (dry["changed"], dry["namespace"], calls.writes) == (True, {"id": "", "arn": "", "name": "bm-prod"}, [])
    created = module.run(sd, params(), False, no_sleep)
    assert created["namespace"]["arn"].startswith("arn:aws:servicediscovery:ap-northeast-1:")
    assert calls.writes == ["CreateHttpNamespace"]
    again = module.run(sd, params(), False, no_sleep)
    assert (again["changed"], again["namespace"], calls.writes) == (False, created["namespace"], ["CreateHttpNamespace"])
    retagged = module.run(sd, params(tags={"Project": "bm", "Environment": "prod"}), False, no_sleep)
    assert retagged["diff"] == {"before": {"tags": {"Project": "bm"}}, "after": {"tags": {"Project": "bm", "Environment": "prod"}}}
    tags = sd.list_tags_for_resource(ResourceARN=created["namespace"]["arn"])["Tags"]
    assert sorted(tags, key=lambda tag: tag["Key"]) == [{"Key": "Environment", "Value": "prod"}, {"Key": "Project", "Value": "bm"}]
    assert module.run(sd, params(state="absent"), True, no_sleep)["changed"] is True
    assert module.run(sd, params(state="absent"), False, no_sleep)["changed"] is True
    assert sd.list_namespaces()["Namespaces"] == []
    assert module.run(sd, params(state="absent"), False, no_sleep)["changed"] is False


NAMESPACE = {"Id": "ns-1", "Arn": "arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/ns-1", "Name": "bm-prod", "Type": "HTTP"}
LISTED = ("list_namespaces", {"Namespaces": [NAMESPACE]}, {"Filters": [{"Name": "NAME", "Values": ["bm-prod"], "Condition": "EQ"}]})
NONE_LISTED = ("list_namespaces", {"Namespaces": []}, {"Filters": [{"Name": "NAME", "Values": ["bm-prod"], "Condition": "EQ"}]})


def operation(status: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return ("get_operation", {"Operation": {"Id": "op-1", "Status": status}}, {"OperationId": "op-1"})


def stubbed(*answers: tuple[str, dict[str, Any], dict[str, Any]]) -> tuple[Any, Stubber]:
    client = boto3.client("servicediscovery", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    for name, answer, expected in answers:
        stubber.add_response(name, answer, expected)
    stubber.activate()
    return client, stubber


def test_creation_waits_for_its_operation() -> None:
    request = {"Name": "bm-prod", "Description": "", "Tags": [{"Key": "Project", "Value": "bm"}], "CreatorRequestId": "bm-prod"}
    create = ("create_http_namespace", {"OperationId": "op-1"}, request)
    client, stubber = stubbed(NONE_LISTED, create, operation("SUBMITTED"), operation("PENDING"), operation("SUCCESS"), LISTED)
    slept: list[float] = []
    assert module.run(client, params(), False, slept.append)["namespace"]["id"] == "ns-1"
    assert slept == [2.0, 3.0]  # backoff
    stubber.assert_no_pending_responses()


def test_a_failed_or_slow_operation_is_named() -> None:
    create = ("create_http_namespace", {"OperationId": "op-1"}, None)
    failed = ("get_operation", {"Operation": {"Id": "op-1", "Status": "FAIL", "ErrorMessage": "quota"}}, {"OperationId": "op-1"})
    client, unused_stubber = stubbed(NONE_LISTED, create, failed)
    with pytest.raises(RuntimeError, match="^name: bm-prod: Cloud Map operation op-1 failed: quota$"):
        module.run(client, params(), False, no_sleep)
    client, unused_stubber = stubbed(NONE_LISTED, create, operation("PENDING"))
    with pytest.raises(RuntimeError, match=r"still PENDING after 1 s \(wait_timeout\)"):
        module.run(client, params(wait_timeout=1), False, no_sleep)


def test_deletion_waits_for_the_services_to_leave() -> None:
    client = boto3.client("servicediscovery", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    stubber.add_response(*LISTED)
    stubber.add_client_error("delete_namespace", "ResourceInUse", "Namespace ns-1 has associated services")
    stubber.add_response("delete_namespace", {"OperationId": "op-1"}, {"Id": "ns-1"})
    stubber.add_response(*operation("SUCCESS"))
    stubber.activate()
    assert module.run(client, params(state="absent"), False, no_sleep)["changed"] is True
    stubber.assert_no_pending_responses()
    stubber.add_response(*LISTED)
    stubber.add_client_error("delete_namespace", "ResourceInUse", "Namespace ns-1 has associated services")
    with pytest.raises(RuntimeError, match="still holds services after 0 s .* Namespace ns-1 has associated services"):
        module.run(client, params(state="absent", wait_timeout=0), False, no_sleep)
