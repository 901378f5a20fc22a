# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the sentry role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

import re

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, http_url, https_when_required, matches, parameter_path, rule


SLUG = r"^[a-z0-9][a-z0-9_-]*$"

rule("sentry")(http_url("sentry_api_url"))
rule("sentry")(https_when_required("sentry", "sentry_api_url"))


@rule("sentry")
def sentry_auth_token(v: Values) -> str | None:
    return None if v["sentry_auth_token"] else "sentry_auth_token: empty or missing; set vault_sentry_auth_token in the inventory's vault file."


@rule("sentry")
def sentry_organization(v: Values) -> str | None:
    slug = v["sentry_organization"]
    return None if matches(SLUG, slug) else f"sentry_organization: {slug} must be an organisation slug (lower-case letters, digits, - and _)."


@rule("sentry")
def sentry_team(v: Values) -> str | None:
    slug = v["sentry_team"]
    return None if matches(SLUG, slug) else f"sentry_team: {slug} must be a team slug (lower-case letters, digits, - and _)."


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


# deploy_access ------------------------------------------------------------------------------

GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
GITHUB_REF_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")


@rule("deploy_access")
def deploy_access_name_prefix(v: Values) -> str | None:
    prefix = v["deploy_access_name_prefix"]
    if matches(r"^[a-z0-9][a-z0-9-]{0,49}$", prefix):
        return None
    return (
        f"deploy_access_name_prefix: {prefix} must be lower-case letters, digits and hyphens, "
        "at most 50 characters (<prefix>-github-deploy is an IAM role name)."
    )


@rule("deploy_access")
def deploy_access_github_repositories(v: Values) -> str | None:
    repositories = v["deploy_access_github_repositories"]
    if not repositories:
        return "deploy_access_github_repositories: empty; name the GitHub repositories (owner/name) whose workflows may deploy."
    bad = [repository for repository in repositories if not matches(GITHUB_REPOSITORY, repository)]
    return f"deploy_access_github_repositories: {', '.join(bad)} must be owner/name, as GitHub spells it." if bad else None


@rule("deploy_access")
def deploy_access_who_may_deploy(v: Values) -> str | None:
    environment, branches = v["deploy_access_github_environment"], v["deploy_access_github_branches"]
    if not environment and not branches:
        return "deploy_access_github_environment / deploy_access_github_branches: both empty; name the GitHub environment (or branches) a deploy runs in."
    bad = [name for name in [environment, *branches] if name and not matches(GITHUB_REF_NAME, name)]
    if not bad:
        return None
    return (
        f"deploy_access_github_environment / deploy_access_github_branches: {', '.join(bad)} "
        "must be a plain name (no spaces, no wildcards)."
    )


@rule("deploy_access")
def deploy_access_oidc_url(v: Values) -> str | None:
    url = v["deploy_access_oidc_url"]
    return None if matches(r"^https://[^/\s]+(/[^\s]*[^/])?$", url) else f"deploy_access_oidc_url: {url} must be an https:// issuer URL."


@rule("deploy_access")
def deploy_access_pass_role_names(v: Values) -> str | None:
    return None if v["deploy_access_pass_role_names"] else "deploy_access_pass_role_names: empty; the task definitions' execution and task roles."


@rule("deploy_access")
def deploy_access_max_session_seconds(v: Values) -> str | None:
    seconds = v["deploy_access_max_session_seconds"]
    return None if 3600 <= seconds <= 43200 else f"deploy_access_max_session_seconds: {seconds} must be 3600 to 43200."
