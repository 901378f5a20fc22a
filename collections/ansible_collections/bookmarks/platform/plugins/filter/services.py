"""The application's service catalogue, and the view of it each role takes.

group_vars/all.yml declares the services once (app_service_catalogue) and wires each role's
input from one of these filters; no role names a service.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible.errors import AnsibleFilterError
from ansible_collections.bookmarks.platform.plugins.plugin_utils.service_catalogue import CatalogueError, catalogue

Services = Mapping[str, Mapping[str, Any]]


def service_catalogue(declared: Any, overrides: Any = None) -> dict[str, dict[str, Any]]:
    """The declared services merged with an inventory's overrides, checked and normalised."""
    try:
        return catalogue(declared, overrides)
    except CatalogueError as error:
        raise AnsibleFilterError(str(error)) from None


def routed(services: Services) -> dict[str, Mapping[str, Any]]:
    """The services the ALB forwards to (a path route or the default route), in name order."""
    return {name: service for name, service in services.items() if service["route"]["default"] or service["route"]["paths"]}


def alb_service_ports(services: Services) -> list[int]:
    """The ports the ALB reaches the tasks on: those of the routed services."""
    return sorted({int(service["port"]) for service in routed(services).values()})


def service_connect_ports(services: Services) -> list[int]:
    """The ports one service's tasks reach another's on inside the VPC (Service Connect): those
    of the services another one calls."""
    called = {name for service in services.values() for name in service["calls"]}
    return sorted({int(services[name]["port"]) for name in called})


def alb_services(services: Services) -> dict[str, dict[str, Any]]:
    """The alb role's view (alb_services): each routed service's {port, health_check_path,
    paths, priority, default}."""
    return {
        name: {
            "port": int(service["port"]),
            "health_check_path": service["health_check_path"],
            "paths": list(service["route"]["paths"]),
            "priority": service["route"]["priority"],
            "default": bool(service["route"]["default"]),
        }
        for name, service in routed(services).items()
    }


def alb_target_groups(alb: Mapping[str, Mapping[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """One target group per service of the alb view: {key, name, port, health_check_path}."""
    return [
        {"key": name, "name": f"{prefix}-{name}", "port": int(service["port"]), "health_check_path": service["health_check_path"]}
        for name, service in sorted(alb.items())
    ]


def alb_routes(alb: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The path routes of the alb view, lowest priority first: {key, paths, priority}."""
    found = [{"key": name, "paths": list(service["paths"]), "priority": int(service["priority"])} for name, service in alb.items() if service["paths"]]
    return sorted(found, key=lambda route: route["priority"])


def alb_https_listener(alb: Mapping[str, Mapping[str, Any]], prefix: str, secret_condition: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The HTTPS listener's DefaultActions and Rules (elb_application_lb's form) for the alb view.

    Each path route forwards to its service at its priority. With a secret condition (the header
    CloudFront sends), every rule also requires it, the default-route service gets a rule of its
    own after the path routes that requires only the header, and anything else gets 403. Without
    one, the default action forwards to the default-route service (404 when none takes it)."""
    condition = list(secret_condition or [])
    default = next((name for name, service in sorted(alb.items()) if service["default"]), None)
    routes = alb_routes(alb)
    rules: list[dict[str, Any]] = [
        {
            "Conditions": [{"Field": "path-pattern", "Values": route["paths"]}, *condition],
            "Priority": str(route["priority"]),
            "Actions": [{"Type": "forward", "TargetGroupName": f"{prefix}-{route['key']}"}],
        }
        for route in routes
    ]
    forward_default = [{"Type": "forward", "TargetGroupName": f"{prefix}-{default}"}] if default else []
    if condition:
        if default:
            after = max([route["priority"] for route in routes], default=0)
            rules.append({"Conditions": condition, "Priority": str(after + 10), "Actions": forward_default})
        default_actions = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "403", "ContentType": "text/plain", "MessageBody": "Forbidden"}}]
    else:
        default_actions = forward_default or [
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "Not Found"}}
        ]
    return {"DefaultActions": default_actions, "Rules": rules}


def cloudfront_app_paths(services: Services) -> list[str]:
    """The path patterns CloudFront forwards to the ALB uncached, in the ALB's order."""
    return [path for route in alb_routes(alb_services(services)) for path in route["paths"]]


def sentry_platforms(services: Services) -> dict[str, str]:
    """{service: its Sentry platform} for the services that report to Sentry."""
    return {name: service["sentry_platform"] for name, service in services.items() if service.get("sentry_platform")}


def ecs_alarm_services(services: Services, prefix: str) -> dict[str, dict[str, float]]:
    """The alarms role's view: {<prefix>-<service>: its thresholds over the role's} per service."""
    return {f"{prefix}-{name}": dict(service["alarms"]) for name, service in services.items()}


def datadog_apm_services(services: Services, project: str) -> list[dict[str, Any]]:
    """The datadog role's view: each service with APM monitors, as {name, service (its unified
    service tag, <project>-<name>), error_rate, latency_p95} (thresholds {critical, warning})."""
    return [
        {"name": name, "service": f"{project}-{name}", **{monitor: dict(levels) for monitor, levels in service["monitors"].items()}}
        for name, service in services.items()
        if service["monitors"]
    ]


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "service_catalogue": service_catalogue,
            "alb_service_ports": alb_service_ports,
            "alb_services": alb_services,
            "service_connect_ports": service_connect_ports,
            "alb_target_groups": alb_target_groups,
            "alb_https_listener": alb_https_listener,
            "cloudfront_app_paths": cloudfront_app_paths,
            "sentry_platforms": sentry_platforms,
            "ecs_alarm_services": ecs_alarm_services,
            "datadog_apm_services": datadog_apm_services,
        }
