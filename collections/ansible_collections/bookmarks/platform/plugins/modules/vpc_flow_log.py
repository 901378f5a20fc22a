#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage one VPC flow log (amazon.aws and community.aws have no module for it)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: vpc_flow_log
version_added: 0.1.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage a VPC flow log
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Creates, replaces, tags or deletes the flow log of a VPC (or subnet, or network interface)
    that delivers to one destination.
  - A flow log is identified by its resource and its destination (the CloudWatch Logs group, or
    the S3 ARN). AWS cannot modify a flow log, so a change of traffic type, role, aggregation
    interval or format replaces it (delete, then create); tags are updated in place.
  - Supports check mode and diff mode. In check mode nothing is written.
options:
  resource_id:
    description: The VPC, subnet or network interface ID.
    type: str
    required: true
  resource_type:
    description: The kind of resource.
    type: str
    choices: [VPC, Subnet, NetworkInterface]
    default: VPC
  traffic_type:
    description: Which traffic to log.
    type: str
    choices: [ACCEPT, REJECT, ALL]
    default: ALL
  log_destination_type:
    description: Where the records go.
    type: str
    choices: [cloud-watch-logs, s3]
    default: cloud-watch-logs
  log_group_name:
    description: The CloudWatch Logs group. Required when O(log_destination_type=cloud-watch-logs).
    type: str
  log_destination:
    description: The S3 bucket (or prefix) ARN. Required when O(log_destination_type=s3).
    type: str
  deliver_logs_permission_arn:
    description: The IAM role that lets the flow-log service write to CloudWatch Logs.
    type: str
  max_aggregation_interval:
    description: Seconds over which packets are aggregated into one record.
    type: int
    choices: [60, 600]
    default: 600
  log_format:
    description: A custom record format; the AWS default format when omitted.
    type: str
  tags:
    description: Tags for the flow log.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description: Remove tags that are not in O(tags).
    type: bool
    default: true
  state:
    description: Whether the flow log should exist.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: Log all traffic of the VPC to CloudWatch Logs
  bookmarks.platform.vpc_flow_log:
    resource_id: "{{ vpc_id }}"
    log_group_name: /vpc/bookmark-manager-production/flow-logs
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/flow-logs
    max_aggregation_interval: 60
    tags:
      Name: bookmark-manager-production-flow-log
"""

RETURN = r"""
flow_log:
  description: The flow log after the run (in check mode, what it would be; no ID before creation).
  returned: when O(state=present), or when a flow log was deleted
  type: dict
  contains:
    flow_log_id:
      description: The flow log ID.
      type: str
      sample: fl-0123456789abcdef0
    resource_id:
      description: The logged resource.
      type: str
    traffic_type:
      description: ACCEPT, REJECT or ALL.
      type: str
    log_destination_type:
      description: cloud-watch-logs or s3.
      type: str
    log_group_name:
      description: The CloudWatch Logs group, if any.
      type: str
    log_destination:
      description: The destination ARN.
      type: str
    deliver_logs_permission_arn:
      description: The delivery role.
      type: str
    max_aggregation_interval:
      description: Aggregation interval in seconds.
      type: int
    log_format:
      description: The record format.
      type: str
    tags:
      description: Tags.
      type: dict
replaced_because:
  description: The settings whose change forced a replacement.
  returned: when the flow log was replaced
  type: list
  elements: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

# Settings AWS cannot change on an existing flow log: a difference means replace.
IMMUTABLE = (
    "traffic_type",
    "log_destination_type",
    "deliver_logs_permission_arn",
    "max_aggregation_interval",
    "log_format",
)


def normalise(flow_log: dict[str, Any]) -> dict[str, Any]:
    """An API FlowLog as the module's snake_case view."""
    return {
        "flow_log_id": flow_log.get("FlowLogId"),
        "resource_id": flow_log.get("ResourceId"),
        "traffic_type": flow_log.get("TrafficType"),
        "log_destination_type": flow_log.get("LogDestinationType", "cloud-watch-logs"),
        "log_group_name": flow_log.get("LogGroupName"),
        "log_destination": flow_log.get("LogDestination"),
        "deliver_logs_permission_arn": flow_log.get("DeliverLogsPermissionArn"),
        "max_aggregation_interval": flow_log.get("MaxAggregationInterval"),
        "log_format": flow_log.get("LogFormat"),
        "tags": boto3_tag_list_to_ansible_dict(flow_log.get("Tags", [])),
    }


def desired(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "flow_log_id": None,
        "resource_id": params["resource_id"],
        "traffic_type": params["traffic_type"],
        "log_destination_type": params["log_destination_type"],
        "log_group_name": params.get("log_group_name"),
        "log_destination": params.get("log_destination"),
        "deliver_logs_permission_arn": params.get("deliver_logs_permission_arn"),
        "max_aggregation_interval": params["max_aggregation_interval"],
        "log_format": params.get("log_format"),
        "tags": params.get("tags") or {},
    }


def same_destination(current: dict[str, Any], want: dict[str, Any]) -> bool:
    if want["log_destination_type"] == "cloud-watch-logs":
        return current["log_group_name"] == want["log_group_name"]
    return current["log_destination"] == want["log_destination"]


def find(client: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    """The flow log of this resource that delivers to this destination, if any."""
    response = client.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [params["resource_id"]]}])
    want = desired(params)
    for flow_log in response.get("FlowLogs", []):
        current = normalise(flow_log)
        if current["log_destination_type"] == want["log_destination_type"] and same_destination(current, want):
            return current
    return None


def immutable_differences(current: dict[str, Any], want: dict[str, Any]) -> list[str]:
    changed = []
    for key in IMMUTABLE:
        if key == "log_format" and want[key] is None:
            continue  # not managed: keep whatever default AWS applied
        if key == "deliver_logs_permission_arn" and want["log_destination_type"] == "s3":
            continue
        if current[key] != want[key]:
            changed.append(key)
    return changed


def create(client: Any, params: dict[str, Any]) -> str:
    request: dict[str, Any] = {
        "ResourceIds": [params["resource_id"]],
        "ResourceType": params["resource_type"],
        "TrafficType": params["traffic_type"],
        "LogDestinationType": params["log_destination_type"],
        "MaxAggregationInterval": params["max_aggregation_interval"],
    }
    if params["log_destination_type"] == "cloud-watch-logs":
        request["LogGroupName"] = params["log_group_name"]
        if params.get("deliver_logs_permission_arn"):
            request["DeliverLogsPermissionArn"] = params["deliver_logs_permission_arn"]
    else:
        request["LogDestination"] = params["log_destination"]
    if params.get("log_format"):
        request["LogFormat"] = params["log_format"]
    if params.get("tags"):
        request["TagSpecifications"] = [
            {"ResourceType": "vpc-flow-log", "Tags": ansible_dict_to_boto3_tag_list(params["tags"])}
        ]
    response = client.create_flow_logs(**request)
    if response.get("Unsuccessful"):
        error = response["Unsuccessful"][0].get("Error", {})
        raise RuntimeError(f"CreateFlowLogs failed: {error.get('Code')}: {error.get('Message')}")
    return response["FlowLogIds"][0]


def ensure_present(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    want = desired(params)
    current = find(client, params)
    result: dict[str, Any] = {"changed": False}

    if current is None:
        after = dict(want)
        if not check_mode:
            after["flow_log_id"] = create(client, params)
        result.update(changed=True, flow_log=after, diff={"before": {}, "after": after})
        return result

    replace = immutable_differences(current, want)
    if replace:
        after = dict(want)
        if not check_mode:
            client.delete_flow_logs(FlowLogIds=[current["flow_log_id"]])
            after["flow_log_id"] = create(client, params)
        result.update(changed=True, flow_log=after, replaced_because=replace, diff={"before": current, "after": after})
        return result

    to_set, to_unset = compare_aws_tags(current["tags"], want["tags"], params["purge_tags"])
    after = dict(current)
    if to_set or to_unset:
        tags = {k: v for k, v in current["tags"].items() if k not in to_unset}
        tags.update(to_set)
        after["tags"] = tags
        if not check_mode:
            if to_unset:
                client.delete_tags(Resources=[current["flow_log_id"]], Tags=[{"Key": k} for k in to_unset])
            if to_set:
                client.create_tags(Resources=[current["flow_log_id"]], Tags=ansible_dict_to_boto3_tag_list(to_set))
        result.update(changed=True, diff={"before": current, "after": after})
    result["flow_log"] = after
    return result


def ensure_absent(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    current = find(client, params)
    if current is None:
        return {"changed": False}
    if not check_mode:
        client.delete_flow_logs(FlowLogIds=[current["flow_log_id"]])
    return {"changed": True, "flow_log": current, "diff": {"before": current, "after": {}}}


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    if params["state"] == "absent":
        return ensure_absent(client, params, check_mode)
    return ensure_present(client, params, check_mode)


def main() -> None:
    argument_spec = dict(
        resource_id=dict(type="str", required=True),
        resource_type=dict(type="str", default="VPC", choices=["VPC", "Subnet", "NetworkInterface"]),
        traffic_type=dict(type="str", default="ALL", choices=["ACCEPT", "REJECT", "ALL"]),
        log_destination_type=dict(type="str", default="cloud-watch-logs", choices=["cloud-watch-logs", "s3"]),
        log_group_name=dict(type="str"),
        log_destination=dict(type="str"),
        deliver_logs_permission_arn=dict(type="str"),
        max_aggregation_interval=dict(type="int", default=600, choices=[60, 600]),
        log_format=dict(type="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[
            ("log_destination_type", "cloud-watch-logs", ["log_group_name"]),
            ("log_destination_type", "s3", ["log_destination"]),
        ],
    )
    run_module(module, "ec2", run, "Failed to manage the VPC flow log")


if __name__ == "__main__":
    main()
