# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application's services, declared once (group_vars/all.yml: app_service_catalogue).

``catalogue(declared, overrides)`` merges an inventory's additions and changes into the
declared services, checks every entry and returns them normalised: every field present, in
the types the roles use. A problem is raised as a ``CatalogueError`` whose message names the
variable and the field (``app_service_catalogue.web.port: ...``), so preflight fails before any
API call. The views each role takes of the result (ports, routes, Sentry platforms, ...) are
the filters of ``plugins/filter/services.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# A service name is part of AWS names (<prefix>-<name>) and of parameter names (SENTRY_DSN_<NAME>).
NAME = re.compile(r"^[a-z][a-z0-9]{0,19}$")
SECRET = re.compile(r"^[A-Z_][A-Z0-9_]*(=[A-Za-z0-9_.-]+)?$")
ENVIRONMENT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# An ALB path pattern: up to 128 characters of a URL path, * and ? as wildcards.
PATH_PATTERN = re.compile(r"^/[A-Za-z0-9_\-.$/~\"'@:+*?&()!,;=]{0,127}$")
# Sentry's project platforms the stack's services use (Sentry knows many more; add one here).
SENTRY_PLATFORMS = ("javascript-nextjs", "node", "node-express", "python", "go", "java", "javascript", "other")
SIDECARS = ("datadog",)
MAX_PRIORITY = 50000
# What a service is unless its entry says otherwise.
DEFAULTS: dict[str, Any] = {
    "route": None,
    "health_check_path": "/",
    "secrets": [],
    "environment": {},
    "sidecars": [],
    "sentry_platform": None,
    "calls": [],
    "autoscaling": {},
    "schedules": None,
    "alarms": {},
    "monitors": {},
    "cpu": None,
    "memory": None,
}
FIELDS = ("port", *DEFAULTS)
AUTOSCALING = ("min_capacity", "max_capacity", "cpu_target")
ALARMS = ("cpu_threshold", "memory_threshold")
MONITORS = ("error_rate", "latency_p95")


class CatalogueError(ValueError):
    """The catalogue is not usable: the message names the variable and the field."""


def plain(value: Any) -> Any:
    """A copy of value made of dicts, lists and scalars. Ansible hands filters lazily templated
    containers, whose deepcopy is slow (it copies the templating context with them)."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def merge(declared: Mapping[str, Any], overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """The declared services with an inventory's overrides: a new name adds a service, a known
    one's fields replace the declared ones (a mapping field key by key), null removes it."""
    merged = plain(declared)
    for name, change in plain(overrides or {}).items():
        if change is None:
            merged.pop(name, None)
        elif name in merged and isinstance(change, Mapping) and isinstance(merged[name], Mapping):
            entry = merged[name]
            for field, value in change.items():
                if isinstance(value, Mapping) and isinstance(entry.get(field), Mapping):
                    entry[field] = {**entry[field], **value}
                else:
                    entry[field] = value
        else:
            merged[name] = change
    return merged


def as_int(where: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise CatalogueError(f"{where}: {value!r} is not a whole number")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise CatalogueError(f"{where}: {value!r} is not a whole number") from None
    if not low <= number <= high:
        raise CatalogueError(f"{where}: {number} is outside {low}-{high}")
    return number


def as_float(where: str, value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise CatalogueError(f"{where}: {value!r} is not a number") from None


def as_list(where: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: expected a list, got {value!r}")
    return list(value)


def as_mapping(where: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CatalogueError(f"{where}: expected a mapping, got {value!r}")
    return dict(value)


def route(where: str, value: Any) -> dict[str, Any]:
    """{default: true} (every request no other route takes) or {paths: [...], priority: n}."""
    value = as_mapping(where, value)
    unknown = sorted(set(value) - {"default", "paths", "priority"})
    if unknown:
        raise CatalogueError(f"{where}: unknown field {', '.join(unknown)} (allowed: default, paths, priority)")
    if value.get("default") in (True, "true", "True"):
        if value.get("paths") or value.get("priority") is not None:
            raise CatalogueError(f"{where}: the default route takes every other request; it has no paths or priority")
        return {"default": True, "paths": [], "priority": None}
    paths = as_list(f"{where}.paths", value.get("paths"))
    if not paths:
        return {"default": False, "paths": [], "priority": None}
    for index, path in enumerate(paths):
        if not isinstance(path, str) or not PATH_PATTERN.match(path):
            raise CatalogueError(f"{where}.paths[{index}]: {path!r} is not a path pattern (starts with /, at most 128 characters)")
    if value.get("priority") is None:
        raise CatalogueError(f"{where}.priority: a route with paths needs a priority (1-{MAX_PRIORITY - 1}, unique; lower is tried first)")
    return {"default": False, "paths": paths, "priority": as_int(f"{where}.priority", value["priority"], 1, MAX_PRIORITY - 1)}


def entry(variable: str, name: str, value: Any) -> dict[str, Any]:
    """One service's entry, checked and with every field."""
    where = f"{variable}.{name}"
    if not isinstance(name, str) or not NAME.match(name):
        raise CatalogueError(f"{where}: a service name is 1-20 lower-case letters and digits, starting with a letter")
    value = as_mapping(where, value)
    unknown = sorted(set(value) - set(FIELDS))
    if unknown:
        raise CatalogueError(f"{where}: unknown field {', '.join(unknown)} (allowed: {', '.join(FIELDS)})")
    if "port" not in value:
        raise CatalogueError(f"{where}.port: required (the container's port)")
    service: dict[str, Any] = {**plain(DEFAULTS), **value}
    service["port"] = as_int(f"{where}.port", value["port"], 1, 65535)
    service["route"] = route(f"{where}.route", value.get("route"))
    path = service["health_check_path"]
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 1024:
        raise CatalogueError(f"{where}.health_check_path: {path!r} must be a path starting with /")
    service["secrets"] = as_list(f"{where}.secrets", value.get("secrets"))
    for index, secret in enumerate(service["secrets"]):
        if not isinstance(secret, str) or not SECRET.match(secret):
            raise CatalogueError(f"{where}.secrets[{index}]: {secret!r} must be NAME or NAME=PARAMETER (NAME in capitals, as the variable the container sees)")
    variables = [secret.split("=", 1)[0] for secret in service["secrets"]]
    if len(set(variables)) != len(variables):
        raise CatalogueError(f"{where}.secrets: a variable is named twice ({', '.join(sorted({v for v in variables if variables.count(v) > 1}))})")
    environment = as_mapping(f"{where}.environment", value.get("environment"))
    for key in environment:
        if not ENVIRONMENT_NAME.match(str(key)):
            raise CatalogueError(f"{where}.environment: {key!r} is not a variable name")
        if key in variables:
            raise CatalogueError(f"{where}.environment.{key}: also a secret of the service; name it once")
    service["environment"] = {str(key): str(item) for key, item in environment.items()}
    service["sidecars"] = as_list(f"{where}.sidecars", value.get("sidecars"))
    for sidecar in service["sidecars"]:
        if sidecar not in SIDECARS:
            raise CatalogueError(f"{where}.sidecars: {sidecar!r} is not a known sidecar ({', '.join(SIDECARS)})")
    platform = service["sentry_platform"]
    if platform is not None and platform not in SENTRY_PLATFORMS:
        raise CatalogueError(f"{where}.sentry_platform: {platform!r} is not one of {', '.join(SENTRY_PLATFORMS)}")
    service["calls"] = as_list(f"{where}.calls", value.get("calls"))
    autoscaling = as_mapping(f"{where}.autoscaling", value.get("autoscaling"))
    for key in sorted(set(autoscaling) - set(AUTOSCALING)):
        raise CatalogueError(f"{where}.autoscaling: unknown field {key} (allowed: {', '.join(AUTOSCALING)})")
    service["autoscaling"] = {key: as_int(f"{where}.autoscaling.{key}", item, 0, 1000) for key, item in autoscaling.items()}
    if service["schedules"] is not None:
        service["schedules"] = as_list(f"{where}.schedules", value.get("schedules"))
    alarms = as_mapping(f"{where}.alarms", value.get("alarms"))
    for key in sorted(set(alarms) - set(ALARMS)):
        raise CatalogueError(f"{where}.alarms: unknown field {key} (allowed: {', '.join(ALARMS)})")
    service["alarms"] = {key: as_float(f"{where}.alarms.{key}", item) for key, item in alarms.items()}
    monitors = value.get("monitors")
    # A list names the monitors (the environment's thresholds); a mapping may give thresholds.
    if isinstance(monitors, (list, str)):
        monitors = {key: {} for key in as_list(f"{where}.monitors", monitors)}
    monitors = as_mapping(f"{where}.monitors", monitors)
    checked_monitors: dict[str, dict[str, float]] = {}
    for key, thresholds in monitors.items():
        if key not in MONITORS:
            raise CatalogueError(f"{where}.monitors: unknown monitor {key} (allowed: {', '.join(MONITORS)})")
        thresholds = as_mapping(f"{where}.monitors.{key}", thresholds)
        if set(thresholds) - {"critical", "warning"}:
            raise CatalogueError(f"{where}.monitors.{key}: thresholds are critical and warning")
        checked_monitors[key] = {level: as_float(f"{where}.monitors.{key}.{level}", item) for level, item in thresholds.items()}
    service["monitors"] = checked_monitors
    for size in ("cpu", "memory"):
        if service[size] is not None:
            service[size] = as_int(f"{where}.{size}", service[size], 128, 122880)
    return service


def catalogue(declared: Any, overrides: Any = None, variable: str = "app_service_catalogue") -> dict[str, dict[str, Any]]:
    """Every service, merged with the overrides, checked, with every field; in the order declared
    (an override's new service after them)."""
    if not isinstance(declared, Mapping) or not declared:
        raise CatalogueError(f"{variable}: expected a mapping of the application's services, got {declared!r}")
    if overrides is not None and not isinstance(overrides, Mapping):
        raise CatalogueError(f"app_service_overrides: expected a mapping of services to add or change, got {overrides!r}")
    merged = merge(declared, overrides)
    services = {name: entry(variable, name, value) for name, value in merged.items()}
    if not services:
        raise CatalogueError(f"{variable}: no service left after app_service_overrides")
    problems: list[str] = []
    ports: dict[int, str] = {}
    priorities: dict[int, str] = {}
    for name, service in services.items():
        if service["port"] in ports:
            problems.append(f"{variable}.{name}.port: {service['port']} is {ports[service['port']]}'s port too")
        ports.setdefault(service["port"], name)
        priority = service["route"]["priority"]
        if priority is not None:
            if priority in priorities:
                problems.append(f"{variable}.{name}.route.priority: {priority} is {priorities[priority]}'s too")
            priorities.setdefault(priority, name)
        for called in service["calls"]:
            if called not in services or called == name:
                problems.append(f"{variable}.{name}.calls: {called!r} is not another service of the catalogue ({', '.join(services)})")
    defaults = [name for name, service in services.items() if service["route"]["default"]]
    if len(defaults) > 1:
        problems.append(f"{variable}: {', '.join(defaults)} all take the default route; one service takes the requests no path names")
    if problems:
        raise CatalogueError("; ".join(problems))
    return services
