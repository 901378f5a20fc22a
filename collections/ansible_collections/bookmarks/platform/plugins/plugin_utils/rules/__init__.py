# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module of cross-field rules per role; importing them registers them in role_inputs.RULES."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.rules import (
    alarms, alb, atlas, aurora, certificates, cloudfront_waf, datadog, deploy_access, ecs_cluster, ecs_service, route53, security_groups, sentry,
    ssm_params, vpc,
)

ROLES = (
    alarms, alb, atlas, aurora, certificates, cloudfront_waf, datadog, deploy_access, ecs_cluster, ecs_service, route53, security_groups, sentry,
    ssm_params, vpc,
)
