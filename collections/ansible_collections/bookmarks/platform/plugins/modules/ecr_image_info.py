#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Are these images in their ECR repositories? (No module of amazon.aws or community.aws says.)"""

from __future__ import annotations

DOCUMENTATION = r"""
module: ecr_image_info
version_added: 0.6.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Tell which container images exist in their ECR repositories
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - For each image reference C(<registry>/<repository>:<tag>) (or C(@sha256:<digest>)) of an
    ECR registry, tells whether the repository holds it, so that a service is never asked to run
    an image that is not there (its tasks would fail with C(CannotPullContainerError)).
  - A repository that does not exist holds nothing. Images of other registries (Docker Hub,
    C(public.ecr.aws)) are not looked up and reported as existing.
  - Reads only; supports check mode.
options:
  images:
    description: Image references.
    type: list
    elements: str
    required: true
"""

EXAMPLES = r"""
- name: Are the services' images pushed yet?
  bookmarks.platform.ecr_image_info:
    images:
      - 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-web:latest
  register: images
"""

RETURN = r"""
images:
  description: One entry per image, in the order asked.
  returned: always
  type: list
  elements: dict
  contains:
    image:
      description: The reference asked about.
      type: str
    exists:
      description: Whether the repository holds it (always true outside ECR).
      type: bool
    repository:
      description: The ECR repository's name (empty outside ECR).
      type: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.ecr import parse
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def exists(client: Any, reference: dict[str, str]) -> bool:
    image_id = {"imageDigest": reference["digest"]} if reference["digest"] else {"imageTag": reference["tag"] or "latest"}
    try:
        found = client.describe_images(repositoryName=reference["repository"], imageIds=[image_id])
    except (client.exceptions.ImageNotFoundException, client.exceptions.RepositoryNotFoundException):
        return False
    return len(found.get("imageDetails", [])) > 0


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    answers = []
    for image in params["images"]:
        reference = parse(image)
        if reference is None:
            answers.append({"image": image, "exists": True, "repository": ""})
        else:
            answers.append({"image": image, "exists": exists(client, reference), "repository": reference["repository"]})
    return {"changed": False, "images": answers}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(images=dict(type="list", elements="str", required=True)),
        supports_check_mode=True,
    )
    run_module(module, "ecr", run, "Failed to look the images up")


if __name__ == "__main__":
    main()
