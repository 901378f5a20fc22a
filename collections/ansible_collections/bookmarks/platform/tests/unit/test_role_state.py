"""role_state and role_digest: a role's resources read in one pass, their digest, and the record after a converge.

Against moto in-process: the resources are built with boto3, read back by the module's run(), and
changed behind its back; writes are counted per client.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.module_utils import role_state as utils
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import alb as alb_reader
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import aurora as aurora_reader
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import cloudfront_waf as edge_reader
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import ecs_cluster as cluster_reader
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import ecs_service as service_reader
from ansible_collections.bookmarks.platform.plugins.module_utils.readers import vpc as vpc_reader
from ansible_collections.bookmarks.platform.plugins.modules import role_state
from ansible_collections.bookmarks.platform.plugins.plugin_utils import role_digest

REGION = "ap-northeast-1"
PREFIX = "bm-test"
ZONES = ["ap-northeast-1a", "ap-northeast-1c"]
RECORD = f"/{PREFIX}/layer-digest/vpc"
PARAMS = {
    "name_prefix": PREFIX,
    "availability_zones": ZONES,
    "flow_logs_group": f"/vpc/{PREFIX}/flow-logs",
    "flow_logs_role": f"{PREFIX}-vpc-flow-logs",
    "endpoints_sg_name": f"{PREFIX}-vpc-endpoints",
}


def tags(**pairs: str) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in pairs.items()]


class Clients:
    """The module's client(service, region), one client per service and region, each with its calls counted."""

    def __init__(self) -> None:
        self.clients: dict[tuple[str, str], Any] = {}
        self.calls: dict[tuple[str, str], Calls] = {}

    def __call__(self, service: str, region: str | None = None) -> Any:
        key = (service, region or REGION)
        if key not in self.clients:
            self.clients[key] = boto3.client(service, region_name=key[1])
            self.calls[key] = Calls(self.clients[key])
        return self.clients[key]

    @property
    def writes(self) -> list[str]:
        return [name for calls in self.calls.values() for name in calls.writes]


@pytest.fixture
def aws() -> Iterator[Clients]:
    with mock_aws():
        yield Clients()


@pytest.fixture
def layer(aws: Clients) -> dict[str, Any]:
    """A small vpc layer: the VPC, a public and a private subnet per AZ, the internet gateway, a
    route table, the flow-log group and role. Returns their IDs."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(Name=f"{PREFIX}-vpc")}])["Vpc"]["VpcId"]
    subnets = {}
    for index, zone in enumerate(ZONES):
        for tier, third in (("public", 1 + index), ("private", 11 + index)):
            subnets[(tier, zone)] = ec2.create_subnet(
                VpcId=vpc, CidrBlock=f"10.0.{third}.0/24", AvailabilityZone=zone,
                TagSpecifications=[{"ResourceType": "subnet", "Tags": tags(Name=f"{PREFIX}-{tier}-{zone}", Tier=tier)}],
            )["Subnet"]["SubnetId"]  # fmt: skip
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc, TagSpecifications=[{"ResourceType": "route-table", "Tags": tags(Name=f"{PREFIX}-public")}])
    table_id = table["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName=PARAMS["flow_logs_group"], tags={"Name": PARAMS["flow_logs_group"]})
    logs.put_retention_policy(logGroupName=PARAMS["flow_logs_group"], retentionInDays=30)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    boto3.client("iam", region_name=REGION).create_role(RoleName=PARAMS["flow_logs_role"], AssumeRolePolicyDocument=json.dumps(trust))
    return {"vpc": vpc, "subnets": subnets, "igw": igw, "route_table": table_id}


def module_params(**overrides: Any) -> dict[str, Any]:
    return {"role": "vpc", "params": PARAMS, "inputs_digest": "inputs-1", "record": RECORD, "state": "read", **overrides}


def run(aws: Clients, check_mode: bool = False, **overrides: Any) -> dict[str, Any]:
    return role_state.run(aws, module_params(**overrides), REGION, check_mode)


def converge(aws: Clients) -> dict[str, Any]:
    return run(aws, state="recorded")


# canonical() and digest()


def test_canonical_sorts_lists_and_keys_and_drops_what_aws_changes_by_itself() -> None:
    now = datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)
    one = {"B": [{"Key": "b"}, {"Key": "a"}], "A": now, "AvailableIpAddressCount": 250}
    other = {"A": now, "B": [{"Key": "a"}, {"Key": "b"}], "AvailableIpAddressCount": 3}
    assert utils.canonical(one) == {"A": "2026-11-30T00:00:00+00:00", "B": [{"Key": "a"}, {"Key": "b"}]}
    assert utils.digest("inputs", REGION, one) == utils.digest("inputs", REGION, other)


def test_digest_changes_with_the_inputs_the_region_and_any_other_field() -> None:
    state = {"Subnets": [{"SubnetId": "subnet-1", "MapPublicIpOnLaunch": False}]}
    base = utils.digest("inputs", REGION, state)
    assert utils.digest("other inputs", REGION, state) != base
    assert utils.digest("inputs", "us-east-1", state) != base
    assert utils.digest("inputs", REGION, {"Subnets": [{"SubnetId": "subnet-1", "MapPublicIpOnLaunch": True}]}) != base


# The vpc reader


def test_the_reader_publishes_the_ids_in_az_order_as_the_facts_path_does(aws: Clients, layer: dict[str, Any]) -> None:
    result = run(aws, record=None, inputs_digest=None)
    assert result["found"] == {
        "vpc_id": layer["vpc"],
        "public_subnet_ids": [layer["subnets"][("public", zone)] for zone in ZONES],
        "private_subnet_ids": [layer["subnets"][("private", zone)] for zone in ZONES],
        "nat_gateways": [],
    }
    assert result["changed"] is False
    assert "digest" not in result and result["unchanged"] is False
    assert aws.writes == []


def test_an_empty_account_is_an_empty_layer(aws: Clients) -> None:
    state, found = vpc_reader.read_vpc(aws, PARAMS)
    assert found == {"vpc_id": "", "public_subnet_ids": ["", ""], "private_subnet_ids": ["", ""], "nat_gateways": []}
    assert state == {"Vpcs": [], "Addresses": [], "LogGroup": None, "Role": None}


def test_the_state_holds_every_kind_of_resource_the_role_manages(aws: Clients, layer: dict[str, Any]) -> None:
    state = vpc_reader.read_vpc(aws, PARAMS)[0]
    assert set(state) == {
        "Vpcs", "Subnets", "InternetGateways", "NatGateways", "Addresses", "RouteTables", "VpcEndpoints",
        "SecurityGroups", "FlowLogs", "LogGroup", "Role",
    }  # fmt: skip
    [vpc] = state["Vpcs"]
    assert vpc["Attributes"] == {"enableDnsSupport": {"Value": True}, "enableDnsHostnames": {"Value": False}}
    assert state["LogGroup"]["retentionInDays"] == 30 and state["LogGroup"]["tags"] == {"Name": PARAMS["flow_logs_group"]}
    assert state["Role"]["InlinePolicies"] == {} and state["Role"]["AttachedPolicies"] == []


# The record: a converge, a no-op, drift


def test_a_converge_records_the_layer_and_the_next_read_finds_it_unchanged_without_a_write(aws: Clients, layer: dict[str, Any]) -> None:
    first = run(aws)
    assert first["unchanged"] is False and first["recorded"] is None

    recorded = converge(aws)
    assert recorded["changed"] is True
    stored = boto3.client("ssm", region_name=REGION).get_parameter(Name=RECORD)["Parameter"]
    assert stored["Value"] == recorded["digest"] == first["digest"]
    assert aws.writes == ["PutParameter"]

    again = run(aws)
    assert again["unchanged"] is True and again["changed"] is False
    assert converge(aws)["changed"] is False  # recording an unchanged layer writes nothing
    assert aws.writes == ["PutParameter"]


@pytest.mark.parametrize(
    "change",
    ["subnet tag", "public IP on launch", "route added", "DNS hostnames", "log retention", "role policy", "new subnet"],
)
def test_a_change_behind_the_roles_back_makes_the_layer_changed(aws: Clients, layer: dict[str, Any], change: str) -> None:
    converge(aws)
    ec2, subnet = boto3.client("ec2", region_name=REGION), layer["subnets"][("private", ZONES[0])]
    if change == "subnet tag":
        ec2.create_tags(Resources=[subnet], Tags=tags(Owner="someone"))
    elif change == "public IP on launch":
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    elif change == "route added":
        ec2.create_route(RouteTableId=layer["route_table"], DestinationCidrBlock="192.0.2.0/24", GatewayId=layer["igw"])
    elif change == "DNS hostnames":
        ec2.modify_vpc_attribute(VpcId=layer["vpc"], EnableDnsHostnames={"Value": True})
    elif change == "log retention":
        boto3.client("logs", region_name=REGION).put_retention_policy(logGroupName=PARAMS["flow_logs_group"], retentionInDays=7)
    elif change == "role policy":
        boto3.client("iam", region_name=REGION).put_role_policy(
            RoleName=PARAMS["flow_logs_role"], PolicyName="extra",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
        )  # fmt: skip
    else:
        ec2.create_subnet(VpcId=layer["vpc"], CidrBlock="10.0.99.0/24", AvailabilityZone=ZONES[1])
    assert run(aws)["unchanged"] is False


def test_other_inputs_or_code_make_the_layer_changed(aws: Clients, layer: dict[str, Any]) -> None:
    converge(aws)
    assert run(aws, inputs_digest="inputs-2")["unchanged"] is False


def test_check_mode_reports_the_record_it_would_write_and_writes_nothing(aws: Clients, layer: dict[str, Any]) -> None:
    result = run(aws, check_mode=True, state="recorded")
    assert result["changed"] is True and result["diff"] == {"before": {"record": None}, "after": {"record": result["digest"]}}
    assert aws.writes == []


def test_absent_deletes_the_record_once(aws: Clients, layer: dict[str, Any]) -> None:
    converge(aws)
    assert run(aws, state="absent", check_mode=True)["changed"] is True
    assert aws.writes == ["PutParameter"]
    assert run(aws, state="absent")["changed"] is True
    assert run(aws, state="absent") == {"changed": False, "recorded": None}
    assert aws.writes == ["PutParameter", "DeleteParameter"]
    assert run(aws)["unchanged"] is False


# The inputs digest (plugin_utils/role_digest.py)


@pytest.fixture
def role(tmp_path: Path) -> Path:
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "main.yml").write_text("- name: A task\n  ansible.builtin.debug:\n")
    (tmp_path / "README.md").write_text("# The role\n")
    return tmp_path


def test_the_inputs_digest_follows_the_inputs_and_the_roles_code_not_its_readme(role: Path) -> None:
    base = role_digest.inputs_digest(role, {"vpc_cidr": "10.0.0.0/16"})
    assert role_digest.inputs_digest(role, {"vpc_cidr": "10.0.0.0/16"}) == base
    assert role_digest.inputs_digest(role, {"vpc_cidr": "10.1.0.0/16"}) != base
    (role / "README.md").write_text("# The role, better described\n")
    assert role_digest.inputs_digest(role, {"vpc_cidr": "10.0.0.0/16"}) == base
    (role / "tasks" / "main.yml").write_text("- name: Another task\n  ansible.builtin.debug:\n")
    assert role_digest.inputs_digest(role, {"vpc_cidr": "10.0.0.0/16"}) != base


def test_the_code_versions_name_the_collections_the_roles_run(role: Path) -> None:
    versions = role_digest.code_versions()
    assert set(versions) == {"bookmarks.platform plugins", "ansible-core", "amazon.aws", "community.aws"}
    assert len(versions["bookmarks.platform plugins"]) == 64


# The ecs_cluster reader

CLUSTER_PARAMS = {
    "cluster_name": f"{PREFIX}-cluster",
    "namespace": PREFIX,
    "repositories": [f"{PREFIX}-web", f"{PREFIX}-api"],
    "roles": [f"{PREFIX}-ecs-execution", f"{PREFIX}-ecs-task"],
    "log_groups": [f"/ecs/{PREFIX}-web", f"/ecs/{PREFIX}-api"],
}


def kept(count: int) -> dict[str, Any]:
    """A lifecycle policy that keeps the newest count images."""
    selection = {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": count}
    return {"rules": [{"rulePriority": 1, "selection": selection, "action": {"type": "expire"}}]}


LIFECYCLE = kept(20)


@pytest.fixture
def cluster(aws: Clients) -> None:
    insights = [{"name": "containerInsights", "value": "enabled"}]
    boto3.client("ecs", region_name=REGION).create_cluster(clusterName=CLUSTER_PARAMS["cluster_name"], settings=insights)
    ecr = boto3.client("ecr", region_name=REGION)
    for name in CLUSTER_PARAMS["repositories"]:
        ecr.create_repository(repositoryName=name, imageTagMutability="IMMUTABLE")
        ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=json.dumps(LIFECYCLE))
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    boto3.client("servicediscovery", region_name=REGION).create_http_namespace(Name=PREFIX, Tags=[{"Key": "Project", "Value": "bm"}])
    for name in CLUSTER_PARAMS["roles"]:
        boto3.client("iam", region_name=REGION).create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    for name in CLUSTER_PARAMS["log_groups"]:
        boto3.client("logs", region_name=REGION).create_log_group(logGroupName=name)


def cluster_digest(aws: Clients) -> str:
    return utils.digest("inputs", REGION, cluster_reader.read_ecs_cluster(aws, CLUSTER_PARAMS)[0])


def test_the_cluster_reader_reads_each_resource_and_publishes_nothing(aws: Clients, cluster: None) -> None:
    state, found = cluster_reader.read_ecs_cluster(aws, CLUSTER_PARAMS)
    assert found == {}
    [read] = state["Clusters"]
    assert read["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert [repository["lifecyclePolicy"] for repository in state["Repositories"]] == [LIFECYCLE, LIFECYCLE]
    assert [role["RoleName"] for role in state["Roles"]] == CLUSTER_PARAMS["roles"]
    assert [group["logGroupName"] for group in state["LogGroups"]] == CLUSTER_PARAMS["log_groups"]
    assert (state["Namespace"]["Name"], state["Namespace"]["Tags"]) == (PREFIX, [{"Key": "Project", "Value": "bm"}])
    assert aws.writes == []


def test_the_namespace_gone_or_retagged_changes_the_cluster_layer(aws: Clients, cluster: None) -> None:
    before = cluster_digest(aws)
    sd = boto3.client("servicediscovery", region_name=REGION)
    [namespace] = sd.list_namespaces()["Namespaces"]
    sd.tag_resource(ResourceARN=namespace["Arn"], Tags=[{"Key": "Owner", "Value": "someone"}])
    retagged = cluster_digest(aws)
    assert retagged != before
    sd.delete_namespace(Id=namespace["Id"])
    assert cluster_reader.read_ecs_cluster(aws, CLUSTER_PARAMS)[0]["Namespace"] is None
    assert cluster_digest(aws) not in (before, retagged)


def test_a_missing_repository_or_a_changed_lifecycle_policy_changes_the_cluster_layer(aws: Clients, cluster: None) -> None:
    before = cluster_digest(aws)
    ecr = boto3.client("ecr", region_name=REGION)
    ecr.put_lifecycle_policy(repositoryName=f"{PREFIX}-web", lifecyclePolicyText=json.dumps(kept(5)))
    changed = cluster_digest(aws)
    assert changed != before
    ecr.delete_repository(repositoryName=f"{PREFIX}-web", force=True)
    state = cluster_reader.read_ecs_cluster(aws, CLUSTER_PARAMS)[0]
    assert state["Repositories"][0] is None
    assert cluster_digest(aws) not in (before, changed)


def test_tasks_starting_in_the_cluster_leave_the_cluster_layer_unchanged(aws: Clients, cluster: None) -> None:
    state = cluster_reader.read_ecs_cluster(aws, CLUSTER_PARAMS)[0]
    busy = {**state, "Clusters": [{**state["Clusters"][0], "runningTasksCount": 4, "activeServicesCount": 2}]}
    assert utils.digest("inputs", REGION, busy) == cluster_digest(aws)


# The ecs_service reader

MANIFEST = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "layers": []}
SERVICE_PARAMS = {
    "cluster_name": f"{PREFIX}-cluster",
    "services": {"web": f"{PREFIX}-web"},
    "scaling": {"web": {"count_range": [1, 10], "capacities": [[2, 10], [1, 2]]}},
}


@pytest.fixture
def service(aws: Clients) -> dict[str, str]:
    ecs, ecr = boto3.client("ecs", region_name=REGION), boto3.client("ecr", region_name=REGION)
    ecs.create_cluster(clusterName=SERVICE_PARAMS["cluster_name"])
    url = ecr.create_repository(repositoryName=f"{PREFIX}-web")["repository"]["repositoryUri"]
    definition = ecs.register_task_definition(
        family=f"{PREFIX}-web", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        containerDefinitions=[{"name": "web", "image": f"{url}:v1", "essential": True}],
    )["taskDefinition"]["taskDefinitionArn"]  # fmt: skip
    ecs.create_service(cluster=SERVICE_PARAMS["cluster_name"], serviceName=f"{PREFIX}-web", taskDefinition=definition, desiredCount=2)
    autoscaling = boto3.client("application-autoscaling", region_name=REGION)
    resource = f"service/{SERVICE_PARAMS['cluster_name']}/{PREFIX}-web"
    dimension = "ecs:service:DesiredCount"
    autoscaling.register_scalable_target(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension=dimension, MinCapacity=2, MaxCapacity=10)
    return {"definition": definition, "url": url, "resource": resource}


def service_state(aws: Clients) -> tuple[str, dict[str, Any]]:
    state, found = service_reader.read_ecs_service(aws, SERVICE_PARAMS)
    return utils.digest("inputs", REGION, state), found


def test_the_service_reader_publishes_the_revision_and_the_waiting_services(aws: Clients, service: dict[str, str]) -> None:
    _digest, found = service_state(aws)
    assert found == {"revisions": {"web": {"arn": service["definition"]}}, "images": {"web": f"{service['url']}:v1"}, "waiting": []}
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.update_service(cluster=SERVICE_PARAMS["cluster_name"], service=f"{PREFIX}-web", desiredCount=0)
    assert service_state(aws)[1]["waiting"] == ["web"]  # at 0 tasks, and its image v1 is not in ECR
    boto3.client("ecr", region_name=REGION).put_image(repositoryName=f"{PREFIX}-web", imageManifest=json.dumps(MANIFEST), imageTag="v1")
    assert service_state(aws)[1]["waiting"] == []
    assert aws.writes == []


def test_autoscaling_within_its_range_leaves_the_services_unchanged_and_a_count_outside_does_not(aws: Clients, service: dict[str, str]) -> None:
    before = service_state(aws)[0]
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.update_service(cluster=SERVICE_PARAMS["cluster_name"], service=f"{PREFIX}-web", desiredCount=7)
    assert service_state(aws)[0] == before
    ecs.update_service(cluster=SERVICE_PARAMS["cluster_name"], service=f"{PREFIX}-web", desiredCount=0)
    assert service_state(aws)[0] != before


def test_the_deployment_and_task_counts_aws_moves_by_itself_leave_the_services_unchanged(aws: Clients, service: dict[str, str]) -> None:
    # DescribeServices answers currentServiceDeployment and currentServiceRevisions, which move
    # with every task replacement and scaling action (moto answers neither: added here, moving
    # at every read, as the strict emulator does).
    reads = iter(range(1, 100))

    def as_aws_answers(parsed: dict[str, Any], **_: Any) -> None:
        for described in parsed.get("services", []):
            replacement = next(reads)
            described["currentServiceDeployment"] = f"{described['serviceArn']}/deployment/{replacement}"
            described["currentServiceRevisions"] = [{"arn": described["taskDefinition"], "requestedTaskCount": 2,
                                                     "runningTaskCount": 2 - replacement % 2, "pendingTaskCount": replacement % 2}]  # fmt: skip

    aws("ecs").meta.events.register("after-call.ecs.DescribeServices", as_aws_answers)
    first, second = service_state(aws)[0], service_state(aws)[0]
    assert first == second
    assert next(reads) == 3  # both reads carried the fields, each with other values


def test_a_schedules_limits_leave_the_services_unchanged_and_other_limits_do_not(aws: Clients, service: dict[str, str]) -> None:
    before = service_state(aws)[0]
    autoscaling = boto3.client("application-autoscaling", region_name=REGION)
    scope = {"ServiceNamespace": "ecs", "ResourceId": service["resource"], "ScalableDimension": "ecs:service:DesiredCount"}
    autoscaling.register_scalable_target(**scope, MinCapacity=1, MaxCapacity=2)  # the night's schedule
    assert service_state(aws)[0] == before
    autoscaling.register_scalable_target(**scope, MinCapacity=1, MaxCapacity=50)  # by hand
    assert service_state(aws)[0] != before


def test_no_cluster_is_no_service(aws: Clients) -> None:
    assert service_reader.read_ecs_service(aws, SERVICE_PARAMS) == ({"Services": []}, {"revisions": {}, "images": {}, "waiting": []})


# The cloudfront_waf reader

SECRET = "s3cr3t-header-value-0123456789abcdef0123456789ab"
EDGE_PARAMS = {"name_prefix": PREFIX, "bucket": f"{PREFIX}-assets", "origin_secret_parameter": f"/{PREFIX}/ORIGIN_SECRET"}
VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "m"}


@pytest.fixture
def edge(aws: Clients) -> dict[str, str]:
    wafv2 = boto3.client("wafv2", region_name=edge_reader.GLOBAL)
    for kind in ("allow", "deny"):
        wafv2.create_ip_set(Name=f"{PREFIX}-ip-{kind}", Scope="CLOUDFRONT", IPAddressVersion="IPV4", Addresses=[])
    acl = wafv2.create_web_acl(
        Name=f"{PREFIX}-waf", Scope="CLOUDFRONT", DefaultAction={"Allow": {}}, VisibilityConfig=VISIBILITY, Rules=[]
    )["Summary"]["ARN"]  # fmt: skip
    ssm = boto3.client("ssm", region_name=REGION)
    ssm.put_parameter(Name=EDGE_PARAMS["origin_secret_parameter"], Value=SECRET, Type="SecureString")
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=EDGE_PARAMS["bucket"], CreateBucketConfiguration={"LocationConstraint": REGION})
    blocked = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    s3.put_public_access_block(Bucket=EDGE_PARAMS["bucket"], PublicAccessBlockConfiguration=blocked)
    cloudfront = boto3.client("cloudfront", region_name=edge_reader.GLOBAL)
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": f"{PREFIX}-distribution", "Comment": PREFIX, "Enabled": True, "WebACLId": acl,
            "Origins": {"Quantity": 1, "Items": [{
                "Id": "alb", "DomainName": "alb.example.com",
                "CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": "X-Origin-Verify", "HeaderValue": SECRET}]},
                "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "https-only", "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
        }
    )["Distribution"]  # fmt: skip
    return {"acl": acl, "id": distribution["Id"], "arn": distribution["ARN"], "domain": distribution["DomainName"]}


def edge_digest(aws: Clients) -> str:
    return utils.digest("inputs", REGION, edge_reader.read_cloudfront_waf(aws, EDGE_PARAMS)[0])


def test_the_edge_reader_publishes_the_distribution_and_never_returns_the_origin_secret(aws: Clients, edge: dict[str, str]) -> None:
    result = run(aws, role="cloudfront_waf", params=EDGE_PARAMS, record=f"/{PREFIX}/layer-digest/cloudfront_waf")
    assert result["found"] == {"distribution": {"id": edge["id"], "arn": edge["arn"], "domain_name": edge["domain"]}, "web_acl_arn": edge["acl"]}
    assert SECRET not in json.dumps(result)
    state = edge_reader.read_cloudfront_waf(aws, EDGE_PARAMS)[0]
    assert SECRET in json.dumps(state, default=str)  # hashed: a new header value is a change
    assert "Value" not in state["OriginSecret"]
    assert state["Bucket"]["get_public_access_block"]["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    assert aws.writes == []


@pytest.mark.parametrize("change", ["IP set address", "bucket policy", "origin secret rotated", "distribution disabled"])
def test_a_change_behind_the_roles_back_changes_the_edge_layer(aws: Clients, edge: dict[str, str], change: str) -> None:
    before = edge_digest(aws)
    wafv2, cloudfront = boto3.client("wafv2", region_name=edge_reader.GLOBAL), boto3.client("cloudfront", region_name=edge_reader.GLOBAL)
    if change == "IP set address":
        found = wafv2.list_ip_sets(Scope="CLOUDFRONT")["IPSets"][0]
        wafv2.update_ip_set(Name=found["Name"], Scope="CLOUDFRONT", Id=found["Id"], Addresses=["192.0.2.0/24"], LockToken=found["LockToken"])
    elif change == "bucket policy":
        statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{EDGE_PARAMS['bucket']}/*"}
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        boto3.client("s3", region_name=REGION).put_bucket_policy(Bucket=EDGE_PARAMS["bucket"], Policy=json.dumps(policy))
    elif change == "origin secret rotated":
        rotated = {"Value": SECRET[::-1], "Type": "SecureString", "Overwrite": True}
        boto3.client("ssm", region_name=REGION).put_parameter(Name=EDGE_PARAMS["origin_secret_parameter"], **rotated)
    else:
        config = cloudfront.get_distribution_config(Id=edge["id"])
        cloudfront.update_distribution(Id=edge["id"], IfMatch=config["ETag"], DistributionConfig={**config["DistributionConfig"], "Enabled": False})
    assert edge_digest(aws) != before


def test_an_ip_set_updated_to_the_same_addresses_leaves_the_edge_unchanged(aws: Clients, edge: dict[str, str]) -> None:
    before = edge_digest(aws)
    wafv2 = boto3.client("wafv2", region_name=edge_reader.GLOBAL)
    found = wafv2.list_ip_sets(Scope="CLOUDFRONT")["IPSets"][0]
    wafv2.update_ip_set(Name=found["Name"], Scope="CLOUDFRONT", Id=found["Id"], Addresses=[], LockToken=found["LockToken"])
    assert wafv2.list_ip_sets(Scope="CLOUDFRONT")["IPSets"][0]["LockToken"] != found["LockToken"]
    assert edge_digest(aws) == before


def test_an_empty_account_has_no_edge(aws: Clients) -> None:
    state, found = edge_reader.read_cloudfront_waf(aws, EDGE_PARAMS)
    assert found == {"distribution": None, "web_acl_arn": None}
    assert state == {"IPSets": [None, None], "WebACL": None, "OriginSecret": None, "OriginAccessControl": None, "Distribution": None, "Bucket": None}


# The alb reader

ALB_PARAMS = {
    "name": f"{PREFIX}-alb",
    "target_groups": {"web": f"{PREFIX}-web", "api": f"{PREFIX}-api"},
    "logs_bucket": f"{PREFIX}-alb-logs",
    "origin_secret_parameter": "",
}


@pytest.fixture
def alb(aws: Clients, layer: dict[str, Any]) -> dict[str, str]:
    elbv2 = boto3.client("elbv2", region_name=REGION)
    groups = {
        key: elbv2.create_target_group(Name=name, Protocol="HTTP", Port=3000, VpcId=layer["vpc"], TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        for key, name in ALB_PARAMS["target_groups"].items()
    }
    subnets = [layer["subnets"][("public", zone)] for zone in ZONES]
    balancer = elbv2.create_load_balancer(Name=ALB_PARAMS["name"], Subnets=subnets, Scheme="internet-facing")["LoadBalancers"][0]
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": groups["web"]}]
    )["Listeners"][0]  # fmt: skip
    rule = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"], Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
        Actions=[{"Type": "forward", "TargetGroupArn": groups["api"]}],
    )["Rules"][0]  # fmt: skip
    return {"arn": balancer["LoadBalancerArn"], "dns": balancer["DNSName"], "zone": balancer["CanonicalHostedZoneId"], "rule": rule["RuleArn"], **groups}


def alb_digest(aws: Clients) -> str:
    return utils.digest("inputs", REGION, alb_reader.read_alb(aws, ALB_PARAMS)[0])


def test_the_alb_reader_publishes_the_balancer_and_its_target_groups(aws: Clients, alb: dict[str, str]) -> None:
    state, found = alb_reader.read_alb(aws, ALB_PARAMS)
    assert found == {
        "load_balancer": {"load_balancer_arn": alb["arn"], "dns_name": alb["dns"], "canonical_hosted_zone_id": alb["zone"]},
        "target_group_arns": {"web": alb["web"], "api": alb["api"]},
    }
    [listener] = state["LoadBalancer"]["Listeners"]
    assert [rule["Priority"] for rule in listener["Rules"]] == ["10", "default"]
    assert state["Bucket"] is None and state["OriginSecret"] is None
    assert aws.writes == []


@pytest.mark.parametrize("change", ["listener rule", "target group attribute", "balancer attribute", "log expiry"])
def test_a_change_behind_the_roles_back_changes_the_alb_layer(aws: Clients, alb: dict[str, str], change: str) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=ALB_PARAMS["logs_bucket"], CreateBucketConfiguration={"LocationConstraint": REGION})
    expiry = {"Rules": [{"ID": "expire-access-logs", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 90}}]}
    s3.put_bucket_lifecycle_configuration(Bucket=ALB_PARAMS["logs_bucket"], LifecycleConfiguration=expiry)
    before = alb_digest(aws)
    elbv2 = boto3.client("elbv2", region_name=REGION)
    if change == "listener rule":
        elbv2.modify_rule(RuleArn=alb["rule"], Conditions=[{"Field": "path-pattern", "Values": ["/v2/*"]}])
    elif change == "target group attribute":
        elbv2.modify_target_group_attributes(TargetGroupArn=alb["web"], Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "5"}])
    elif change == "balancer attribute":
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=alb["arn"], Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "5"}])
    else:
        expiry["Rules"][0]["Expiration"] = {"Days": 7}
        s3.put_bucket_lifecycle_configuration(Bucket=ALB_PARAMS["logs_bucket"], LifecycleConfiguration=expiry)
    assert alb_digest(aws) != before


def test_an_empty_account_has_no_alb(aws: Clients) -> None:
    state, found = alb_reader.read_alb(aws, ALB_PARAMS)
    assert state == {"Bucket": None, "OriginSecret": None, "OriginSecretAccepted": None, "TargetGroups": {"web": None, "api": None}, "LoadBalancer": None}
    assert found["target_group_arns"] == {"web": "", "api": ""}


# The aurora reader

AURORA_PARAMS = {
    "cluster_id": f"{PREFIX}-aurora",
    "instance_ids": [f"{PREFIX}-aurora-1"],
    "subnet_group": f"{PREFIX}-aurora",
    "password_parameters": [
        f"/{PREFIX}/aurora/bookmarks_app_a-password", f"/{PREFIX}/aurora/bookmarks_app_b-password", f"/{PREFIX}/aurora/bookmarks_app-login",
    ],
}


@pytest.fixture
def aurora(aws: Clients, layer: dict[str, Any]) -> None:
    rds = boto3.client("rds", region_name=REGION)
    subnets = [layer["subnets"][("private", zone)] for zone in ZONES]
    rds.create_db_subnet_group(DBSubnetGroupName=AURORA_PARAMS["subnet_group"], DBSubnetGroupDescription="private", SubnetIds=subnets)
    boto3.client("ssm", region_name=REGION).put_parameter(Name=AURORA_PARAMS["password_parameters"][0], Value="p" * 40, Type="SecureString")
    rds.create_db_cluster(
        DBClusterIdentifier=AURORA_PARAMS["cluster_id"], Engine="aurora-postgresql", EngineVersion="17.4", MasterUsername="app",
        MasterUserPassword="p" * 40, DBSubnetGroupName=AURORA_PARAMS["subnet_group"], BackupRetentionPeriod=7,
        ServerlessV2ScalingConfiguration={"MinCapacity": 0.5, "MaxCapacity": 16},
    )  # fmt: skip
    rds.create_db_instance(
        DBInstanceIdentifier=AURORA_PARAMS["instance_ids"][0], DBClusterIdentifier=AURORA_PARAMS["cluster_id"],
        Engine="aurora-postgresql", DBInstanceClass="db.serverless",
    )  # fmt: skip


def aurora_digest(aws: Clients) -> str:
    return utils.digest("inputs", REGION, aurora_reader.read_aurora(aws, AURORA_PARAMS)[0])


def test_the_aurora_reader_publishes_the_endpoints(aws: Clients, aurora: None) -> None:
    state, found = aurora_reader.read_aurora(aws, AURORA_PARAMS)
    cluster = boto3.client("rds", region_name=REGION).describe_db_clusters(DBClusterIdentifier=AURORA_PARAMS["cluster_id"])["DBClusters"][0]
    assert found == {"endpoint": cluster["Endpoint"], "reader_endpoint": cluster["ReaderEndpoint"]}
    assert [instance["DBInstanceIdentifier"] for instance in state["Instances"]] == AURORA_PARAMS["instance_ids"]
    assert "Value" not in state["Passwords"][0] and state["Passwords"][1:] == [None, None]
    assert aws.writes == []


@pytest.mark.parametrize("change", ["backup retention", "scaling", "password rotated", "instance deleted"])
def test_a_change_behind_the_roles_back_changes_the_aurora_layer(aws: Clients, aurora: None, change: str) -> None:
    before = aurora_digest(aws)
    rds = boto3.client("rds", region_name=REGION)
    if change == "backup retention":
        rds.modify_db_cluster(DBClusterIdentifier=AURORA_PARAMS["cluster_id"], BackupRetentionPeriod=1, ApplyImmediately=True)
    elif change == "scaling":
        scaling = {"MinCapacity": 0.5, "MaxCapacity": 64}
        rds.modify_db_cluster(DBClusterIdentifier=AURORA_PARAMS["cluster_id"], ServerlessV2ScalingConfiguration=scaling, ApplyImmediately=True)
    elif change == "password rotated":
        boto3.client("ssm", region_name=REGION).put_parameter(Name=AURORA_PARAMS["password_parameters"][0], Value="q" * 40, Type="SecureString", Overwrite=True)
    else:
        rds.delete_db_instance(DBInstanceIdentifier=AURORA_PARAMS["instance_ids"][0])
    assert aurora_digest(aws) != before


def test_the_restore_window_moving_leaves_the_aurora_layer_unchanged(aws: Clients, aurora: None) -> None:
    state = aurora_reader.read_aurora(aws, AURORA_PARAMS)[0]
    later = {**state, "Cluster": {**state["Cluster"], "LatestRestorableTime": datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)}}
    assert utils.digest("inputs", REGION, later) == aurora_digest(aws)


def test_an_empty_account_has_no_cluster(aws: Clients) -> None:
    assert aurora_reader.read_aurora(aws, AURORA_PARAMS) == (
        {"SubnetGroup": None, "ParameterGroup": None, "Cluster": None, "Instances": [None], "Passwords": [None, None, None]},
        {"endpoint": "", "reader_endpoint": ""},
    )
