"""A third service added by an inventory alone (tests/inventories/three_services: the catalogue's
overrides), built end to end on the converged stack and read back from the emulator and the
Sentry fake: everything a service has, made from the catalogue by each role.

Called by tests/test_site.py on the stack it converged; its teardown removes the service too.
tests/test_cost_and_diagram.py prices the same inventory.
"""

from __future__ import annotations

from typing import Any

from tests import security_checks
from tests.deploy_checks import ACCOUNT, CLUSTER, DEPLOY_ROLE
from tests.harness import iam_eval
from tests.helpers import playbook
from tests.harness.stack_inventory import sentry_projects

INVENTORY = "tests/inventories/three_services"
PREFIX = "bookmark-manager-local"
ADMIN = f"{PREFIX}-admin"


def build_the_third_service() -> None:
    run = playbook("site.yml", inventory=INVENTORY)
    assert run.returncode == 0, run.output[-3000:]


def the_third_service_is_built(session: Any) -> None:
    ecs, elbv2, ec2 = session.client("ecs"), session.client("elbv2"), session.client("ec2")
    service = ecs.describe_services(cluster=CLUSTER, services=[ADMIN])["services"][0]
    # The local inventory pushes a stand-in image for every service, the third one too: it runs at its minimum.
    assert service["status"] == "ACTIVE" and service["desiredCount"] == 2, service
    definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    container = definition["containerDefinitions"][0]
    assert container["image"].endswith(f"/{ADMIN}:standin"), container["image"]
    assert container["portMappings"][0]["containerPort"] == 3002
    assert {s["name"]: s["valueFrom"].rsplit("/", 1)[-1] for s in container["secrets"]} == {"DATABASE_URL": "DATABASE_URL", "SENTRY_DSN": "SENTRY_DSN_ADMIN"}

    group = elbv2.describe_target_groups(Names=[ADMIN])["TargetGroups"][0]
    assert (group["Port"], group["HealthCheckPath"]) == (3002, "/admin/health")
    assert service["loadBalancers"][0]["targetGroupArn"] == group["TargetGroupArn"]
    alb = elbv2.describe_load_balancers(Names=[f"{PREFIX}-alb"])["LoadBalancers"][0]
    https = next(listener for listener in elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"] if listener["Port"] == 443)
    rules = {rule["Priority"]: rule for rule in elbv2.describe_rules(ListenerArn=https["ListenerArn"])["Rules"]}
    assert ["/admin/*"] in [condition.get("Values") for condition in rules["20"]["Conditions"]], rules["20"]
    assert rules["20"]["Actions"][0]["TargetGroupArn"] == group["TargetGroupArn"]
    assert rules["30"]["Actions"][0]["TargetGroupArn"].split("/")[1] == f"{PREFIX}-web"  # the default route after every path

    groups = {g["GroupName"]: g for g in ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [f"{PREFIX}-alb", f"{PREFIX}-ecs"]}])["SecurityGroups"]}
    ports = sorted(rule["FromPort"] for rule in groups[f"{PREFIX}-ecs"]["IpPermissions"] if rule.get("UserIdGroupPairs"))
    assert 3002 in ports and 3002 in [rule["FromPort"] for rule in groups[f"{PREFIX}-alb"]["IpPermissionsEgress"]], groups

    distribution = session.client("cloudfront").list_distributions()["DistributionList"]["Items"][0]
    assert "/admin/*" in [behaviour["PathPattern"] for behaviour in distribution["CacheBehaviors"]["Items"]]

    alarms = {alarm["AlarmName"] for alarm in session.client("cloudwatch").describe_alarms(AlarmNamePrefix=ADMIN)["MetricAlarms"]}
    assert alarms == {f"{ADMIN}-cpu-high", f"{ADMIN}-memory-high", f"{ADMIN}-unhealthy-targets"}, alarms
    assert ADMIN in sentry_projects(session)
    assert session.client("ssm").get_parameter(Name="/bookmark-manager/local/SENTRY_DSN_ADMIN")["Parameter"]["Type"] == "SecureString"
    assert session.client("ecr").describe_repositories(repositoryNames=[ADMIN])["repositories"]

    policy = session.client("iam").get_role_policy(RoleName=DEPLOY_ROLE, PolicyName="rollout")["PolicyDocument"]
    resources = {resource for statement in policy["Statement"] for resource in ([statement["Resource"]] if isinstance(statement["Resource"], str) else statement["Resource"])}
    assert f"arn:aws:ecs:ap-northeast-1:{ACCOUNT}:service/{CLUSTER}/{ADMIN}" in resources, resources
    assert f"arn:aws:ecr:ap-northeast-1:{ACCOUNT}:repository/{ADMIN}" in resources, resources
    # Its own execution role, reading its two parameters and nothing else; the deploy role may pass it.
    iam = session.client("iam")
    assert definition["executionRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/{ADMIN}-execution"
    parameters = [p["Name"] for page in session.client("ssm").get_paginator("describe_parameters").paginate() for p in page["Parameters"]]
    readable = security_checks.readable_parameters(security_checks.role_policies(iam, f"{ADMIN}-execution"), parameters, "ap-northeast-1", ACCOUNT)
    assert readable == ["/bookmark-manager/local/DATABASE_URL", "/bookmark-manager/local/SENTRY_DSN_ADMIN"], readable
    to_tasks = {"iam:PassedToService": "ecs-tasks.amazonaws.com"}
    assert iam_eval.allowed(security_checks.role_policies(iam, DEPLOY_ROLE), "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/{ADMIN}-execution", to_tasks)
