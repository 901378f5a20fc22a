#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Put a stand-in image into ECR repositories of an emulator, as a first deployment would push one."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecr_standin_image
version_added: 0.9.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Put a stand-in image into ECR repositories of an AWS emulator
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - For each repository that does not hold O(tag) yet, puts an image manifest under that tag, as
    C(docker push) leaves one (C(PutImage)), so that a local stack runs as prod does after its
    first deployment. The manifest's layers name no content, so nothing can run it, and its config
    is labelled a stand-in.
  - Only for an emulator - the task fails before any call unless O(endpoint_url) is set to a
    loopback address, so a real account can never receive a stand-in.
  - Supports check mode and diff.
options:
  repositories:
    description: ECR repository names.
    type: list
    elements: str
    required: true
  tag:
    description: The stand-in's tag.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Stand-in images for the local stack
  bookmarks.platform.ecr_standin_image:
    repositories: [bookmark-manager-local-web, bookmark-manager-local-api]
    tag: standin
"""

RETURN = r"""
pushed:
  description: The repositories that got the stand-in (or would, in check mode).
  returned: always
  type: list
  elements: str
"""

import hashlib
import ipaddress
import json
from typing import Any
from urllib.parse import urlparse

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json"


def is_loopback(endpoint: str | None) -> bool:
    host = urlparse(endpoint or "").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def manifest(repository: str, tag: str) -> str:
    """A manifest of the image's own, as docker push sends it; its digests name the stand-in."""
    digest = "sha256:" + hashlib.sha256(f"stand-in {repository}:{tag}".encode()).hexdigest()
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": MEDIA_TYPE,
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": digest},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1, "digest": digest}],
        },
        separators=(",", ":"),
    )


def holds(client: Any, repository: str, tag: str) -> bool:
    try:
        return bool(client.describe_images(repositoryName=repository, imageIds=[{"imageTag": tag}]).get("imageDetails"))
    except client.exceptions.ImageNotFoundException:
        return False


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    if not is_loopback(params.get("endpoint_url")):
        raise RuntimeError(f"endpoint_url: {params.get('endpoint_url') or 'none'}; stand-in images go to an emulator on this machine only")
    missing = [repository for repository in params["repositories"] if not holds(client, repository, params["tag"])]
    if not check_mode:
        for repository in missing:
            client.put_image(
                repositoryName=repository, imageManifest=manifest(repository, params["tag"]), imageTag=params["tag"], imageManifestMediaType=MEDIA_TYPE
            )
    return {
        "changed": bool(missing),
        "pushed": missing,
        "diff": {"before": {"images": []}, "after": {"images": [f"{repository}:{params['tag']}" for repository in missing]}},
    }


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(repositories=dict(type="list", elements="str", required=True), tag=dict(type="str", required=True)),
        supports_check_mode=True,
    )
    run_module(module, "ecr", run, "Failed to put the stand-in images")


if __name__ == "__main__":
    main()
