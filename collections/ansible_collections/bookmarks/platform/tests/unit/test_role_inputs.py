# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every cross-field rule of plugin_utils/rules/<role>.py: silent on valid inputs, its exact message on one bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.bookmarks.platform.plugins.plugin_utils import role_inputs, rules
from ansible_collections.bookmarks.platform.plugins.plugin_utils.rules import ecs_service as ecs_service_rules

ROLES = Path(__file__).resolve().parents[6] / "roles"

# Inputs that have no default in a role's argument spec (the inventories set them), valid.
REQUIRED: dict[str, dict[str, Any]] = {
    "alarms": {"alarms_name_prefix": "bm-prod"},
    "alb": {
        "alb_name_prefix": "bm-prod",
        "alb_elb_account_ids": {},
        "alb_access_logs_bucket_name": "bm-prod-alb-logs-123456789012",
        "alb_services": {
            "web": {"port": 3000, "health_check_path": "/api/health", "paths": [], "priority": None, "default": True},
            "api": {"port": 3001, "health_check_path": "/api/health", "paths": ["/api/*"], "priority": 10, "default": False},
        },
    },
    "atlas": {
        "atlas_project_id": "0123456789abcdef01234567",
        "atlas_cluster_name": "bm-prod-logs",
        "atlas_ssm_parameter_path": "/bm/prod",
        "atlas_public_key": "pub",
        "atlas_private_key": "priv",
    },
    "aurora": {"aurora_name_prefix": "bm-prod", "aurora_ssm_parameter_path": "/bm/prod"},
    "certificates": {
        "certificates_name_prefix": "bm-prod",
        "certificates_zone_name": "example.com",
        "certificates_alb_domain": "origin.example.com",
        "certificates_cloudfront_domain": "example.com",
        "certificates_cloudfront_alternative_names": ["www.example.com"],
    },
    "cloudfront_waf": {
        "cloudfront_waf_name_prefix": "bm-prod",
        "cloudfront_waf_assets_bucket_name": "bm-prod-assets-123456789012",
        "cloudfront_waf_aliases": ["example.com"],
        "cloudfront_waf_alb_origin_domain": "origin.example.com",
        "cloudfront_waf_app_paths": ["/api/*"],
    },
    "datadog": {
        "datadog_env": "production", "datadog_name_prefix": "[production] bm", "datadog_api_key": "k", "datadog_app_key": "a",
        "datadog_api_url": "https://api.ap1.datadoghq.com",
    },
    "deploy_access": {
        "deploy_access_name_prefix": "bm-prod",
        "deploy_access_cluster_name": "bm-prod-cluster",
        "deploy_access_pass_role_names": ["bm-prod-ecs-execution", "bm-prod-ecs-task"],
        "deploy_access_github_repositories": ["example-org/bookmark-manager"],
        "deploy_access_github_environment": "production",
        "deploy_access_services": ["web", "api"],
    },
    "ecs_cluster": {"ecs_cluster_name_prefix": "bm-prod", "ecs_cluster_ssm_parameter_path": "/bm/prod", "ecs_cluster_services": ["web", "api"]},
    "ecs_service": {
        "ecs_service_name_prefix": "bm-prod",
        "ecs_service_cluster_name": "bm-prod-cluster",
        "ecs_service_ssm_parameter_path": "/bm/prod",
        "ecs_service_scheduled_actions": [{"name": "night", "schedule": "cron(0 22 * * ? *)", "min_capacity": 1, "max_capacity": 2}],
        "ecs_service_services": {
            "web": {"port": 3000, "route": {"default": True}, "secrets": ["SENTRY_DSN=SENTRY_DSN_WEB"], "calls": ["api"]},
            "api": {"port": 3001, "route": {"paths": ["/api/*"], "priority": 10}, "secrets": ["DATABASE_URL"]},
        },
    },
    "route53": {"route53_zone_name": "example.com"},
    "security_groups": {"security_groups_name_prefix": "bm-prod", "security_groups_app_ports": [3000, 3001]},
    "sentry": {
        "sentry_organization": "bm",
        "sentry_team": "platform",
        "sentry_name_prefix": "bm-prod",
        "sentry_ssm_parameter_path": "/bm/prod",
        "sentry_auth_token": "t",
        "sentry_projects": {"web": "javascript-nextjs", "api": "node"},
    },
    "ssm_params": {"ssm_params_path": "/bm/prod", "ssm_params_secrets": {"DATADOG_API_KEY": "k"}},
    "vpc": {"vpc_name_prefix": "bm-prod"},
}


def valid(role: str) -> dict[str, Any]:
    """The role's inputs as the argument spec leaves them: its defaults (templated ones set above), validated."""
    spec = yaml.safe_load((ROLES / role / "meta" / "argument_specs.yml").read_text())["argument_specs"]["validate"]["options"]
    values = {name: option["default"] for name, option in spec.items() if "{{" not in str(option.get("default", "{{"))}
    result = ArgumentSpecValidator(spec).validate({**values, **REQUIRED[role]}, validate_role_argument_spec=True)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


RULES = {function.__name__: function for functions in role_inputs.RULES.values() for function in functions}

# rule: (role, the one input made bad, the rule's message)
CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    "atlas_base_url_is_https": (
        "atlas",
        {"atlas_require_https": True, "atlas_base_url": "http://127.0.0.1:5101"},
        "atlas_base_url: http://127.0.0.1:5101 must be an https URL: the API keys go with every request (atlas_require_https is on for real AWS).",
    ),
    "atlas_pit_needs_backups": (
        "atlas",
        {"atlas_pit_enabled": True, "atlas_backup_enabled": False},
        "atlas_pit_enabled: continuous cloud backup needs cloud backups (atlas_backup_enabled: true).",
    ),
    "datadog_api_url_is_https": (
        "datadog",
        {"datadog_require_https": True, "datadog_api_url": "http://127.0.0.1:5101"},
        "datadog_api_url: http://127.0.0.1:5101 must be an https URL: the API keys go with every request (datadog_require_https is on for real AWS).",
    ),
    "sentry_api_url_is_https": (
        "sentry",
        {"sentry_require_https": True, "sentry_api_url": "http://127.0.0.1:5101"},
        "sentry_api_url: http://127.0.0.1:5101 must be an https URL: the API keys go with every request (sentry_require_https is on for real AWS).",
    ),
    "vpc_teardown_timing": (
        "vpc",
        {"vpc_teardown_poll_interval": 0},
        "vpc_teardown_timeout / vpc_teardown_poll_interval: 900 / 0 must be positive, the interval not above the timeout.",
    ),
    "security_groups_teardown_timing": (
        "security_groups",
        {"security_groups_teardown_poll_interval": 0},
        "security_groups_teardown_timeout / security_groups_teardown_poll_interval: 900 / 0 must be positive, the interval not above the timeout.",
    ),
    "certificates_teardown_timing": (
        "certificates",
        {"certificates_teardown_poll_interval": 0},
        "certificates_teardown_timeout / certificates_teardown_poll_interval: 900 / 0 must be positive, the interval not above the timeout.",
    ),
    "ecs_cluster_teardown_timing": (
        "ecs_cluster",
        {"ecs_cluster_teardown_poll_interval": 0},
        "ecs_cluster_teardown_timeout / ecs_cluster_teardown_poll_interval: 900 / 0 must be positive, the interval not above the timeout.",
    ),
    "ecs_service_teardown_timing": (
        "ecs_service",
        {"ecs_service_teardown_poll_interval": 0},
        "ecs_service_teardown_timeout / ecs_service_teardown_poll_interval: 900 / 0 must be positive, the interval not above the timeout.",
    ),
    "vpc_two_azs": (
        "vpc",
        {"vpc_availability_zones": ["ap-northeast-1a"], "vpc_public_subnet_cidrs": ["10.0.1.0/24"], "vpc_private_subnet_cidrs": ["10.0.11.0/24"]},
        "vpc_availability_zones: ['ap-northeast-1a'] has 1 AZ; at least two are needed (an ALB and Aurora need subnets in two AZs).",
    ),
    "vpc_distinct_azs": (
        "vpc",
        {"vpc_availability_zones": ["ap-northeast-1a", "ap-northeast-1a"]},
        "vpc_availability_zones: ['ap-northeast-1a', 'ap-northeast-1a'] repeats an AZ; each must be distinct.",
    ),
    "vpc_a_subnet_per_az": (
        "vpc",
        {"vpc_private_subnet_cidrs": ["10.0.11.0/24"]},
        "vpc_private_subnet_cidrs: has 1 entries; one per AZ in vpc_availability_zones (2) is needed.",
    ),
    "vpc_subnet_layout": (
        "vpc",
        {"vpc_cidr": "10.0.0.0/8", "vpc_private_subnet_cidrs": ["10.0.11.0/24", "10.0.2.128/25"]},
        "vpc_cidr: '10.0.0.0/8' is a /8; AWS allows /16 to /28; vpc_private_subnet_cidrs[1]: 10.0.2.128/25 overlaps vpc_public_subnet_cidrs[1] 10.0.2.0/24",
    ),
    "vpc_name_prefix": (
        "vpc",
        {"vpc_name_prefix": "Bookmark_Prod"},
        "vpc_name_prefix: 'Bookmark_Prod' must be lower-case letters, digits and hyphens (at most 41).",
    ),
    "security_groups_alb_reachable": (
        "security_groups",
        {"security_groups_alb_ingress_prefix_lists": []},
        "security_groups_alb_ingress_prefix_lists / security_groups_alb_ingress_cidrs / security_groups_alb_ingress_ipv6_cidrs:"
        " all empty, so nothing could reach the ALB (the default is CloudFront's origin-facing prefix list).",
    ),
    "security_groups_alb_ingress": (
        "security_groups",
        {"security_groups_alb_ingress_cidrs": ["0.0.0.0/0", "everyone"]},
        "security_groups_alb_ingress_cidrs: everyone not IPv4 CIDR blocks (like 0.0.0.0/0 or 203.0.113.0/24).",
    ),
    "security_groups_alb_ingress_ipv6": (
        "security_groups",
        {"security_groups_alb_ingress_ipv6_cidrs": ["0.0.0.0/0"]},
        "security_groups_alb_ingress_ipv6_cidrs: 0.0.0.0/0 not IPv6 CIDR blocks (like ::/0).",
    ),
    "security_groups_ports": (
        "security_groups",
        {"security_groups_app_ports": [3000, 70000]},
        "security_groups_app_ports / security_groups_db_port: ports must be 1 to 65535 (got [3000, 70000] and 5432).",
    ),
    "route53_zone_name": (
        "route53",
        {"route53_zone_name": "Bookmarks_Prod"},
        "route53_zone_name: 'Bookmarks_Prod' is not a domain name (lower-case labels, like bookmark-manager.example.com).",
    ),
    "route53_origin_record": ("route53", {"route53_origin_record": "origin.sub"}, "route53_origin_record: 'origin.sub' is not a single DNS label."),
    "route53_health_check_path": ("route53", {"route53_health_check_path": "health"}, "route53_health_check_path: must start with /."),
    "route53_delegation_resolver": (
        "route53",
        {"route53_delegation_resolver": "udp://8.8.8.8"},
        "route53_delegation_resolver: udp://8.8.8.8 must be empty (the machine's resolver), a host, or host:port.",
    ),
    "route53_failover_zone": (
        "route53",
        {"route53_failover_secondary_dns_name": "maintenance.example.org"},
        "route53_failover_secondary_zone_id: required with route53_failover_secondary_dns_name.",
    ),
    "certificates_names_in_zone": (
        "certificates",
        {"certificates_cloudfront_alternative_names": ["www.other.test"]},
        "certificates: www.other.test not valid DNS names inside certificates_zone_name 'example.com' (lower-case labels of letters, digits and"
        " hyphens; a leading *. is allowed).",
    ),
    "alb_name_prefix": (
        "alb",
        {"alb_name_prefix": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
        "alb_name_prefix / alb_services: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-alb, aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-web, aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-api:"
        " longer than 32 characters (AWS's limit for ALB and target group names).",
    ),
    "alb_health_check_timeout": (
        "alb",
        {"alb_health_check_timeout": 30},
        "alb_health_check_timeout: 30 must be 2 to 120 and below alb_health_check_interval (30).",
    ),
    "alb_health_check_interval": ("alb", {"alb_health_check_interval": 400, "alb_health_check_timeout": 5}, "alb_health_check_interval: 400 must be 5 to 300."),
    "alb_thresholds": ("alb", {"alb_healthy_threshold": 1}, "alb_healthy_threshold / alb_unhealthy_threshold: must be 2 to 10 (got 1 / 3)."),
    "alb_idle_timeout": ("alb", {"alb_idle_timeout": 5000}, "alb_idle_timeout: 5000 must be 1 to 4000."),
    "alb_services": (
        "alb",
        {
            "alb_services": {
                "web": {"port": 3000, "health_check_path": "health", "paths": [], "priority": None, "default": True},
                "api": {"port": 0, "health_check_path": "/", "paths": ["/api/*"], "priority": None, "default": False},
            }
        },
        "alb_services.web.health_check_path: health must start with /; alb_services.api.port: 0 must be 1 to 65535;"
        " alb_services.api.priority: None must be 1 to 49999 for a service with paths.",
    ),
    "alb_ssl_policy": (
        "alb",
        {"alb_ssl_policy": "ELBSecurityPolicy-2016-08"},
        "alb_ssl_policy: ELBSecurityPolicy-2016-08 allows TLS below 1.2; use ELBSecurityPolicy-TLS13-1-2-* or ELBSecurityPolicy-TLS-1-2-*.",
    ),
    "alb_access_logs_retention": ("alb", {"alb_access_logs_retention_days": 0}, "alb_access_logs_retention_days: must be at least 1."),
    "cloudfront_waf_ip_allow_list_are_cidr_blocks": (
        "cloudfront_waf",
        {"cloudfront_waf_ip_allow_list": ["203.0.113.1"]},
        "cloudfront_waf_ip_allow_list: 203.0.113.1 not IPv4 CIDR blocks (like 203.0.113.0/24).",
    ),
    "cloudfront_waf_ip_deny_list_are_cidr_blocks": (
        "cloudfront_waf",
        {"cloudfront_waf_ip_deny_list": ["10.0.0.300/32"]},
        "cloudfront_waf_ip_deny_list: 10.0.0.300/32 not IPv4 CIDR blocks (like 203.0.113.0/24).",
    ),
    "cloudfront_waf_geo_block_countries": (
        "cloudfront_waf",
        {"cloudfront_waf_geo_block_countries": ["Korea"]},
        "cloudfront_waf_geo_block_countries: Korea not ISO 3166 alpha-2 codes (like KP).",
    ),
    "cloudfront_waf_rate_limit": ("cloudfront_waf", {"cloudfront_waf_rate_limit": 5}, "cloudfront_waf_rate_limit: 5 must be 10 to 2000000000."),
    "cloudfront_waf_aliases": ("cloudfront_waf", {"cloudfront_waf_aliases": []}, "cloudfront_waf_aliases: at least one name is needed."),
    "cloudfront_waf_paths": (
        "cloudfront_waf",
        {"cloudfront_waf_static_path": "/api/*", "cloudfront_waf_app_paths": ["/api/*"]},
        "cloudfront_waf_static_path / cloudfront_waf_app_paths: /api/*, /api/* must start with / and differ.",
    ),
    "cloudfront_waf_assets_bucket_name_is_a_bucket_name": (
        "cloudfront_waf",
        {"cloudfront_waf_assets_bucket_name": "b" * 60 + "-assets"},
        "cloudfront_waf_assets_bucket_name: " + "b" * 60 + "-assets is not an S3 bucket name"
        " (3 to 63 lower-case letters, digits, dots and hyphens; see bucket_name_suffix).",
    ),
    "alb_access_logs_bucket_name_is_a_bucket_name": (
        "alb",
        {"alb_access_logs_bucket_name": "BM-prod-alb-logs"},
        "alb_access_logs_bucket_name: BM-prod-alb-logs is not an S3 bucket name"
        " (3 to 63 lower-case letters, digits, dots and hyphens; see bucket_name_suffix).",
    ),
    "ecs_cluster_name_prefix": (
        "ecs_cluster",
        {"ecs_cluster_name_prefix": "BM"},
        "ecs_cluster_name_prefix: BM must be lower-case letters, digits and hyphens, at most 40 characters.",
    ),
    "ecs_cluster_log_retention": (
        "ecs_cluster",
        {"ecs_cluster_log_retention_days": 45},
        "ecs_cluster_log_retention_days: 45 is not a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,"
        " 1096, 1827, 2192, 2557, 2922, 3288, 3653).",
    ),
    "ecs_cluster_images_kept": ("ecs_cluster", {"ecs_cluster_images_kept": 0}, "ecs_cluster_images_kept: 0 must be 1 to 1000."),
    "ecs_cluster_capacity_providers": (
        "ecs_cluster",
        {"ecs_cluster_capacity_providers": ["FARGATE", "EC2"]},
        "ecs_cluster_capacity_providers: FARGATE, EC2 may hold FARGATE and FARGATE_SPOT only.",
    ),
    "ecs_cluster_default_capacity_provider": (
        "ecs_cluster",
        {"ecs_cluster_capacity_providers": ["FARGATE_SPOT"], "ecs_cluster_default_capacity_provider": "FARGATE"},
        "ecs_cluster_default_capacity_provider: FARGATE is not in ecs_cluster_capacity_providers.",
    ),
    "ecs_cluster_ssm_parameter_path_is_a_parameter_path": (
        "ecs_cluster",
        {"ecs_cluster_ssm_parameter_path": "bm/prod/"},
        "ecs_cluster_ssm_parameter_path: bm/prod/ must start with / and not end with /.",
    ),
    "ecs_cluster_kms_key_arn": (
        "ecs_cluster",
        {"ecs_cluster_kms_key_arn": "alias/mine"},
        "ecs_cluster_kms_key_arn: alias/mine is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>).",
    ),
    "ecs_cluster_services": ("ecs_cluster", {"ecs_cluster_services": ["web", "web"]}, "ecs_cluster_services: web, web must be lower-case names, each once."),
    "ecs_service_name_prefix": (
        "ecs_service",
        {"ecs_service_name_prefix": "BM"},
        "ecs_service_name_prefix: BM must be lower-case letters, digits and hyphens, at most 40 characters.",
    ),
    "ecs_service_services": (
        "ecs_service",
        {"ecs_service_services": {"web": {"port": 3000, "secrets": ["SENTRY_DSN=sentry/web"]}}},
        "ecs_service_services.web.secrets[0]: 'SENTRY_DSN=sentry/web' must be NAME or NAME=PARAMETER (NAME in capitals, as the variable the container sees).",
    ),
    "ecs_service_known_services": (
        "ecs_service",
        {"ecs_service_image_tags": {"worker": "1.0"}},
        "ecs_service_image_tags: worker is not a service of ecs_service_services (web, api).",
    ),
    "ecs_service_image_tags": (
        "ecs_service",
        {"ecs_service_image_tags": {"web": "-bad"}},
        "ecs_service_image_tags: -bad is not an image tag (letters, digits, _ . -, at most 128).",
    ),
    "ecs_service_fargate_size": (
        "ecs_service",
        {"ecs_service_memory": 512},
        "ecs_service_memory: 512 MiB is not allowed with 512 CPU units (Fargate allows 1024 to 4096 in steps of 1024).",
    ),
    "ecs_service_capacity": (
        "ecs_service",
        {"ecs_service_min_capacity": 5, "ecs_service_max_capacity": 3, "ecs_service_desired_count": 4},
        "ecs_service_min_capacity / ecs_service_max_capacity: 5 / 3: the minimum must be 0 or more and not above the maximum (at least 1).",
    ),
    "ecs_service_desired_count": (
        "ecs_service",
        {"ecs_service_desired_count": 11},
        "ecs_service_desired_count: 11 must be within ecs_service_min_capacity / ecs_service_max_capacity (2 to 10).",
    ),
    "ecs_service_cpu_target": ("ecs_service", {"ecs_service_cpu_target": 0}, "ecs_service_cpu_target: 0 must be 1 to 100 (percent)."),
    "ecs_service_deployment_percents": (
        "ecs_service",
        {"ecs_service_maximum_percent": 90},
        "ecs_service_minimum_healthy_percent / ecs_service_maximum_percent: 100 / 90: the minimum must be 0 to 100, the maximum 100 to 200 and above"
        " the minimum.",
    ),
    "ecs_service_grace_period": (
        "ecs_service",
        {"ecs_service_health_check_grace_period": 9000},
        "ecs_service_health_check_grace_period: 9000 must be 0 to 7200 seconds.",
    ),
    "ecs_service_schedules": (
        "ecs_service",
        {"ecs_service_scheduled_actions": [{"name": "night", "schedule": "0 22 * * *", "min_capacity": 1, "max_capacity": 2}]},
        "ecs_service_scheduled_actions: night has a schedule that is not cron(...), rate(...) or at(...).",
    ),
    "ecs_service_ssm_parameter_path_is_a_parameter_path": (
        "ecs_service",
        {"ecs_service_ssm_parameter_path": "/bm/prod/"},
        "ecs_service_ssm_parameter_path: /bm/prod/ must start with / and not end with /.",
    ),
    "ecs_service_deploy_timing": (
        "ecs_service",
        {"ecs_service_deploy_poll_interval": 900},
        "ecs_service_deploy_timeout / ecs_service_deploy_poll_interval: must be positive, the interval below the timeout.",
    ),
    "aurora_name_prefix": (
        "aurora",
        {"aurora_name_prefix": "bm--prod"},
        "aurora_name_prefix: bm--prod must be lower-case letters, digits and hyphens, starting with a letter, at most 50 characters.",
    ),
    "aurora_engine_version": (
        "aurora",
        {"aurora_engine_version": "17"},
        "aurora_engine_version: 17 is not an Aurora PostgreSQL version (<major>.<minor>, for example 17.4).",
    ),
    "aurora_capacity": (
        "aurora",
        {"aurora_max_capacity": 16.3},
        "aurora_min_capacity / aurora_max_capacity: 0.5 / 16.3 must be ACUs from 0 to 256 in steps of 0.5, with the minimum not above the maximum.",
    ),
    "aurora_instance_count": ("aurora", {"aurora_instance_count": 16}, "aurora_instance_count: 16 must be 1 to 15 (a writer and up to 14 readers)."),
    "ecs_service_wiring": (
        "ecs_service",
        {
            "ecs_service_repository_urls": {"web": "r/web"},
            "ecs_service_log_groups": {"web": "/ecs/web", "api": "/ecs/api"},
            "ecs_service_target_group_arns": {},
            "ecs_service_execution_role_arns": {"api": "arn:aws:iam::123456789012:role/bm-prod-api-execution"},
        },
        "ecs_service_repository_urls: no api ecs_service_target_group_arns: no web ecs_service_target_group_arns: no api"
        " ecs_service_execution_role_arns: no web",
    ),
    "ecs_cluster_service_parameters": (
        "ecs_cluster",
        {"ecs_cluster_service_parameters": {"web": ["DATABASE_URL"], "worker": ["JWT_SECRET"]}},
        "ecs_cluster_service_parameters: worker is not in ecs_cluster_services.",
    ),
    "ecs_cluster_releases_kept": ("ecs_cluster", {"ecs_cluster_releases_kept": 1}, "ecs_cluster_releases_kept: 1 must be 2 to 1000."),
    "ecs_cluster_release_tag_prefix": (
        "ecs_cluster",
        {"ecs_cluster_release_tag_prefix": "-rel"},
        "ecs_cluster_release_tag_prefix: -rel must be letters, digits, _ . - (the start of an image tag, at most 100).",
    ),
    "ecs_cluster_pinned_image_tags": (
        "ecs_cluster",
        {"ecs_cluster_pinned_image_tags": ["latest", "bad tag"]},
        "ecs_cluster_pinned_image_tags: bad tag is not an image tag (letters, digits, _ . -, at most 128).",
    ),
    "ecs_service_release_tag_prefix": (
        "ecs_service",
        {"ecs_service_release_tag_prefix": "release/"},
        "ecs_service_release_tag_prefix: release/ must be letters, digits, _ . - (the start of an image tag, at most 100).",
    ),
    "aurora_subnet_ids": (
        "aurora",
        {"aurora_subnet_ids": ["subnet-1"]},
        "aurora_subnet_ids: 1 subnet(s); a DB subnet group needs subnets in at least two AZs.",
    ),
    "aurora_availability_zones": (
        "aurora",
        {"aurora_availability_zones": ["ap-northeast-1a", "ap-northeast-1a"], "aurora_instance_count": 2},
        "aurora_availability_zones: one AZ per instance is needed, in at least two AZs (got ap-northeast-1a, ap-northeast-1a).",
    ),
    "aurora_security_group_ids": (
        "aurora",
        {"aurora_security_group_ids": []},
        "aurora_security_group_ids: empty; the cluster needs the aurora security group.",
    ),
    "aurora_database_name": (
        "aurora",
        {"aurora_database_name": "1db"},
        "aurora_database_name: 1db must start with a letter and hold letters, digits and _ (at most 63).",
    ),
    "aurora_app_username": (
        "aurora",
        {"aurora_app_username": "dbadmin"},
        "aurora_app_username: dbadmin must be lower-case letters, digits and _ (at most 61, for its logins <name>_a and _b),"
        " not the master user, not pg_* or rds*.",
    ),
    "aurora_master_username": (
        "aurora",
        {"aurora_master_username": "postgres"},
        "aurora_master_username: postgres must start with a letter, hold letters, digits and _, and not be a reserved name.",
    ),
    "aurora_backup_retention": ("aurora", {"aurora_backup_retention_days": 40}, "aurora_backup_retention_days: 40 must be 1 to 35."),
    "aurora_backup_window": (
        "aurora",
        {"aurora_backup_window": "25:00-26:00"},
        "aurora_backup_window: 25:00-26:00 must be hh:mm-hh:mm (UTC), at least 30 minutes.",
    ),
    "aurora_maintenance_window": (
        "aurora",
        {"aurora_maintenance_window": "sunday:18:00-sunday:19:00"},
        "aurora_maintenance_window: sunday:18:00-sunday:19:00 must be ddd:hh:mm-ddd:hh:mm (UTC), for example sun:18:00-sun:19:00.",
    ),
    "aurora_kms_key_id": ("aurora", {"aurora_kms_key_id": "my-key"}, "aurora_kms_key_id: my-key is not a KMS key ARN, key ID or alias/<name>."),
    "aurora_ssm_parameter_path_is_a_parameter_path": (
        "aurora",
        {"aurora_ssm_parameter_path": "bm"},
        "aurora_ssm_parameter_path: bm must start with / and not end with /.",
    ),
    "atlas_project_id": ("atlas", {"atlas_project_id": "1234"}, "atlas_project_id: 1234 is not an Atlas project ID (24 hexadecimal characters)."),
    "atlas_cluster_name": ("atlas", {"atlas_cluster_name": "-logs"}, "atlas_cluster_name: -logs must be letters, digits and hyphens, at most 64 characters."),
    "atlas_base_url": (
        "atlas",
        {"atlas_base_url": "https://cloud.mongodb.com/"},
        "atlas_base_url: https://cloud.mongodb.com/ must be an http(s) URL without a trailing /.",
    ),
    "atlas_credentials": (
        "atlas",
        {"atlas_private_key": ""},
        "atlas_public_key / atlas_private_key: empty; set both in the inventory's vault file, or atlas_client_id / atlas_client_secret for a service account.",
    ),
    "atlas_client_secret": (
        "atlas",
        {"atlas_client_id": "mdb_sa_id"},
        "atlas_client_secret: empty while atlas_client_id is set; set it in the inventory's vault file.",
    ),
    "atlas_instance_size": (
        "atlas",
        {"atlas_instance_size": "M15"},
        "atlas_instance_size: M15 is not an Atlas instance size on AWS (M10, M20, M30, M40, M50, M60, M80, M100, M140, M200, M300, R40, R50, R60, R80,"
        " R200, R300, R400, R700, M40_NVME, M50_NVME, M60_NVME, M80_NVME, M200_NVME, M400_NVME).",
    ),
    "atlas_node_count": ("atlas", {"atlas_node_count": 4}, "atlas_node_count: 4 must be 3, 5 or 7 (electable nodes of a replica set)."),
    "atlas_region": (
        "atlas",
        {"atlas_region": "ap-northeast-1"},
        "atlas_region: ap-northeast-1 is not an Atlas AWS region name (upper case with underscores, for example AP_NORTHEAST_1).",
    ),
    "atlas_mongodb_major_version": (
        "atlas",
        {"atlas_mongodb_major_version": "5.0"},
        "atlas_mongodb_major_version: 5.0 must be <major>.0, 6.0 or later (for example 8.0).",
    ),
    "atlas_database_user": (
        "atlas",
        {"atlas_database_user": "bad user"},
        "atlas_database_user: bad user must be letters, digits, _ . - (at most 62: its logins add -a and -b).",
    ),
    "atlas_log_database": (
        "atlas",
        {"atlas_log_database": "admin"},
        "atlas_log_database: admin must be letters, digits, _ and - (at most 63), not admin, local or config.",
    ),
    "atlas_access_list_ips": ("atlas", {"atlas_access_list_ips": ["203.0.113.256"]}, "atlas_access_list_ips: 203.0.113.256 are not IPv4 addresses."),
    "atlas_ssm_parameter_path_is_a_parameter_path": (
        "atlas",
        {"atlas_ssm_parameter_path": "/bm/"},
        "atlas_ssm_parameter_path: /bm/ must start with / and not end with /.",
    ),
    "atlas_wait": ("atlas", {"atlas_wait_delay": 0}, "atlas_wait_timeout / atlas_wait_delay: must be positive, the delay not above the timeout."),
    "ssm_params_path_is_a_parameter_path": ("ssm_params", {"ssm_params_path": "bm/prod"}, "ssm_params_path: bm/prod must start with / and not end with /."),
    "ssm_params_secrets_set": (
        "ssm_params",
        {"ssm_params_secrets": {"DATADOG_API_KEY": ""}},
        "ssm_params_secrets.DATADOG_API_KEY: empty or missing; set it in the inventory's vault file.",
    ),
    "ssm_params_valid_names": (
        "ssm_params",
        {"ssm_params_values": {"BAD NAME": "x"}},
        "ssm_params_*: BAD NAME are not parameter names (letters, digits, _ . -).",
    ),
    "ssm_params_unique_names": (
        "ssm_params",
        {"ssm_params_values": {"DATADOG_API_KEY": "x"}},
        "ssm_params_*: DATADOG_API_KEY named more than once (in ssm_params_secrets, ssm_params_values, ssm_params_generated).",
    ),
    "ssm_params_generated_lengths": ("ssm_params", {"ssm_params_generated": {"TOKEN": {}}}, "ssm_params_generated.TOKEN: needs a length (16 to 4096)."),
    "ssm_params_generated_same_as": (
        "ssm_params",
        {"ssm_params_generated": {"JWT_SECRET": {"length": 64}, "JWT_SECRET_ACCEPTED": {"same_as": "JWT"}}},
        "ssm_params_generated.JWT_SECRET_ACCEPTED.same_as: JWT must be one of the generated secrets (JWT_SECRET).",
    ),
    "alarms_name_prefix": ("alarms", {"alarms_name_prefix": "-bm"}, "alarms_name_prefix: -bm must be letters, digits and hyphens (at most 200)."),
    "alarms_subscriptions": (
        "alarms",
        {"alarms_subscriptions": [{"protocol": "sms", "endpoint": "+81000000000"}]},
        'alarms_subscriptions: [{"protocol": "sms", "endpoint": "+81000000000"}] must each be {protocol: email, endpoint: <address>} or {protocol:'
        ' https, endpoint: https://...}.',
    ),
    "alarms_percentages": ("alarms", {"alarms_ecs_cpu_threshold": 120}, "alarms_ecs_cpu_threshold: 120 must be a percentage above 0 and at most 100."),
    "alarms_aurora_connections": (
        "alarms",
        {"alarms_aurora_connections_threshold": 0},
        "alarms_aurora_connections_threshold: 0 must be a whole number of connections above 0.",
    ),
    "alarms_unhealthy_targets": (
        "alarms",
        {"alarms_unhealthy_targets_threshold": -1},
        "alarms_unhealthy_targets_threshold: -1 must be a whole number of targets, 0 or more.",
    ),
    "alarms_period": ("alarms", {"alarms_period": 90}, "alarms_period: 90 must be a multiple of 60 seconds (at most 86400)."),
    "alarms_evaluation_periods": (
        "alarms",
        {"alarms_evaluation_periods": 300},
        "alarms_evaluation_periods: 300 must be 1 or more, covering at most one day with alarms_period.",
    ),
    "alarms_ecs_services": (
        "alarms",
        {"alarms_ecs_services": {"bm web": {}, "bm-api": {"cpu": 80}}},
        "alarms_ecs_services: bm web, bm-api must map an ECS service name (letters, digits, - and _) to its own thresholds,"
        " {cpu_threshold, memory_threshold}, each a percentage (either may be left out).",
    ),
    "datadog_site": (
        "datadog",
        {"datadog_site": "datadoghq.jp"},
        "datadog_site: datadoghq.jp is not a Datadog site (datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com,"
        " ap2.datadoghq.com, ddog-gov.com).",
    ),
    "datadog_api_url_is_a_url": (
        "datadog",
        {"datadog_api_url": "ftp://api.datadoghq.com"},
        "datadog_api_url: ftp://api.datadoghq.com must be an http(s) URL without a trailing slash.",
    ),
    "alarms_wired_inputs": (
        "alarms",
        {"alarms_alb_arn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/bm-prod-alb/1", "alarms_ecs_cluster_name": "bm"},
        "alarms_aurora_cluster_id: required to build (the playbook wires them from the roles that publish them).",
    ),
    "datadog_wired_inputs": (
        "datadog",
        {"datadog_alb_name": "bm-prod-alb"},
        "datadog_aurora_cluster_id: required to build (the playbook wires them from the roles that publish them).",
    ),
    "datadog_api_key": ("datadog", {"datadog_api_key": ""}, "datadog_api_key: empty or missing; set vault_datadog_api_key in the inventory's vault file."),
    "datadog_app_key": ("datadog", {"datadog_app_key": ""}, "datadog_app_key: empty or missing; set vault_datadog_app_key in the inventory's vault file."),
    "datadog_env": ("datadog", {"datadog_env": "Production"}, "datadog_env: Production must be a Datadog tag value (lower-case letters, digits, _ - . /)."),
    "datadog_managed_by_tag": ("datadog", {"datadog_managed_by_tag": "ansible"}, "datadog_managed_by_tag: ansible must be a key:value tag."),
    "datadog_notify": (
        "datadog",
        {"datadog_notify": ["slack-alerts"]},
        "datadog_notify: slack-alerts must be @-handles (@slack-..., @pagerduty-..., @someone@example.com).",
    ),
    "datadog_thresholds": (
        "datadog",
        {"datadog_error_rate_warning": 0.1},
        "datadog_error_rate_warning / datadog_error_rate_critical: 0.1 / 0.05 must be numbers with 0 < warning < critical <= 1.",
    ),
    "datadog_alb_unhealthy_hosts": (
        "datadog",
        {"datadog_alb_unhealthy_hosts_critical": -1},
        "datadog_alb_unhealthy_hosts_critical: -1 must be a whole number, 0 or more.",
    ),
    "datadog_extra_monitors": (
        "datadog",
        {"datadog_extra_monitors": [{"name": "queue depth", "type": "metric alert"}]},
        "datadog_extra_monitors: each needs name, type and query; queue depth lack some.",
    ),
    "sentry_api_url_is_a_url": (
        "sentry",
        {"sentry_api_url": "https://sentry.io/"},
        "sentry_api_url: https://sentry.io/ must be an http(s) URL without a trailing slash.",
    ),
    "sentry_auth_token": (
        "sentry",
        {"sentry_auth_token": ""},
        "sentry_auth_token: empty or missing; set vault_sentry_auth_token in the inventory's vault file.",
    ),
    "sentry_organization": (
        "sentry",
        {"sentry_organization": "Bookmark Manager"},
        "sentry_organization: Bookmark Manager must be an organisation slug (lower-case letters, digits, - and _).",
    ),
    "sentry_team": ("sentry", {"sentry_team": "Platform"}, "sentry_team: Platform must be a team slug (lower-case letters, digits, - and _)."),
    "sentry_project_keys": (
        "sentry",
        {"sentry_projects": {"web-app": "javascript-nextjs"}},
        "sentry_projects: web-app must be lower-case letters and digits (they name SENTRY_DSN_<KEY>).",
    ),
    "sentry_project_platforms": (
        "sentry",
        {"sentry_projects": {"web": "Next.js"}},
        "sentry_projects: the platforms of web must be Sentry platform names (javascript-nextjs, node, python, ...).",
    ),
    "sentry_name_prefix": (
        "sentry",
        {"sentry_name_prefix": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
        "sentry_name_prefix: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb must be a slug start (lower-case letters, digits, -), short enough for"
        " <prefix>-<key> to fit Sentry's 50 characters.",
    ),
    "deploy_access_name_prefix": (
        "deploy_access",
        {"deploy_access_name_prefix": "BM_prod"},
        "deploy_access_name_prefix: BM_prod must be lower-case letters, digits and hyphens, at most 50 characters"
        " (<prefix>-github-deploy is an IAM role name).",
    ),
    "deploy_access_github_repositories": (
        "deploy_access",
        {"deploy_access_github_repositories": ["example-org/app", "https://github.com/example-org/app"]},
        "deploy_access_github_repositories: https://github.com/example-org/app must be owner/name, as GitHub spells it.",
    ),
    "deploy_access_who_may_deploy": (
        "deploy_access",
        {"deploy_access_github_environment": "", "deploy_access_github_branches": []},
        "deploy_access_github_environment / deploy_access_github_branches: both empty; name the GitHub environment (or branches) a deploy runs in.",
    ),
    "deploy_access_oidc_url": (
        "deploy_access",
        {"deploy_access_oidc_url": "token.actions.githubusercontent.com"},
        "deploy_access_oidc_url: token.actions.githubusercontent.com must be an https:// issuer URL.",
    ),
    "deploy_access_pass_role_names": (
        "deploy_access",
        {"deploy_access_pass_role_names": []},
        "deploy_access_pass_role_names: empty; the task definitions' execution and task roles.",
    ),
    "deploy_access_max_session_seconds": (
        "deploy_access",
        {"deploy_access_max_session_seconds": 60},
        "deploy_access_max_session_seconds: 60 must be 3600 to 43200.",
    ),
    "sentry_ssm_parameter_path_is_a_parameter_path": (
        "sentry",
        {"sentry_ssm_parameter_path": "/bm/prod/"},
        "sentry_ssm_parameter_path: /bm/prod/ must start with / and not end with /.",
    ),
}


@pytest.mark.parametrize("role", sorted(role_inputs.RULES))
def test_valid_inputs_break_no_rule(role: str) -> None:
    assert role_inputs.problems(role, valid(role)) == []


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_bad_input_gets_the_rules_message(rule: str) -> None:
    role, bad, message = CASES[rule]
    values = {**valid(role), **bad}
    assert RULES[rule](values) == message
    entry_point = min(role_inputs.ENTRY_POINTS.get(RULES[rule], {"validate"}))
    assert message in role_inputs.problems(role, values, entry_point)


def test_each_entry_point_checks_what_it_needs() -> None:
    # A removal needs no secret; the inputs wired from other roles' outputs are checked by a build
    # only (preflight runs before those roles have published them).
    values = {**valid("ssm_params"), "ssm_params_secrets": {"DATADOG_API_KEY": ""}}
    secret = "ssm_params_secrets.DATADOG_API_KEY: empty or missing; set it in the inventory's vault file."
    assert secret in role_inputs.problems("ssm_params", values, "validate")
    assert secret in role_inputs.problems("ssm_params", values, "main")
    assert secret not in role_inputs.problems("ssm_params", values, "absent")
    wiring = "alarms_alb_arn, alarms_ecs_cluster_name, alarms_aurora_cluster_id: required to build (the playbook wires them from the roles that publish them)."
    assert role_inputs.problems("alarms", valid("alarms"), "main") == [wiring]
    assert role_inputs.problems("alarms", valid("alarms"), "validate") == []
    assert role_inputs.problems("alarms", valid("alarms"), "absent") == []


def test_scheduled_actions_of_the_role_and_of_each_service() -> None:
    night = {"name": "night", "schedule": "cron(0 22 * * ? *)", "min_capacity": 1, "max_capacity": 2}
    problems = ecs_service_rules.scheduled_action_problems
    assert problems("x", [night]) == []
    assert problems("x", [{**night, "min_capacity": 4}]) == ["x: night has min_capacity above max_capacity."]
    assert problems("x", [night, night]) == ["x: names must be unique (night, night)."]
    assert problems("x", [{"name": "night"}]) == ["x: each action is {name, schedule, min_capacity, max_capacity}."]
    values = {**valid("ecs_service"), "ecs_service_services": {"web": {"port": 3000, "schedules": [{**night, "schedule": "daily"}]}}}
    assert role_inputs.problems("ecs_service", values) == [
        "ecs_service_services.web.schedules: night has a schedule that is not cron(...), rate(...) or at(...)."
    ]


def test_a_service_of_its_own_size_and_range() -> None:
    own = {"web": {"port": 3000, "cpu": 256, "memory": 4096, "autoscaling": {"min_capacity": 3, "max_capacity": 1}}}
    assert role_inputs.problems("ecs_service", {**valid("ecs_service"), "ecs_service_services": own}) == [
        "ecs_service_services.web.memory: 4096 MiB is not allowed with 256 CPU units (Fargate allows 512 to 2048 in steps of 512).",
        "ecs_service_services.web.autoscaling: 3 / 1: the minimum must be 0 or more and not above the maximum (at least 1).",
        "ecs_service_desired_count: 2 must be within ecs_service_services.web.autoscaling (3 to 1).",
    ]


def test_each_role_has_its_rules_module_and_no_other_role_uses_it() -> None:
    prefix = "ansible_collections.bookmarks.platform.plugins.plugin_utils.rules."
    for role, checks in role_inputs.RULES.items():
        modules = {check.__module__ for check in checks if check.__module__.startswith(prefix)}
        assert modules <= {prefix + role}, (role, modules)
    assert {module.__name__.removeprefix(prefix) for module in rules.ROLES} == set(role_inputs.RULES)
