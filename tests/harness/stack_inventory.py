"""List the stack's resources in an AWS account (the emulator by default).

``python -m tests.harness.stack_inventory [--json]`` prints what exists per resource type. Used by
``make up`` to show what was built, and by the tests to prove that teardown leaves nothing.
Only resource types the project creates are listed; AWS's own defaults (the default VPC, main
route tables, default security groups, AWS managed policies) are not.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

import boto3

Lister = Callable[[Any], list[str]]


def _ec2(session: Any) -> Any:
    return session.client("ec2")


def vpcs(session: Any) -> list[str]:
    return [f"{v['VpcId']} {v['CidrBlock']} {_name(v)}" for v in _ec2(session).describe_vpcs()["Vpcs"] if not v.get("IsDefault")]


def subnets(session: Any) -> list[str]:
    default = {v["VpcId"] for v in _ec2(session).describe_vpcs()["Vpcs"] if v.get("IsDefault")}
    return [
        f"{s['SubnetId']} {s['CidrBlock']} {s['AvailabilityZone']} {_name(s)}"
        for s in _ec2(session).describe_subnets()["Subnets"]
        if s["VpcId"] not in default
    ]


def internet_gateways(session: Any) -> list[str]:
    default = {v["VpcId"] for v in _ec2(session).describe_vpcs()["Vpcs"] if v.get("IsDefault")}
    return [
        f"{g['InternetGatewayId']} {_name(g)}"
        for g in _ec2(session).describe_internet_gateways()["InternetGateways"]
        if not {a["VpcId"] for a in g.get("Attachments", [])} & default
    ]


def nat_gateways(session: Any) -> list[str]:
    return [
        f"{n['NatGatewayId']} {n['State']} {_name(n)}"
        for n in _ec2(session).describe_nat_gateways()["NatGateways"]
        if n["State"] not in ("deleted", "deleting")
    ]


def elastic_ips(session: Any) -> list[str]:
    return [f"{a['AllocationId']} {a.get('PublicIp')} {_name(a)}" for a in _ec2(session).describe_addresses()["Addresses"]]


def route_tables(session: Any) -> list[str]:
    return [
        f"{t['RouteTableId']} {_name(t)}"
        for t in _ec2(session).describe_route_tables()["RouteTables"]
        if not any(a.get("Main") for a in t.get("Associations", []))
    ]


def security_groups(session: Any) -> list[str]:
    return [
        f"{g['GroupId']} {g['GroupName']}"
        for g in _ec2(session).describe_security_groups()["SecurityGroups"]
        if g["GroupName"] != "default"
    ]


def vpc_endpoints(session: Any) -> list[str]:
    return [
        f"{e['VpcEndpointId']} {e['ServiceName']}"
        for e in _ec2(session).describe_vpc_endpoints()["VpcEndpoints"]
        if e["State"].lower() not in ("deleted", "deleting")
    ]


def flow_logs(session: Any) -> list[str]:
    return [f"{f['FlowLogId']} {f['ResourceId']} -> {f.get('LogGroupName')}" for f in _ec2(session).describe_flow_logs()["FlowLogs"]]


def log_groups(session: Any) -> list[str]:
    groups = session.client("logs").describe_log_groups()["logGroups"]
    return [f"{g['logGroupName']} retention={g.get('retentionInDays', 'never')}" for g in groups]


def iam_roles(session: Any) -> list[str]:
    return [r["RoleName"] for r in session.client("iam").list_roles()["Roles"] if not r["Path"].startswith("/aws-service-role/")]


def oidc_providers(session: Any) -> list[str]:
    return [p["Arn"].split(":oidc-provider/", 1)[1] for p in session.client("iam").list_open_id_connect_providers()["OpenIDConnectProviderList"]]


def load_balancers(session: Any) -> list[str]:
    return [f"{lb['LoadBalancerName']} {lb['DNSName']}" for lb in session.client("elbv2").describe_load_balancers()["LoadBalancers"]]


def target_groups(session: Any) -> list[str]:
    return [g["TargetGroupName"] for g in session.client("elbv2").describe_target_groups()["TargetGroups"]]


def buckets(session: Any) -> list[str]:
    return [b["Name"] for b in session.client("s3").list_buckets().get("Buckets", [])]


def certificates(session: Any) -> list[str]:
    found = []
    for region in sorted({session.region_name, "us-east-1"}):
        acm = session.client("acm", region_name=region)
        found += [f"{c['DomainName']} ({region})" for c in acm.list_certificates()["CertificateSummaryList"]]
    return found


def web_acls(session: Any) -> list[str]:
    wafv2 = session.client("wafv2", region_name="us-east-1")
    return [a["Name"] for a in wafv2.list_web_acls(Scope="CLOUDFRONT")["WebACLs"]] + [
        f"ip-set {i['Name']}" for i in wafv2.list_ip_sets(Scope="CLOUDFRONT")["IPSets"]
    ]


def distributions(session: Any) -> list[str]:
    listing = session.client("cloudfront").list_distributions()["DistributionList"]
    return [f"{d['Id']} {d['DomainName']}" for d in listing.get("Items", []) or []]


def origin_access_controls(session: Any) -> list[str]:
    listing = session.client("cloudfront").list_origin_access_controls()["OriginAccessControlList"]
    return [o["Name"] for o in listing.get("Items", []) or []]


def hosted_zones(session: Any) -> list[str]:
    return [z["Name"] for z in session.client("route53").list_hosted_zones()["HostedZones"]]


def health_checks(session: Any) -> list[str]:
    return [h["Id"] for h in session.client("route53").list_health_checks()["HealthChecks"]]


def cloudmap_namespaces(session: Any) -> list[str]:
    return [f"{n['Id']} {n['Name']} {n['Type']}" for n in session.client("servicediscovery").list_namespaces()["Namespaces"]]


def ecs_clusters(session: Any) -> list[str]:
    ecs = session.client("ecs")
    arns = ecs.list_clusters()["clusterArns"]
    described = ecs.describe_clusters(clusters=arns)["clusters"] if arns else []
    return [c["clusterName"] for c in described if c["status"] == "ACTIVE"]


def ecs_services(session: Any) -> list[str]:
    ecs = session.client("ecs")
    found = []
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_services(cluster=cluster)["serviceArns"]
        if arns:
            services = ecs.describe_services(cluster=cluster, services=arns)["services"]
            found += [f"{s['serviceName']} desired={s['desiredCount']}" for s in services if s["status"] == "ACTIVE"]
    return found


def task_definitions(session: Any) -> list[str]:
    arns = session.client("ecs").list_task_definitions(status="ACTIVE")["taskDefinitionArns"]
    return [arn.rsplit("/", 1)[-1] for arn in arns]


def ecr_repositories(session: Any) -> list[str]:
    return [r["repositoryName"] for r in session.client("ecr").describe_repositories()["repositories"]]


def scalable_targets(session: Any) -> list[str]:
    aas = session.client("application-autoscaling")
    targets = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    return [f"{t['ResourceId']} {t['MinCapacity']}-{t['MaxCapacity']}" for t in targets]


def scaling_policies(session: Any) -> list[str]:
    return [p["PolicyName"] for p in session.client("application-autoscaling").describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]]


def scheduled_actions(session: Any) -> list[str]:
    aas = session.client("application-autoscaling")
    return [f"{a['ScheduledActionName']} {a['Schedule']}" for a in aas.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]]


def db_clusters(session: Any) -> list[str]:
    clusters = session.client("rds").describe_db_clusters()["DBClusters"]
    return [f"{c['DBClusterIdentifier']} {c['Engine']} {c.get('EngineVersion')}" for c in clusters]


def db_instances(session: Any) -> list[str]:
    instances = session.client("rds").describe_db_instances()["DBInstances"]
    return [f"{i['DBInstanceIdentifier']} {i['DBInstanceClass']} {i.get('AvailabilityZone')}" for i in instances]


def db_subnet_groups(session: Any) -> list[str]:
    return [g["DBSubnetGroupName"] for g in session.client("rds").describe_db_subnet_groups()["DBSubnetGroups"] if g["DBSubnetGroupName"] != "default"]


def db_cluster_snapshots(session: Any) -> list[str]:
    snapshots = session.client("rds").describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"]
    return [s["DBClusterSnapshotIdentifier"] for s in snapshots]


# Where bookmarks.platform.role_state records a role's resources after its converge: /<prefix>/layer-digest/<role>.
LAYER_RECORD = "/layer-digest/"


def _parameters(session: Any) -> list[dict[str, Any]]:
    pages = session.client("ssm").get_paginator("describe_parameters").paginate()
    return [p for page in pages for p in page["Parameters"]]


def ssm_parameters(session: Any) -> list[str]:
    return [f"{p['Name']} {p['Type']}" for p in _parameters(session) if LAYER_RECORD not in p["Name"]]


def layer_records(session: Any) -> list[str]:
    return [p["Name"] for p in _parameters(session) if LAYER_RECORD in p["Name"]]


def sns_topics(session: Any) -> list[str]:
    pages = session.client("sns").get_paginator("list_topics").paginate()
    return [t["TopicArn"].rsplit(":", 1)[-1] for page in pages for t in page["Topics"]]


def sns_subscriptions(session: Any) -> list[str]:
    pages = session.client("sns").get_paginator("list_subscriptions").paginate()
    return [f"{s['TopicArn'].rsplit(':', 1)[-1]} {s['Protocol']}:{s['Endpoint']}" for page in pages for s in page["Subscriptions"]]


def cloudwatch_alarms(session: Any) -> list[str]:
    pages = session.client("cloudwatch").get_paginator("describe_alarms").paginate()
    return [a["AlarmName"] for page in pages for a in page.get("MetricAlarms", []) + page.get("CompositeAlarms", [])]


def _fake_state(name: str) -> dict[str, Any]:
    """A SaaS fake's resources (nothing when it is not running: a real account is not listed)."""
    import urllib.request

    from tests.harness.fakes import ctl as fakes

    try:
        with urllib.request.urlopen(f"{fakes.urls()[name]}/_fake/state", timeout=5) as response:
            return json.load(response)  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return {}


def _atlas_state() -> dict[str, Any]:
    return _fake_state("atlas")


def datadog_monitors(session: Any) -> list[str]:
    return [f"{m['id']} {m['name']}" for m in _fake_state("datadog").get("monitors", [])]


def sentry_projects(session: Any) -> list[str]:
    return sorted(_fake_state("sentry").get("projects", {}))


def atlas_clusters(session: Any) -> list[str]:
    return [f"{name} {c['stateName']}" for name, c in _atlas_state().get("clusters", {}).items()]


def atlas_database_users(session: Any) -> list[str]:
    return [f"{u['databaseName']}/{u['username']}" for u in _atlas_state().get("databaseUsers", [])]


def atlas_access_list(session: Any) -> list[str]:
    return list(_atlas_state().get("accessList", []))


LISTERS: dict[str, Lister] = {
    "db_cluster": db_clusters,
    "db_instance": db_instances,
    "db_subnet_group": db_subnet_groups,
    "db_cluster_snapshot": db_cluster_snapshots,
    "ssm_parameter": ssm_parameters,
    "layer_record": layer_records,
    "atlas_cluster": atlas_clusters,
    "atlas_database_user": atlas_database_users,
    "atlas_access_list_entry": atlas_access_list,
    "sns_topic": sns_topics,
    "sns_subscription": sns_subscriptions,
    "cloudwatch_alarm": cloudwatch_alarms,
    "datadog_monitor": datadog_monitors,
    "sentry_project": sentry_projects,
    "cloudmap_namespace": cloudmap_namespaces,
    "vpc": vpcs,
    "subnet": subnets,
    "internet_gateway": internet_gateways,
    "nat_gateway": nat_gateways,
    "elastic_ip": elastic_ips,
    "route_table": route_tables,
    "security_group": security_groups,
    "vpc_endpoint": vpc_endpoints,
    "flow_log": flow_logs,
    "log_group": log_groups,
    "iam_role": iam_roles,
    "oidc_provider": oidc_providers,
    "load_balancer": load_balancers,
    "target_group": target_groups,
    "s3_bucket": buckets,
    "acm_certificate": certificates,
    "waf": web_acls,
    "cloudfront_distribution": distributions,
    "origin_access_control": origin_access_controls,
    "hosted_zone": hosted_zones,
    "health_check": health_checks,
    "ecs_cluster": ecs_clusters,
    "ecs_service": ecs_services,
    "task_definition": task_definitions,
    "ecr_repository": ecr_repositories,
    "scalable_target": scalable_targets,
    "scaling_policy": scaling_policies,
    "scheduled_action": scheduled_actions,
}


def _name(resource: dict[str, Any]) -> str:
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == "Name"), "")


def emulator_session(endpoint: str | None = None, region: str = "ap-northeast-1") -> Any:
    """A boto3 session whose clients can only reach the given endpoint (default: the emulator)."""
    endpoint = endpoint or os.environ.get("AWS_ENDPOINT_URL") or f"http://127.0.0.1:{os.environ.get('EMULATOR_PORT', '5001')}"
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
    original = session.client

    def client(service: str, **kwargs: Any) -> Any:
        kwargs.setdefault("region_name", region)
        return original(service, endpoint_url=endpoint, **kwargs)

    session.client = client  # type: ignore[method-assign]
    return session


def inventory(session: Any) -> dict[str, list[str]]:
    return {kind: sorted(lister(session)) for kind, lister in LISTERS.items()}


def main(argv: list[str]) -> int:
    found = inventory(emulator_session())
    if "--json" in argv:
        print(json.dumps(found, indent=2))
        return 0
    for kind, items in found.items():
        print(f"{kind} ({len(items)})")
        for item in items:
            print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
