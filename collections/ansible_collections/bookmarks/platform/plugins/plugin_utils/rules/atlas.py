# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the atlas role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import (
    ATLAS_INSTANCE_SIZES, HTTP_URL, Values, https_when_required, matches, parameter_path, pattern, rule,
)


IPV4 = r"^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$"


pattern("atlas", "atlas_project_id", "^[0-9a-f]{24}$", "is not an Atlas project ID (24 hexadecimal characters).")
pattern("atlas", "atlas_cluster_name", r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", "must be letters, digits and hyphens, at most 64 characters.")
pattern("atlas", "atlas_base_url", HTTP_URL, "must be an http(s) URL without a trailing /.")
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


pattern("atlas", "atlas_region", r"^[A-Z]{2}(_[A-Z]+)+_[0-9]$", "is not an Atlas AWS region name (upper case with underscores, for example AP_NORTHEAST_1).")
pattern("atlas", "atlas_mongodb_major_version", r"^([6-9]|[1-9][0-9])\.0$", "must be <major>.0, 6.0 or later (for example 8.0).")
pattern("atlas", "atlas_database_user", r"^[A-Za-z0-9_.-]{1,62}$", "must be letters, digits, _ . - (at most 62: its logins add -a and -b).")


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
