#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role's resources read in one pass, and whether they are as the last converge left them."""

from __future__ import annotations

DOCUMENTATION = r"""
module: role_state
version_added: 0.9.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Read a role's resources in one pass and compare them with the last converge's record
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads every resource the role O(role) manages with one boto3 session, the independent calls
    side by side (a reader per role, C(module_utils/readers/<role>.py)), and returns what the role
    publishes from them (RV(found)).
  - With O(inputs_digest), hashes the role's inputs and code (O(inputs_digest), from
    M(bookmarks.platform.role_inputs)), the region and the role's resources, with the fields that AWS
    changes by itself removed, and compares the hash with the one stored in the SSM parameter
    O(record). RV(unchanged) is true when they are equal, that is when nothing the role manages
    has changed since a converge that left exactly this state from exactly these inputs and code;
    the role may then skip its build.
  - O(state=recorded) reads the resources again and stores their hash in O(record) when it differs from
    the stored one (after a build). O(state=absent) deletes the record (before a teardown).
  - The roles run it through the collection's C(tasks/role_state.yml) (read, build unless unchanged,
    record); their records keep the path they were first given, C(/<prefix>/layer-digest/<role>).
  - Was C(layer_state) before 0.9.0.
  - Supports check mode and diff mode. In check mode nothing is written.
options:
  role:
    description: The role whose resources are read.
    aliases: [layer]
    type: str
    required: true
    choices: [alb, aurora, cloudfront_waf, ecs_cluster, ecs_service, vpc]
  params:
    description:
      - What the role's reader needs to find the resources.
      - "For C(vpc): C(name_prefix), C(availability_zones), C(flow_logs_group), C(flow_logs_role) and
        C(endpoints_sg_name)."
      - "For C(ecs_cluster): C(cluster_name), and the lists C(repositories), C(roles) and C(log_groups)."
      - "For C(ecs_service): C(cluster_name), C(services) (short name to service name), C(count_range)
        ([lowest, highest] desired count autoscaling may set) and C(capacities) (the scalable target's
        limits the role keeps, each with C(min_capacity) and C(max_capacity))."
      - "For C(cloudfront_waf): C(name_prefix), C(bucket) and C(origin_secret_parameter) (its metadata
        only; the value is never read)."
      - "For C(alb): C(name), C(target_groups) (key to target group name), C(logs_bucket) and
        C(origin_secret_parameter)."
      - "For C(aurora): C(cluster_id), C(instance_ids), C(subnet_group) and C(password_parameter) (its
        metadata only)."
    type: dict
    default: {}
  inputs_digest:
    description: The role's inputs and code, as hashed by M(bookmarks.platform.role_inputs) (its return value C(digests)).
    type: str
  record:
    description: The SSM parameter (a String) that holds the hash of the role's resources after its last converge.
    type: str
  state:
    description:
      - C(read) reads and compares; C(recorded) reads and stores the hash; C(absent) deletes the record.
    type: str
    choices: [read, recorded, absent]
    default: read
"""

EXAMPLES = r"""
- name: Read the network
  bookmarks.platform.role_state:
    role: vpc
    params:
      name_prefix: bookmark-manager-production
      availability_zones: [ap-northeast-1a, ap-northeast-1c]
      flow_logs_group: /vpc/bookmark-manager-production/flow-logs
      flow_logs_role: bookmark-manager-production-vpc-flow-logs
      endpoints_sg_name: bookmark-manager-production-vpc-endpoints
    inputs_digest: "{{ __vpc_inputs.digests.vpc }}"
    record: /bookmark-manager-production/layer-digest/vpc
  register: __vpc_state
"""

RETURN = r"""
found:
  description: What the role publishes, read from its resources (for C(vpc), tasks/publish.yml's C(__vpc_found)).
  returned: when O(state=read)
  type: dict
digest:
  description: The hash of the inputs, code, region and state.
  returned: when O(inputs_digest) is set and O(state) is not C(absent)
  type: str
recorded:
  description: The hash stored in O(record), or null.
  returned: when O(record) is set
  type: str
unchanged:
  description: Whether RV(digest) equals RV(recorded), that is the role may skip its build.
  returned: when O(state=read)
  type: bool
"""

import threading
from typing import Any

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils import role_state
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import READERS

DESCRIPTION = "The hash of the {role} role's resources after its last converge (bookmarks.platform.role_state); delete it to force a full run."


def stored(ssm: Any, name: str) -> str | None:
    """The recorded hash, or None when there is no record."""
    found = role_state.or_none(ssm.get_parameter, ("ParameterNotFound",), Name=name)
    return found["Parameter"]["Value"] if found else None


def run(client: role_state.Client, params: dict[str, Any], region: str, check_mode: bool) -> dict[str, Any]:
    ssm = client("ssm") if params.get("record") else None
    recorded = stored(ssm, params["record"]) if ssm else None
    if params["state"] == "absent":
        if recorded is None:
            return {"changed": False, "recorded": None}
        if not check_mode:
            ssm.delete_parameter(Name=params["record"])
        return {"changed": True, "recorded": None, "diff": {"before": {"record": recorded}, "after": {}}}

    state, found = READERS[params["role"]](client, params["params"])
    result: dict[str, Any] = {"changed": False, "recorded": recorded}
    if params.get("inputs_digest"):
        result["digest"] = role_state.digest(params["inputs_digest"], region, state)
    if params["state"] == "read":
        result.update(found=found, unchanged=recorded is not None and result.get("digest") == recorded)
        return result
    if result["digest"] != recorded:
        if not check_mode:
            ssm.put_parameter(
                Name=params["record"], Value=result["digest"], Type="String", Overwrite=True,
                Description=DESCRIPTION.format(role=params["role"]),
            )  # fmt: skip
        result.update(changed=True, recorded=result["digest"], diff={"before": {"record": recorded}, "after": {"record": result["digest"]}})
    return result


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            role=dict(type="str", required=True, choices=sorted(READERS), aliases=["layer"]),
            params=dict(type="dict", default={}),
            inputs_digest=dict(type="str"),
            record=dict(type="str"),
            state=dict(type="str", default="read", choices=["read", "recorded", "absent"]),
        ),
        required_if=[("state", "recorded", ["inputs_digest", "record"]), ("state", "absent", ["record"])],
        supports_check_mode=True,
    )
    # One client per service and region, shared by the reader's threads (a client is thread-safe,
    # making one is not: the lock).
    clients: dict[tuple[str, str | None], Any] = {}
    lock = threading.Lock()

    def client(service: str, region: str | None = None) -> Any:
        with lock:
            if (service, region) not in clients:
                clients[(service, region)] = module.client(service, **({"region": region} if region else {}))
            return clients[(service, region)]

    try:
        result = run(client, module.params, module.region, module.check_mode)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
        module.fail_json_aws(error, msg=f"Failed to read the {module.params['role']} role's resources")
    if not module._diff:
        result.pop("diff", None)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
