#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage a CloudFront Origin Access Control (no module in amazon.aws or community.aws)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: cloudfront_origin_access_control
version_added: 0.1.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage a CloudFront origin access control
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Creates, updates or deletes the origin access control (OAC) with a given name, through which
    CloudFront signs its requests to an S3 (or other) origin.
  - OACs are global and their names unique per account, so the name identifies it.
  - Supports check mode and diff mode.
options:
  name:
    description: The OAC's name (unique in the account).
    type: str
    required: true
  description:
    description: A description.
    type: str
    default: ""
  origin_type:
    description: The kind of origin.
    type: str
    choices: [s3, mediastore, mediapackagev2, lambda]
    default: s3
  signing_behavior:
    description: When CloudFront signs requests.
    type: str
    choices: [always, never, no-override]
    default: always
  signing_protocol:
    description: The signing protocol.
    type: str
    choices: [sigv4]
    default: sigv4
  state:
    description: Whether the OAC should exist.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: OAC for the assets bucket
  bookmarks.platform.cloudfront_origin_access_control:
    name: bookmark-manager-production-assets
    description: CloudFront to the assets bucket
  register: oac
"""

RETURN = r"""
origin_access_control:
  description: The OAC after the run (in check mode before creation, without ID).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The OAC ID, for an origin's C(origin_access_control_id).
      type: str
    name:
      description: The name.
      type: str
    description:
      description: The description.
      type: str
    origin_type:
      description: The origin type.
      type: str
    signing_behavior:
      description: The signing behaviour.
      type: str
    signing_protocol:
      description: The signing protocol.
      type: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

FIELDS = {
    "name": "Name",
    "description": "Description",
    "origin_type": "OriginAccessControlOriginType",
    "signing_behavior": "SigningBehavior",
    "signing_protocol": "SigningProtocol",
}


def view(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item.get("Id"), **{key: item.get(api, "") for key, api in FIELDS.items()}}


def desired(params: dict[str, Any]) -> dict[str, Any]:
    return {"id": None, **{key: params[key] for key in FIELDS}}


def config(params: dict[str, Any]) -> dict[str, Any]:
    return {api: params[key] for key, api in FIELDS.items()}


def find(client: Any, name: str) -> dict[str, Any] | None:
    marker = None
    while True:
        page = client.list_origin_access_controls(**({"Marker": marker} if marker else {}))["OriginAccessControlList"]
        for item in page.get("Items", []) or []:
            if item["Name"] == name:
                return view(item)
        marker = page.get("NextMarker")
        if not page.get("IsTruncated") or not marker:
            return None


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    current = find(client, params["name"])
    if params["state"] == "absent":
        if current is None:
            return {"changed": False}
        if not check_mode:
            etag = client.get_origin_access_control(Id=current["id"])["ETag"]
            client.delete_origin_access_control(Id=current["id"], IfMatch=etag)
        return {"changed": True, "diff": {"before": current, "after": {}}}

    want = desired(params)
    if current is None:
        after = dict(want)
        if not check_mode:
            created = client.create_origin_access_control(OriginAccessControlConfig=config(params))
            after["id"] = created["OriginAccessControl"]["Id"]
        return {"changed": True, "origin_access_control": after, "diff": {"before": {}, "after": after}}

    after = dict(want, id=current["id"])
    if after == current:
        return {"changed": False, "origin_access_control": current}
    if not check_mode:
        etag = client.get_origin_access_control(Id=current["id"])["ETag"]
        client.update_origin_access_control(Id=current["id"], IfMatch=etag, OriginAccessControlConfig=config(params))
    return {"changed": True, "origin_access_control": after, "diff": {"before": current, "after": after}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str", default=""),
            origin_type=dict(type="str", default="s3", choices=["s3", "mediastore", "mediapackagev2", "lambda"]),
            signing_behavior=dict(type="str", default="always", choices=["always", "never", "no-override"]),
            signing_protocol=dict(type="str", default="sigv4", choices=["sigv4"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    run_module(module, "cloudfront", run, "Failed to manage the CloudFront origin access control")


if __name__ == "__main__":
    main()
