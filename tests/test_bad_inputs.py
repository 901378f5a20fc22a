"""Bad inputs fail before any AWS call, with a message that names the variable.

Each case's bad values go through site.yml with the emulator recording: the run must fail, name
the variable, and neither the emulator nor the SaaS fakes may have received any request at all.
Preflight reports every role's problems at once, so cases about different roles (their variables'
families: vpc_, ecs_, ...) share one run: about 13 runs of site.yml instead of 59, each role still
reached through the inventory's wiring. The rules themselves are unit-tested in the collection.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import playbook, recorded

pytestmark = pytest.mark.emulator

CASES: list[tuple[str, dict[str, object], str]] = [
    ("malformed VPC CIDR", {"vpc_cidr": "10.0.0/16"}, "vpc_cidr: '10.0.0/16' is not an IPv4 CIDR block"),
    ("VPC CIDR with host bits", {"vpc_cidr": "10.0.0.1/16"}, "vpc_cidr: '10.0.0.1/16' has host bits set"),
    ("VPC too large for AWS", {"vpc_cidr": "10.0.0.0/8"}, "vpc_cidr: '10.0.0.0/8' is a /8; AWS allows /16 to /28"),
    (
        "subnet outside the VPC",
        {"vpc_private_subnet_cidrs": ["10.0.11.0/24", "10.1.12.0/24"]},
        "vpc_private_subnet_cidrs[1]: 10.1.12.0/24 is outside vpc_cidr 10.0.0.0/16",
    ),
    (
        "overlapping subnets",
        {"vpc_private_subnet_cidrs": ["10.0.11.0/24", "10.0.2.128/25"]},
        "vpc_private_subnet_cidrs[1]: 10.0.2.128/25 overlaps vpc_public_subnet_cidrs[1] 10.0.2.0/24",
    ),
    (
        "malformed subnet",
        {"vpc_public_subnet_cidrs": ["10.0.1.0/24", "10.0.2.0/33"]},
        "vpc_public_subnet_cidrs[1]: '10.0.2.0/33' is not an IPv4 CIDR block",
    ),
    (
        "a single AZ",
        {
            "vpc_availability_zones": ["ap-northeast-1a"],
            "vpc_public_subnet_cidrs": ["10.0.1.0/24"],
            "vpc_private_subnet_cidrs": ["10.0.11.0/24"],
        },
        "vpc_availability_zones: ['ap-northeast-1a'] has 1 AZ; at least two are needed",
    ),
    (
        "the same AZ twice",
        {"vpc_availability_zones": ["ap-northeast-1a", "ap-northeast-1a"]},
        "vpc_availability_zones: ['ap-northeast-1a', 'ap-northeast-1a'] repeats an AZ",
    ),
    (
        "fewer subnets than AZs",
        {"vpc_private_subnet_cidrs": ["10.0.11.0/24"]},
        "vpc_private_subnet_cidrs: has 1 entries; one per AZ in vpc_availability_zones (2) is needed",
    ),
    ("unknown NAT mode", {"vpc_nat_gateway_mode": "sometimes"}, "vpc_nat_gateway_mode must be one of: single, per_az"),
    ("retention CloudWatch rejects", {"vpc_flow_logs_retention_days": 45}, "vpc_flow_logs_retention_days must be one of"),
    ("unknown traffic type", {"vpc_flow_logs_traffic_type": "SOME"}, "vpc_flow_logs_traffic_type must be one of"),
    ("CIDR list as a string", {"vpc_public_subnet_cidrs": "10.0.1.0/24"}, "vpc_public_subnet_cidrs"),
    ("name prefix with capitals", {"name_prefix": "Bookmark_Prod"}, "vpc_name_prefix: 'Bookmark_Prod' must be lower-case"),
    (
        "ALB ingress not a CIDR",
        {"security_groups_alb_ingress_cidrs": ["0.0.0.0/0", "everyone"]},
        "security_groups_alb_ingress_cidrs: everyone not IPv4 CIDR blocks",
    ),
    (
        "ALB IPv6 ingress not IPv6",
        {"security_groups_alb_ingress_ipv6_cidrs": ["0.0.0.0/0"]},
        "security_groups_alb_ingress_ipv6_cidrs: 0.0.0.0/0 not IPv6 CIDR blocks",
    ),
    ("app port out of range", {"security_groups_app_ports": [3000, 70000]}, "security_groups_app_ports / security_groups_db_port"),
    ("database port not a number", {"security_groups_db_port": "postgres"}, "security_groups_db_port"),
    ("zone name not a domain", {"dns_zone_name": "Bookmarks_Prod"}, "route53_zone_name: 'Bookmarks_Prod' is not a domain name"),
    (
        "certificate name outside the zone",
        {"certificates_cloudfront_alternative_names": ["www.other.test"]},
        "certificates: www.other.test not valid DNS names inside certificates_zone_name",
    ),
    (
        "TLS policy allowing TLS 1.0",
        {"alb_ssl_policy": "ELBSecurityPolicy-2016-08"},
        "alb_ssl_policy: ELBSecurityPolicy-2016-08 allows TLS below 1.2",
    ),
    (
        "health-check timeout not below the interval",
        {"alb_health_check_timeout": 30},
        "alb_health_check_timeout: 30 must be 2 to 120 and below alb_health_check_interval (30)",
    ),
    ("name prefix too long for an ALB", {"alb_name_prefix": "a" * 29}, "-alb, " + "a" * 29 + "-web, " + "a" * 29 + "-api: longer than 32 characters"),
    ("WAF deny entry not a CIDR", {"cloudfront_waf_ip_deny_list": ["10.0.0.300/32"]}, "cloudfront_waf_ip_deny_list: 10.0.0.300/32 not IPv4"),
    ("unknown country code", {"cloudfront_waf_geo_block_countries": ["Korea"]}, "cloudfront_waf_geo_block_countries: Korea not ISO 3166"),
    ("rate limit below the WAF minimum", {"cloudfront_waf_rate_limit": 5}, "cloudfront_waf_rate_limit: 5 must be 10 to 2000000000"),
    ("unknown price class", {"cloudfront_waf_price_class": "PriceClass_Cheap"}, "cloudfront_waf_price_class must be one of"),
    (
        "failover without its zone",
        {"route53_failover_secondary_dns_name": "maintenance.example.com"},
        "route53_failover_secondary_zone_id: required with route53_failover_secondary_dns_name",
    ),
    (
        "autoscaling minimum above maximum",
        {"ecs_service_min_capacity": 5, "ecs_service_max_capacity": 3},
        "ecs_service_min_capacity / ecs_service_max_capacity: 5 / 3: the minimum must be 0 or more and not above the maximum",
    ),
    ("task memory Fargate refuses", {"ecs_service_memory": 512}, "ecs_service_memory: 512 MiB is not allowed with 512 CPU units"),
    (
        "scheduled action scaling to less than its minimum",
        {"ecs_service_scheduled_actions": [{"name": "night", "schedule": "cron(0 22 * * ? *)", "min_capacity": 4, "max_capacity": 1}]},
        "ecs_service_scheduled_actions: night has min_capacity above max_capacity",
    ),
    (
        "schedule in crontab form",
        {"ecs_service_scheduled_actions": [{"name": "night", "schedule": "0 22 * * *", "min_capacity": 1, "max_capacity": 2}]},
        "ecs_service_scheduled_actions: night has a schedule that is not cron(...), rate(...) or at(...)",
    ),
    (
        "a service added without its port",
        {"app_service_overrides": {"worker": {"secrets": ["DATABASE_URL"]}}},
        "app_service_catalogue.worker.port: required (the container's port)",
    ),
    (
        "two services on one path priority",
        {"app_service_overrides": {"admin": {"port": 3002, "route": {"paths": ["/admin/*"], "priority": 10}}}},
        "app_service_catalogue.admin.route.priority: 10 is api's too",
    ),
    ("ECS log retention CloudWatch rejects", {"ecs_cluster_log_retention_days": 45}, "ecs_cluster_log_retention_days: 45 is not a retention"),
    (
        "Aurora minimum ACU above the maximum",
        {"aurora_min_capacity": 8, "aurora_max_capacity": 4},
        "aurora_min_capacity / aurora_max_capacity: 8 / 4 must be ACUs from 0 to 256 in steps of 0.5, with the minimum not above the maximum",
    ),
    ("Aurora ACU off the half steps", {"aurora_max_capacity": 16.3}, "aurora_min_capacity / aurora_max_capacity: 0.5 / 16.3 must be ACUs"),
    ("Aurora engine version without a minor", {"aurora_engine_version": "17"}, "aurora_engine_version: 17 is not an Aurora PostgreSQL version"),
    ("Aurora backups kept too long", {"aurora_backup_retention_days": 40}, "aurora_backup_retention_days: 40 must be 1 to 35"),
    ("Aurora reserved master user", {"aurora_master_username": "postgres"}, "aurora_master_username: postgres must start with a letter"),
    ("missing vault secret", {"vault_datadog_api_key": ""}, "ssm_params_secrets.DATADOG_API_KEY: empty or missing; set it in the inventory's vault file"),
    ("missing Atlas API key", {"vault_atlas_private_key": ""}, "atlas_public_key / atlas_private_key: empty; set both in the inventory's vault file"),
    ("unknown Atlas instance size", {"atlas_instance_size": "M15"}, "atlas_instance_size: M15 is not an Atlas instance size on AWS (M10, M20"),
    ("Atlas replica set of 4 nodes", {"atlas_node_count": 4}, "atlas_node_count: 4 must be 3, 5 or 7"),
    ("Atlas region in AWS spelling", {"atlas_region": "ap-northeast-1"}, "atlas_region: ap-northeast-1 is not an Atlas AWS region name"),
    ("Atlas project ID too short", {"atlas_project_id": "1234"}, "atlas_project_id: 1234 is not an Atlas project ID (24 hexadecimal characters)"),
    ("CPU alarm above 100 %", {"alarms_ecs_cpu_threshold": 120}, "alarms_ecs_cpu_threshold: 120 must be a percentage above 0 and at most 100"),
    ("5xx-rate alarm at 0 %", {"alarms_alb_5xx_rate_threshold": 0}, "alarms_alb_5xx_rate_threshold: 0 must be a percentage above 0"),
    ("alarm period not whole minutes", {"alarms_period": 90}, "alarms_period: 90 must be a multiple of 60 seconds"),
    (
        "alarm subscription by SMS",
        {"alarms_subscriptions": [{"protocol": "sms", "endpoint": "+81000000000"}]},
        "alarms_subscriptions: [{\"protocol\": \"sms\", \"endpoint\": \"+81000000000\"}] must each be {protocol: email",
    ),
    ("alarm email without a domain", {"alarms_subscriptions": [{"protocol": "email", "endpoint": "oncall"}]}, "alarms_subscriptions: [{\"protocol\": \"email\""),
    ("missing Datadog application key", {"vault_datadog_app_key": ""}, "datadog_app_key: empty or missing; set vault_datadog_app_key in the inventory's vault file"),
    ("unknown Datadog site", {"datadog_site": "datadoghq.jp"}, "datadog_site: datadoghq.jp is not a Datadog site"),
    (
        "Datadog warning above critical",
        {"datadog_error_rate_warning": 0.1},
        "datadog_error_rate_warning / datadog_error_rate_critical: 0.1 / 0.05 must be numbers with 0 < warning < critical <= 1",
    ),
    ("Datadog notification without @", {"datadog_notify": ["slack-alerts"]}, "datadog_notify: slack-alerts must be @-handles"),
    ("missing Sentry token", {"vault_sentry_auth_token": ""}, "sentry_auth_token: empty or missing; set vault_sentry_auth_token in the inventory's vault file"),
    ("Sentry organisation with capitals", {"sentry_organization": "Bookmark Manager"}, "sentry_organization: Bookmark Manager must be an organisation slug"),
    ("Sentry project key with a hyphen", {"sentry_projects": {"web-app": "javascript-nextjs"}}, "sentry_projects: web-app must be lower-case letters and digits"),
    (
        "ECS secret mapped to a bad parameter name",
        {"app_service_overrides": {"web": {"secrets": ["SENTRY_DSN=sentry/web"]}}},
        "app_service_catalogue.web.secrets[0]: 'SENTRY_DSN=sentry/web' must be NAME or NAME=PARAMETER",
    ),
]


# Variables many roles read (the name prefix, the service catalogue, the DNS zone): their cases run alone.
ALONE = {"name", "app", "dns"}


def family(variable: str) -> str:
    return variable.split("_", 1)[0]


def batches(cases: list[tuple[str, dict[str, object], str]]) -> list[list[tuple[str, dict[str, object], str]]]:
    """The cases in runs whose variables belong to different families, so none masks another."""
    runs: list[list[tuple[str, dict[str, object], str]]] = []
    for case in cases:
        families = {family(variable) for variable in case[1]}
        for run in [] if families & ALONE else runs:
            taken = {family(variable) for _, extra_vars, _ in run for variable in extra_vars}
            if not families & taken and not taken & ALONE:
                run.append(case)
                break
        else:
            runs.append([case])
    return runs


BATCHES = batches(CASES)


def test_every_case_is_in_one_batch_and_no_batch_mixes_a_family() -> None:
    assert sorted(case for run in BATCHES for case, _, _ in run) == sorted(case for case, _, _ in CASES)
    for run in BATCHES:
        families = [family(variable) for _, extra_vars, _ in run for variable in {family(v): v for v in extra_vars}.values()]
        assert len(families) == len(set(families)), run
    assert len(BATCHES) < len(CASES) / 3


@pytest.mark.parametrize("run", BATCHES, ids=[" + ".join(case for case, _, _ in run)[:80] for run in BATCHES])
def test_bad_input_fails_before_any_aws_call(run: list[tuple[str, dict[str, object], str]]) -> None:
    extra_vars = {name: value for _, case_vars, _ in run for name, value in case_vars.items()}
    with recorded() as sent:
        done = playbook("site.yml", "-e", json.dumps(extra_vars))
    output = " ".join(done.output.split())
    assert done.returncode != 0, f"{[case for case, _, _ in run]}: the run did not fail"
    missing = [(case, message) for case, _, message in run if message not in output]
    assert not missing, f"not in the output: {missing}\n{done.output[-2500:]}"
    assert sent["requests"] == 0, f"{sent['requests']} request(s) reached the emulator: {sent}"
