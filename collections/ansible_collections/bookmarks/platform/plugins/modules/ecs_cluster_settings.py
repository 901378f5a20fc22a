#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage the settings of an ECS cluster (community.aws.ecs_cluster has no settings option)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecs_cluster_settings
version_added: 0.2.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage the settings of an ECS cluster, such as Container Insights
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads the cluster's settings and sends C(UpdateCluster) with the managed ones when any differs.
  - Settings not named in O(settings) are left as they are.
  - With O(service_connect_namespace), also the cluster's Service Connect default namespace.
  - Supports check mode and diff mode. In check mode nothing is written; a cluster that does not
    exist yet is reported as a change (the cluster itself is created by another task).
options:
  cluster:
    description: The cluster name or ARN.
    type: str
    required: true
  settings:
    description:
      - "Setting name to value, for example C({containerInsights: enabled})."
      - C(containerInsights) takes C(enhanced), C(enabled) or C(disabled).
    type: dict
    required: true
  service_connect_namespace:
    description:
      - The ARN of the Cloud Map namespace the cluster's services use for ECS Service Connect by
        default (C(serviceConnectDefaults)); not compared when omitted.
    type: str
"""

EXAMPLES = r"""
- name: Container Insights on
  bookmarks.platform.ecs_cluster_settings:
    cluster: bookmark-manager-production-cluster
    settings:
      containerInsights: enabled
"""

RETURN = r"""
settings:
  description: The managed settings after the run (in check mode, what they would be).
  returned: always
  type: dict
  sample: {containerInsights: enabled}
service_connect_namespace:
  description: The cluster's Service Connect default namespace, when managed.
  returned: when O(service_connect_namespace) is given
  type: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


NAMESPACE = "serviceConnectDefaults.namespace"


def current_settings(client: Any, cluster: str) -> dict[str, str] | None:
    """The cluster's settings, with its Service Connect default namespace under NAMESPACE."""
    clusters = client.describe_clusters(clusters=[cluster], include=["SETTINGS"]).get("clusters", [])
    active = [c for c in clusters if c.get("status") == "ACTIVE"]
    if not active:
        return None
    found = {s["name"]: s["value"] for s in active[0].get("settings", [])}
    found[NAMESPACE] = (active[0].get("serviceConnectDefaults") or {}).get("namespace", "")
    return found


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    settings = {name: str(value) for name, value in params["settings"].items()}
    want = dict(settings)
    if params.get("service_connect_namespace") is not None:
        want[NAMESPACE] = params["service_connect_namespace"]
    result: dict[str, Any] = {"settings": settings}
    if NAMESPACE in want:
        result["service_connect_namespace"] = want[NAMESPACE]
    current = current_settings(client, params["cluster"])
    if current is None:
        if not check_mode:
            raise RuntimeError(f"cluster: no active ECS cluster {params['cluster']}")
        return {**result, "changed": True, "diff": {"before": {}, "after": want}}
    before = {name: current.get(name) for name in want}
    if before == want:
        return {**result, "changed": False}
    if not check_mode:
        request: dict[str, Any] = {"cluster": params["cluster"]}
        if any(before[name] != want[name] for name in settings):
            request["settings"] = [{"name": name, "value": value} for name, value in settings.items()]
        if NAMESPACE in want and before[NAMESPACE] != want[NAMESPACE]:
            request["serviceConnectDefaults"] = {"namespace": want[NAMESPACE]}
        client.update_cluster(**request)
    return {**result, "changed": True, "diff": {"before": before, "after": want}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            cluster=dict(type="str", required=True),
            settings=dict(type="dict", required=True),
            service_connect_namespace=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    run_module(module, "ecs", run, "Failed to manage the ECS cluster settings")


if __name__ == "__main__":
    main()
