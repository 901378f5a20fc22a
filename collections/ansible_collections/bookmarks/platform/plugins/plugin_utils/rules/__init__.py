# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module of cross-field rules per role; importing them registers them in role_inputs.RULES."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.rules import (
    vpc,
    security_groups,
    route53,
    certificates,
    alb,
    cloudfront_waf,
    ecs_cluster,
    ecs_service,
    aurora,
    atlas,
    ssm_params,
    alarms,
    datadog,
    sentry,
)

__all__ = [
    "vpc",
    "security_groups",
    "route53",
    "certificates",
    "alb",
    "cloudfront_waf",
    "ecs_cluster",
    "ecs_service",
    "aurora",
    "atlas",
    "ssm_params",
    "alarms",
    "datadog",
    "sentry",
]
