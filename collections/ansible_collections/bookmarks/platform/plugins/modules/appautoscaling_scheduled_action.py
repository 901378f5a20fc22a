#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage an Application Auto Scaling scheduled action (community.aws has one for EC2 Auto Scaling only)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: appautoscaling_scheduled_action
version_added: 0.2.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage an Application Auto Scaling scheduled action
extends_documentation_fragment:
  - bookmarks.platform.appautoscaling
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Creates, updates or deletes one scheduled action of a scalable target (an ECS service's
    desired count, for example), so that capacity follows a timetable.
  - C(PutScheduledAction) is sent only when the schedule, time zone or capacities differ.
  - Supports check mode and diff mode. In check mode nothing is written.
options:
  name:
    description: The scheduled action's name, unique for the scalable target.
    type: str
    required: true
  schedule:
    description: V(cron(...)), V(rate(...)) or V(at(...)), as AWS takes it. Required when O(state=present).
    type: str
  timezone:
    description: The IANA time zone the schedule is read in.
    type: str
    default: UTC
  min_capacity:
    description: The minimum capacity from the scheduled time on.
    type: int
  max_capacity:
    description: The maximum capacity from the scheduled time on.
    type: int
  state:
    description: Whether the scheduled action should exist.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: Scale the api in at night (Tokyo time)
  bookmarks.platform.appautoscaling_scheduled_action:
    name: api-night
    resource_id: service/bookmark-manager-production-cluster/bookmark-manager-production-api
    schedule: cron(0 22 ? * * *)
    timezone: Asia/Tokyo
    min_capacity: 1
    max_capacity: 2
"""

RETURN = r"""
scheduled_action:
  description: The scheduled action after the run (in check mode, what it would be).
  returned: when O(state=present), or when an action was deleted
  type: dict
  contains:
    name:
      description: The name.
      type: str
    schedule:
      description: The schedule expression.
      type: str
    timezone:
      description: The time zone.
      type: str
    min_capacity:
      description: Minimum capacity.
      type: int
    max_capacity:
      description: Maximum capacity.
      type: int
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.appautoscaling import TARGET_ARGUMENTS
from ansible_collections.bookmarks.platform.plugins.module_utils.appautoscaling import scope
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def view(action: dict[str, Any]) -> dict[str, Any]:
    capacity = action.get("ScalableTargetAction", {})
    return {
        "name": action["ScheduledActionName"],
        "schedule": action.get("Schedule"),
        "timezone": action.get("Timezone") or "UTC",
        "min_capacity": capacity.get("MinCapacity"),
        "max_capacity": capacity.get("MaxCapacity"),
    }


def find(client: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    response = client.describe_scheduled_actions(ScheduledActionNames=[params["name"]], **scope(params))
    for action in response.get("ScheduledActions", []):
        if action["ScheduledActionName"] == params["name"] and action["ResourceId"] == params["resource_id"]:
            return view(action)
    return None


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    current = find(client, params)
    if params["state"] == "absent":
        if current is None:
            return {"changed": False}
        if not check_mode:
            client.delete_scheduled_action(ScheduledActionName=params["name"], **scope(params))
        return {"changed": True, "scheduled_action": current, "diff": {"before": current, "after": {}}}

    want = {
        "name": params["name"],
        "schedule": params["schedule"],
        "timezone": params["timezone"],
        "min_capacity": params.get("min_capacity"),
        "max_capacity": params.get("max_capacity"),
    }
    if current == want:
        return {"changed": False, "scheduled_action": current}
    if not check_mode:
        capacity = {"MinCapacity": want["min_capacity"], "MaxCapacity": want["max_capacity"]}
        client.put_scheduled_action(
            ScheduledActionName=params["name"],
            Schedule=want["schedule"],
            Timezone=want["timezone"],
            ScalableTargetAction={key: value for key, value in capacity.items() if value is not None},
            **scope(params),
        )
    return {"changed": True, "scheduled_action": want, "diff": {"before": current or {}, "after": want}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            **TARGET_ARGUMENTS,
            schedule=dict(type="str"),
            timezone=dict(type="str", default="UTC"),
            min_capacity=dict(type="int"),
            max_capacity=dict(type="int"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
        required_if=[("state", "present", ["schedule"]), ("state", "present", ["min_capacity", "max_capacity"], True)],
    )
    params = module.params
    if params["min_capacity"] is not None and params["max_capacity"] is not None:
        if params["min_capacity"] > params["max_capacity"]:
            module.fail_json(msg=f"min_capacity ({params['min_capacity']}) is above max_capacity ({params['max_capacity']})")
    run_module(module, "application-autoscaling", run, "Failed to manage the scheduled action")


if __name__ == "__main__":
    main()
