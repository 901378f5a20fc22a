# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECR image references: what the ecr_image_info and ecr_image_release modules share."""

from __future__ import annotations

import re

ECR = re.compile(
    r"^(?P<registry>[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?)/(?P<repository>[^:@]+)"
    r"(:(?P<tag>[^@]+)|@(?P<digest>sha256:[0-9a-f]{64}))$"
)


def parse(image: str) -> dict[str, str] | None:
    """The repository and the tag or digest of an ECR image reference; None for another registry."""
    match = ECR.match(image)
    if not match:
        return None
    return {"repository": match["repository"], "tag": match["tag"] or "", "digest": match["digest"] or ""}
