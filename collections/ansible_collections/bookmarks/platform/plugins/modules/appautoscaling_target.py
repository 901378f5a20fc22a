#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage an Application Auto Scaling scalable target and its target-tracking policies."""

from __future__ import annotations

DOCUMENTATION = r"""
module: appautoscaling_target
version_added: 0.2.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage a scalable target and its target-tracking policies
extends_documentation_fragment:
  - bookmarks.platform.appautoscaling
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Registers a scalable target (an ECS service's desired count, for example) with its capacity
    limits, and keeps its target-tracking scaling policies as listed.
  - Written because C(community.aws.application_autoscaling_policy) writes in check mode, and
    because scheduled actions move the capacity limits during the day; a converge must not undo
    them. Limits equal to one of O(scheduled_capacities) count as in line; other limits are reset.
  - O(state=absent) deletes the target's target-tracking policies and deregisters it (which, on AWS, also
    removes its scheduled actions).
  - Supports check mode and diff mode. In check mode nothing is written.
options:
  min_capacity:
    description: The minimum capacity. Required when O(state=present).
    type: int
  max_capacity:
    description: The maximum capacity. Required when O(state=present).
    type: int
  scheduled_capacities:
    description: Capacity limits that scheduled actions set; current limits equal to one of them are kept.
    type: list
    elements: dict
    default: []
  policies:
    description: Target-tracking policies on a predefined metric.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The policy name.
        type: str
        required: true
      metric:
        description: The predefined metric, for example V(ECSServiceAverageCPUUtilization).
        type: str
        required: true
      target_value:
        description: The target value of the metric.
        type: float
        required: true
      scale_in_cooldown:
        description: Seconds between scale-in activities.
        type: int
        default: 300
      scale_out_cooldown:
        description: Seconds between scale-out activities.
        type: int
        default: 60
  purge_policies:
    description: Delete target-tracking policies of the target that are not in O(policies).
    type: bool
    default: true
  state:
    description: Whether the scalable target should exist.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: 2 to 10 api tasks, CPU at 70 %, night limits kept
  bookmarks.platform.appautoscaling_target:
    resource_id: service/bookmark-manager-production-cluster/bookmark-manager-production-api
    min_capacity: 2
    max_capacity: 10
    scheduled_capacities: [{min_capacity: 1, max_capacity: 2}]
    policies:
      - name: cpu
        metric: ECSServiceAverageCPUUtilization
        target_value: 70
"""

RETURN = r"""
target:
  description: The target after the run (in check mode, what it would be).
  returned: when O(state=present), or when a target was deregistered
  type: dict
  contains:
    min_capacity:
      description: Minimum capacity.
      type: int
    max_capacity:
      description: Maximum capacity.
      type: int
    policies:
      description: Policy name to its metric, target value and cooldowns.
      type: dict
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.appautoscaling import TARGET_ARGUMENTS
from ansible_collections.bookmarks.platform.plugins.module_utils.appautoscaling import scope
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def policy_view(policy: dict[str, Any]) -> dict[str, Any]:
    config = policy.get("TargetTrackingScalingPolicyConfiguration") or {}
    return {
        "metric": (config.get("PredefinedMetricSpecification") or {}).get("PredefinedMetricType"),
        "target_value": float(config.get("TargetValue", 0)),
        "scale_in_cooldown": config.get("ScaleInCooldown"),
        "scale_out_cooldown": config.get("ScaleOutCooldown"),
    }


def current(client: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    where = scope(params)
    targets = client.describe_scalable_targets(
        ServiceNamespace=where["ServiceNamespace"], ResourceIds=[where["ResourceId"]],
        ScalableDimension=where["ScalableDimension"],
    ).get("ScalableTargets", [])
    if not targets:
        return None
    policies = client.describe_scaling_policies(
        ServiceNamespace=where["ServiceNamespace"], ResourceId=where["ResourceId"],
        ScalableDimension=where["ScalableDimension"],
    ).get("ScalingPolicies", [])
    return {
        "min_capacity": targets[0]["MinCapacity"],
        "max_capacity": targets[0]["MaxCapacity"],
        "policies": {p["PolicyName"]: policy_view(p) for p in policies if p.get("PolicyType") == "TargetTrackingScaling"},
    }


def desired_limits(params: dict[str, Any], before: dict[str, Any] | None) -> tuple[int, int]:
    base = (params["min_capacity"], params["max_capacity"])
    if before is None:
        return base
    now = (before["min_capacity"], before["max_capacity"])
    scheduled = {(c.get("min_capacity"), c.get("max_capacity")) for c in params["scheduled_capacities"]}
    return now if now == base or now in scheduled else base


def ensure_present(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    before = current(client, params)
    low, high = desired_limits(params, before)
    wanted = {
        p["name"]: {"metric": p["metric"], "target_value": float(p["target_value"]),
                    "scale_in_cooldown": p["scale_in_cooldown"], "scale_out_cooldown": p["scale_out_cooldown"]}
        for p in params["policies"]
    }
    existing = (before or {}).get("policies", {})
    kept = {name: view for name, view in existing.items() if not params["purge_policies"] and name not in wanted}
    after = {"min_capacity": low, "max_capacity": high, "policies": {**kept, **wanted}}
    if before == after:
        return {"changed": False, "target": after}
    if not check_mode:
        if before is None or (before["min_capacity"], before["max_capacity"]) != (low, high):
            client.register_scalable_target(MinCapacity=low, MaxCapacity=high, **scope(params))
        for name, view in wanted.items():
            if existing.get(name) != view:
                client.put_scaling_policy(
                    PolicyName=name, PolicyType="TargetTrackingScaling",
                    TargetTrackingScalingPolicyConfiguration={
                        "TargetValue": view["target_value"],
                        "PredefinedMetricSpecification": {"PredefinedMetricType": view["metric"]},
                        "ScaleInCooldown": view["scale_in_cooldown"],
                        "ScaleOutCooldown": view["scale_out_cooldown"],
                    },
                    **scope(params),
                )
        for name in existing:
            if name not in after["policies"]:
                client.delete_scaling_policy(PolicyName=name, **scope(params))
    return {"changed": True, "target": after, "diff": {"before": before or {}, "after": after}}


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    if params["state"] == "present":
        return ensure_present(client, params, check_mode)
    before = current(client, params)
    if before is None:
        return {"changed": False}
    if not check_mode:
        # Deregistering deletes the policies too; deleting them first leaves nothing behind on
        # implementations that do not (moto).
        for name in before["policies"]:
            client.delete_scaling_policy(PolicyName=name, **scope(params))
        client.deregister_scalable_target(**scope(params))
    return {"changed": True, "target": before, "diff": {"before": before, "after": {}}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            **TARGET_ARGUMENTS,
            min_capacity=dict(type="int"),
            max_capacity=dict(type="int"),
            scheduled_capacities=dict(type="list", elements="dict", default=[]),
            policies=dict(
                type="list", elements="dict", default=[],
                options=dict(
                    name=dict(type="str", required=True),
                    metric=dict(type="str", required=True),
                    target_value=dict(type="float", required=True),
                    scale_in_cooldown=dict(type="int", default=300),
                    scale_out_cooldown=dict(type="int", default=60),
                ),
            ),
            purge_policies=dict(type="bool", default=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
        required_if=[("state", "present", ["min_capacity", "max_capacity"])],
    )
    if module.params["state"] == "present" and module.params["min_capacity"] > module.params["max_capacity"]:
        module.fail_json(msg=f"min_capacity ({module.params['min_capacity']}) is above max_capacity ({module.params['max_capacity']})")
    run_module(module, "application-autoscaling", run, "Failed to manage the scalable target")


if __name__ == "__main__":
    main()
