# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the datadog role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import (
    BUILD, DATADOG_SITES, Values, http_url, https_when_required, is_number, is_whole, matches, pattern, rule, show, wired,
)


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


pattern("datadog", "datadog_env", r"^[a-z][a-z0-9_./-]{0,199}$", "must be a Datadog tag value (lower-case letters, digits, _ - . /).")
pattern("datadog", "datadog_managed_by_tag", r"^[a-z][a-z0-9_./-]*:[a-z0-9_./-]+$", "must be a key:value tag.")


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
