"""The deploy role's documents: exactly the named token subjects, exactly the named resources."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter import deploy_access

PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
TARGET = {
    "account": "123456789012",
    "region": "ap-northeast-1",
    "cluster": "bm-prod-cluster",
    "services": ["bm-prod-web", "bm-prod-api"],
    "repositories": ["bm-prod-web", "bm-prod-api"],
    "pass_roles": ["bm-prod-web-execution", "bm-prod-api-execution", "bm-prod-ecs-task"],
}


def test_subjects_name_the_environment_and_the_branches() -> None:
    assert deploy_access.github_oidc_subjects(["org/app", "org/ops"], "production", ["main"]) == [
        "repo:org/app:environment:production",
        "repo:org/ops:environment:production",
        "repo:org/app:ref:refs/heads/main",
        "repo:org/ops:ref:refs/heads/main",
    ]
    assert deploy_access.github_oidc_subjects(["org/app"], "", ["main"]) == ["repo:org/app:ref:refs/heads/main"]


def test_the_trust_takes_exact_subjects_and_audience_only() -> None:
    trust = deploy_access.github_oidc_trust(PROVIDER, "sts.amazonaws.com", ["repo:org/app:environment:production"])
    [statement] = trust["Statement"]
    assert statement["Principal"] == {"Federated": PROVIDER} and statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:org/app:environment:production"],
        }
    }
    assert "StringLike" not in statement["Condition"]  # no wildcard subject


def test_the_policy_names_the_stacks_resources() -> None:
    policy = deploy_access.deploy_role_policy(TARGET)
    by_sid = {statement["Sid"]: statement for statement in policy["Statement"]}
    assert by_sid["PushImages"]["Resource"] == [
        "arn:aws:ecr:ap-northeast-1:123456789012:repository/bm-prod-web",
        "arn:aws:ecr:ap-northeast-1:123456789012:repository/bm-prod-api",
    ]
    assert by_sid["UpdateServices"]["Resource"] == [
        "arn:aws:ecs:ap-northeast-1:123456789012:service/bm-prod-cluster/bm-prod-web",
        "arn:aws:ecs:ap-northeast-1:123456789012:service/bm-prod-cluster/bm-prod-api",
    ]
    assert by_sid["PassTaskRoles"]["Condition"] == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
    wildcard = {statement["Sid"] for statement in policy["Statement"] if statement["Resource"] == "*"}
    # Only actions AWS cannot scope to a resource are allowed on "*".
    assert wildcard == {"EcrLogin", "ScaleServices", "ReadTheStack"}
    # Revisions of the services' own families, nothing else.
    assert by_sid["RegisterRevisions"]["Resource"] == [
        "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bm-prod-web:*",
        "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bm-prod-api:*",
    ]
    # Nothing that returns a secret: the listeners' rules and CloudFront's configuration hold the
    # origin header's value; Parameter Store and Secrets Manager hold the rest.
    assert not {a for a in deploy_access.allowed_actions(policy) if a.split(":")[0] in ("ssm", "secretsmanager", "cloudfront", "kms")}
    assert not {"elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeListeners"} & deploy_access.allowed_actions(policy)
    actions = deploy_access.allowed_actions(policy)
    assert {action for action in actions if action.startswith("iam:")} == {"iam:PassRole", "iam:ListAccountAliases"}
    assert not {action for action in actions if action.endswith("*") or "Delete" in action and "ScheduledAction" not in action}
