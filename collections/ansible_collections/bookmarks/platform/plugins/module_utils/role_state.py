# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read everything one role manages in one pass, and fingerprint it: what every reader shares.

A reader (one per role, module_utils/readers/<role>.py, listed in readers.READERS) makes the layer's describe calls with one boto3 session,
independent calls side by side in threads, and returns two things: the layer's state (the API
answers, whole) and what the role publishes from it (``found``, as the role's facts path would).

``canonical()`` puts a state in one form: keys sorted, every list sorted (no list in a layer's
state has a meaningful order) and the fields in VOLATILE removed, the ones AWS changes by itself
while nothing the role manages changed. ``digest()`` hashes that form together with the role's
inputs and code (the inputs digest, from bookmarks.platform.role_inputs) and the region.

The bookmarks.platform.role_state module compares that digest with the one recorded after the
layer's last converge; a role skips its build when they are equal. A field wrongly kept in the
canonical form only makes a run take the full path; a managed field wrongly listed in VOLATILE
would hide its drift, so each entry names why AWS changes it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

Client = Callable[..., Any]  # client(service, region=None): one boto3 client per service and region
Reader = Callable[[Client, Mapping[str, Any]], "tuple[dict[str, Any], dict[str, Any]]"]

# Fields AWS changes by itself, removed wherever they appear in a state.
VOLATILE = frozenset(
    {
        "AvailableIpAddressCount",  # a subnet's free addresses: every task, NAT or endpoint ENI moves it
        "RoleLastUsed",  # an IAM role's last use: the flow-log service assumes it
        "storedBytes",  # a log group's size
        "metricFilterCount",  # metric filters are not the vpc role's
        "ResponseMetadata",  # the request ID and retry count of the answer
        # an ECS cluster's counters: tasks and services come and go
        "runningTasksCount",
        "pendingTasksCount",
        "activeServicesCount",
        "registeredContainerInstancesCount",
        "statistics",
        "lastEvaluatedAt",  # when ECR last applied a repository's lifecycle policy
        # an ECS service's tasks and rollouts (the role manages its task definition, not them)
        "runningCount",
        "pendingCount",
        "events",
        "deployments",
        # what DescribeServices answers of them, moving with every task replacement and scaling
        # action: the current deployment and the requested, running and pending task counts
        "currentServiceDeployment",
        "currentServiceRevisions",
        "LockToken",  # WAF's optimistic lock: new on every update, even an unchanged one
        "ServiceCount",  # a Cloud Map namespace's services: ECS Service Connect registers its own
        # an Aurora cluster's and instances' restore window, moving with every backup
        "LatestRestorableTime",
        "EarliestRestorableTime",
    }
)
THREADS = 8
FORMAT = 2  # bumped when canonical() or a reader changes what a digest covers (2: ECS services' currentService* fields)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def canonical(value: Any) -> Any:
    """The value with its dict keys sorted, its lists sorted and VOLATILE fields removed."""
    if isinstance(value, Mapping):
        return {str(key): canonical(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0])) if key not in VOLATILE}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))
    return _plain(value)


def digest(inputs_digest: str, region: str, state: Any) -> str:
    """One hash of the role's inputs and code, the region and the layer's canonical state."""
    document = json.dumps(
        {"format": FORMAT, "inputs": inputs_digest, "region": region, "state": canonical(state)},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(document.encode()).hexdigest()


def all_items(client: Any, operation: str, key: str, **request: Any) -> list[Any]:
    """Every item of a paginated describe/list call."""
    if client.can_paginate(operation):
        return client.get_paginator(operation).paginate(**request).build_full_result().get(key, [])
    return getattr(client, operation)(**request).get(key, [])


def _not_found(error: Exception, *codes: str) -> bool:
    code = getattr(error, "response", {}).get("Error", {}).get("Code")
    return code in codes


def or_none(call: Callable[..., Any], codes: tuple[str, ...], **request: Any) -> Any:
    """call(**request), or None when AWS answers one of codes (the thing is not there)."""
    try:
        answer = call(**request)
    except Exception as error:  # botocore's ClientError; anything but codes is raised
        if _not_found(error, *codes):
            return None
        raise
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def log_group_state(logs: Any, name: str) -> dict[str, Any] | None:
    groups = [group for group in all_items(logs, "describe_log_groups", "logGroups", logGroupNamePrefix=name) if group["logGroupName"] == name]
    if not groups:
        return None
    group = dict(groups[0])
    group["tags"] = logs.list_tags_log_group(logGroupName=name).get("tags", {})
    return group


def iam_role_state(iam: Any, name: str) -> dict[str, Any] | None:
    found = or_none(iam.get_role, ("NoSuchEntity",), RoleName=name)
    if not found:
        return None
    role = dict(found["Role"])
    policies = all_items(iam, "list_role_policies", "PolicyNames", RoleName=name)
    role["InlinePolicies"] = {policy: iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"] for policy in policies}
    role["AttachedPolicies"] = all_items(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name)
    return role


# Error codes a bucket's configuration answers when that configuration is not set.
S3_NOT_SET = (
    "NoSuchBucket", "ServerSideEncryptionConfigurationNotFoundError", "NoSuchPublicAccessBlockConfiguration",
    "OwnershipControlsNotFoundError", "NoSuchBucketPolicy", "NoSuchTagSet", "NoSuchLifecycleConfiguration",
)  # fmt: skip
BUCKET_READS = ("get_bucket_encryption", "get_public_access_block", "get_bucket_ownership_controls", "get_bucket_policy", "get_bucket_tagging")


def bucket_state(s3: Any, name: str, reads: tuple[str, ...] = BUCKET_READS) -> dict[str, Any] | None:
    """A bucket's configuration as the s3_bucket module manages it (and any further reads)."""
    if or_none(s3.head_bucket, ("NoSuchBucket", "404", "NotFound"), Bucket=name) is None:
        return None
    found = {read: or_none(getattr(s3, read), S3_NOT_SET, Bucket=name) for read in reads}
    policy = (found.get("get_bucket_policy") or {}).get("Policy")
    found["get_bucket_policy"] = json.loads(policy) if policy else None
    return found


def parameter_state(ssm: Any, name: str) -> dict[str, Any] | None:
    """A parameter's metadata and tags; never its value."""
    if not name:
        return None
    found = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}]).get("Parameters", [])
    if not found:
        return None
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name).get("TagList", [])
    return {**found[0], "Tags": tags}
