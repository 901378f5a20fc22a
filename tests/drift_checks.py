"""Drift: changes made behind the project's back, named by `make drift` and repaired by a converge.

Each change is one a platform engineer meets in practice: a console edit, an emergency hotfix,
a cleanup script. Used by tests/test_site.py on its converged stack.
"""

from __future__ import annotations

from typing import Any

PREFIX = "bookmark-manager-local"
PARAMETERS = "/bookmark-manager/local"

# What the plan must name for each change (the role and task, as the plan callback prints them).
EXPECTED = {
    "security group rule added": "security_groups: ALB group (HTTPS in from CloudFront only; only the app ports of the ecs group out)",
    "desired count changed": "ecs_service: Services (private subnets, no public IP, behind the ALB, ECS Exec) [web]",
    "alarm threshold edited": "alarms: CloudWatch alarms, all notifying the topic",
    "SSM parameter deleted": "ssm_params: SecureString parameters from the vault and from the roles that create them",
    "tag removed": "vpc: VPC",
    "WAF rule removed": "cloudfront_waf: WAF web ACL (IP allow, managed rules, IP deny, geo block, rate limit)",
    "listener rule changed": "alb: ALB (HTTP redirects to HTTPS; HTTPS from CloudFront forwards each service's paths to it, the rest to the default service)",
    "log retention changed": "ecs_cluster: Log groups [/ecs/bookmark-manager-local-web]",
}
ALARM = f"{PREFIX}-web-cpu-high"
ALARM_FIELDS = (
    "AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions", "MetricName", "Namespace",
    "Statistic", "Dimensions", "Period", "EvaluationPeriods", "Threshold", "ComparisonOperator", "TreatMissingData",
)  # fmt: skip


def _alb_group(ec2: Any) -> dict[str, Any]:
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [f"{PREFIX}-alb"]}])
    return groups["SecurityGroups"][0]


def _vpc(ec2: Any) -> dict[str, Any]:
    return ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [f"{PREFIX}-vpc"]}])["Vpcs"][0]


def _api_rule(elbv2: Any) -> dict[str, Any]:
    balancer = elbv2.describe_load_balancers(Names=[f"{PREFIX}-alb"])["LoadBalancers"][0]
    listeners = elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]
    https = next(listener for listener in listeners if listener["Port"] == 443)
    return next(rule for rule in elbv2.describe_rules(ListenerArn=https["ListenerArn"])["Rules"] if not rule["IsDefault"])


def _web_acl(wafv2: Any) -> tuple[dict[str, Any], str]:
    summary = next(acl for acl in wafv2.list_web_acls(Scope="CLOUDFRONT")["WebACLs"] if acl["Name"] == f"{PREFIX}-waf")
    found = wafv2.get_web_acl(Name=summary["Name"], Scope="CLOUDFRONT", Id=summary["Id"])
    return found["WebACL"], found["LockToken"]


def _web_service(ecs: Any) -> dict[str, Any]:
    return ecs.describe_services(cluster=f"{PREFIX}-cluster", services=[f"{PREFIX}-web"])["services"][0]


def _state(session: Any) -> dict[str, Any]:
    """The eight things the drift test changes, as the emulator holds them."""
    ec2, elbv2 = session.client("ec2"), session.client("elbv2")
    acl, _ = _web_acl(session.client("wafv2", region_name="us-east-1"))
    alarm = session.client("cloudwatch").describe_alarms(AlarmNames=[ALARM])["MetricAlarms"][0]
    parameters = session.client("ssm").get_parameters_by_path(Path=PARAMETERS)["Parameters"]
    logs = session.client("logs").describe_log_groups(logGroupNamePrefix=f"/ecs/{PREFIX}-web")["logGroups"]
    return {
        "security group rule added": sorted(str(rule) for rule in _alb_group(ec2)["IpPermissions"]),
        "desired count changed": _web_service(session.client("ecs"))["desiredCount"],
        "alarm threshold edited": alarm["Threshold"],
        "SSM parameter deleted": sorted(parameter["Name"] for parameter in parameters),
        "tag removed": sorted((tag["Key"], tag["Value"]) for tag in _vpc(ec2)["Tags"]),
        "WAF rule removed": [rule["Name"] for rule in acl["Rules"]],
        "listener rule changed": _api_rule(elbv2)["Conditions"],
        "log retention changed": logs[0].get("retentionInDays"),
    }


def change_behind_the_back(session: Any) -> dict[str, Any]:
    """Make the eight changes; returns the state before them."""
    before = _state(session)
    ec2 = session.client("ec2")
    ec2.authorize_security_group_ingress(
        GroupId=_alb_group(ec2)["GroupId"],
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    session.client("ecs").update_service(cluster=f"{PREFIX}-cluster", service=f"{PREFIX}-web", desiredCount=0)
    cloudwatch = session.client("cloudwatch")
    alarm = cloudwatch.describe_alarms(AlarmNames=[ALARM])["MetricAlarms"][0]
    cloudwatch.put_metric_alarm(**{**{key: alarm[key] for key in ALARM_FIELDS if key in alarm}, "Threshold": 99.0})
    session.client("ssm").delete_parameter(Name=f"{PARAMETERS}/DATABASE_URL")
    ec2.delete_tags(Resources=[_vpc(ec2)["VpcId"]], Tags=[{"Key": "Environment"}])
    wafv2 = session.client("wafv2", region_name="us-east-1")
    acl, lock = _web_acl(wafv2)
    wafv2.update_web_acl(
        Name=acl["Name"], Scope="CLOUDFRONT", Id=acl["Id"], LockToken=lock, DefaultAction=acl["DefaultAction"],
        Rules=[rule for rule in acl["Rules"] if rule["Name"] != "rate-limit"], VisibilityConfig=acl["VisibilityConfig"],
        Description=acl.get("Description", ""),
    )  # fmt: skip
    elbv2 = session.client("elbv2")
    elbv2.modify_rule(
        RuleArn=_api_rule(elbv2)["RuleArn"], Conditions=[{"Field": "path-pattern", "Values": ["/v2/*"]}]
    )
    session.client("logs").put_retention_policy(logGroupName=f"/ecs/{PREFIX}-web", retentionInDays=7)
    after = _state(session)
    unchanged = [what for what in EXPECTED if after[what] == before[what]]
    assert not unchanged, f"the emulator did not take these changes: {unchanged}"
    return before


def plan_names_each_change(plan: dict[str, Any]) -> None:
    named = [change["resource"] for change in plan["changes"]]
    missing = {what: label for what, label in EXPECTED.items() if label not in named}
    assert not missing, f"the dry run did not name: {missing}\nit named: {named}"
    others = [label for label in named if label not in EXPECTED.values()]
    assert not others, f"the dry run named changes nobody made: {others}"


def converge_repaired_each_change(session: Any, before: dict[str, Any]) -> None:
    after = _state(session)
    # A service stopped by hand (0 tasks, outside the autoscaling range) starts again at its desired
    # count (2); any other count is autoscaling's to set, brought back within the range.
    assert after.pop("desired count changed") == 2
    before = {what: value for what, value in before.items() if what != "desired count changed"}
    differ = {what: (before[what], after[what]) for what in before if after[what] != before[what]}
    assert not differ, f"a converge did not repair (before, after): {differ}"
