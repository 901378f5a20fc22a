#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find managed prefix lists by name (amazon.aws has no module that reads them)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: managed_prefix_list_info
version_added: 0.6.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Find VPC managed prefix lists by name
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Returns the ID of each named managed prefix list of the region, for example AWS's
    C(com.amazonaws.global.cloudfront.origin-facing), whose ID differs between regions, so that a
    security group rule can admit only CloudFront's origin-facing servers.
  - Also returns each list's C(max_entries), which is what a rule that references the list counts
    against the security group's rules quota (the CloudFront list counts as 55).
  - Fails, naming them, when a list does not exist. Reads only; supports check mode.
options:
  names:
    description: The prefix lists' names.
    type: list
    elements: str
    required: true
"""

EXAMPLES = r"""
- name: CloudFront's origin-facing servers
  bookmarks.platform.managed_prefix_list_info:
    names: [com.amazonaws.global.cloudfront.origin-facing]
  register: prefix_lists
"""

RETURN = r"""
prefix_lists:
  description: One entry per name, in the order asked.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The prefix list's name.
      type: str
    id:
      description: Its ID, for a rule's C(ip_prefix).
      type: str
    max_entries:
      description: What a rule that references it counts against the group's rules quota.
      type: int
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    names = params["names"]
    found: dict[str, dict[str, Any]] = {}
    paginator = client.get_paginator("describe_managed_prefix_lists")
    for page in paginator.paginate(Filters=[{"Name": "prefix-list-name", "Values": names}]):
        for prefix_list in page.get("PrefixLists", []):
            found[prefix_list["PrefixListName"]] = {
                "name": prefix_list["PrefixListName"],
                "id": prefix_list["PrefixListId"],
                "max_entries": prefix_list.get("MaxEntries", 0),
            }
    missing = [name for name in names if name not in found]
    if missing:
        raise RuntimeError(f"no managed prefix list named {', '.join(missing)} in this region")
    return {"changed": False, "prefix_lists": [found[name] for name in names]}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(names=dict(type="list", elements="str", required=True)),
        supports_check_mode=True,
    )
    run_module(module, "ec2", run, "Failed to read the managed prefix lists")


if __name__ == "__main__":
    main()
