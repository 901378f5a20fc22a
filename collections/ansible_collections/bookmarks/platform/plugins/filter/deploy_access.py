"""The deploy role's IAM documents: who may assume it (GitHub's OIDC tokens) and what it may do."""

from __future__ import annotations

from typing import Any

# What playbooks/deploy.yml and a `docker push` send, by IAM action, and on what. Checked against
# the operations a recorded deployment sends (tests/deploy_checks.py).
ECR_PUSH = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:DescribeImages",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
]
# Actions without resource-level permissions (AWS's service authorization reference): "*". None
# returns a secret: not DescribeListeners/DescribeRules (the origin header's value), not
# cloudfront:GetDistributionConfig (the same), no ssm:GetParameter*, no secretsmanager.
READS = [
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "application-autoscaling:DescribeScheduledActions",
    "ec2:DescribeNatGateways",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
    "ecs:DescribeTaskDefinition",
    "ecs:ListTaskDefinitions",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTargetGroups",
    "iam:ListAccountAliases",  # amazon.aws.aws_caller_info, for the account ID
]
# On "*": a scalable target's ARN carries an ID AWS assigns at registration; the statement's
# condition holds it to the ECS namespace (parliament's RESOURCE_STAR, justified in tests/security_checks.py).
SCALING = [
    "application-autoscaling:DeleteScheduledAction",
    "application-autoscaling:PutScalingPolicy",
    "application-autoscaling:PutScheduledAction",
    "application-autoscaling:RegisterScalableTarget",
]


def github_oidc_subjects(repositories: list[str], environment: str, branches: list[str]) -> list[str]:
    """The token subjects (`sub` claims) allowed: each repository in the environment and on the branches."""
    subjects = [f"repo:{repository}:environment:{environment}" for repository in repositories if environment]
    subjects += [f"repo:{repository}:ref:refs/heads/{branch}" for repository in repositories for branch in branches]
    return subjects


def github_oidc_trust(provider_arn: str, audience: str, subjects: list[str]) -> dict[str, Any]:
    """The trust policy: GitHub's tokens for exactly these subjects and this audience, nothing else."""
    issuer = provider_arn.split(":oidc-provider/", 1)[1]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GitHubActionsDeploy",
                "Effect": "Allow",
                "Principal": {"Federated": provider_arn},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {f"{issuer}:aud": audience, f"{issuer}:sub": sorted(subjects)}},
            }
        ],
    }


def deploy_role_policy(target: dict[str, Any]) -> dict[str, Any]:
    """What a rollout needs and nothing more.

    target: account, region, cluster (name), services (full service names), repositories (names),
    pass_roles (the task definitions' role names: the services' execution roles and the task role),
    and run_lock (the stack's run lock parameter, which a deployment takes and releases).
    """
    account, region, cluster = target["account"], target["region"], target["cluster"]
    ecs = f"arn:aws:ecs:{region}:{account}"
    # Revisions of the services' own families (family = the service's name) only.
    families = [f"{ecs}:task-definition/{name}:*" for name in target["services"]]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {
                "Sid": "PushImages",
                "Effect": "Allow",
                "Action": ECR_PUSH,
                "Resource": [f"arn:aws:ecr:{region}:{account}:repository/{name}" for name in target["repositories"]],
            },
            {"Sid": "RegisterRevisions", "Effect": "Allow", "Action": "ecs:RegisterTaskDefinition", "Resource": families},
            {
                "Sid": "TagRevisions",
                "Effect": "Allow",
                "Action": "ecs:TagResource",
                "Resource": families,
                "Condition": {"StringEquals": {"ecs:CreateAction": "RegisterTaskDefinition"}},
            },
            # ecs_service_settings reads the cluster's Service Connect namespace.
            {"Sid": "ReadTheCluster", "Effect": "Allow", "Action": "ecs:DescribeClusters", "Resource": f"{ecs}:cluster/{cluster}"},
            {
                "Sid": "UpdateServices",
                "Effect": "Allow",
                "Action": ["ecs:DescribeServices", "ecs:UpdateService"],
                "Resource": [f"{ecs}:service/{cluster}/{name}" for name in target["services"]],
            },
            {
                "Sid": "PassTaskRoles",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": [f"arn:aws:iam::{account}:role/{name}" for name in target["pass_roles"]],
                "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
            },
            {
                "Sid": "ScaleServices",
                "Effect": "Allow",
                "Action": SCALING,
                "Resource": "*",
                "Condition": {"StringEquals": {"application-autoscaling:service-namespace": "ecs"}},
            },
            {"Sid": "ReadTheStack", "Effect": "Allow", "Action": READS, "Resource": "*"},
        ]
        + (
            [
                {
                    "Sid": "TheRunLock",
                    "Effect": "Allow",
                    "Action": ["ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"],
                    "Resource": f"arn:aws:ssm:{region}:{account}:parameter{target['run_lock']}",
                }
            ]
            if target.get("run_lock")
            else []
        ),
    }


def allowed_actions(policy: dict[str, Any]) -> set[str]:
    """Every action an Allow statement names (for the tests that compare it with recorded calls)."""
    actions: set[str] = set()
    for statement in policy["Statement"]:
        if statement["Effect"] == "Allow":
            named = statement["Action"]
            actions.update([named] if isinstance(named, str) else named)
    return actions


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "github_oidc_subjects": github_oidc_subjects,
            "github_oidc_trust": github_oidc_trust,
            "deploy_role_policy": deploy_role_policy,
        }
