# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the vpc role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, matches, rule, subnet_layout_errors, teardown_timing


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
