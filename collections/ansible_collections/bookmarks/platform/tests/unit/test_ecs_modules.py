"""ecs_cluster_settings, ecs_service_settings and appautoscaling_scheduled_action against moto
in-process: state read back with boto3, writes counted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.modules import appautoscaling_scheduled_action as scheduled
from ansible_collections.bookmarks.platform.plugins.modules import ecs_cluster_settings
from ansible_collections.bookmarks.platform.plugins.modules import ecs_service_settings

REGION = "ap-northeast-1"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"] for i in (1, 2, 3)]
        groups = [ec2.create_security_group(GroupName=f"g{i}", Description="g", VpcId=vpc)["GroupId"] for i in (1, 2)]
        ecs = boto3.client("ecs", region_name=REGION)
        ecs.create_cluster(clusterName="c")
        yield {"ecs": ecs, "aas": boto3.client("application-autoscaling", region_name=REGION),
               "subnets": subnets, "groups": groups}


# --- ecs_cluster_settings -------------------------------------------------------------------

def insights(ecs: Any) -> str:
    [cluster] = ecs.describe_clusters(clusters=["c"], include=["SETTINGS"])["clusters"]
    return {s["name"]: s["value"] for s in cluster["settings"]}["containerInsights"]


def test_cluster_settings_check_mode_reports_and_writes_nothing(aws: dict[str, Any]) -> None:
    calls = Calls(aws["ecs"])
    result = ecs_cluster_settings.run(aws["ecs"], {"cluster": "c", "settings": {"containerInsights": "enabled"}}, True)
    assert result["changed"] is True
    assert result["diff"] == {"before": {"containerInsights": "disabled"}, "after": {"containerInsights": "enabled"}}
    assert calls.writes == []
    assert insights(aws["ecs"]) == "disabled"


def test_cluster_settings_applied_once(aws: dict[str, Any]) -> None:
    params = {"cluster": "c", "settings": {"containerInsights": "enabled"}}
    assert ecs_cluster_settings.run(aws["ecs"], params, False)["changed"] is True
    assert insights(aws["ecs"]) == "enabled"
    calls = Calls(aws["ecs"])
    assert ecs_cluster_settings.run(aws["ecs"], params, False)["changed"] is False
    assert calls.writes == []


def test_cluster_settings_missing_cluster(aws: dict[str, Any]) -> None:
    params = {"cluster": "nope", "settings": {"containerInsights": "enabled"}}
    assert ecs_cluster_settings.run(aws["ecs"], params, True)["changed"] is True
    with pytest.raises(RuntimeError, match="no active ECS cluster nope"):
        ecs_cluster_settings.run(aws["ecs"], params, False)


# --- ecs_service_settings -------------------------------------------------------------------

def create_service(aws: dict[str, Any], **extra: Any) -> None:
    aws["ecs"].register_task_definition(
        family="f", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx", "essential": True}],
    )
    aws["ecs"].create_service(
        cluster="c", serviceName="s", taskDefinition="f:1", desiredCount=2, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {
            "subnets": aws["subnets"][:2], "securityGroups": aws["groups"][:1], "assignPublicIp": "DISABLED"}},
        **extra,
    )


def service_params(aws: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    base = {
        "cluster": "c", "service": "s", "subnets": list(reversed(aws["subnets"][:2])),
        "security_groups": aws["groups"][:1], "assign_public_ip": False, "minimum_healthy_percent": 100,
        "maximum_percent": 200, "circuit_breaker": True, "circuit_breaker_rollback": True, "platform_version": None,
    }
    base.update(overrides)
    return base


def described(aws: dict[str, Any]) -> dict[str, Any]:
    return aws["ecs"].describe_services(cluster="c", services=["s"])["services"][0]


def test_service_settings_detect_a_changed_network_and_breaker(aws: dict[str, Any]) -> None:
    create_service(aws)  # no deployment configuration: breaker off
    params = service_params(aws, subnets=aws["subnets"][1:], security_groups=aws["groups"])
    calls = Calls(aws["ecs"])
    dry = ecs_service_settings.run(aws["ecs"], params, True)
    assert dry["changed"] is True
    assert dry["changed_keys"] == ["circuit_breaker", "circuit_breaker_rollback", "maximum_percent",
                                   "minimum_healthy_percent", "security_groups", "subnets"]
    assert calls.writes == []
    assert ecs_service_settings.run(aws["ecs"], params, False)["changed"] is True
    service = described(aws)
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    assert sorted(network["subnets"]) == sorted(aws["subnets"][1:])
    assert sorted(network["securityGroups"]) == sorted(aws["groups"])
    assert service["deploymentConfiguration"]["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}


def test_service_settings_unchanged_send_nothing(aws: dict[str, Any]) -> None:
    create_service(aws)
    params = service_params(aws)
    ecs_service_settings.run(aws["ecs"], params, False)
    calls = Calls(aws["ecs"])
    result = ecs_service_settings.run(aws["ecs"], params, False)
    assert result["changed"] is False
    assert calls.writes == []


def test_service_settings_public_ip_is_drift(aws: dict[str, Any]) -> None:
    create_service(aws)
    ecs_service_settings.run(aws["ecs"], service_params(aws), False)
    aws["ecs"].update_service(cluster="c", service="s", networkConfiguration={"awsvpcConfiguration": {
        "subnets": aws["subnets"][:2], "securityGroups": aws["groups"][:1], "assignPublicIp": "ENABLED"}})
    result = ecs_service_settings.run(aws["ecs"], service_params(aws), False)
    assert result["changed_keys"] == ["assign_public_ip"]
    assert described(aws)["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"


def test_service_settings_missing_service(aws: dict[str, Any]) -> None:
    assert ecs_service_settings.run(aws["ecs"], service_params(aws), True)["changed"] is True
    with pytest.raises(RuntimeError, match="no active ECS service s"):
        ecs_service_settings.run(aws["ecs"], service_params(aws), False)


# --- appautoscaling_scheduled_action --------------------------------------------------------

RESOURCE = "service/c/s"


def action_params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": "night", "service_namespace": "ecs", "resource_id": RESOURCE,
        "scalable_dimension": "ecs:service:DesiredCount", "schedule": "cron(0 22 ? * * *)",
        "timezone": "Asia/Tokyo", "min_capacity": 1, "max_capacity": 2, "state": "present",
    }
    base.update(overrides)
    return base


def stored_actions(aas: Any) -> list[dict[str, Any]]:
    return aas.describe_scheduled_actions(ServiceNamespace="ecs", ResourceId=RESOURCE)["ScheduledActions"]


@pytest.fixture
def aas(aws: dict[str, Any]) -> Any:
    create_service(aws)
    aws["aas"].register_scalable_target(ServiceNamespace="ecs", ResourceId=RESOURCE,
                                        ScalableDimension="ecs:service:DesiredCount", MinCapacity=2, MaxCapacity=10)
    return aws["aas"]


def test_scheduled_action_check_mode_writes_nothing(aas: Any) -> None:
    calls = Calls(aas)
    result = scheduled.run(aas, action_params(), True)
    assert result["changed"] is True and result["diff"]["before"] == {}
    assert calls.writes == []
    assert stored_actions(aas) == []


def test_scheduled_action_created_then_unchanged(aas: Any) -> None:
    assert scheduled.run(aas, action_params(), False)["changed"] is True
    [action] = stored_actions(aas)
    assert (action["Schedule"], action["Timezone"], action["ScalableTargetAction"]) == (
        "cron(0 22 ? * * *)", "Asia/Tokyo", {"MinCapacity": 1, "MaxCapacity": 2})
    calls = Calls(aas)
    assert scheduled.run(aas, action_params(), False)["changed"] is False
    assert calls.writes == []


def test_scheduled_action_updated_when_capacity_differs(aas: Any) -> None:
    scheduled.run(aas, action_params(), False)
    result = scheduled.run(aas, action_params(max_capacity=3), False)
    assert result["diff"]["before"]["max_capacity"] == 2 and result["diff"]["after"]["max_capacity"] == 3
    assert stored_actions(aas)[0]["ScalableTargetAction"] == {"MinCapacity": 1, "MaxCapacity": 3}


def test_scheduled_action_removed(aas: Any) -> None:
    scheduled.run(aas, action_params(), False)
    assert scheduled.run(aas, action_params(state="absent"), True)["changed"] is True
    assert len(stored_actions(aas)) == 1
    assert scheduled.run(aas, action_params(state="absent"), False)["changed"] is True
    assert stored_actions(aas) == []
    assert scheduled.run(aas, action_params(state="absent"), False)["changed"] is False
