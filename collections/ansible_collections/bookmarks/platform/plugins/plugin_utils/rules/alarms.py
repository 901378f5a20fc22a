# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the alarms role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, is_number, is_whole, matches, pattern, rule, show, wired


wired("alarms", "alarms_alb_arn", "alarms_ecs_cluster_name", "alarms_aurora_cluster_id")


pattern("alarms", "alarms_name_prefix", r"^[A-Za-z0-9][A-Za-z0-9-]{0,199}$", "must be letters, digits and hyphens (at most 200).")


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
