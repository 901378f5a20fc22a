# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the sentry role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import (
    Values, http_url, https_when_required, matches, parameter_path, pattern, rule,
)


SLUG = r"^[a-z0-9][a-z0-9_-]*$"

rule("sentry")(http_url("sentry_api_url"))
rule("sentry")(https_when_required("sentry", "sentry_api_url"))


@rule("sentry")
def sentry_auth_token(v: Values) -> str | None:
    return None if v["sentry_auth_token"] else "sentry_auth_token: empty or missing; set vault_sentry_auth_token in the inventory's vault file."


pattern("sentry", "sentry_organization", SLUG, "must be an organisation slug (lower-case letters, digits, - and _).")
pattern("sentry", "sentry_team", SLUG, "must be a team slug (lower-case letters, digits, - and _).")


@rule("sentry")
def sentry_project_keys(v: Values) -> str | None:
    bad = [key for key in v["sentry_projects"] if not matches(r"^[a-z][a-z0-9]*$", key)]
    return f"sentry_projects: {', '.join(bad)} must be lower-case letters and digits (they name SENTRY_DSN_<KEY>)." if bad else None


@rule("sentry")
def sentry_project_platforms(v: Values) -> str | None:
    bad = [key for key, platform in v["sentry_projects"].items() if not matches(r"^[a-z][a-z0-9-]*$", platform)]
    if not bad:
        return None
    return f"sentry_projects: the platforms of {', '.join(bad)} must be Sentry platform names (javascript-nextjs, node, python, ...)."


@rule("sentry")
def sentry_name_prefix(v: Values) -> str | None:
    prefix = v["sentry_name_prefix"]
    longest = max((len(key) for key in v["sentry_projects"]), default=0)
    if matches(r"^[a-z][a-z0-9-]*$", prefix) and len(prefix) + 1 + longest <= 50:
        return None
    return (
        f"sentry_name_prefix: {prefix} must be a slug start (lower-case letters, digits, -), short enough for"
        " <prefix>-<key> to fit Sentry's 50 characters."
    )


rule("sentry")(parameter_path("sentry_ssm_parameter_path"))
