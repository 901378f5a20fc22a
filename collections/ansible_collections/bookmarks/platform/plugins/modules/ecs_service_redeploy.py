#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""New tasks for ECS services on the revisions they run: they read their secrets again."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecs_service_redeploy
version_added: 0.10.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Start a new deployment of ECS services on their current revisions, and wait for it
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Sends C(UpdateService) with C(forceNewDeployment) for each service - ECS starts new tasks on the
    revision the service runs, which read their secrets from SSM when they start, and stops the old
    ones as the new ones pass their health checks (the service's deployment configuration).
  - With I(wait), waits until each new deployment's rollout is C(COMPLETED), and fails naming the
    services whose rollout C(FAILED) or is still in progress after I(wait_timeout) seconds.
  - C(community.aws.ecs_service) can force a new deployment only while stating the whole service.
  - Supports check mode (nothing is sent; every service is reported as redeployed).
options:
  cluster:
    description: The cluster.
    type: str
    required: true
  services:
    description: The services' names.
    type: list
    elements: str
    required: true
  wait:
    description: Wait for the new deployments to complete.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait.
    type: int
    default: 1200
"""

EXAMPLES = r"""
- name: New tasks read the new DATABASE_URL
  bookmarks.platform.ecs_service_redeploy:
    cluster: bookmark-manager-prod-cluster
    services: [bookmark-manager-prod-web, bookmark-manager-prod-api]
"""

RETURN = r"""
deployments:
  description: Each service's new deployment ID (empty in check mode).
  returned: always
  type: dict
"""

import time
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def primary(service: dict[str, Any]) -> dict[str, Any]:
    return next((d for d in service.get("deployments", []) if d.get("status") == "PRIMARY"), {})


def wait_for(client: Any, cluster: str, deployments: dict[str, str], timeout: int, sleep: Any = time.sleep) -> None:
    deadline = time.monotonic() + timeout
    delay = 5.0
    while True:
        found = client.describe_services(cluster=cluster, services=list(deployments))["services"]
        states = {s["serviceName"]: (primary(s).get("rolloutState", "COMPLETED") if primary(s).get("id") == deployments[s["serviceName"]] else "REPLACED")
                  for s in found}  # fmt: skip
        failed = sorted(name for name, state in states.items() if state in ("FAILED", "REPLACED"))
        if failed:
            raise RuntimeError(f"the new deployment of {', '.join(failed)} failed or was replaced; the services run what their circuit breaker kept")
        waiting = sorted(name for name, state in states.items() if state != "COMPLETED")
        if not waiting:
            return
        if time.monotonic() + delay > deadline:
            raise RuntimeError(f"after {timeout} s the new deployment of {', '.join(waiting)} is still in progress")
        sleep(delay)
        delay = min(delay * 2, 30.0)


def run(client: Any, params: dict[str, Any], check_mode: bool, sleep: Any = time.sleep) -> dict[str, Any]:
    if check_mode:
        return {"changed": True, "deployments": {name: "" for name in params["services"]}}
    deployments = {}
    for name in params["services"]:
        service = client.update_service(cluster=params["cluster"], service=name, forceNewDeployment=True)["service"]
        deployments[name] = primary(service).get("id", "")
    if params["wait"]:
        wait_for(client, params["cluster"], deployments, params["wait_timeout"], sleep)
    return {"changed": True, "deployments": deployments}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            cluster=dict(type="str", required=True),
            services=dict(type="list", elements="str", required=True),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=1200),
        ),
        supports_check_mode=True,
    )
    run_module(module, "ecs", run, "Failed to redeploy the services")


if __name__ == "__main__":
    main()
