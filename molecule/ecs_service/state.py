"""Read the ecs_service role's resources back, or change them behind the role's back.

    state.py read       print services, task definitions and autoscaling as JSON
    state.py autoscale  what Application Auto Scaling does: desired count 5, night limits 1-2
    state.py drift      what a hand edit does: public IPs on, circuit breaker off
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import boto3

REGION = "ap-northeast-1"
CLUSTER = "molecule-svc-cluster"
SERVICES = ["molecule-svc-web", "molecule-svc-api"]


def client(service: str) -> Any:
    return boto3.client(service, region_name=REGION, endpoint_url=os.environ["AWS_ENDPOINT_URL"])


def read() -> dict[str, Any]:
    ecs, aas = client("ecs"), client("application-autoscaling")
    services = {}
    for service in ecs.describe_services(cluster=CLUSTER, services=SERVICES)["services"]:
        definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
        services[service["serviceName"]] = {
            "service": {k: service.get(k) for k in (
                "desiredCount", "launchType", "networkConfiguration", "loadBalancers", "deploymentConfiguration",
                "enableExecuteCommand", "healthCheckGracePeriodSeconds", "taskDefinition", "propagateTags")},
            "definition": {k: definition.get(k) for k in (
                "cpu", "memory", "networkMode", "requiresCompatibilities", "executionRoleArn", "taskRoleArn",
                "containerDefinitions", "revision")},
        }
    targets = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    policies = aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
    actions = aas.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
    return {
        "services": services,
        "targets": {t["ResourceId"].rsplit("/", 1)[-1]: [t["MinCapacity"], t["MaxCapacity"]] for t in targets},
        "policies": {p["PolicyName"]: p["TargetTrackingScalingPolicyConfiguration"] for p in policies},
        "actions": {a["ScheduledActionName"]: {"schedule": a["Schedule"], "timezone": a.get("Timezone"),
                                               "capacity": a["ScalableTargetAction"]} for a in actions},
    }


def autoscale() -> None:
    client("ecs").update_service(cluster=CLUSTER, service="molecule-svc-api", desiredCount=5)
    client("application-autoscaling").register_scalable_target(
        ServiceNamespace="ecs", ResourceId=f"service/{CLUSTER}/molecule-svc-web",
        ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=2)


def drift() -> None:
    ecs = client("ecs")
    [service] = ecs.describe_services(cluster=CLUSTER, services=["molecule-svc-api"])["services"]
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    ecs.update_service(
        cluster=CLUSTER, service="molecule-svc-api",
        networkConfiguration={"awsvpcConfiguration": {**network, "assignPublicIp": "ENABLED"}},
        deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 200,
                                 "deploymentCircuitBreaker": {"enable": False, "rollback": False}},
    )


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "read":
        print(json.dumps(read(), default=str))
    else:
        {"autoscale": autoscale, "drift": drift}[command]()
