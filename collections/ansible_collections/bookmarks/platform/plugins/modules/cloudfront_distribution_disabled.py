#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Disable a CloudFront distribution and wait until CloudFront has deployed that (before its deletion)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: cloudfront_distribution_disabled
version_added: 0.11.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Disable a CloudFront distribution and wait until the change is deployed
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Finds the distribution with a given caller reference, disables it when it is enabled, and
    waits until its status is C(Deployed). CloudFront refuses C(DeleteDistribution) with
    C(DistributionNotDisabled) until then, for the minutes a change takes to reach its edge
    locations.
  - It also waits for a distribution that is already disabled but still C(InProgress), as an
    interrupted teardown or a disable by hand leaves it. community.aws.cloudfront_distribution
    (state=absent, community.aws 11.2.0) waits only when it disables the distribution itself
    (polling every 60 s), and otherwise deletes at once and fails; run this module first.
  - The reads back off from 2 s to 30 s; after O(wait_timeout) the task fails naming the
    distribution and its status.
  - Supports check mode (no write, no wait) and diff mode.
options:
  caller_reference:
    description: The distribution's caller reference (unique in the account).
    type: str
    required: true
  comment:
    description: The distribution's comment, when known; only distributions with it are read.
    type: str
  wait_timeout:
    description: How long to wait for C(Deployed), in seconds.
    type: int
    default: 1800
"""

EXAMPLES = r"""
- name: Disable the distribution and wait (then delete it)
  bookmarks.platform.cloudfront_distribution_disabled:
    caller_reference: bookmark-manager-production
    comment: bookmark-manager-production
"""

RETURN = r"""
distribution:
  description: The distribution after the run; null when there is none.
  returned: always
  type: dict
  contains:
    id:
      description: The distribution's ID.
      type: str
    enabled:
      description: Whether it is enabled (false after the run, but in check mode).
      type: bool
    status:
      description: C(Deployed) after the wait, or C(InProgress) in check mode.
      type: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module
from ansible_collections.bookmarks.platform.plugins.module_utils.waits import wait_until


def find(client: Any, caller_reference: str, comment: str | None) -> tuple[str, dict[str, Any], str] | None:
    """(ID, configuration, ETag) of the distribution with this caller reference, or None."""
    for page in client.get_paginator("list_distributions").paginate():
        for item in page.get("DistributionList", {}).get("Items", []) or []:
            if comment is not None and item.get("Comment") != comment:
                continue
            answer = client.get_distribution_config(Id=item["Id"])
            if answer["DistributionConfig"].get("CallerReference") == caller_reference:
                return item["Id"], answer["DistributionConfig"], answer["ETag"]
    return None


def status(client: Any, distribution_id: str) -> str:
    return client.get_distribution(Id=distribution_id)["Distribution"]["Status"]


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    found = find(client, params["caller_reference"], params.get("comment"))
    if found is None:
        return {"changed": False, "distribution": None}
    distribution_id, config, etag = found
    changed = bool(config.get("Enabled"))
    diff = {"before": {"id": distribution_id, "enabled": True}, "after": {"id": distribution_id, "enabled": False}}
    if check_mode:
        result = {"changed": changed, "distribution": {"id": distribution_id, "enabled": changed, "status": status(client, distribution_id)}}
        return {**result, "diff": diff} if changed else result
    if changed:
        client.update_distribution(Id=distribution_id, IfMatch=etag, DistributionConfig={**config, "Enabled": False})
    timeout = params["wait_timeout"]
    state = wait_until(
        lambda: status(client, distribution_id),
        lambda current: current == "Deployed",
        timeout,
        lambda current: (
            f"CloudFront distribution {distribution_id} is disabled but still {current} after {timeout} s: CloudFront refuses"
            " to delete it until the change has reached its edge locations. Run the teardown again later."
        ),
    )  # fmt: skip
    result = {"changed": changed, "distribution": {"id": distribution_id, "enabled": False, "status": state}}
    return {**result, "diff": diff} if changed else result


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            caller_reference=dict(type="str", required=True),
            comment=dict(type="str"),
            wait_timeout=dict(type="int", default=1800),
        ),
        supports_check_mode=True,
    )
    run_module(module, "cloudfront", run, "Failed to disable the CloudFront distribution")


if __name__ == "__main__":
    main()
