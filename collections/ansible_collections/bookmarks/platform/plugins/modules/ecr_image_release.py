#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mark deployed images with a release tag, which the repositories' lifecycle policy never expires."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecr_image_release
author: Bookmark Manager platform team (@bookmarks)
version_added: 0.9.0
short_description: Tag the images a deployment runs as releases, so the lifecycle policy keeps them
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - For each ECR image reference C(<registry>/<repository>:<tag>), adds the tag O(prefix)<tag> to
    the same image (C(BatchGetImage), then C(PutImage) with its manifest, so no layer moves). The
    ecs_cluster role's lifecycle policy keeps release-tagged images in a rule of their own, which
    no lower-priority rule can expire, so an image a current or previous task definition runs is
    never deleted by CI's pushes.
  - An image that already carries the release tag is left alone (no write). An image of another
    registry is not tagged.
  - Supports check mode and diff mode.
options:
  images:
    description: Image references C(<registry>/<repository>:<tag>).
    type: list
    elements: str
    required: true
  prefix:
    description: What the release tag puts before the image's own tag.
    type: str
    default: release-
"""

EXAMPLES = r"""
- name: Mark the deployed images as releases
  bookmarks.platform.ecr_image_release:
    images:
      - 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-web:4f2c1e9
"""

RETURN = r"""
released:
  description: The release tags added, as C(<repository>:<tag>).
  returned: always
  type: list
  elements: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.ecr import parse
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def image(client: Any, repository: str, tag: str) -> dict[str, Any] | None:
    found = client.batch_get_image(repositoryName=repository, imageIds=[{"imageTag": tag}])
    return found["images"][0] if found.get("images") else None


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    released: list[str] = []
    for reference in params["images"]:
        parsed = parse(reference)
        if parsed is None or not parsed["tag"]:
            continue
        repository, release = parsed["repository"], f"{params['prefix']}{parsed['tag']}"
        source = image(client, repository, parsed["tag"])
        if source is None:
            raise RuntimeError(f"images: {reference} is not in its repository")
        marked = image(client, repository, release)
        if marked is not None and marked["imageId"]["imageDigest"] == source["imageId"]["imageDigest"]:
            continue
        if not check_mode:
            request = {"repositoryName": repository, "imageManifest": source["imageManifest"], "imageTag": release}
            if source.get("imageManifestMediaType"):
                request["imageManifestMediaType"] = source["imageManifestMediaType"]
            client.put_image(**request)
        released.append(f"{repository}:{release}")
    return {"changed": bool(released), "released": released, "diff": {"before": {"released": []}, "after": {"released": released}}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(images=dict(type="list", elements="str", required=True), prefix=dict(type="str", default="release-")),
        supports_check_mode=True,
    )
    run_module(module, "ecr", run, "Failed to tag the released images")


if __name__ == "__main__":
    main()
