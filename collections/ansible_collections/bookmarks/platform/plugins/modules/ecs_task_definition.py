#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Register an ECS task definition revision only when the latest one differs."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecs_task_definition
version_added: 0.2.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Keep the latest revision of an ECS task definition family as described
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Compares the desired task definition with the B(latest) active revision of the family and
    registers a new revision only when they differ, as Terraform does.
  - C(community.aws.ecs_taskdefinition) instead reads every revision of the family, returns the
    oldest one whose containers include the requested values, and ignores the task size and the
    execution role; so a change of CPU or memory, or a removed variable, never registers a revision,
    and a re-run after a deployment can select an old revision.
  - Containers are compared on the keys given; lists (environment, secrets, port mappings) must have
    the same items in any order; values AWS fills in by default are not counted as differences.
  - Supports check mode and diff mode. In check mode nothing is written.
options:
  family:
    description: The task definition family.
    type: str
    required: true
  containers:
    description: Container definitions in the API's camelCase form. Required when O(state=present).
    type: list
    elements: dict
  cpu:
    description: Task CPU units, as a string (V(512)). Required when O(state=present).
    type: str
  memory:
    description: Task memory in MiB, as a string (V(1024)). Required when O(state=present).
    type: str
  network_mode:
    description: The network mode.
    type: str
    default: awsvpc
  launch_type:
    description: The required compatibility.
    type: str
    choices: [FARGATE, EC2]
    default: FARGATE
  execution_role_arn:
    description: The role ECS uses to pull images, write logs and read secrets.
    type: str
  task_role_arn:
    description: The role the containers run as.
    type: str
  cpu_architecture:
    description: The CPU architecture.
    type: str
    choices: [X86_64, ARM64]
    default: X86_64
  tags:
    description: Tags on new revisions.
    type: dict
  preferred_revision:
    description:
      - A revision (ARN or V(family:revision)) to keep when it matches, compared before the latest;
        typically the one the service runs, so that a converge after a rolled-back deployment
        keeps the running revision instead of registering a copy of it.
    type: str
  state:
    description: V(absent) deregisters every active revision of the family.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: The api task definition
  bookmarks.platform.ecs_task_definition:
    family: bookmark-manager-production-api
    cpu: "512"
    memory: "1024"
    execution_role_arn: "{{ ecs_cluster_execution_role_arn }}"
    containers:
      - name: api
        image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-api:1.4.2
        essential: true
        portMappings: [{containerPort: 3001, protocol: tcp}]
"""

RETURN = r"""
task_definition:
  description: The revision in use after the run (in check mode, the latest one, or what would be registered).
  returned: always
  type: dict
  contains:
    arn:
      description: The revision's ARN (a placeholder in check mode when it would be registered).
      type: str
    family:
      description: The family.
      type: str
    revision:
      description: The revision number.
      type: int
    family_revision:
      description: C(family:revision), the form community.aws.ecs_service needs.
      type: str
    images:
      description: Container name to image.
      type: dict
deregistered:
  description: The revisions deregistered (or that would be).
  returned: when O(state=absent)
  type: list
  elements: str
differences:
  description: What made a new revision necessary.
  returned: when a revision was (or would be) registered over an existing one
  type: list
  elements: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

# Values AWS stores when a container definition leaves them out.
CONTAINER_DEFAULTS: dict[str, Any] = {
    "cpu": 0,
    "essential": True,
    "environment": [],
    "secrets": [],
    "portMappings": [],
    "mountPoints": [],
    "volumesFrom": [],
    "systemControls": [],
}


def _key(value: Any) -> str:
    return repr(sorted(value.items())) if isinstance(value, dict) else repr(value)


def matches(want: Any, have: Any) -> bool:
    """want's keys have the same values in have; lists match as multisets of matching items."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(matches(v, have.get(k)) for k, v in want.items())
    if isinstance(want, list):
        if not isinstance(have, list) or len(want) != len(have):
            return False
        remaining = list(have)
        for item in sorted(want, key=_key):
            found = next((h for h in remaining if matches(item, h)), None)
            if found is None:
                return False
            remaining.remove(found)
        return True
    return want == have


def container_differences(want: list[dict[str, Any]], have: list[dict[str, Any]]) -> list[str]:
    by_name = {c.get("name"): c for c in have}
    differences = []
    for container in want:
        current = by_name.pop(container["name"], None)
        if current is None:
            differences.append(f"container {container['name']} added")
            continue
        for key, value in container.items():
            current_value = current.get(key, CONTAINER_DEFAULTS.get(key))
            if not matches(value, current_value):
                differences.append(f"container {container['name']}: {key}")
    differences.extend(f"container {name} removed" for name in by_name)
    return differences


def differences(params: dict[str, Any], latest: dict[str, Any]) -> list[str]:
    found = []
    expected = {
        "cpu": params["cpu"],
        "memory": params["memory"],
        "networkMode": params["network_mode"],
        "requiresCompatibilities": [params["launch_type"]],
        "executionRoleArn": params.get("execution_role_arn"),
        "taskRoleArn": params.get("task_role_arn"),
    }
    for key, value in expected.items():
        if latest.get(key) != value:
            found.append(key)
    platform = latest.get("runtimePlatform") or {}
    if platform.get("cpuArchitecture", "X86_64") != params["cpu_architecture"]:
        found.append("runtimePlatform")
    return found + container_differences(params["containers"], latest.get("containerDefinitions", []))


def view(definition: dict[str, Any]) -> dict[str, Any]:
    return {
        "arn": definition["taskDefinitionArn"],
        "family": definition["family"],
        "revision": definition["revision"],
        "family_revision": f"{definition['family']}:{definition['revision']}",
        "images": {c["name"]: c.get("image") for c in definition.get("containerDefinitions", [])},
    }


def latest_revision(client: Any, family: str) -> dict[str, Any] | None:
    """The latest active revision of a family (or the given family:revision / ARN, if active)."""
    try:
        definition = client.describe_task_definition(taskDefinition=family)["taskDefinition"]
    except client.exceptions.ClientException:
        return None  # no revision of this family
    return definition if definition.get("status") == "ACTIVE" else None


def register(client: Any, params: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "family": params["family"],
        "containerDefinitions": params["containers"],
        "cpu": params["cpu"],
        "memory": params["memory"],
        "networkMode": params["network_mode"],
        "requiresCompatibilities": [params["launch_type"]],
        "runtimePlatform": {"cpuArchitecture": params["cpu_architecture"], "operatingSystemFamily": "LINUX"},
    }
    for option, key in (("execution_role_arn", "executionRoleArn"), ("task_role_arn", "taskRoleArn")):
        if params.get(option):
            request[key] = params[option]
    if params.get("tags"):
        request["tags"] = [{"key": t["Key"], "value": t["Value"]} for t in ansible_dict_to_boto3_tag_list(params["tags"])]
    return client.register_task_definition(**request)["taskDefinition"]


def active_revisions(client: Any, family: str) -> list[str]:
    arns: list[str] = []
    for page in client.get_paginator("list_task_definitions").paginate(familyPrefix=family, status="ACTIVE"):
        arns.extend(arn for arn in page["taskDefinitionArns"] if arn.rsplit("/", 1)[-1].rsplit(":", 1)[0] == family)
    return arns


def ensure_absent(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    arns = active_revisions(client, params["family"])
    if arns and not check_mode:
        for arn in arns:
            client.deregister_task_definition(taskDefinition=arn)
    return {"changed": bool(arns), "deregistered": arns}


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    if params["state"] == "absent":
        return ensure_absent(client, params, check_mode)
    preferred = params.get("preferred_revision")
    if preferred:
        kept = latest_revision(client, preferred)
        if kept and kept["family"] == params["family"] and not differences(params, kept):
            return {"changed": False, "task_definition": view(kept)}
    latest = latest_revision(client, params["family"])
    found = differences(params, latest) if latest else ["no revision yet"]
    if latest and not found:
        return {"changed": False, "task_definition": view(latest)}
    if check_mode:
        revision = (latest["revision"] if latest else 0) + 1
        after = {
            "arn": f"arn:aws:ecs:checkmode:000000000000:task-definition/{params['family']}:{revision}",
            "family": params["family"],
            "revision": revision,
            "family_revision": f"{params['family']}:{revision}",
            "images": {c["name"]: c.get("image") for c in params["containers"]},
        }
    else:
        after = view(register(client, params))
    before = view(latest) if latest else {}
    return {"changed": True, "task_definition": after, "differences": found, "diff": {"before": before, "after": after}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            family=dict(type="str", required=True),
            containers=dict(type="list", elements="dict"),
            cpu=dict(type="str"),
            memory=dict(type="str"),
            network_mode=dict(type="str", default="awsvpc"),
            launch_type=dict(type="str", default="FARGATE", choices=["FARGATE", "EC2"]),
            execution_role_arn=dict(type="str"),
            task_role_arn=dict(type="str"),
            cpu_architecture=dict(type="str", default="X86_64", choices=["X86_64", "ARM64"]),
            tags=dict(type="dict"),
            preferred_revision=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
        required_if=[("state", "present", ["containers", "cpu", "memory"])],
    )
    run_module(module, "ecs", run, "Failed to register the task definition")


if __name__ == "__main__":
    main()
