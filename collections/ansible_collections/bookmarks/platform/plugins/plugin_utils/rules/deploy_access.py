# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the deploy_access role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

import re

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Values, matches, pattern, rule, within


GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
GITHUB_REF_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")


pattern(
    "deploy_access", "deploy_access_name_prefix", r"^[a-z0-9][a-z0-9-]{0,49}$",
    "must be lower-case letters, digits and hyphens, at most 50 characters (<prefix>-github-deploy is an IAM role name).",
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


pattern("deploy_access", "deploy_access_oidc_url", r"^https://[^/\s]+(/[^\s]*[^/])?$", "must be an https:// issuer URL.")


@rule("deploy_access")
def deploy_access_pass_role_names(v: Values) -> str | None:
    return None if v["deploy_access_pass_role_names"] else "deploy_access_pass_role_names: empty; the task definitions' execution and task roles."


within("deploy_access", "deploy_access_max_session_seconds", 3600, 43200)
