"""Who may read what, as AWS would decide it: the policies read back from IAM and evaluated
(tests/harness/iam_eval.py) against every parameter and secret-returning call of the stack.

Used by tests/test_iam_policies.py on the policies the filters build (no emulator) and by
tests/test_site.py on the converged stack (the policies IAM holds, managed ones included).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from tests.harness import iam_eval

# parliament's findings that stay, each with its reason: (issue, the action or resource it names).
PARLIAMENT_JUSTIFIED = {
    ("RESOURCE_STAR", action): "a scalable target's ARN carries an ID AWS assigns at registration; the deploy role's "
    "statement is held to the ECS namespace by application-autoscaling:service-namespace"
    for action in ("application-autoscaling:DeleteScheduledAction", "application-autoscaling:PutScalingPolicy",
                   "application-autoscaling:PutScheduledAction", "application-autoscaling:RegisterScalableTarget")
}  # fmt: skip


def parliament_findings(policy: Mapping[str, Any]) -> list[str]:
    """parliament's findings (offline: its bundled copy of AWS's service authorization reference)
    on an identity policy, but those PARLIAMENT_JUSTIFIED justifies."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # parliament imports pkg_resources
        import parliament

    found = []
    for finding in parliament.analyze_policy_string(json.dumps(policy)).findings:
        named = finding.detail if isinstance(finding.detail, list) else [finding.detail]
        found += [f"{finding.issue}: {item}" for item in named if (finding.issue, str(item)) not in PARLIAMENT_JUSTIFIED]
    return found

# Calls whose answer holds a secret in clear, by resource (besides ssm:GetParameter* and KMS).
SECRET_RETURNING = [
    "elasticloadbalancing:DescribeRules",  # the listener's rule holds the origin header's value
    "cloudfront:GetDistributionConfig",  # the origin's custom header, the same value
    "cloudfront:GetDistribution",
    "secretsmanager:GetSecretValue",
    "rds-data:ExecuteStatement",
]
PARAMETER_READS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"]


def parameter_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:ssm:{region}:{account}:parameter{name}"


def readable_parameters(policies: Iterable[Mapping[str, Any]], parameters: Iterable[str], region: str, account: str) -> list[str]:
    """The parameters (full names) any parameter read of the policies may read."""
    policies = list(policies)
    return sorted(
        name for name in parameters
        if any(iam_eval.allowed(policies, action, parameter_arn(region, account, name)) for action in PARAMETER_READS)
    )  # fmt: skip


def role_policies(iam: Any, role: str) -> list[dict[str, Any]]:
    """Every identity policy of a role as IAM holds it: inline, and the attached managed ones."""
    documents = []
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        documents.append(json.loads(document) if isinstance(document, str) else document)
    for attached in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
        version = iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]
        document = version["Document"]
        documents.append(json.loads(document) if isinstance(document, str) else document)
    return documents


def execution_roles_read_only_their_parameters(
    roles: Mapping[str, list[dict[str, Any]]], wanted: Mapping[str, list[str]], parameters: list[str], region: str, account: str
) -> None:
    """Each service's execution role (service: its policies) may read exactly the parameters its
    containers name (wanted: service: full names), none of the others among parameters."""
    for service, policies in roles.items():
        assert readable_parameters(policies, parameters, region, account) == sorted(wanted[service]), service
        for action in ("ssm:GetParametersByPath", "ssm:PutParameter", "ssm:DescribeParameters"):
            assert not any(iam_eval.allowed(policies, action, parameter_arn(region, account, name)) for name in parameters), (service, action)


def nobody_else_reads(policies: list[dict[str, Any]], parameters: list[str], region: str, account: str, *, resources: Mapping[str, str]) -> None:
    """No parameter is readable, and no call that returns a secret is allowed on its resource
    (resources: action: the ARN to try it on)."""
    assert readable_parameters(policies, parameters, region, account) == []
    for action in SECRET_RETURNING:
        assert not iam_eval.allowed(policies, action, resources.get(action, "*")), action
        assert not iam_eval.allowed(policies, action, "*"), action
    assert not iam_eval.allowed(policies, "kms:Decrypt", f"arn:aws:kms:{region}:{account}:key/any", {"kms:ViaService": f"ssm.{region}.amazonaws.com"})


def deploy_role_registers_and_passes_only_its_own(policies: list[dict[str, Any]], *, ecs: str, families: list[str], pass_roles: list[str], iam: str) -> None:
    """Revisions of its families only; only the tasks' roles passed, and only to ECS tasks."""
    for family in families:
        assert iam_eval.allowed(policies, "ecs:RegisterTaskDefinition", f"{ecs}:task-definition/{family}:7"), family
    for family in ("other-app", f"{families[0]}-shadow"):
        assert not iam_eval.allowed(policies, "ecs:RegisterTaskDefinition", f"{ecs}:task-definition/{family}:1"), family
    to_tasks = {"iam:PassedToService": "ecs-tasks.amazonaws.com"}
    for role in pass_roles:
        assert iam_eval.allowed(policies, "iam:PassRole", f"{iam}:role/{role}", to_tasks), role
        assert not iam_eval.allowed(policies, "iam:PassRole", f"{iam}:role/{role}", {"iam:PassedToService": "lambda.amazonaws.com"}), role
    for role in ("bookmark-manager-admin", "OrganizationAccountAccessRole", f"{pass_roles[0]}-old"):
        assert not iam_eval.allowed(policies, "iam:PassRole", f"{iam}:role/{role}", to_tasks), role


def the_converged_stack_grants_least_privilege(session: Any, *, prefix: str, path: str, deploy_role: str, cluster: str) -> None:
    """On the converged stack, from what IAM, ECS and SSM hold: each service's execution role is
    its task definitions' and reads exactly the parameters they name; no role of the account (the
    tasks', the deploy role, the others) may read the master password, the origin secret or the
    layer records; the deploy role registers and passes only its own and reads no secret."""
    iam, ecs_client, ssm, elbv2 = (session.client(name) for name in ("iam", "ecs", "ssm", "elbv2"))
    region = session.region_name
    account = session.client("sts").get_caller_identity()["Account"]
    parameters = [p["Name"] for page in ssm.get_paginator("describe_parameters").paginate() for p in page["Parameters"]]
    guarded = [name for name in parameters if name.startswith((f"{path}/aurora/", f"{path}/cloudfront/origin-secret")) or "/layer-digest/" in name]
    assert len(guarded) >= 5, guarded  # the two secrets and the records of the skipping roles

    arns = ecs_client.list_services(cluster=cluster)["serviceArns"]
    described = ecs_client.describe_services(cluster=cluster, services=arns)["services"]
    roles, wanted = {}, {}
    for service in described:
        definition = ecs_client.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
        name = service["serviceName"].removeprefix(f"{prefix}-")
        assert definition["executionRoleArn"].endswith(f":role/{prefix}-{name}-execution"), definition["executionRoleArn"]
        roles[name] = role_policies(iam, f"{prefix}-{name}-execution")
        wanted[name] = sorted({s["valueFrom"].split(":parameter", 1)[1] for c in definition["containerDefinitions"] for s in c.get("secrets", [])})
    assert wanted and all(wanted.values()), wanted
    execution_roles_read_only_their_parameters(roles, wanted, parameters, region, account)

    every_role = [role["RoleName"] for page in iam.get_paginator("list_roles").paginate() for role in page["Roles"]]
    for role in every_role:
        policies = role_policies(iam, role)
        assert readable_parameters(policies, guarded, region, account) == [], role
        assert [finding for policy in policies for finding in parliament_findings(policy)] == [], role

    deploy = role_policies(iam, deploy_role)
    [balancer] = elbv2.describe_load_balancers(Names=[f"{prefix}-alb"])["LoadBalancers"]
    rules = [rule["RuleArn"] for listener in elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]
             for rule in elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]]  # fmt: skip
    for rule in rules:
        nobody_else_reads(deploy, parameters, region, account, resources={"elasticloadbalancing:DescribeRules": rule})
    deploy_role_registers_and_passes_only_its_own(
        deploy, ecs=f"arn:aws:ecs:{region}:{account}", families=[s["serviceName"] for s in described],
        pass_roles=[f"{prefix}-{name}-execution" for name in roles] + [f"{prefix}-ecs-task"], iam=f"arn:aws:iam::{account}",
    )
