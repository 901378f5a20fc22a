"""What `docker push` leaves in an ECR repository, for the emulator (no Docker engine runs here).

Used by the tests, Molecule's ecs_service scenario and `make bench` to stand in for the
application's pipeline pushing its images (docs/first-run.md, step 6).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def push_image(ecr: Any, repository: str, tag: str) -> str:
    """PutImage with a manifest of the image's own, as `docker push` sends it: its digest."""
    layer = hashlib.sha256(f"{repository}:{tag}".encode()).hexdigest()
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": f"sha256:{layer}"},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1, "digest": f"sha256:{layer}"}],
    }
    answer = ecr.put_image(repositoryName=repository, imageManifest=json.dumps(manifest), imageTag=tag)
    return str(answer["image"]["imageId"]["imageDigest"])
