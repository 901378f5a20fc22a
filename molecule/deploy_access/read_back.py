"""Print the deploy_access role's resources as JSON, read with boto3 from the emulator, beside the
documents the role means to write (the collection's filters on this scenario's vars.yml).

    read_back.py            {"provider": ..., "role": ..., "expected": {...}}
    read_back.py loosen     widen the role's trust to any repository, behind the role's back
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import boto3
import yaml

PROJECT = Path(os.environ["MOLECULE_PROJECT_DIRECTORY"])
sys.path.insert(0, str(PROJECT / "collections"))
from ansible_collections.bookmarks.platform.plugins.filter import deploy_access  # noqa: E402

VARS = yaml.safe_load((Path(__file__).with_name("vars.yml")).read_text())
ROLE = f"{VARS['deploy_access_name_prefix']}-github-deploy"
ISSUER = "token.actions.githubusercontent.com"


def main() -> None:
    iam = boto3.client("iam", region_name="ap-northeast-1", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    account = boto3.client("sts", region_name="ap-northeast-1", endpoint_url=os.environ["AWS_ENDPOINT_URL"]).get_caller_identity()["Account"]
    provider_arn = f"arn:aws:iam::{account}:oidc-provider/{ISSUER}"
    if sys.argv[1:] == ["loosen"]:
        loose = deploy_access.github_oidc_trust(provider_arn, "sts.amazonaws.com", [])
        loose["Statement"][0]["Condition"] = {"StringLike": {f"{ISSUER}:sub": "repo:*"}}
        iam.update_assume_role_policy(RoleName=ROLE, PolicyDocument=json.dumps(loose))
        return
    provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider_arn)
    role = iam.get_role(RoleName=ROLE)["Role"]
    services = [f"{VARS['deploy_access_name_prefix']}-{service}" for service in ("web", "api")]
    subjects = deploy_access.github_oidc_subjects(
        VARS["deploy_access_github_repositories"], VARS["deploy_access_github_environment"], VARS["deploy_access_github_branches"]
    )
    print(json.dumps({
        "provider": {"url": provider["Url"], "client_ids": provider["ClientIDList"], "tags": provider.get("Tags", [])},
        "role": {
            "trust": role["AssumeRolePolicyDocument"],
            "max_session": role["MaxSessionDuration"],
            "managed": iam.list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"],
            "inline": {name: iam.get_role_policy(RoleName=ROLE, PolicyName=name)["PolicyDocument"]
                       for name in iam.list_role_policies(RoleName=ROLE)["PolicyNames"]},
        },
        "expected": {
            "subjects": subjects,
            "trust": deploy_access.github_oidc_trust(provider_arn, "sts.amazonaws.com", subjects),
            "policy": deploy_access.deploy_role_policy({
                "account": account, "region": "ap-northeast-1", "cluster": VARS["deploy_access_cluster_name"],
                "services": services, "repositories": services, "pass_roles": VARS["deploy_access_pass_role_names"],
                "run_lock": VARS["deploy_access_run_lock_parameter"],
            }),
        },
    }))  # fmt: skip


if __name__ == "__main__":
    main()
