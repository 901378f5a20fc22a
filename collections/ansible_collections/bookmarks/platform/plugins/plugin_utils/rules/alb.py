# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the alb role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, bucket_name, is_whole, matches, pattern, rule, within


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


within("alb", "alb_health_check_interval", 5, 300)


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


pattern(
    "alb", "alb_ssl_policy", r"^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)",
    "allows TLS below 1.2; use ELBSecurityPolicy-TLS13-1-2-* or ELBSecurityPolicy-TLS-1-2-*.",
)
rule("alb")(bucket_name("alb_access_logs_bucket_name"))


@rule("alb")
def alb_access_logs_retention(v: Values) -> str | None:
    return None if v["alb_access_logs_retention_days"] >= 1 else "alb_access_logs_retention_days: must be at least 1."
