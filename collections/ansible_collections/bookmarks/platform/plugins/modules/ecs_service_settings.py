#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep the ECS service settings that community.aws.ecs_service never compares."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecs_service_settings
short_description: Reconcile an ECS service's network and deployment configuration
version_added: 0.2.0
description:
  - C(community.aws.ecs_service) sets the network configuration, the deployment configuration
    (circuit breaker included) and the platform version when it creates a service, but never
    compares them afterwards, so a change to them alone is never applied and drift goes unseen.
  - This module reads the service and sends C(UpdateService) with only these settings when any
    differs. Run it after C(community.aws.ecs_service).
  - Supports check mode and diff mode. In check mode nothing is written; a service that does not
    exist yet is reported as a change.
options:
  cluster:
    description: The cluster name or ARN.
    type: str
    required: true
  service:
    description: The service name.
    type: str
    required: true
  subnets:
    description: The awsvpc subnets (order does not matter).
    type: list
    elements: str
    required: true
  security_groups:
    description: The awsvpc security group IDs (order does not matter).
    type: list
    elements: str
    required: true
  assign_public_ip:
    description: Give tasks a public IP.
    type: bool
    default: false
  minimum_healthy_percent:
    description: Lower limit of running tasks during a deployment, in percent of the desired count.
    type: int
    default: 100
  maximum_percent:
    description: Upper limit of running tasks during a deployment, in percent of the desired count.
    type: int
    default: 200
  circuit_breaker:
    description: Stop a deployment whose tasks keep failing to start.
    type: bool
    default: true
  circuit_breaker_rollback:
    description: Roll back to the last completed deployment when the circuit breaker trips.
    type: bool
    default: true
  platform_version:
    description: The Fargate platform version; not compared when omitted.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
author:
  - Bookmark Manager platform team (@bookmarks)
"""

EXAMPLES = r"""
- name: Private subnets, no public IP, circuit breaker with rollback
  bookmarks.platform.ecs_service_settings:
    cluster: bookmark-manager-production-cluster
    service: bookmark-manager-production-api
    subnets: "{{ vpc_private_subnet_ids }}"
    security_groups: ["{{ security_groups_ecs_id }}"]
"""

RETURN = r"""
settings:
  description: The reconciled settings after the run (in check mode, what they would be).
  returned: always
  type: dict
  contains:
    subnets:
      description: Sorted subnet IDs.
      type: list
      elements: str
    security_groups:
      description: Sorted security group IDs.
      type: list
      elements: str
    assign_public_ip:
      description: Whether tasks get a public IP.
      type: bool
    minimum_healthy_percent:
      description: Minimum healthy percent.
      type: int
    maximum_percent:
      description: Maximum percent.
      type: int
    circuit_breaker:
      description: Circuit breaker on.
      type: bool
    circuit_breaker_rollback:
      description: Roll back on failure.
      type: bool
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

KEYS = (
    "subnets",
    "security_groups",
    "assign_public_ip",
    "minimum_healthy_percent",
    "maximum_percent",
    "circuit_breaker",
    "circuit_breaker_rollback",
)


def view(service: dict[str, Any], with_platform: bool) -> dict[str, Any]:
    network = (service.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
    deployment = service.get("deploymentConfiguration") or {}
    breaker = deployment.get("deploymentCircuitBreaker") or {}
    settings = {
        "subnets": sorted(network.get("subnets") or []),
        "security_groups": sorted(network.get("securityGroups") or []),
        "assign_public_ip": network.get("assignPublicIp", "DISABLED") == "ENABLED",
        "minimum_healthy_percent": deployment.get("minimumHealthyPercent"),
        "maximum_percent": deployment.get("maximumPercent"),
        "circuit_breaker": bool(breaker.get("enable", False)),
        "circuit_breaker_rollback": bool(breaker.get("rollback", False)),
    }
    if with_platform:
        settings["platform_version"] = service.get("platformVersion")
    return settings


def desired(params: dict[str, Any]) -> dict[str, Any]:
    settings = {key: params[key] for key in KEYS}
    settings["subnets"] = sorted(settings["subnets"])
    settings["security_groups"] = sorted(settings["security_groups"])
    if params.get("platform_version"):
        settings["platform_version"] = params["platform_version"]
    return settings


def update_request(params: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "cluster": params["cluster"],
        "service": params["service"],
        "networkConfiguration": {
            "awsvpcConfiguration": {
                "subnets": want["subnets"],
                "securityGroups": want["security_groups"],
                "assignPublicIp": "ENABLED" if want["assign_public_ip"] else "DISABLED",
            }
        },
        "deploymentConfiguration": {
            "minimumHealthyPercent": want["minimum_healthy_percent"],
            "maximumPercent": want["maximum_percent"],
            "deploymentCircuitBreaker": {"enable": want["circuit_breaker"], "rollback": want["circuit_breaker_rollback"]},
        },
    }
    if "platform_version" in want:
        request["platformVersion"] = want["platform_version"]
    return request


def find(client: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    services = client.describe_services(cluster=params["cluster"], services=[params["service"]]).get("services", [])
    active = [s for s in services if s.get("status") == "ACTIVE"]
    return active[0] if active else None


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    want = desired(params)
    service = find(client, params)
    if service is None:
        if not check_mode:
            raise RuntimeError(f"service: no active ECS service {params['service']} in cluster {params['cluster']}")
        return {"changed": True, "settings": want, "diff": {"before": {}, "after": want}}
    before = view(service, "platform_version" in want)
    if before == want:
        return {"changed": False, "settings": want}
    if not check_mode:
        client.update_service(**update_request(params, want))
    changed = sorted(key for key in want if before.get(key) != want[key])
    return {"changed": True, "settings": want, "changed_keys": changed, "diff": {"before": before, "after": want}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            cluster=dict(type="str", required=True),
            service=dict(type="str", required=True),
            subnets=dict(type="list", elements="str", required=True),
            security_groups=dict(type="list", elements="str", required=True),
            assign_public_ip=dict(type="bool", default=False),
            minimum_healthy_percent=dict(type="int", default=100),
            maximum_percent=dict(type="int", default=200),
            circuit_breaker=dict(type="bool", default=True),
            circuit_breaker_rollback=dict(type="bool", default=True),
            platform_version=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    run_module(module, "ecs", run, "Failed to reconcile the ECS service settings")


if __name__ == "__main__":
    main()
