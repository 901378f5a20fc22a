# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the aurora role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

import re

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, matches, parameter_path, pattern, rule, show, within


DAY_TIME = r"(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]"
KMS_KEY = r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+|alias/[A-Za-z0-9/_-]+|[0-9a-f-]{36})$"


@rule("aurora")
def aurora_name_prefix(v: Values) -> str | None:
    prefix = v["aurora_name_prefix"]
    if matches(r"^[a-z][a-z0-9-]{0,49}$", prefix) and not re.search(r"--|-$", prefix):
        return None
    return f"aurora_name_prefix: {prefix} must be lower-case letters, digits and hyphens, starting with a letter, at most 50 characters."


pattern("aurora", "aurora_engine_version", r"^1[3-9]\.[0-9]{1,2}$", "is not an Aurora PostgreSQL version (<major>.<minor>, for example 17.4).")


@rule("aurora")
def aurora_capacity(v: Values) -> str | None:
    low, high = float(v["aurora_min_capacity"]), float(v["aurora_max_capacity"])
    if (low * 2).is_integer() and (high * 2).is_integer() and 0 <= low <= high <= 256 and high >= 1:
        return None
    return (
        f"aurora_min_capacity / aurora_max_capacity: {show(v['aurora_min_capacity'])} / {show(v['aurora_max_capacity'])}"
        " must be ACUs from 0 to 256 in steps of 0.5, with the minimum not above the maximum."
    )


within("aurora", "aurora_instance_count", 1, 15, " (a writer and up to 14 readers)")


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


pattern("aurora", "aurora_database_name", r"^[A-Za-z][A-Za-z0-9_]{0,62}$", "must start with a letter and hold letters, digits and _ (at most 63).")


@rule("aurora")
def aurora_master_username(v: Values) -> str | None:
    name = v["aurora_master_username"]
    if matches(r"^[A-Za-z][A-Za-z0-9_]{0,62}$", name) and str(name).lower() not in ("postgres", "admin", "rdsadmin", "root"):
        return None
    return f"aurora_master_username: {name} must start with a letter, hold letters, digits and _, and not be a reserved name."


@rule("aurora")
def aurora_app_username(v: Values) -> str | None:
    name = v["aurora_app_username"]
    # At most 61: its logins are <name>_a and <name>_b, and PostgreSQL's names end at 63.
    if matches(r"^[a-z_][a-z0-9_]{0,60}$", name) and name != str(v["aurora_master_username"]).lower() and not str(name).startswith(("pg_", "rds")):
        return None
    return (
        f"aurora_app_username: {name} must be lower-case letters, digits and _ (at most 61, for its logins <name>_a and _b),"
        " not the master user, not pg_* or rds*."
    )


@rule("aurora")
def aurora_backup_retention(v: Values) -> str | None:
    days = v["aurora_backup_retention_days"]
    return None if 1 <= int(days) <= 35 else f"aurora_backup_retention_days: {days} must be 1 to 35."


pattern("aurora", "aurora_backup_window", r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", "must be hh:mm-hh:mm (UTC), at least 30 minutes.")
pattern("aurora", "aurora_maintenance_window", rf"^{DAY_TIME}-{DAY_TIME}$", "must be ddd:hh:mm-ddd:hh:mm (UTC), for example sun:18:00-sun:19:00.")


@rule("aurora")
def aurora_kms_key_id(v: Values) -> str | None:
    key = v["aurora_kms_key_id"]
    return None if not key or matches(KMS_KEY, key) else f"aurora_kms_key_id: {key} is not a KMS key ARN, key ID or alias/<name>."


rule("aurora")(parameter_path("aurora_ssm_parameter_path"))
