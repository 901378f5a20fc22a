"""vpc_flow_log against moto in-process: state read back with boto3, writes counted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.modules import vpc_flow_log

ROLE_ARN = "arn:aws:iam::123456789012:role/flow-logs"


@pytest.fixture
def ec2() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ec2", region_name="ap-northeast-1")


@pytest.fixture
def vpc_id(ec2: Any) -> str:
    return ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]


def params(vpc_id: str, **overrides: Any) -> dict[str, Any]:
    base = {
        "resource_id": vpc_id,
        "resource_type": "VPC",
        "traffic_type": "ALL",
        "log_destination_type": "cloud-watch-logs",
        "log_group_name": "/vpc/test/flow-logs",
        "log_destination": None,
        "deliver_logs_permission_arn": ROLE_ARN,
        "max_aggregation_interval": 60,
        "log_format": None,
        "tags": {"Name": "test-flow-log", "Project": "test"},
        "purge_tags": True,
        "state": "present",
    }
    base.update(overrides)
    return base


def flow_logs(ec2: Any, vpc_id: str) -> list[dict[str, Any]]:
    return ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]


def test_check_mode_on_nothing_reports_a_create_and_writes_nothing(ec2: Any, vpc_id: str) -> None:
    calls = Calls(ec2)
    result = vpc_flow_log.run(ec2, params(vpc_id), check_mode=True)
    assert result["changed"] is True
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["log_group_name"] == "/vpc/test/flow-logs"
    assert calls.writes == []
    assert flow_logs(ec2, vpc_id) == []


def test_create_then_rerun_changes_nothing_and_sends_no_write(ec2: Any, vpc_id: str) -> None:
    created = vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)
    assert created["changed"] is True
    [stored] = flow_logs(ec2, vpc_id)
    assert stored["FlowLogId"] == created["flow_log"]["flow_log_id"]
    assert stored["TrafficType"] == "ALL"
    assert stored["LogGroupName"] == "/vpc/test/flow-logs"
    assert stored["DeliverLogsPermissionArn"] == ROLE_ARN
    assert {t["Key"]: t["Value"] for t in stored["Tags"]} == {"Name": "test-flow-log", "Project": "test"}

    calls = Calls(ec2)
    again = vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)
    assert again["changed"] is False
    assert again["flow_log"]["flow_log_id"] == stored["FlowLogId"]
    assert calls.writes == []


def test_tags_are_updated_in_place_and_purged(ec2: Any, vpc_id: str) -> None:
    first = vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)["flow_log"]["flow_log_id"]
    result = vpc_flow_log.run(ec2, params(vpc_id, tags={"Name": "renamed"}), check_mode=False)
    assert result["changed"] is True
    [stored] = flow_logs(ec2, vpc_id)
    assert stored["FlowLogId"] == first
    assert {t["Key"]: t["Value"] for t in stored["Tags"]} == {"Name": "renamed"}


def test_check_mode_on_a_tag_change_reports_it_and_writes_nothing(ec2: Any, vpc_id: str) -> None:
    vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)
    calls = Calls(ec2)
    result = vpc_flow_log.run(ec2, params(vpc_id, tags={"Name": "renamed"}), check_mode=True)
    assert result["changed"] is True
    assert result["diff"]["after"]["tags"] == {"Name": "renamed"}
    assert result["diff"]["before"]["tags"]["Project"] == "test"
    assert calls.writes == []


def test_an_immutable_change_replaces_the_flow_log(ec2: Any, vpc_id: str) -> None:
    first = vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)["flow_log"]["flow_log_id"]
    result = vpc_flow_log.run(ec2, params(vpc_id, traffic_type="REJECT"), check_mode=False)
    assert result["changed"] is True
    assert result["replaced_because"] == ["traffic_type"]
    [stored] = flow_logs(ec2, vpc_id)
    assert stored["FlowLogId"] != first
    assert stored["TrafficType"] == "REJECT"


def test_a_flow_log_to_another_destination_is_left_alone(ec2: Any, vpc_id: str) -> None:
    vpc_flow_log.run(ec2, params(vpc_id, log_group_name="/someone/else"), check_mode=False)
    vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)
    assert sorted(f["LogGroupName"] for f in flow_logs(ec2, vpc_id)) == ["/someone/else", "/vpc/test/flow-logs"]
    vpc_flow_log.run(ec2, params(vpc_id, state="absent"), check_mode=False)
    assert [f["LogGroupName"] for f in flow_logs(ec2, vpc_id)] == ["/someone/else"]


def test_absent_deletes_once_and_honours_check_mode(ec2: Any, vpc_id: str) -> None:
    vpc_flow_log.run(ec2, params(vpc_id), check_mode=False)
    dry = vpc_flow_log.run(ec2, params(vpc_id, state="absent"), check_mode=True)
    assert dry["changed"] is True
    assert len(flow_logs(ec2, vpc_id)) == 1
    gone = vpc_flow_log.run(ec2, params(vpc_id, state="absent"), check_mode=False)
    assert gone["changed"] is True
    assert flow_logs(ec2, vpc_id) == []
    assert vpc_flow_log.run(ec2, params(vpc_id, state="absent"), check_mode=False) == {"changed": False}
