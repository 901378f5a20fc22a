"""What `docker push` leaves in an ECR repository, for the emulator (no Docker engine runs here).

Used by the tests, Molecule's ecs_service scenario and `make bench` to stand in for the
application's pipeline pushing its images (docs/first-run.md, step 6).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "collections"))
from ansible_collections.bookmarks.platform.plugins.modules.ecr_standin_image import manifest  # noqa: E402


def push_image(ecr: Any, repository: str, tag: str) -> str:
    """PutImage with a manifest of the image's own, as `docker push` sends it: its digest."""
    answer = ecr.put_image(repositoryName=repository, imageManifest=manifest(repository, tag), imageTag=tag)
    return str(answer["image"]["imageId"]["imageDigest"])
