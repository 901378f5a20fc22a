#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Cloud Map HTTP namespace, as ECS Service Connect uses (no module of amazon.aws or community.aws manages one)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: cloudmap_namespace
version_added: 0.9.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Manage an AWS Cloud Map HTTP namespace (ECS Service Connect's)
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Creates the HTTP namespace O(name) with O(tags), keeps its tags, or deletes it. Found by its
    name; a second namespace of the name is not created.
  - Cloud Map creates and deletes a namespace asynchronously - C(CreateHttpNamespace) and
    C(DeleteNamespace) answer an operation ID - so the module waits for the operation
    (C(GetOperation)) to succeed, at most O(wait_timeout) seconds, polling with backoff from 2 s.
  - A namespace that still holds services (ECS deletes the ones Service Connect made after the ECS
    services are gone) answers C(ResourceInUse); the deletion is tried again until O(wait_timeout),
    and the failure then names what holds it.
  - Supports check mode and diff.
options:
  name:
    description: The namespace's name.
    type: str
    required: true
  description:
    description: Its description (set when it is created).
    type: str
    default: ""
  tags:
    description: Tags; others are removed.
    type: dict
    default: {}
  state:
    description: Whether the namespace exists.
    type: str
    choices: [present, absent]
    default: present
  wait_timeout:
    description: Seconds to wait for Cloud Map's operations (and for services to leave the namespace).
    type: int
    default: 300
"""

EXAMPLES = r"""
- name: The namespace of the services' Service Connect
  bookmarks.platform.cloudmap_namespace:
    name: bookmark-manager-production
    tags: {Project: bookmark-manager}
"""

RETURN = r"""
namespace:
  description: The namespace (empty when absent; in check mode, a would-be one has no ID or ARN).
  returned: always
  type: dict
  contains:
    id:
      description: Its ID.
      type: str
    arn:
      description: Its ARN.
      type: str
    name:
      description: Its name.
      type: str
"""

import time
from collections.abc import Callable
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

Sleep = Callable[[float], None]


def find(client: Any, name: str) -> dict[str, Any] | None:
    pages = client.get_paginator("list_namespaces").paginate(Filters=[{"Name": "NAME", "Values": [name], "Condition": "EQ"}])
    found = [namespace for page in pages for namespace in page.get("Namespaces", []) if namespace["Name"] == name]
    return found[0] if found else None


def wait_for(client: Any, operation: str, timeout: int, sleep: Sleep, what: str) -> None:
    """Until the Cloud Map operation succeeds; RuntimeError when it fails or takes too long."""
    deadline, delay = time.monotonic() + timeout, 2.0
    while True:
        found = client.get_operation(OperationId=operation)["Operation"]
        if found["Status"] == "SUCCESS":
            return
        if found["Status"] == "FAIL":
            raise RuntimeError(f"{what}: Cloud Map operation {operation} failed: {found.get('ErrorMessage', found.get('ErrorCode', ''))}")
        if time.monotonic() + delay > deadline:
            raise RuntimeError(f"{what}: Cloud Map operation {operation} still {found['Status']} after {timeout} s (wait_timeout)")
        sleep(delay)
        delay = min(delay * 1.5, 15.0)


def tag_list(tags: dict[str, Any]) -> list[dict[str, str]]:
    return [{"Key": str(key), "Value": str(value)} for key, value in sorted(tags.items())]


def view(namespace: dict[str, Any] | None) -> dict[str, str]:
    return {"id": namespace["Id"], "arn": namespace["Arn"], "name": namespace["Name"]} if namespace else {}


def present(client: Any, params: dict[str, Any], check_mode: bool, sleep: Sleep) -> dict[str, Any]:
    name, want_tags = params["name"], {str(k): str(v) for k, v in params["tags"].items()}
    namespace = find(client, name)
    if namespace is None:
        after = {"name": name, "type": "HTTP", "tags": want_tags}
        if check_mode:
            return {"changed": True, "namespace": {"id": "", "arn": "", "name": name}, "diff": {"before": {}, "after": after}}
        created = client.create_http_namespace(Name=name, Description=params["description"], Tags=tag_list(want_tags), CreatorRequestId=name)
        wait_for(client, created["OperationId"], params["wait_timeout"], sleep, f"name: {name}")
        namespace = find(client, name)
        if namespace is None:
            raise RuntimeError(f"name: {name} was created but Cloud Map does not list it")
        return {"changed": True, "namespace": view(namespace), "diff": {"before": {}, "after": after}}
    have_tags = {tag["Key"]: tag["Value"] for tag in client.list_tags_for_resource(ResourceARN=namespace["Arn"]).get("Tags", [])}
    if have_tags == want_tags:
        return {"changed": False, "namespace": view(namespace)}
    if not check_mode:
        removed = sorted(set(have_tags) - set(want_tags))
        if removed:
            client.untag_resource(ResourceARN=namespace["Arn"], TagKeys=removed)
        changed = {key: value for key, value in want_tags.items() if have_tags.get(key) != value}
        if changed:
            client.tag_resource(ResourceARN=namespace["Arn"], Tags=tag_list(changed))
    return {"changed": True, "namespace": view(namespace), "diff": {"before": {"tags": have_tags}, "after": {"tags": want_tags}}}


def absent(client: Any, params: dict[str, Any], check_mode: bool, sleep: Sleep) -> dict[str, Any]:
    namespace = find(client, params["name"])
    if namespace is None:
        return {"changed": False, "namespace": {}}
    result = {"changed": True, "namespace": {}, "diff": {"before": {"name": params["name"], "type": "HTTP"}, "after": {}}}
    if check_mode:
        return result
    deadline, delay = time.monotonic() + params["wait_timeout"], 2.0
    while True:
        try:
            operation = client.delete_namespace(Id=namespace["Id"])["OperationId"]
            break
        except client.exceptions.ResourceInUse as error:
            if time.monotonic() + delay > deadline:
                raise RuntimeError(
                    f"name: {params['name']} still holds services after {params['wait_timeout']} s (wait_timeout):"
                    f" {error.response.get('Error', {}).get('Message', '')} (aws servicediscovery list-services)"
                ) from None
            sleep(delay)
            delay = min(delay * 1.5, 15.0)
    wait_for(client, operation, params["wait_timeout"], sleep, f"name: {params['name']}")
    return result


def run(client: Any, params: dict[str, Any], check_mode: bool, sleep: Sleep = time.sleep) -> dict[str, Any]:
    return (present if params["state"] == "present" else absent)(client, params, check_mode, sleep)


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str", default=""),
            tags=dict(type="dict", default={}),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            wait_timeout=dict(type="int", default=300),
        ),
        supports_check_mode=True,
    )
    run_module(module, "servicediscovery", run, "Failed to manage the Cloud Map namespace")


if __name__ == "__main__":
    main()
