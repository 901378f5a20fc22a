#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An IAM OpenID Connect identity provider (GitHub Actions' for the deploy role)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: iam_oidc_provider
version_added: 0.6.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Create, update or delete an IAM OpenID Connect identity provider
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Makes the account's IAM OIDC identity provider for O(url) exist with the given audiences
    (client IDs), thumbprints and tags, or removes it.
  - An account has at most one provider per URL, shared by every role that trusts it. With
    O(keep_while_trusted), O(state=absent) keeps the provider while any IAM role's trust policy
    still names it, and says which.
  - amazon.aws has no module for it.
  - Supports check mode and diff mode.
options:
  url:
    description: The issuer URL, for example V(https://token.actions.githubusercontent.com).
    type: str
    required: true
  client_ids:
    description: The audiences the provider accepts.
    type: list
    elements: str
    default: [sts.amazonaws.com]
  thumbprints:
    description:
      - The server certificates' thumbprints (40 hex digits each).
      - Empty leaves them to IAM, which for GitHub and other well-known issuers trusts the
        issuer's certificate authority itself; the thumbprints IAM stored are then not compared.
    type: list
    elements: str
    default: []
  tags:
    description: Tags of the provider.
    type: dict
    default: {}
  purge_tags:
    description: Remove tags not in O(tags).
    type: bool
    default: true
  state:
    description: present or absent.
    type: str
    choices: [present, absent]
    default: present
  keep_while_trusted:
    description: With O(state=absent), keep the provider while a role's trust policy names it.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: GitHub Actions' identity provider
  bookmarks.platform.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    client_ids: [sts.amazonaws.com]
    tags: {Project: bookmark-manager}

- name: Remove it unless another role still trusts it
  bookmarks.platform.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    state: absent
    keep_while_trusted: true
"""

RETURN = r"""
arn:
  description: The provider's ARN (empty when it does not exist, or would be created in check mode).
  returned: always
  type: str
exists:
  description: Whether the provider exists after the run (check mode - would exist).
  returned: always
  type: bool
provider:
  description: The provider after the run.
  returned: always
  type: dict
  contains:
    client_ids:
      description: Audiences, sorted.
      type: list
    thumbprints:
      description: Thumbprints, sorted.
      type: list
    tags:
      description: Tags.
      type: dict
trusted_by:
  description: With O(keep_while_trusted), the roles whose trust policy names the provider.
  returned: when state is absent
  type: list
"""

import json
import urllib.parse
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def provider_path(url: str) -> str:
    """What IAM keeps of the URL, and ends the provider's ARN with: host and path, no scheme."""
    parsed = urllib.parse.urlparse(url if "://" in url else f"https://{url}")
    return (parsed.netloc + parsed.path).rstrip("/")


def find_arn(client: Any, url: str) -> str:
    suffix = f":oidc-provider/{provider_path(url)}"
    listed = client.list_open_id_connect_providers()["OpenIDConnectProviderList"]
    return next((entry["Arn"] for entry in listed if entry["Arn"].endswith(suffix)), "")


def describe(client: Any, arn: str) -> dict[str, Any]:
    found = client.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    return {
        "client_ids": sorted(found.get("ClientIDList", [])),
        "thumbprints": sorted(found.get("ThumbprintList", [])),
        "tags": {tag["Key"]: tag["Value"] for tag in found.get("Tags", [])},
    }


def trusting_roles(client: Any, arn: str) -> list[str]:
    """Roles whose trust policy names the provider as a federated principal."""
    names = []
    for page in client.get_paginator("list_roles").paginate():
        for role in page["Roles"]:
            document = role.get("AssumeRolePolicyDocument") or {}
            if isinstance(document, str):
                document = json.loads(urllib.parse.unquote(document))
            statements = document.get("Statement", [])
            for statement in statements if isinstance(statements, list) else [statements]:
                federated = (statement.get("Principal") or {}).get("Federated", []) if isinstance(statement.get("Principal"), dict) else []
                if arn in ([federated] if isinstance(federated, str) else federated):
                    names.append(role["RoleName"])
                    break
    return sorted(names)


def wanted_state(params: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    tags = {str(key): str(value) for key, value in params["tags"].items()}
    return {
        "client_ids": sorted(set(params["client_ids"])),
        "thumbprints": sorted(set(thumbprint.lower() for thumbprint in params["thumbprints"])) or before.get("thumbprints", []),
        "tags": tags if params["purge_tags"] else {**before.get("tags", {}), **tags},
    }


def check_inputs(params: dict[str, Any]) -> None:
    if not params["url"].startswith("https://"):
        raise RuntimeError(f"url: {params['url']!r} must be an https:// issuer URL")
    bad = [value for value in params["thumbprints"] if len(value) != 40 or any(c not in "0123456789abcdefABCDEF" for c in value)]
    if bad:
        raise RuntimeError(f"thumbprints: {', '.join(bad)} - each must be 40 hex digits")
    if params["state"] == "present" and not params["client_ids"]:
        raise RuntimeError("client_ids: at least one audience (sts.amazonaws.com for AWS's own STS)")


def update(client: Any, arn: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    for client_id in sorted(set(after["client_ids"]) - set(before["client_ids"])):
        client.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID=client_id)
    for client_id in sorted(set(before["client_ids"]) - set(after["client_ids"])):
        client.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID=client_id)
    if after["thumbprints"] != before["thumbprints"]:
        client.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=after["thumbprints"])
    stale = sorted(set(before["tags"]) - set(after["tags"]))
    if stale:
        client.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=stale)
    changed_tags = {key: value for key, value in after["tags"].items() if before["tags"].get(key) != value}
    if changed_tags:
        client.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": k, "Value": v} for k, v in changed_tags.items()])


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    check_inputs(params)
    arn = find_arn(client, params["url"])
    before = describe(client, arn) if arn else {}
    if params["state"] == "absent":
        if not arn:
            return {"changed": False, "exists": False, "arn": "", "provider": {}, "trusted_by": []}
        trusted_by = trusting_roles(client, arn) if params["keep_while_trusted"] else []
        if trusted_by:
            return {"changed": False, "exists": True, "arn": arn, "provider": before, "trusted_by": trusted_by}
        if not check_mode:
            client.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        return {"changed": True, "exists": False, "arn": "", "provider": {}, "trusted_by": [], "diff": {"before": before, "after": {}}}

    after = wanted_state(params, before)
    if not arn:
        if not check_mode:
            request: dict[str, Any] = {"Url": params["url"], "ClientIDList": after["client_ids"]}
            if after["thumbprints"]:
                request["ThumbprintList"] = after["thumbprints"]
            if after["tags"]:
                request["Tags"] = [{"Key": key, "Value": value} for key, value in after["tags"].items()]
            arn = client.create_open_id_connect_provider(**request)["OpenIDConnectProviderArn"]
            after = describe(client, arn)
        return {"changed": True, "exists": True, "arn": arn, "provider": after, "diff": {"before": {}, "after": after}}
    if after == before:
        return {"changed": False, "exists": True, "arn": arn, "provider": before}
    if not check_mode:
        update(client, arn, before, after)
    return {"changed": True, "exists": True, "arn": arn, "provider": after, "diff": {"before": before, "after": after}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            url=dict(type="str", required=True),
            client_ids=dict(type="list", elements="str", default=["sts.amazonaws.com"]),
            thumbprints=dict(type="list", elements="str", default=[]),
            tags=dict(type="dict", default={}),
            purge_tags=dict(type="bool", default=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            keep_while_trusted=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    run_module(module, "iam", run, "Failed to manage the OpenID Connect provider")


if __name__ == "__main__":
    main()
