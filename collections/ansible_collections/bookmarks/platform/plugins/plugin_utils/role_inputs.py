# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of each role's inputs: what an argument spec cannot say.

Types, choices and required inputs live in each role's meta/argument_specs.yml; the rules here
see the values after that validation (defaults applied, types converted). Each rule is one
function of the role's values that returns its message, or None when the inputs are fine, and
names the variable it is about. ``problems(role, values)`` runs a role's rules in order.
The bookmarks.platform.role_inputs action runs both, for preflight and for each role.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils import service_catalogue

Values = Mapping[str, Any]
Rule = Callable[[Values], "str | None"]

RULES: dict[str, list[Rule]] = {}
# The entry points a rule applies to, where not all (validate: preflight and every entry point's
# own check; main: the build; absent: the removal).
ENTRY_POINTS: dict[Rule, frozenset[str]] = {}
BUILD = frozenset({"validate", "main"})

AWS_MIN_PREFIX = 16
AWS_MAX_PREFIX = 28
LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN = re.compile(rf"^({LABEL}\.)+[a-z]{{2,63}}$")
PARAMETER_PATH = re.compile(r"^/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]$")
HTTP_URL = re.compile(r"^https?://[^/\s]+(/[^\s]*[^/])?$")
LOG_RETENTIONS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
# Fargate CPU units to [lowest memory, highest memory, step] in MiB.
FARGATE_SIZES = {
    256: (512, 2048, 512),
    512: (1024, 4096, 1024),
    1024: (2048, 8192, 1024),
    2048: (4096, 16384, 1024),
    4096: (8192, 30720, 1024),
    8192: (16384, 61440, 4096),
    16384: (32768, 122880, 8192),
}
# AWS instance sizes of the Atlas Administration API (AWSHardwareSpec20240805.instanceSize).
ATLAS_INSTANCE_SIZES = [
    "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M100", "M140", "M200", "M300", "R40", "R50", "R60", "R80",
    "R200", "R300", "R400", "R700", "M40_NVME", "M50_NVME", "M60_NVME", "M80_NVME", "M200_NVME", "M400_NVME",
]  # fmt: skip
DATADOG_SITES = ["datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "ddog-gov.com"]


def rule(role: str, entry_points: Iterable[str] | None = None) -> Callable[[Rule], Rule]:
    """Register a function as one of role's rules (they run in the order they are defined), for
    every entry point or only the ones named."""

    def register(function: Rule) -> Rule:
        RULES.setdefault(role, []).append(function)
        if entry_points is not None:
            ENTRY_POINTS[function] = frozenset(entry_points)
        return function

    return register


def applies(check: Rule, entry_point: str) -> bool:
    return entry_point in ENTRY_POINTS.get(check, {entry_point})


def problems(role: str, values: Values, entry_point: str = "validate") -> list[str]:
    """Every rule of role that the values break at entry_point, as messages naming the variable."""
    return [message for check in RULES.get(role, []) if applies(check, entry_point) for message in [check(values)] if message]


def matches(pattern: str | re.Pattern[str], value: Any) -> bool:
    """Jinja's `is match`: the pattern matches at the start of the value as a string."""
    return re.match(pattern, str(value)) is not None


def is_network(value: Any, version: int) -> bool:
    """A strict CIDR block (a prefix length, no host bits) of the given IP version."""
    text = value.strip() if isinstance(value, str) else ""
    if "/" not in text:
        return False
    try:
        return ipaddress.ip_network(text, strict=True).version == version
    except ValueError:
        return False


def parse_vpc_cidr(name: str, value: Any) -> tuple[ipaddress.IPv4Network | None, str | None]:
    text = str(value).strip() if value is not None else ""
    try:
        network = ipaddress.IPv4Network(text, strict=False)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        return None, f"{name}: '{value}' is not an IPv4 CIDR block (expected a form like 10.0.0.0/16)"
    if "/" not in text:
        return None, f"{name}: '{value}' has no prefix length (expected a form like {network.network_address}/24)"
    if str(network) != text:
        return None, f"{name}: '{value}' has host bits set (the network is {network})"
    if not AWS_MIN_PREFIX <= network.prefixlen <= AWS_MAX_PREFIX:
        return None, f"{name}: '{value}' is a /{network.prefixlen}; AWS allows /{AWS_MIN_PREFIX} to /{AWS_MAX_PREFIX}"
    return network, None


def subnet_layout_errors(parent_cidr: Any, parent_name: str, subnets: Mapping[str, Iterable[Any]]) -> list[str]:
    """Every problem of a VPC CIDR and its subnets: malformed, outside the VPC, overlapping."""
    errors: list[str] = []
    parent, error = parse_vpc_cidr(parent_name, parent_cidr)
    if error:
        errors.append(error)
    parsed: list[tuple[str, ipaddress.IPv4Network]] = []
    for variable, cidrs in subnets.items():
        if isinstance(cidrs, (str, bytes)) or not isinstance(cidrs, Iterable):
            errors.append(f"{variable}: expected a list of CIDR blocks, got '{cidrs}'")
            continue
        for index, cidr in enumerate(cidrs):
            label = f"{variable}[{index}]"
            network, error = parse_vpc_cidr(label, cidr)
            if error or network is None:
                errors.append(error or label)
                continue
            if parent is not None and not network.subnet_of(parent):
                errors.append(f"{label}: {network} is outside {parent_name} {parent}")
            errors.extend(f"{label}: {network} overlaps {other_label} {other}" for other_label, other in parsed if network.overlaps(other))
            parsed.append((label, network))
    return errors


def parameter_path(name: str) -> Rule:
    """An SSM parameter path: starts with / and does not end with /."""

    def check(values: Values) -> str | None:
        if matches(PARAMETER_PATH, values[name]):
            return None
        return f"{name}: {values[name]} must start with / and not end with /."

    check.__name__ = f"{name}_is_a_parameter_path"
    return check


def http_url(name: str, article: str = "an") -> Rule:
    def check(values: Values) -> str | None:
        if matches(HTTP_URL, values[name]):
            return None
        return f"{name}: {values[name]} must be {article} http(s) URL without a trailing slash."

    check.__name__ = f"{name}_is_a_url"
    return check


def show(value: Any) -> str:
    """A value as the inventory would write it: a float spec turns 80 into 80.0, shown as 80."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def teardown_timing(role: str) -> Rule:
    """A teardown's wait: a positive poll interval, not above the timeout."""

    def check(values: Values) -> str | None:
        timeout, interval = values[f"{role}_teardown_timeout"], values[f"{role}_teardown_poll_interval"]
        if 0 < interval <= timeout:
            return None
        return f"{role}_teardown_timeout / {role}_teardown_poll_interval: {timeout} / {interval} must be positive, the interval not above the timeout."

    check.__name__ = f"{role}_teardown_timing"
    return check


def bucket_name(name: str) -> Rule:
    """An S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending
    with a letter or digit (the rules of a general purpose bucket, without dots next to each other)."""

    def check(values: Values) -> str | None:
        bucket = str(values[name])
        if re.match(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", bucket) and ".." not in bucket:
            return None
        return f"{name}: {bucket} is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens; see bucket_name_suffix)."

    check.__name__ = f"{name}_is_a_bucket_name"
    return check


def https_when_required(role: str, name: str) -> Rule:
    """The role's API URL is https when <role>_require_https is on (real AWS targets)."""

    def check(values: Values) -> str | None:
        if not values[f"{role}_require_https"] or str(values[name]).startswith("https://"):
            return None
        return f"{name}: {values[name]} must be an https URL: the API keys go with every request ({role}_require_https is on for real AWS)."

    check.__name__ = f"{name}_is_https"
    return check


def is_number(value: Any) -> bool:
    return matches(r"^[0-9]+(\.[0-9]+)?$", value)


def is_whole(value: Any) -> bool:
    return matches(r"^[0-9]+$", value)


# --- vpc ------------------------------------------------------------------------------------


@rule("vpc")
def vpc_two_azs(v: Values) -> str | None:
    zones = v["vpc_availability_zones"]
    if len(zones) >= 2:
        return None
    return f"vpc_availability_zones: {zones} has {len(zones)} AZ; at least two are needed (an ALB and Aurora need subnets in two AZs)."


@rule("vpc")
def vpc_distinct_azs(v: Values) -> str | None:
    zones = v["vpc_availability_zones"]
    if len(set(zones)) == len(zones):
        return None
    return f"vpc_availability_zones: {zones} repeats an AZ; each must be distinct."


@rule("vpc")
def vpc_a_subnet_per_az(v: Values) -> str | None:
    zones = v["vpc_availability_zones"]
    for name in ("vpc_public_subnet_cidrs", "vpc_private_subnet_cidrs"):
        if len(v[name]) != len(zones):
            return f"{name}: has {len(v[name])} entries; one per AZ in vpc_availability_zones ({len(zones)}) is needed."
    return None


@rule("vpc")
def vpc_subnet_layout(v: Values) -> str | None:
    errors = subnet_layout_errors(
        v["vpc_cidr"], "vpc_cidr", {name: v[name] for name in ("vpc_public_subnet_cidrs", "vpc_private_subnet_cidrs")}
    )
    return "; ".join(errors) or None


@rule("vpc")
def vpc_name_prefix(v: Values) -> str | None:
    if matches(r"^[a-z0-9][a-z0-9-]{0,40}$", v["vpc_name_prefix"]):
        return None
    return f"vpc_name_prefix: '{v['vpc_name_prefix']}' must be lower-case letters, digits and hyphens (at most 41)."


rule("vpc")(teardown_timing("vpc"))


# --- security_groups ------------------------------------------------------------------------


@rule("security_groups")
def security_groups_alb_ingress(v: Values) -> str | None:
    bad = [cidr for cidr in v["security_groups_alb_ingress_cidrs"] if not is_network(cidr, 4)]
    if not bad:
        return None
    return f"security_groups_alb_ingress_cidrs: {', '.join(map(str, bad))} not IPv4 CIDR blocks (like 0.0.0.0/0 or 203.0.113.0/24)."


@rule("security_groups")
def security_groups_alb_ingress_ipv6(v: Values) -> str | None:
    bad = [cidr for cidr in v["security_groups_alb_ingress_ipv6_cidrs"] if not is_network(cidr, 6)]
    if not bad:
        return None
    return f"security_groups_alb_ingress_ipv6_cidrs: {', '.join(map(str, bad))} not IPv6 CIDR blocks (like ::/0)."


@rule("security_groups")
def security_groups_alb_reachable(v: Values) -> str | None:
    names = ("security_groups_alb_ingress_prefix_lists", "security_groups_alb_ingress_cidrs", "security_groups_alb_ingress_ipv6_cidrs")
    if any(v[name] for name in names):
        return None
    return f"{' / '.join(names)}: all empty, so nothing could reach the ALB (the default is CloudFront's origin-facing prefix list)."


@rule("security_groups")
def security_groups_ports(v: Values) -> str | None:
    ports, db_port = v["security_groups_app_ports"], v["security_groups_db_port"]
    if not ports:
        return "security_groups_app_ports: at least one port is needed."
    if all(1 <= port <= 65535 for port in [*ports, db_port]):
        return None
    return f"security_groups_app_ports / security_groups_db_port: ports must be 1 to 65535 (got {ports} and {db_port})."


rule("security_groups")(teardown_timing("security_groups"))


# --- route53 --------------------------------------------------------------------------------


@rule("route53")
def route53_zone_name(v: Values) -> str | None:
    if matches(DOMAIN, v["route53_zone_name"]):
        return None
    return f"route53_zone_name: '{v['route53_zone_name']}' is not a domain name (lower-case labels, like bookmark-manager.example.com)."


@rule("route53")
def route53_origin_record(v: Values) -> str | None:
    if matches(rf"^{LABEL}$", v["route53_origin_record"]):
        return None
    return f"route53_origin_record: '{v['route53_origin_record']}' is not a single DNS label."


@rule("route53")
def route53_health_check_path(v: Values) -> str | None:
    return None if matches("^/", v["route53_health_check_path"]) else "route53_health_check_path: must start with /."


@rule("route53")
def route53_delegation_resolver(v: Values) -> str | None:
    resolver = str(v["route53_delegation_resolver"])
    if not resolver or matches(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$", resolver) or matches(r"^[0-9a-fA-F:]+$", resolver):
        return None
    return f"route53_delegation_resolver: {resolver} must be empty (the machine's resolver), a host, or host:port."


@rule("route53")
def route53_failover_zone(v: Values) -> str | None:
    if v["route53_failover_secondary_dns_name"] and not v["route53_failover_secondary_zone_id"]:
        return "route53_failover_secondary_zone_id: required with route53_failover_secondary_dns_name."
    return None


# --- certificates ---------------------------------------------------------------------------


@rule("certificates")
def certificates_names_in_zone(v: Values) -> str | None:
    zone = v["certificates_zone_name"]
    names = [v["certificates_alb_domain"], v["certificates_cloudfront_domain"]]
    names += list(v["certificates_alb_alternative_names"]) + list(v["certificates_cloudfront_alternative_names"])
    inside = rf"^(\*\.)?({LABEL}\.)*{re.escape(zone)}$"
    bad = [name for name in names if not matches(inside, name)] + ([] if matches(DOMAIN, zone) else [zone])
    if not bad:
        return None
    return (
        f"certificates: {', '.join(map(str, bad))} not valid DNS names inside certificates_zone_name '{zone}'"
        " (lower-case labels of letters, digits and hyphens; a leading *. is allowed)."
    )


rule("certificates")(teardown_timing("certificates"))


# --- alb ------------------------------------------------------------------------------------


@rule("alb")
def alb_name_prefix(v: Values) -> str | None:
    long = [f"{v['alb_name_prefix']}-{name}" for name in ["alb", *v["alb_services"]] if len(f"{v['alb_name_prefix']}-{name}") > 32]
    if not long:
        return None
    return f"alb_name_prefix / alb_services: {', '.join(long)}: longer than 32 characters (AWS's limit for ALB and target group names)."


@rule("alb")
def alb_health_check_timeout(v: Values) -> str | None:
    timeout, interval = v["alb_health_check_timeout"], v["alb_health_check_interval"]
    if 2 <= timeout < interval:
        return None
    return f"alb_health_check_timeout: {timeout} must be 2 to 120 and below alb_health_check_interval ({interval})."


@rule("alb")
def alb_health_check_interval(v: Values) -> str | None:
    interval = v["alb_health_check_interval"]
    return None if 5 <= interval <= 300 else f"alb_health_check_interval: {interval} must be 5 to 300."


@rule("alb")
def alb_thresholds(v: Values) -> str | None:
    healthy, unhealthy = v["alb_healthy_threshold"], v["alb_unhealthy_threshold"]
    if 2 <= healthy <= 10 and 2 <= unhealthy <= 10:
        return None
    return f"alb_healthy_threshold / alb_unhealthy_threshold: must be 2 to 10 (got {healthy} / {unhealthy})."


@rule("alb")
def alb_idle_timeout(v: Values) -> str | None:
    return None if 1 <= v["alb_idle_timeout"] <= 4000 else f"alb_idle_timeout: {v['alb_idle_timeout']} must be 1 to 4000."


ALB_SERVICE_FIELDS = ("port", "health_check_path", "paths", "priority", "default")


def alb_service_problems(name: str, service: Any) -> list[str]:
    where = f"alb_services.{name}"
    if not isinstance(service, Mapping) or sorted(service) != sorted(ALB_SERVICE_FIELDS):
        return [f"{where}: expected {{{', '.join(ALB_SERVICE_FIELDS)}}}, got {service}"]
    found = []
    if not is_whole(service["port"]) or not 1 <= int(service["port"]) <= 65535:
        found.append(f"{where}.port: {service['port']} must be 1 to 65535")
    if not matches("^/", service["health_check_path"]):
        found.append(f"{where}.health_check_path: {service['health_check_path']} must start with /")
    if service["paths"] and (not is_whole(service["priority"]) or not 1 <= int(service["priority"]) < 50000):
        found.append(f"{where}.priority: {service['priority']} must be 1 to 49999 for a service with paths")
    return found


@rule("alb")
def alb_services(v: Values) -> str | None:
    services = v["alb_services"]
    found = [problem for name, service in services.items() for problem in alb_service_problems(name, service)]
    if not services:
        found.append("alb_services: no service to forward to (the catalogue has no routed service)")
    if not found:
        defaults = [name for name, service in services.items() if service["default"]]
        priorities = [int(service["priority"]) for service in services.values() if service["paths"]]
        if len(defaults) > 1:
            found.append(f"alb_services: {', '.join(defaults)} are all the default; one service takes the requests no path names")
        if len(set(priorities)) != len(priorities):
            found.append(f"alb_services: two services share a priority ({', '.join(map(str, sorted(priorities)))})")
    return "; ".join(found) + "." if found else None


@rule("alb")
def alb_ssl_policy(v: Values) -> str | None:
    policy = v["alb_ssl_policy"]
    if matches(r"^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)", policy):
        return None
    return f"alb_ssl_policy: {policy} allows TLS below 1.2; use ELBSecurityPolicy-TLS13-1-2-* or ELBSecurityPolicy-TLS-1-2-*."


rule("alb")(bucket_name("alb_access_logs_bucket_name"))


@rule("alb")
def alb_access_logs_retention(v: Values) -> str | None:
    return None if v["alb_access_logs_retention_days"] >= 1 else "alb_access_logs_retention_days: must be at least 1."


# --- cloudfront_waf -------------------------------------------------------------------------


def waf_ip_list(name: str) -> Rule:
    def check(values: Values) -> str | None:
        bad = [cidr for cidr in values[name] if not is_network(cidr, 4)]
        return f"{name}: {', '.join(map(str, bad))} not IPv4 CIDR blocks (like 203.0.113.0/24)." if bad else None

    check.__name__ = f"{name}_are_cidr_blocks"
    return check


rule("cloudfront_waf")(waf_ip_list("cloudfront_waf_ip_allow_list"))
rule("cloudfront_waf")(waf_ip_list("cloudfront_waf_ip_deny_list"))


@rule("cloudfront_waf")
def cloudfront_waf_geo_block_countries(v: Values) -> str | None:
    bad = [code for code in v["cloudfront_waf_geo_block_countries"] if not matches("^[A-Z]{2}$", code)]
    return f"cloudfront_waf_geo_block_countries: {', '.join(map(str, bad))} not ISO 3166 alpha-2 codes (like KP)." if bad else None


@rule("cloudfront_waf")
def cloudfront_waf_rate_limit(v: Values) -> str | None:
    limit = v["cloudfront_waf_rate_limit"]
    return None if 10 <= limit <= 2000000000 else f"cloudfront_waf_rate_limit: {limit} must be 10 to 2000000000."


@rule("cloudfront_waf")
def cloudfront_waf_aliases(v: Values) -> str | None:
    return None if v["cloudfront_waf_aliases"] else "cloudfront_waf_aliases: at least one name is needed."


@rule("cloudfront_waf")
def cloudfront_waf_paths(v: Values) -> str | None:
    paths = [v["cloudfront_waf_static_path"], *v["cloudfront_waf_app_paths"]]
    if all(matches("^/", path) for path in paths) and len(set(paths)) == len(paths):
        return None
    return f"cloudfront_waf_static_path / cloudfront_waf_app_paths: {', '.join(map(str, paths))} must start with / and differ."


rule("cloudfront_waf")(bucket_name("cloudfront_waf_assets_bucket_name"))


# --- ecs_cluster ----------------------------------------------------------------------------


@rule("ecs_cluster")
def ecs_cluster_name_prefix(v: Values) -> str | None:
    prefix = v["ecs_cluster_name_prefix"]
    if matches(r"^[a-z0-9][a-z0-9-]{0,39}$", prefix):
        return None
    return f"ecs_cluster_name_prefix: {prefix} must be lower-case letters, digits and hyphens, at most 40 characters."


@rule("ecs_cluster")
def ecs_cluster_log_retention(v: Values) -> str | None:
    days = v["ecs_cluster_log_retention_days"]
    if days in LOG_RETENTIONS:
        return None
    return f"ecs_cluster_log_retention_days: {days} is not a retention CloudWatch Logs accepts ({', '.join(map(str, LOG_RETENTIONS))})."


@rule("ecs_cluster")
def ecs_cluster_images_kept(v: Values) -> str | None:
    kept = v["ecs_cluster_images_kept"]
    return None if 1 <= kept <= 1000 else f"ecs_cluster_images_kept: {kept} must be 1 to 1000."


@rule("ecs_cluster")
def ecs_cluster_capacity_providers(v: Values) -> str | None:
    providers = v["ecs_cluster_capacity_providers"]
    if providers and not set(providers) - {"FARGATE", "FARGATE_SPOT"}:
        return None
    return f"ecs_cluster_capacity_providers: {', '.join(providers)} may hold FARGATE and FARGATE_SPOT only."


@rule("ecs_cluster")
def ecs_cluster_default_capacity_provider(v: Values) -> str | None:
    default = v["ecs_cluster_default_capacity_provider"]
    if default in v["ecs_cluster_capacity_providers"]:
        return None
    return f"ecs_cluster_default_capacity_provider: {default} is not in ecs_cluster_capacity_providers."


rule("ecs_cluster")(parameter_path("ecs_cluster_ssm_parameter_path"))


@rule("ecs_cluster")
def ecs_cluster_kms_key_arn(v: Values) -> str | None:
    arn = v["ecs_cluster_kms_key_arn"]
    if not arn or matches(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", arn):
        return None
    return f"ecs_cluster_kms_key_arn: {arn} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."


@rule("ecs_cluster")
def ecs_cluster_services(v: Values) -> str | None:
    services = v["ecs_cluster_services"]
    if all(matches(r"^[a-z][a-z0-9-]*$", name) for name in services) and len(set(services)) == len(services):
        return None
    return f"ecs_cluster_services: {', '.join(services)} must be lower-case names, each once."


rule("ecs_cluster")(teardown_timing("ecs_cluster"))


# --- ecs_service ----------------------------------------------------------------------------

IMAGE_TAG = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"


@rule("ecs_service")
def ecs_service_name_prefix(v: Values) -> str | None:
    prefix = v["ecs_service_name_prefix"]
    if matches(r"^[a-z0-9][a-z0-9-]{0,39}$", prefix):
        return None
    return f"ecs_service_name_prefix: {prefix} must be lower-case letters, digits and hyphens, at most 40 characters."


@rule("ecs_service")
def ecs_service_services(v: Values) -> str | None:
    """The services are entries of the catalogue (the same checks as app_service_catalogue's)."""
    try:
        service_catalogue.catalogue(v["ecs_service_services"], variable="ecs_service_services")
    except service_catalogue.CatalogueError as error:
        return f"{error}."
    return None


@rule("ecs_service")
def ecs_service_known_services(v: Values) -> str | None:
    services = list(v["ecs_service_services"])
    unknown = [name for name in v["ecs_service_image_tags"] if name not in services]
    if not unknown:
        return None
    return f"ecs_service_image_tags: {', '.join(unknown)} is not a service of ecs_service_services ({', '.join(services)})."


@rule("ecs_service")
def ecs_service_image_tags(v: Values) -> str | None:
    bad = [str(tag) for tag in v["ecs_service_image_tags"].values() if not matches(IMAGE_TAG, tag)]
    return f"ecs_service_image_tags: {', '.join(bad)} is not an image tag (letters, digits, _ . -, at most 128)." if bad else None


# Wired from the ecs_cluster and alb roles' outputs: known at the build only.
@rule("ecs_service", ["main"])
def ecs_service_wiring(v: Values) -> str | None:
    """Every service has its repository, log group and target group."""
    services = list(v["ecs_service_services"])
    missing = [
        f"{variable}: no {name}"
        for variable in ("ecs_service_repository_urls", "ecs_service_log_groups", "ecs_service_target_group_arns")
        for name in services
        if name not in (v[variable] or {})
    ]
    return " ".join(missing) or None


def fargate_size_problem(cpu_name: str, cpu: Any, memory_name: str, memory: Any) -> str | None:
    if not is_whole(cpu) or int(cpu) not in FARGATE_SIZES:
        return f"{cpu_name}: {cpu} is not a Fargate size ({', '.join(map(str, FARGATE_SIZES))})."
    lowest, highest, step = FARGATE_SIZES[int(cpu)]
    if is_whole(memory) and lowest <= int(memory) <= highest and int(memory) % step == 0:
        return None
    return f"{memory_name}: {memory} MiB is not allowed with {cpu} CPU units (Fargate allows {lowest} to {highest} in steps of {step})."


@rule("ecs_service")
def ecs_service_fargate_size(v: Values) -> str | None:
    found = [fargate_size_problem("ecs_service_cpu", v["ecs_service_cpu"], "ecs_service_memory", v["ecs_service_memory"])]
    for name, service in v["ecs_service_services"].items():
        if isinstance(service, Mapping) and (service.get("cpu") or service.get("memory")):
            cpu, memory = service.get("cpu") or v["ecs_service_cpu"], service.get("memory") or v["ecs_service_memory"]
            found.append(fargate_size_problem(f"ecs_service_services.{name}.cpu", cpu, f"ecs_service_services.{name}.memory", memory))
    return " ".join(problem for problem in found if problem) or None


def service_capacities(v: Values) -> dict[str, tuple[str, int, int]]:
    """Each service's autoscaling limits and the variables that set them: its own over the role's."""
    found = {}
    for name, service in v["ecs_service_services"].items():
        own = (service.get("autoscaling") or {}) if isinstance(service, Mapping) else {}
        where = "ecs_service_min_capacity / ecs_service_max_capacity"
        if {"min_capacity", "max_capacity"} & set(own):
            where = f"ecs_service_services.{name}.autoscaling"
        low, high = int(own.get("min_capacity", v["ecs_service_min_capacity"])), int(own.get("max_capacity", v["ecs_service_max_capacity"]))
        found[name] = (where, low, high)
    return found


@rule("ecs_service")
def ecs_service_capacity(v: Values) -> str | None:
    bad = {where: (low, high) for where, low, high in service_capacities(v).values() if not (0 <= low <= high and high >= 1)}
    if not bad:
        return None
    return " ".join(
        f"{where}: {low} / {high}: the minimum must be 0 or more and not above the maximum (at least 1)." for where, (low, high) in bad.items()
    )


@rule("ecs_service")
def ecs_service_desired_count(v: Values) -> str | None:
    count = v["ecs_service_desired_count"]
    bad = {where: (low, high) for where, low, high in service_capacities(v).values() if not low <= count <= high}
    if not bad:
        return None
    where, (low, high) = next(iter(bad.items()))
    return f"ecs_service_desired_count: {count} must be within {where} ({low} to {high})."


@rule("ecs_service")
def ecs_service_cpu_target(v: Values) -> str | None:
    target = v["ecs_service_cpu_target"]
    return None if 1 <= target <= 100 else f"ecs_service_cpu_target: {target} must be 1 to 100 (percent)."


@rule("ecs_service")
def ecs_service_deployment_percents(v: Values) -> str | None:
    low, high = v["ecs_service_minimum_healthy_percent"], v["ecs_service_maximum_percent"]
    if 0 <= low <= 100 and 100 <= high <= 200 and high > low:
        return None
    return (
        f"ecs_service_minimum_healthy_percent / ecs_service_maximum_percent: {low} / {high}:"
        " the minimum must be 0 to 100, the maximum 100 to 200 and above the minimum."
    )


@rule("ecs_service")
def ecs_service_grace_period(v: Values) -> str | None:
    grace = v["ecs_service_health_check_grace_period"]
    return None if 0 <= grace <= 7200 else f"ecs_service_health_check_grace_period: {grace} must be 0 to 7200 seconds."


SCHEDULED_ACTION = ("name", "schedule", "min_capacity", "max_capacity")


def scheduled_action_lists(v: Values) -> dict[str, list[Any]]:
    """The role's scheduled actions and each service's own, by the variable that sets them."""
    found: dict[str, list[Any]] = {"ecs_service_scheduled_actions": list(v["ecs_service_scheduled_actions"])}
    for name, service in v["ecs_service_services"].items():
        if isinstance(service, Mapping) and service.get("schedules") is not None:
            found[f"ecs_service_services.{name}.schedules"] = list(service["schedules"])
    return found


def scheduled_action_problems(where: str, actions: list[Any]) -> list[str]:
    if not all(isinstance(action, Mapping) and sorted(action) == sorted(SCHEDULED_ACTION) for action in actions):
        return [f"{where}: each action is {{{', '.join(SCHEDULED_ACTION)}}}."]
    found = []
    bad = [str(action["name"]) for action in actions if not matches(r"^(cron|rate|at)[(].+[)]$", action["schedule"])]
    if bad:
        found.append(f"{where}: {', '.join(bad)} has a schedule that is not cron(...), rate(...) or at(...).")
    bad = [
        str(action["name"]) for action in actions
        if not (is_whole(action["min_capacity"]) and is_whole(action["max_capacity"])) or int(action["min_capacity"]) > int(action["max_capacity"])
    ]  # fmt: skip
    if bad:
        found.append(f"{where}: {', '.join(bad)} has min_capacity above max_capacity.")
    names = [str(action["name"]) for action in actions]
    if len(set(names)) != len(names):
        found.append(f"{where}: names must be unique ({', '.join(names)}).")
    return found


@rule("ecs_service")
def ecs_service_schedules(v: Values) -> str | None:
    found = [problem for where, actions in scheduled_action_lists(v).items() for problem in scheduled_action_problems(where, actions)]
    return " ".join(found) or None


rule("ecs_service")(parameter_path("ecs_service_ssm_parameter_path"))


@rule("ecs_service")
def ecs_service_deploy_timing(v: Values) -> str | None:
    if 0 < v["ecs_service_deploy_poll_interval"] < v["ecs_service_deploy_timeout"]:
        return None
    return "ecs_service_deploy_timeout / ecs_service_deploy_poll_interval: must be positive, the interval below the timeout."


rule("ecs_service")(teardown_timing("ecs_service"))


# --- aurora ---------------------------------------------------------------------------------

DAY_TIME = r"(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]"
KMS_KEY = r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+|alias/[A-Za-z0-9/_-]+|[0-9a-f-]{36})$"


@rule("aurora")
def aurora_name_prefix(v: Values) -> str | None:
    prefix = v["aurora_name_prefix"]
    if matches(r"^[a-z][a-z0-9-]{0,49}$", prefix) and not re.search(r"--|-$", prefix):
        return None
    return f"aurora_name_prefix: {prefix} must be lower-case letters, digits and hyphens, starting with a letter, at most 50 characters."


@rule("aurora")
def aurora_engine_version(v: Values) -> str | None:
    version = v["aurora_engine_version"]
    if matches(r"^1[3-9]\.[0-9]{1,2}$", version):
        return None
    return f"aurora_engine_version: {version} is not an Aurora PostgreSQL version (<major>.<minor>, for example 17.4)."


@rule("aurora")
def aurora_capacity(v: Values) -> str | None:
    low, high = float(v["aurora_min_capacity"]), float(v["aurora_max_capacity"])
    if (low * 2).is_integer() and (high * 2).is_integer() and 0 <= low <= high <= 256 and high >= 1:
        return None
    return (
        f"aurora_min_capacity / aurora_max_capacity: {show(v['aurora_min_capacity'])} / {show(v['aurora_max_capacity'])}"
        " must be ACUs from 0 to 256 in steps of 0.5, with the minimum not above the maximum."
    )


@rule("aurora")
def aurora_instance_count(v: Values) -> str | None:
    count = v["aurora_instance_count"]
    return None if 1 <= int(count) <= 15 else f"aurora_instance_count: {count} must be 1 to 15 (a writer and up to 14 readers)."


# The network's IDs, wired from the vpc and security_groups roles' outputs: known at the build only.
@rule("aurora", ["main"])
def aurora_subnet_ids(v: Values) -> str | None:
    subnets = v["aurora_subnet_ids"] or []
    return None if len(subnets) >= 2 else f"aurora_subnet_ids: {len(subnets)} subnet(s); a DB subnet group needs subnets in at least two AZs."


@rule("aurora", ["main"])
def aurora_availability_zones(v: Values) -> str | None:
    zones = v["aurora_availability_zones"] or []
    if len(set(zones)) >= min(2, int(v["aurora_instance_count"])):
        return None
    return f"aurora_availability_zones: one AZ per instance is needed, in at least two AZs (got {', '.join(zones)})."


@rule("aurora", ["main"])
def aurora_security_group_ids(v: Values) -> str | None:
    return None if v["aurora_security_group_ids"] else "aurora_security_group_ids: empty; the cluster needs the aurora security group."


@rule("aurora")
def aurora_database_name(v: Values) -> str | None:
    name = v["aurora_database_name"]
    if matches(r"^[A-Za-z][A-Za-z0-9_]{0,62}$", name):
        return None
    return f"aurora_database_name: {name} must start with a letter and hold letters, digits and _ (at most 63)."


@rule("aurora")
def aurora_master_username(v: Values) -> str | None:
    name = v["aurora_master_username"]
    if matches(r"^[A-Za-z][A-Za-z0-9_]{0,62}$", name) and str(name).lower() not in ("postgres", "admin", "rdsadmin", "root"):
        return None
    return f"aurora_master_username: {name} must start with a letter, hold letters, digits and _, and not be a reserved name."


@rule("aurora")
def aurora_backup_retention(v: Values) -> str | None:
    days = v["aurora_backup_retention_days"]
    return None if 1 <= int(days) <= 35 else f"aurora_backup_retention_days: {days} must be 1 to 35."


@rule("aurora")
def aurora_backup_window(v: Values) -> str | None:
    window = v["aurora_backup_window"]
    if matches(r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", window):
        return None
    return f"aurora_backup_window: {window} must be hh:mm-hh:mm (UTC), at least 30 minutes."


@rule("aurora")
def aurora_maintenance_window(v: Values) -> str | None:
    window = v["aurora_maintenance_window"]
    if matches(rf"^{DAY_TIME}-{DAY_TIME}$", window):
        return None
    return f"aurora_maintenance_window: {window} must be ddd:hh:mm-ddd:hh:mm (UTC), for example sun:18:00-sun:19:00."


@rule("aurora")
def aurora_kms_key_id(v: Values) -> str | None:
    key = v["aurora_kms_key_id"]
    return None if not key or matches(KMS_KEY, key) else f"aurora_kms_key_id: {key} is not a KMS key ARN, key ID or alias/<name>."


rule("aurora")(parameter_path("aurora_ssm_parameter_path"))


# --- atlas ----------------------------------------------------------------------------------

IPV4 = r"^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$"


@rule("atlas")
def atlas_project_id(v: Values) -> str | None:
    project = v["atlas_project_id"]
    return None if matches("^[0-9a-f]{24}$", project) else f"atlas_project_id: {project} is not an Atlas project ID (24 hexadecimal characters)."


@rule("atlas")
def atlas_cluster_name(v: Values) -> str | None:
    name = v["atlas_cluster_name"]
    if matches(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", name):
        return None
    return f"atlas_cluster_name: {name} must be letters, digits and hyphens, at most 64 characters."


@rule("atlas")
def atlas_base_url(v: Values) -> str | None:
    url = v["atlas_base_url"]
    return None if matches(HTTP_URL, url) else f"atlas_base_url: {url} must be an http(s) URL without a trailing /."


rule("atlas")(https_when_required("atlas", "atlas_base_url"))


@rule("atlas")
def atlas_credentials(v: Values) -> str | None:
    if v["atlas_client_id"] or (v["atlas_public_key"] and v["atlas_private_key"]):
        return None
    return (
        "atlas_public_key / atlas_private_key: empty; set both in the inventory's vault file,"
        " or atlas_client_id / atlas_client_secret for a service account."
    )


@rule("atlas")
def atlas_client_secret(v: Values) -> str | None:
    if v["atlas_client_id"] and not v["atlas_client_secret"]:
        return "atlas_client_secret: empty while atlas_client_id is set; set it in the inventory's vault file."
    return None


@rule("atlas")
def atlas_instance_size(v: Values) -> str | None:
    size = v["atlas_instance_size"]
    if size in ATLAS_INSTANCE_SIZES:
        return None
    return f"atlas_instance_size: {size} is not an Atlas instance size on AWS ({', '.join(ATLAS_INSTANCE_SIZES)})."


@rule("atlas")
def atlas_pit_needs_backups(v: Values) -> str | None:
    if v["atlas_backup_enabled"] or not v["atlas_pit_enabled"]:
        return None
    return "atlas_pit_enabled: continuous cloud backup needs cloud backups (atlas_backup_enabled: true)."


@rule("atlas")
def atlas_node_count(v: Values) -> str | None:
    count = v["atlas_node_count"]
    return None if int(count) in (3, 5, 7) else f"atlas_node_count: {count} must be 3, 5 or 7 (electable nodes of a replica set)."


@rule("atlas")
def atlas_region(v: Values) -> str | None:
    region = v["atlas_region"]
    if matches(r"^[A-Z]{2}(_[A-Z]+)+_[0-9]$", region):
        return None
    return f"atlas_region: {region} is not an Atlas AWS region name (upper case with underscores, for example AP_NORTHEAST_1)."


@rule("atlas")
def atlas_mongodb_major_version(v: Values) -> str | None:
    version = v["atlas_mongodb_major_version"]
    if matches(r"^([6-9]|[1-9][0-9])\.0$", version):
        return None
    return f"atlas_mongodb_major_version: {version} must be <major>.0, 6.0 or later (for example 8.0)."


@rule("atlas")
def atlas_database_user(v: Values) -> str | None:
    user = v["atlas_database_user"]
    return None if matches(r"^[A-Za-z0-9_.-]{1,64}$", user) else f"atlas_database_user: {user} must be letters, digits, _ . - (at most 64)."


@rule("atlas")
def atlas_log_database(v: Values) -> str | None:
    name = v["atlas_log_database"]
    if matches(r"^[A-Za-z0-9_-]{1,63}$", name) and name not in ("admin", "local", "config"):
        return None
    return f"atlas_log_database: {name} must be letters, digits, _ and - (at most 63), not admin, local or config."


@rule("atlas")
def atlas_access_list_ips(v: Values) -> str | None:
    bad = [str(ip) for ip in v["atlas_access_list_ips"] if not matches(IPV4, ip)]
    return f"atlas_access_list_ips: {', '.join(bad)} are not IPv4 addresses." if bad else None


rule("atlas")(parameter_path("atlas_ssm_parameter_path"))


@rule("atlas")
def atlas_wait(v: Values) -> str | None:
    if 0 < int(v["atlas_wait_delay"]) <= int(v["atlas_wait_timeout"]):
        return None
    return "atlas_wait_timeout / atlas_wait_delay: must be positive, the delay not above the timeout."


# --- ssm_params -----------------------------------------------------------------------------


rule("ssm_params")(parameter_path("ssm_params_path"))


@rule("ssm_params", BUILD)  # a removal needs no secret
def ssm_params_secrets_set(v: Values) -> str | None:
    missing = [name for name, value in v["ssm_params_secrets"].items() if not value]
    return " ".join(f"ssm_params_secrets.{name}: empty or missing; set it in the inventory's vault file." for name in missing) or None


def ssm_params_names(v: Values) -> list[str]:
    return [*v["ssm_params_secrets"], *v["ssm_params_values"], *v["ssm_params_generated"]]


@rule("ssm_params")
def ssm_params_valid_names(v: Values) -> str | None:
    bad = [name for name in ssm_params_names(v) if not matches(r"^[A-Za-z0-9_.-]+$", name)]
    return f"ssm_params_*: {', '.join(bad)} are not parameter names (letters, digits, _ . -)." if bad else None


@rule("ssm_params")
def ssm_params_unique_names(v: Values) -> str | None:
    twice = [name for name, count in Counter(ssm_params_names(v)).items() if count > 1]
    if not twice:
        return None
    return f"ssm_params_*: {', '.join(twice)} named more than once (in ssm_params_secrets, ssm_params_values, ssm_params_generated)."


@rule("ssm_params")
def ssm_params_generated_lengths(v: Values) -> str | None:
    missing = [name for name, spec in v["ssm_params_generated"].items() if "length" not in (spec or {})]
    return " ".join(f"ssm_params_generated.{name}: needs a length (16 to 4096)." for name in missing) or None


# --- alarms ---------------------------------------------------------------------------------


def wired(role: str, *names: str) -> Rule:
    """A build's rule (entry point main): the inputs the playbook wires from what other roles
    publish are set. Empty is allowed elsewhere: preflight runs before those roles publish."""

    def check(v: Values) -> str | None:
        missing = [name for name in names if not v.get(name)]
        if not missing:
            return None
        return f"{', '.join(missing)}: required to build (the playbook wires them from the roles that publish them)."

    check.__name__ = f"{role}_wired_inputs"
    return rule(role, {"main"})(check)


wired("alarms", "alarms_alb_arn", "alarms_ecs_cluster_name", "alarms_aurora_cluster_id")


@rule("alarms")
def alarms_name_prefix(v: Values) -> str | None:
    prefix = v["alarms_name_prefix"]
    if matches(r"^[A-Za-z0-9][A-Za-z0-9-]{0,199}$", prefix):
        return None
    return f"alarms_name_prefix: {prefix} must be letters, digits and hyphens (at most 200)."


def alarm_subscription_ok(subscription: Mapping[str, Any]) -> bool:
    protocol, endpoint = subscription.get("protocol"), subscription.get("endpoint", "")
    if protocol == "email":
        return matches(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", endpoint)
    if protocol == "https":
        return matches(r"^https://[^/\s]+", endpoint)
    return False


@rule("alarms")
def alarms_subscriptions(v: Values) -> str | None:
    subscriptions = v["alarms_subscriptions"]
    # In the order the checks find them: no protocol, another protocol, a bad address, a bad URL.
    bad = (
        [s for s in subscriptions if "protocol" not in s]
        + [s for s in subscriptions if "protocol" in s and s["protocol"] not in ("email", "https")]
        + [s for s in subscriptions if s.get("protocol") in ("email", "https") and not alarm_subscription_ok(s)]
    )
    if not bad:
        return None
    return (
        f"alarms_subscriptions: {json.dumps(bad)} must each be {{protocol: email, endpoint: <address>}}"
        " or {protocol: https, endpoint: https://...}."
    )


@rule("alarms")
def alarms_percentages(v: Values) -> str | None:
    names = ("alarms_ecs_cpu_threshold", "alarms_ecs_memory_threshold", "alarms_alb_5xx_rate_threshold")
    bad = [name for name in names if not (is_number(v[name]) and 0 < float(v[name]) <= 100)]
    return " ".join(f"{name}: {show(v[name])} must be a percentage above 0 and at most 100." for name in bad) or None


@rule("alarms")
def alarms_aurora_connections(v: Values) -> str | None:
    value = v["alarms_aurora_connections_threshold"]
    if is_whole(value) and int(value) > 0:
        return None
    return f"alarms_aurora_connections_threshold: {value} must be a whole number of connections above 0."


@rule("alarms")
def alarms_unhealthy_targets(v: Values) -> str | None:
    value = v["alarms_unhealthy_targets_threshold"]
    return None if is_whole(value) else f"alarms_unhealthy_targets_threshold: {value} must be a whole number of targets, 0 or more."


@rule("alarms")
def alarms_period(v: Values) -> str | None:
    period = v["alarms_period"]
    if is_whole(period) and 0 < int(period) <= 86400 and int(period) % 60 == 0:
        return None
    return f"alarms_period: {period} must be a multiple of 60 seconds (at most 86400)."


@rule("alarms")
def alarms_evaluation_periods(v: Values) -> str | None:
    periods, period = v["alarms_evaluation_periods"], v["alarms_period"]
    if is_whole(periods) and int(periods) >= 1 and is_whole(period) and int(periods) * int(period) <= 86400:
        return None
    return f"alarms_evaluation_periods: {periods} must be 1 or more, covering at most one day with alarms_period."


@rule("alarms")
def alarms_ecs_services(v: Values) -> str | None:
    services = v["alarms_ecs_services"]
    bad = [
        name
        for name, own in services.items()
        if not matches(r"^[A-Za-z0-9_-]{1,255}$", name)
        or not isinstance(own, Mapping)
        or set(own) - {"cpu_threshold", "memory_threshold"}
        or not all(is_number(value) and 0 < float(value) <= 100 for value in own.values())
    ]
    if not bad:
        return None
    return (
        f"alarms_ecs_services: {', '.join(map(str, bad))} must map an ECS service name (letters, digits, - and _)"
        " to its own thresholds, {cpu_threshold, memory_threshold}, each a percentage (either may be left out)."
    )


# --- datadog --------------------------------------------------------------------------------


wired("datadog", "datadog_alb_name", "datadog_aurora_cluster_id")


@rule("datadog")
def datadog_site(v: Values) -> str | None:
    site = v["datadog_site"]
    return None if site in DATADOG_SITES else f"datadog_site: {site} is not a Datadog site ({', '.join(DATADOG_SITES)})."


rule("datadog")(http_url("datadog_api_url"))
rule("datadog")(https_when_required("datadog", "datadog_api_url"))


@rule("datadog", BUILD)
def datadog_api_key(v: Values) -> str | None:
    if not v["datadog_api_key"]:
        return "datadog_api_key: empty or missing; set vault_datadog_api_key in the inventory's vault file."
    return None


@rule("datadog")
def datadog_app_key(v: Values) -> str | None:
    return None if v["datadog_app_key"] else "datadog_app_key: empty or missing; set vault_datadog_app_key in the inventory's vault file."


@rule("datadog")
def datadog_env(v: Values) -> str | None:
    env = v["datadog_env"]
    return None if matches(r"^[a-z][a-z0-9_./-]{0,199}$", env) else f"datadog_env: {env} must be a Datadog tag value (lower-case letters, digits, _ - . /)."


@rule("datadog")
def datadog_managed_by_tag(v: Values) -> str | None:
    tag = v["datadog_managed_by_tag"]
    return None if matches(r"^[a-z][a-z0-9_./-]*:[a-z0-9_./-]+$", tag) else f"datadog_managed_by_tag: {tag} must be a key:value tag."


@rule("datadog")
def datadog_notify(v: Values) -> str | None:
    bad = [handle for handle in v["datadog_notify"] if not matches(r"^@[^\s]+$", handle)]
    return f"datadog_notify: {', '.join(bad)} must be @-handles (@slack-..., @pagerduty-..., @someone@example.com)." if bad else None


@rule("datadog")
def datadog_thresholds(v: Values) -> str | None:
    bad = []
    for name, top in (("datadog_error_rate", 1), ("datadog_latency_p95", 3600), ("datadog_aurora_acu", 100)):
        warning, critical = v[f"{name}_warning"], v[f"{name}_critical"]
        if not (is_number(warning) and is_number(critical) and 0 < float(warning) < float(critical) <= top):
            bad.append(f"{name}_warning / {name}_critical: {show(warning)} / {show(critical)} must be numbers with 0 < warning < critical <= {top}.")
    return " ".join(bad) or None


@rule("datadog")
def datadog_alb_unhealthy_hosts(v: Values) -> str | None:
    value = v["datadog_alb_unhealthy_hosts_critical"]
    return None if is_whole(value) else f"datadog_alb_unhealthy_hosts_critical: {value} must be a whole number, 0 or more."


@rule("datadog")
def datadog_extra_monitors(v: Values) -> str | None:
    monitors = v["datadog_extra_monitors"]
    if all({"name", "type", "query"} <= set(monitor) for monitor in monitors):
        return None
    lacking = [str(monitor.get("name", "(unnamed)")) for monitor in monitors if "query" not in monitor]
    return f"datadog_extra_monitors: each needs name, type and query; {', '.join(lacking)} lack some."


# --- sentry ---------------------------------------------------------------------------------

SLUG = r"^[a-z0-9][a-z0-9_-]*$"

rule("sentry")(http_url("sentry_api_url"))
rule("sentry")(https_when_required("sentry", "sentry_api_url"))


@rule("sentry")
def sentry_auth_token(v: Values) -> str | None:
    return None if v["sentry_auth_token"] else "sentry_auth_token: empty or missing; set vault_sentry_auth_token in the inventory's vault file."


@rule("sentry")
def sentry_organization(v: Values) -> str | None:
    slug = v["sentry_organization"]
    return None if matches(SLUG, slug) else f"sentry_organization: {slug} must be an organisation slug (lower-case letters, digits, - and _)."


@rule("sentry")
def sentry_team(v: Values) -> str | None:
    slug = v["sentry_team"]
    return None if matches(SLUG, slug) else f"sentry_team: {slug} must be a team slug (lower-case letters, digits, - and _)."


@rule("sentry")
def sentry_project_keys(v: Values) -> str | None:
    bad = [key for key in v["sentry_projects"] if not matches(r"^[a-z][a-z0-9]*$", key)]
    return f"sentry_projects: {', '.join(bad)} must be lower-case letters and digits (they name SENTRY_DSN_<KEY>)." if bad else None


@rule("sentry")
def sentry_project_platforms(v: Values) -> str | None:
    bad = [key for key, platform in v["sentry_projects"].items() if not matches(r"^[a-z][a-z0-9-]*$", platform)]
    if not bad:
        return None
    return f"sentry_projects: the platforms of {', '.join(bad)} must be Sentry platform names (javascript-nextjs, node, python, ...)."


@rule("sentry")
def sentry_name_prefix(v: Values) -> str | None:
    prefix = v["sentry_name_prefix"]
    longest = max((len(key) for key in v["sentry_projects"]), default=0)
    if matches(r"^[a-z][a-z0-9-]*$", prefix) and len(prefix) + 1 + longest <= 50:
        return None
    return (
        f"sentry_name_prefix: {prefix} must be a slug start (lower-case letters, digits, -), short enough for"
        " <prefix>-<key> to fit Sentry's 50 characters."
    )


rule("sentry")(parameter_path("sentry_ssm_parameter_path"))


# deploy_access ------------------------------------------------------------------------------

GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
GITHUB_REF_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")


@rule("deploy_access")
def deploy_access_name_prefix(v: Values) -> str | None:
    prefix = v["deploy_access_name_prefix"]
    if matches(r"^[a-z0-9][a-z0-9-]{0,49}$", prefix):
        return None
    return (
        f"deploy_access_name_prefix: {prefix} must be lower-case letters, digits and hyphens, "
        "at most 50 characters (<prefix>-github-deploy is an IAM role name)."
    )


@rule("deploy_access")
def deploy_access_github_repositories(v: Values) -> str | None:
    repositories = v["deploy_access_github_repositories"]
    if not repositories:
        return "deploy_access_github_repositories: empty; name the GitHub repositories (owner/name) whose workflows may deploy."
    bad = [repository for repository in repositories if not matches(GITHUB_REPOSITORY, repository)]
    return f"deploy_access_github_repositories: {', '.join(bad)} must be owner/name, as GitHub spells it." if bad else None


@rule("deploy_access")
def deploy_access_who_may_deploy(v: Values) -> str | None:
    environment, branches = v["deploy_access_github_environment"], v["deploy_access_github_branches"]
    if not environment and not branches:
        return "deploy_access_github_environment / deploy_access_github_branches: both empty; name the GitHub environment (or branches) a deploy runs in."
    bad = [name for name in [environment, *branches] if name and not matches(GITHUB_REF_NAME, name)]
    if not bad:
        return None
    return (
        f"deploy_access_github_environment / deploy_access_github_branches: {', '.join(bad)} "
        "must be a plain name (no spaces, no wildcards)."
    )


@rule("deploy_access")
def deploy_access_oidc_url(v: Values) -> str | None:
    url = v["deploy_access_oidc_url"]
    return None if matches(r"^https://[^/\s]+(/[^\s]*[^/])?$", url) else f"deploy_access_oidc_url: {url} must be an https:// issuer URL."


@rule("deploy_access")
def deploy_access_pass_role_names(v: Values) -> str | None:
    return None if v["deploy_access_pass_role_names"] else "deploy_access_pass_role_names: empty; the task definitions' execution and task roles."


@rule("deploy_access")
def deploy_access_max_session_seconds(v: Values) -> str | None:
    seconds = v["deploy_access_max_session_seconds"]
    return None if 3600 <= seconds <= 43200 else f"deploy_access_max_session_seconds: {seconds} must be 3600 to 43200."
