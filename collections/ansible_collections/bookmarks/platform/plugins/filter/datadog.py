"""Datadog monitors in the shape of API v1's Monitor (POST /api/v1/monitor)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# What the APM monitors of a service watch: NestJS and Next.js traces (dd-trace's http.server spans
# are named after the framework; express underlies both).
TRACE = "trace.express.request"


def datadog_apm_monitors(
    apm_services: list[Mapping[str, Any]], name_prefix: str, env: str, tags: list[str], notify: str = "", defaults: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """An error-rate and a p95-latency monitor per service of the datadog role's view
    (datadog_apm_services: {name, service, error_rate?, latency_p95?}), scoped to the service's
    unified service tag and the environment. A service's thresholds are its own, else defaults'.
    Monitors are named after the service's key in capitals ("<prefix> API error rate")."""
    defaults = defaults or {}
    monitors: list[dict[str, Any]] = []
    for entry in apm_services:
        scope = f"service:{entry['service']},env:{env}"
        label = entry["name"].upper()
        if "error_rate" in entry:
            levels = {**defaults.get("error_rate", {}), **entry.get("error_rate", {})}
            monitors.append(
                {
                    "name": f"{name_prefix} {label} error rate",
                    "type": "query alert",
                    "query": f"sum(last_5m):sum:{TRACE}.errors{{{scope}}}.as_count() / sum:{TRACE}.hits{{{scope}}}.as_count() > {levels['critical']}",
                    "message": (
                        f"The {label} ({entry['service']}, {env}) answers more than {{{{threshold}}}} of its requests with an error"
                        f" (now {{{{value}}}}).{notify}"
                    ),
                    "tags": list(tags),
                    "priority": 2,
                    "options": options(levels),
                }
            )
        if "latency_p95" in entry:
            levels = {**defaults.get("latency_p95", {}), **entry.get("latency_p95", {})}
            monitors.append(
                {
                    "name": f"{name_prefix} {label} latency p95",
                    "type": "query alert",
                    "query": f"avg(last_10m):p95:{TRACE}{{{scope}}} > {levels['critical']}",
                    "message": f"The {label}'s 95th percentile latency ({entry['service']}, {env}) is above {{{{threshold}}}} s (now {{{{value}}}} s).{notify}",
                    "tags": list(tags),
                    "priority": 3,
                    "options": options(levels),
                }
            )
    return monitors


def options(levels: Mapping[str, Any]) -> dict[str, Any]:
    thresholds = {level: float(levels[level]) for level in ("critical", "warning") if level in levels}
    return {"thresholds": thresholds, "notify_no_data": False, "require_full_window": False, "include_tags": True}


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"datadog_apm_monitors": datadog_apm_monitors}
