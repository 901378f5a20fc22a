# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the ecs_service role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils import service_catalogue
from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import (
    FARGATE_SIZES, IMAGE_TAG, Values, is_whole, matches, parameter_path, pattern, rule, teardown_timing, within,
)


pattern("ecs_service", "ecs_service_name_prefix", r"^[a-z0-9][a-z0-9-]{0,39}$", "must be lower-case letters, digits and hyphens, at most 40 characters.")


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
    """Every service has its repository, log group, target group and execution role."""
    services = list(v["ecs_service_services"])
    missing = [
        f"{variable}: no {name}"
        for variable in ("ecs_service_repository_urls", "ecs_service_log_groups", "ecs_service_target_group_arns", "ecs_service_execution_role_arns")
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


within("ecs_service", "ecs_service_cpu_target", 1, 100, " (percent)")


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
pattern(
    "ecs_service", "ecs_service_release_tag_prefix", r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$",
    "must be letters, digits, _ . - (the start of an image tag, at most 100).",
)
