# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One reader per role whose build can be skipped: READERS[role](client, params) -> (state, found)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.module_utils.readers import alb, aurora, cloudfront_waf, ecs_cluster, ecs_service, vpc
from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import Reader

READERS: dict[str, Reader] = {
    "vpc": vpc.read_vpc,
    "ecs_cluster": ecs_cluster.read_ecs_cluster,
    "ecs_service": ecs_service.read_ecs_service,
    "cloudfront_waf": cloudfront_waf.read_cloudfront_waf,
    "alb": alb.read_alb,
    "aurora": aurora.read_aurora,
}
