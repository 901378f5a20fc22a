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
from ansible_collections.bookmarks.platform.plugins.modules import appautoscaling_target
from ansible_collections.bookmarks.platform.plugins.modules import ecs_cluster_settings
from ansible_collections.bookmarks.platform.plugins.modules import ecs_service_settings
from ansible_collections.bookmarks.platform.plugins.modules import ecs_task_definition

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


# --- ecs_task_definition --------------------------------------------------------------------

def definition_params(**overrides: Any) -> dict[str, Any]:
    base = {
        "family": "api", "cpu": "512", "memory": "1024", "network_mode": "awsvpc", "launch_type": "FARGATE",
        "execution_role_arn": "arn:aws:iam::123456789012:role/exec", "task_role_arn": None,
        "cpu_architecture": "X86_64", "tags": {"Project": "t"}, "state": "present",
        "preferred_revision": None,
        "containers": [{
            "name": "api", "image": "repo/api:1", "essential": True,
            "portMappings": [{"containerPort": 3001, "protocol": "tcp"}],
            "environment": [{"name": "NODE_ENV", "value": "production"}, {"name": "PORT", "value": "3001"}],
            "secrets": [{"name": "JWT_SECRET", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/p/jwt"}],
        }],
    }
    base.update(overrides)
    return base


def revisions(ecs: Any) -> list[str]:
    return ecs.list_task_definitions(familyPrefix="api")["taskDefinitionArns"]


def test_task_definition_registered_once(aws: dict[str, Any]) -> None:
    ecs = aws["ecs"]
    dry = ecs_task_definition.run(ecs, definition_params(), True)
    assert dry["changed"] is True and dry["task_definition"]["family_revision"] == "api:1"
    assert revisions(ecs) == []
    first = ecs_task_definition.run(ecs, definition_params(), False)
    assert first["task_definition"]["family_revision"] == "api:1"
    stored = ecs.describe_task_definition(taskDefinition="api:1")["taskDefinition"]
    assert (stored["cpu"], stored["memory"], stored["containerDefinitions"][0]["image"]) == ("512", "1024", "repo/api:1")
    calls = Calls(ecs)
    # Same definition with the environment in another order: nothing registered.
    again = definition_params()
    again["containers"][0]["environment"].reverse()
    assert ecs_task_definition.run(ecs, again, False)["changed"] is False
    assert calls.writes == []
    assert len(revisions(ecs)) == 1


@pytest.mark.parametrize(("change", "reason"), [
    ({"cpu": "1024"}, "cpu"),
    ({"memory": "2048"}, "memory"),
    ({"task_role_arn": "arn:aws:iam::123456789012:role/task"}, "taskRoleArn"),
])
def test_task_size_and_roles_make_a_revision(aws: dict[str, Any], change: dict[str, Any], reason: str) -> None:
    ecs_task_definition.run(aws["ecs"], definition_params(), False)
    result = ecs_task_definition.run(aws["ecs"], definition_params(**change), False)
    assert result["differences"] == [reason]
    assert result["task_definition"]["family_revision"] == "api:2"


def test_removed_variable_and_new_image_make_a_revision(aws: dict[str, Any]) -> None:
    ecs = aws["ecs"]
    ecs_task_definition.run(ecs, definition_params(), False)
    fewer = definition_params()
    fewer["containers"][0]["environment"] = fewer["containers"][0]["environment"][:1]
    assert ecs_task_definition.run(ecs, fewer, False)["differences"] == ["container api: environment"]
    newer = definition_params()
    newer["containers"][0]["image"] = "repo/api:2"
    result = ecs_task_definition.run(ecs, newer, False)
    assert result["task_definition"]["images"] == {"api": "repo/api:2"}
    assert result["diff"]["before"]["family_revision"] == "api:2"
    # Going back to image 1 compares with the latest revision (3), so it registers revision 4.
    assert ecs_task_definition.run(ecs, definition_params(), False)["task_definition"]["family_revision"] == "api:4"


# --- appautoscaling_target ------------------------------------------------------------------

def target_params(**overrides: Any) -> dict[str, Any]:
    base = {
        "service_namespace": "ecs", "resource_id": RESOURCE, "scalable_dimension": "ecs:service:DesiredCount",
        "min_capacity": 2, "max_capacity": 10, "scheduled_capacities": [{"min_capacity": 1, "max_capacity": 2}],
        "policies": [{"name": "cpu", "metric": "ECSServiceAverageCPUUtilization", "target_value": 70,
                      "scale_in_cooldown": 300, "scale_out_cooldown": 60}],
        "purge_policies": True, "state": "present",
    }
    base.update(overrides)
    return base


@pytest.fixture
def bare(aws: dict[str, Any]) -> Any:
    create_service(aws)
    return aws["aas"]


def limits(aas: Any) -> list[tuple[int, int]]:
    targets = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[RESOURCE])["ScalableTargets"]
    return [(t["MinCapacity"], t["MaxCapacity"]) for t in targets]


def policy_targets(aas: Any) -> dict[str, float]:
    policies = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=RESOURCE)["ScalingPolicies"]
    return {p["PolicyName"]: p["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] for p in policies}


def test_target_check_mode_writes_nothing(bare: Any) -> None:
    calls = Calls(bare)
    result = appautoscaling_target.run(bare, target_params(), True)
    assert result["changed"] is True and result["diff"]["before"] == {}
    assert calls.writes == []
    assert limits(bare) == []


def test_target_created_then_unchanged(bare: Any) -> None:
    appautoscaling_target.run(bare, target_params(), False)
    assert limits(bare) == [(2, 10)]
    assert policy_targets(bare) == {"cpu": 70.0}
    calls = Calls(bare)
    assert appautoscaling_target.run(bare, target_params(), False)["changed"] is False
    assert calls.writes == []


def test_target_keeps_scheduled_limits_and_resets_others(bare: Any) -> None:
    appautoscaling_target.run(bare, target_params(), False)
    bare.register_scalable_target(ServiceNamespace="ecs", ResourceId=RESOURCE,
                                  ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=2)
    assert appautoscaling_target.run(bare, target_params(), False)["changed"] is False
    assert limits(bare) == [(1, 2)]
    bare.register_scalable_target(ServiceNamespace="ecs", ResourceId=RESOURCE,
                                  ScalableDimension="ecs:service:DesiredCount", MinCapacity=5, MaxCapacity=5)
    result = appautoscaling_target.run(bare, target_params(), False)
    assert result["diff"]["before"]["min_capacity"] == 5
    assert limits(bare) == [(2, 10)]


def test_target_policy_drift_repaired_and_extra_policy_purged(bare: Any) -> None:
    appautoscaling_target.run(bare, target_params(), False)
    for name, value in (("cpu", 55.0), ("stray", 40.0)):
        bare.put_scaling_policy(
            PolicyName=name, ServiceNamespace="ecs", ResourceId=RESOURCE, ScalableDimension="ecs:service:DesiredCount",
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": value, "ScaleInCooldown": 300, "ScaleOutCooldown": 60,
                "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})
    dry = appautoscaling_target.run(bare, target_params(), True)
    assert dry["diff"]["before"]["policies"]["cpu"]["target_value"] == 55.0
    assert policy_targets(bare) == {"cpu": 55.0, "stray": 40.0}
    appautoscaling_target.run(bare, target_params(), False)
    assert policy_targets(bare) == {"cpu": 70.0}


def test_target_deregistered(bare: Any) -> None:
    appautoscaling_target.run(bare, target_params(), False)
    assert appautoscaling_target.run(bare, target_params(state="absent"), False)["changed"] is True
    assert limits(bare) == []
    assert policy_targets(bare) == {}
    assert appautoscaling_target.run(bare, target_params(state="absent"), False)["changed"] is False


def test_task_definition_absent_deregisters_every_revision_of_the_family_only(aws: dict[str, Any]) -> None:
    ecs = aws["ecs"]
    ecs_task_definition.run(ecs, definition_params(), False)
    ecs_task_definition.run(ecs, definition_params(cpu="1024"), False)
    ecs_task_definition.run(ecs, definition_params(family="api-worker"), False)
    dry = ecs_task_definition.run(ecs, definition_params(state="absent"), True)
    assert len(dry["deregistered"]) == 2 and len(revisions(ecs)) == 2
    assert ecs_task_definition.run(ecs, definition_params(state="absent"), False)["changed"] is True
    active = ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]
    assert [arn.rsplit("/", 1)[-1] for arn in active] == ["api-worker:1"]
    assert ecs_task_definition.run(ecs, definition_params(state="absent"), False)["changed"] is False


def test_preferred_revision_kept_when_it_matches(aws: dict[str, Any]) -> None:
    ecs = aws["ecs"]
    ecs_task_definition.run(ecs, definition_params(), False)  # api:1, image 1
    newer = definition_params()
    newer["containers"][0]["image"] = "repo/api:2"
    ecs_task_definition.run(ecs, newer, False)  # api:2, image 2 (a rolled-back deployment)
    calls = Calls(ecs)
    kept = ecs_task_definition.run(ecs, definition_params(preferred_revision="api:1"), False)
    assert kept["changed"] is False and kept["task_definition"]["family_revision"] == "api:1"
    assert calls.writes == []
    # A preferred revision that does not match is ignored: the latest decides.
    assert ecs_task_definition.run(ecs, dict(newer, preferred_revision="api:1"), False)["changed"] is False
    assert len(revisions(ecs)) == 2


NAMESPACE = "arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/ns-0123456789abcdef"
SERVER = {
    "enabled": True,
    "namespace": NAMESPACE,
    "services": [{"portName": "api", "discoveryName": "api", "clientAliases": [{"port": 3001, "dnsName": "api"}]}],
}


def primary(aws: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in described(aws)["deployments"] if d["status"] == "PRIMARY")


def test_service_connect_set_compared_on_the_primary_deployment_and_turned_off(aws: dict[str, Any]) -> None:
    from tests.harness.emulator.launcher import apply_corrections

    apply_corrections()  # moto drops Service Connect: the emulator's correction keeps it, as AWS does
    create_service(aws)
    ecs_service_settings.run(aws["ecs"], service_params(aws), False)
    calls = Calls(aws["ecs"])
    result = ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect=SERVER), False)
    assert result["changed_keys"] == ["service_connect"] and result["diff"]["before"]["service_connect"] == {"enabled": False}
    assert primary(aws)["serviceConnectConfiguration"] == SERVER
    # AWS adds fields of its own (the Envoy proxy's logs): not a difference.
    described_by_aws = {**SERVER, "logConfiguration": {"logDriver": "awslogs"}}
    aws["ecs"].update_service(cluster="c", service="s", serviceConnectConfiguration=described_by_aws)
    written = len(calls.writes)
    assert ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect=SERVER), False)["changed"] is False
    assert len(calls.writes) == written
    # A service that calls nobody and that nobody calls: off.
    off = ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect={"enabled": False}), False)
    assert off["changed_keys"] == ["service_connect"] and primary(aws)["serviceConnectConfiguration"] == {"enabled": False}


def test_a_service_never_configured_is_off(aws: dict[str, Any]) -> None:
    create_service(aws)
    calls = Calls(aws["ecs"])
    assert ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect={"enabled": False}), False)["changed"] is True  # the network
    assert ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect={"enabled": False}), False)["changed"] is False
    assert len(calls.writes) == 1


def test_cluster_service_connect_namespace(aws: dict[str, Any]) -> None:
    params = {"cluster": "c", "settings": {"containerInsights": "disabled"}, "service_connect_namespace": NAMESPACE}
    calls = Calls(aws["ecs"])
    dry = ecs_cluster_settings.run(aws["ecs"], params, True)
    assert dry["diff"] == {
        "before": {"containerInsights": "disabled", "serviceConnectDefaults.namespace": ""},
        "after": {"containerInsights": "disabled", "serviceConnectDefaults.namespace": NAMESPACE},
    }
    assert calls.writes == []
    assert ecs_cluster_settings.run(aws["ecs"], params, False)["changed"] is True
    [cluster] = aws["ecs"].describe_clusters(clusters=["c"])["clusters"]
    assert cluster["serviceConnectDefaults"] == {"namespace": NAMESPACE}
    assert ecs_cluster_settings.run(aws["ecs"], params, False)["changed"] is False
    assert calls.writes == ["UpdateCluster"]


def test_service_connect_takes_the_clusters_default_namespace(aws: dict[str, Any]) -> None:
    from tests.harness.emulator.launcher import apply_corrections

    apply_corrections()
    create_service(aws)
    client_only = {"enabled": True}
    with pytest.raises(RuntimeError, match="cluster c has no Service Connect default namespace"):
        ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect=client_only), False)
    aws["ecs"].update_cluster(cluster="c", serviceConnectDefaults={"namespace": NAMESPACE})
    result = ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect=client_only), False)
    assert result["settings"]["service_connect"] == {"enabled": True, "namespace": NAMESPACE}
    assert primary(aws)["serviceConnectConfiguration"] == {"enabled": True, "namespace": NAMESPACE}
    assert ecs_service_settings.run(aws["ecs"], service_params(aws, service_connect=client_only), False)["changed"] is False
