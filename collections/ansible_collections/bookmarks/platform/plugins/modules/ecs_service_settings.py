#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep the ECS service settings that community.aws.ecs_service never compares."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecs_service_settings
version_added: 0.2.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Reconcile an ECS service's network and deployment configuration
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - C(community.aws.ecs_service) sets the network configuration, the deployment configuration
    (circuit breaker included) and the platform version when it creates a service, but never
    compares them afterwards, so a change to them alone is never applied and drift goes unseen.
    It has no option for ECS Service Connect at all.
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
  service_connect:
    description:
      - "The service's ECS Service Connect configuration, as C(UpdateService) takes it - C({enabled,
        namespace, services}), each service C({portName, discoveryName, clientAliases}) - or
        C({enabled: false}); not compared when omitted."
      - "AWS describes it per deployment; the C(PRIMARY) deployment's is compared. A service never
        configured counts as C({enabled: false}). Fields AWS adds (log configuration, TLS, ingress
        port overrides) are not compared."
      - Without a C(namespace), the cluster's Service Connect default namespace (its ARN, read with
        C(DescribeClusters)) is the one compared and sent.
    type: dict
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
    service_connect:
      description: The Service Connect configuration, when compared.
      type: dict
      returned: when O(service_connect) is given
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


def service_connect(configuration: dict[str, Any] | None) -> dict[str, Any]:
    """A Service Connect configuration in one form: what this module compares and sends."""
    configuration = configuration or {}
    if not configuration.get("enabled"):
        return {"enabled": False}
    services = [
        {
            "portName": service["portName"],
            "discoveryName": service.get("discoveryName") or service["portName"],
            "clientAliases": sorted(
                ({"port": int(alias["port"]), "dnsName": alias.get("dnsName") or service["portName"]} for alias in service.get("clientAliases") or []),
                key=lambda alias: (alias["dnsName"], alias["port"]),
            ),
        }
        for service in configuration.get("services") or []
    ]
    found: dict[str, Any] = {"enabled": True, "namespace": configuration.get("namespace", "")}
    if services:
        found["services"] = sorted(services, key=lambda service: service["portName"])
    return found


def primary(service: dict[str, Any]) -> dict[str, Any]:
    """The deployment the service runs: its PRIMARY one."""
    return next((deployment for deployment in service.get("deployments") or [] if deployment.get("status") == "PRIMARY"), {})


def view(service: dict[str, Any], with_platform: bool, with_service_connect: bool = False) -> dict[str, Any]:
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
    if with_service_connect:
        settings["service_connect"] = service_connect(primary(service).get("serviceConnectConfiguration"))
    return settings


def desired(params: dict[str, Any]) -> dict[str, Any]:
    settings = {key: params[key] for key in KEYS}
    settings["subnets"] = sorted(settings["subnets"])
    settings["security_groups"] = sorted(settings["security_groups"])
    if params.get("platform_version"):
        settings["platform_version"] = params["platform_version"]
    if params.get("service_connect") is not None:
        settings["service_connect"] = service_connect(params["service_connect"])
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
    if "service_connect" in want:
        request["serviceConnectConfiguration"] = want["service_connect"]
    return request


def find(client: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    services = client.describe_services(cluster=params["cluster"], services=[params["service"]]).get("services", [])
    active = [s for s in services if s.get("status") == "ACTIVE"]
    return active[0] if active else None


def cluster_namespace(client: Any, cluster: str) -> str:
    clusters = client.describe_clusters(clusters=[cluster]).get("clusters", [])
    return str((clusters[0].get("serviceConnectDefaults") or {}).get("namespace", "")) if clusters else ""


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    configuration = params.get("service_connect")
    if configuration and configuration.get("enabled") and not configuration.get("namespace"):
        namespace = cluster_namespace(client, params["cluster"])
        if not namespace and not check_mode:
            raise RuntimeError(f"service_connect: no namespace given, and cluster {params['cluster']} has no Service Connect default namespace")
        params = {**params, "service_connect": {**configuration, "namespace": namespace}}
    want = desired(params)
    service = find(client, params)
    if service is None:
        if not check_mode:
            raise RuntimeError(f"service: no active ECS service {params['service']} in cluster {params['cluster']}")
        return {"changed": True, "settings": want, "diff": {"before": {}, "after": want}}
    before = view(service, "platform_version" in want, "service_connect" in want)
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
            service_connect=dict(type="dict"),
        ),
        supports_check_mode=True,
    )
    run_module(module, "ecs", run, "Failed to reconcile the ECS service settings")


if __name__ == "__main__":
    main()
