"""The emulator's strict mode (tests/harness/emulator/strict.py): AWS's asynchronous deletions, in-process.

Each test fails on plain moto, which deletes at once: it asserts what AWS answers right after a
deletion, then that the answer changes once the delay has passed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from tests.harness.emulator import launcher, strict

DELAY = 0.4
REGION = "ap-northeast-1"


@pytest.fixture(autouse=True)
def strict_moto() -> Iterator[None]:
    launcher.apply_corrections()
    strict.enable(DELAY)
    with mock_aws():
        yield
    strict.disable()


def error_code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return raised.value.response["Error"]["Code"]


def settle() -> None:
    time.sleep(DELAY + 0.1)


def network() -> tuple[Any, list[str], str]:
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{index}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"]
        for index, zone in ((1, "a"), (2, "c"))
    ]
    group = ec2.create_security_group(GroupName="g", Description="g", VpcId=vpc)["GroupId"]
    return ec2, subnets, group


def test_a_deleted_service_drains_and_its_cluster_waits_for_it() -> None:
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="c")
    ecs.register_task_definition(family="t", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster="c", serviceName="web", taskDefinition="t", desiredCount=1)
    ecs.delete_service(cluster="c", service="web", force=True)
    assert ecs.describe_services(cluster="c", services=["web"])["services"][0]["status"] == "DRAINING"
    assert error_code(ecs.delete_cluster, cluster="c") == "ClusterContainsServicesException"
    settle()
    assert ecs.describe_services(cluster="c", services=["web"])["services"][0]["status"] == "INACTIVE"
    ecs.delete_cluster(cluster="c")


def distribution_config(certificate: str | None = None) -> dict[str, Any]:
    config = {
        "CallerReference": "r", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "o", "DomainName": "origin.example.com",
                                              "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "https-only",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    }  # fmt: skip
    if certificate:
        config["ViewerCertificate"] = {"ACMCertificateArn": certificate, "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"}
    return config


def disable(cloudfront: Any, distribution_id: str) -> None:
    current = cloudfront.get_distribution_config(Id=distribution_id)
    cloudfront.update_distribution(Id=distribution_id, IfMatch=current["ETag"], DistributionConfig={**current["DistributionConfig"], "Enabled": False})


def test_a_distribution_is_in_progress_after_each_change_and_deleted_only_once_disabled_and_deployed() -> None:
    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    distribution = cloudfront.create_distribution(DistributionConfig=distribution_config())["Distribution"]["Id"]

    def status() -> str:
        return cloudfront.get_distribution(Id=distribution)["Distribution"]["Status"]

    assert status() == "InProgress"
    assert error_code(cloudfront.delete_distribution, Id=distribution, IfMatch="any") == "DistributionNotDisabled"
    settle()
    assert status() == "Deployed"
    assert error_code(cloudfront.delete_distribution, Id=distribution, IfMatch="any") == "DistributionNotDisabled"
    disable(cloudfront, distribution)
    # Disabled, but not yet deployed: as an interrupted teardown leaves it.
    assert status() == "InProgress"
    assert error_code(cloudfront.delete_distribution, Id=distribution, IfMatch="any") == "DistributionNotDisabled"
    settle()
    assert status() == "Deployed"
    cloudfront.delete_distribution(Id=distribution, IfMatch="any")
    assert cloudfront.list_distributions()["DistributionList"].get("Items", []) == []


def test_a_certificate_stays_in_use_after_its_listener_and_distribution_are_deleted() -> None:
    ec2, subnets, group = network()
    acm = boto3.client("acm", region_name=REGION)
    regional = acm.request_certificate(DomainName="origin.example.com", ValidationMethod="DNS")["CertificateArn"]
    elbv2 = boto3.client("elbv2", region_name=REGION)
    balancer = elbv2.create_load_balancer(Name="alb", Subnets=subnets, SecurityGroups=[group])["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.create_listener(
        LoadBalancerArn=balancer, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": regional}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
    )  # fmt: skip
    assert error_code(acm.delete_certificate, CertificateArn=regional) == "ResourceInUseException"
    elbv2.delete_load_balancer(LoadBalancerArn=balancer)
    assert error_code(acm.delete_certificate, CertificateArn=regional) == "ResourceInUseException"

    global_acm = boto3.client("acm", region_name="us-east-1")
    edge = global_acm.request_certificate(DomainName="example.com", ValidationMethod="DNS")["CertificateArn"]
    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    distribution = cloudfront.create_distribution(DistributionConfig=distribution_config(edge))["Distribution"]
    assert error_code(global_acm.delete_certificate, CertificateArn=edge) == "ResourceInUseException"
    disable(cloudfront, distribution["Id"])
    settle()
    cloudfront.delete_distribution(Id=distribution["Id"], IfMatch="any")
    assert error_code(global_acm.delete_certificate, CertificateArn=edge) == "ResourceInUseException"
    settle()
    acm.delete_certificate(CertificateArn=regional)
    global_acm.delete_certificate(CertificateArn=edge)


def test_an_interface_endpoints_network_interfaces_outlive_it() -> None:
    ec2, subnets, group = network()
    vpc = ec2.describe_subnets(SubnetIds=subnets)["Subnets"][0]["VpcId"]
    endpoint = ec2.create_vpc_endpoint(
        VpcId=vpc, VpcEndpointType="Interface", ServiceName=f"com.amazonaws.{REGION}.logs", SubnetIds=subnets, SecurityGroupIds=[group]
    )["VpcEndpoint"]["VpcEndpointId"]
    ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint])
    assert error_code(ec2.delete_subnet, SubnetId=subnets[0]) == "DependencyViolation"
    assert error_code(ec2.delete_security_group, GroupId=group) == "DependencyViolation"
    settle()
    ec2.delete_subnet(SubnetId=subnets[0])
    ec2.delete_security_group(GroupId=group)


def test_a_load_balancers_network_interfaces_outlive_it() -> None:
    ec2, subnets, group = network()
    elbv2 = boto3.client("elbv2", region_name=REGION)
    balancer = elbv2.create_load_balancer(Name="alb", Subnets=subnets, SecurityGroups=[group])["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.delete_load_balancer(LoadBalancerArn=balancer)
    assert error_code(ec2.delete_subnet, SubnetId=subnets[1]) == "DependencyViolation"
    assert error_code(ec2.delete_security_group, GroupId=group) == "DependencyViolation"
    settle()
    ec2.delete_subnet(SubnetId=subnets[1])
    ec2.delete_security_group(GroupId=group)


def test_a_database_instances_network_interfaces_outlive_it() -> None:
    ec2, subnets, group = network()
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_subnet_group(DBSubnetGroupName="db", DBSubnetGroupDescription="db", SubnetIds=subnets)
    rds.create_db_cluster(
        DBClusterIdentifier="aurora", Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword="password-123",
        DBSubnetGroupName="db", VpcSecurityGroupIds=[group], ServerlessV2ScalingConfiguration={"MinCapacity": 0.5, "MaxCapacity": 2},
    )  # fmt: skip
    rds.create_db_instance(DBInstanceIdentifier="aurora-1", DBClusterIdentifier="aurora", Engine="aurora-postgresql", DBInstanceClass="db.serverless")
    rds.delete_db_instance(DBInstanceIdentifier="aurora-1", SkipFinalSnapshot=True)
    assert error_code(ec2.delete_subnet, SubnetId=subnets[0]) == "DependencyViolation"
    assert error_code(ec2.delete_security_group, GroupId=group) == "DependencyViolation"
    settle()
    ec2.delete_subnet(SubnetId=subnets[0])


def test_strict_mode_is_off_unless_a_delay_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMULATOR_STRICT_DELAY", raising=False)
    assert strict.delay_from_environment() == 0
    monkeypatch.setenv("EMULATOR_STRICT_DELAY", "2")
    assert strict.delay_from_environment() == 2


def test_waf_refuses_a_new_ip_set_until_it_has_propagated_and_its_deletion_while_a_web_acl_used_it() -> None:
    wafv2 = boto3.client("wafv2", region_name="us-east-1")
    ip_set = wafv2.create_ip_set(Name="allow", Scope="CLOUDFRONT", IPAddressVersion="IPV4", Addresses=["192.0.2.0/24"])["Summary"]
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "m"}
    rules = [{"Name": "allow", "Priority": 0, "Action": {"Allow": {}}, "VisibilityConfig": visibility,
              "Statement": {"IPSetReferenceStatement": {"ARN": ip_set["ARN"]}}}]  # fmt: skip
    acl = {"Name": "acl", "Scope": "CLOUDFRONT", "DefaultAction": {"Allow": {}}, "VisibilityConfig": visibility, "Rules": rules}
    assert error_code(wafv2.create_web_acl, **acl) == "WAFUnavailableEntityException"
    settle()
    created = wafv2.create_web_acl(**acl)["Summary"]
    deleting = {"Name": "allow", "Scope": "CLOUDFRONT", "Id": ip_set["Id"]}
    lock = wafv2.get_ip_set(**deleting)["LockToken"]
    assert error_code(wafv2.delete_ip_set, **deleting, LockToken=lock) == "WAFAssociatedItemException"
    wafv2.delete_web_acl(Name="acl", Scope="CLOUDFRONT", Id=created["Id"], LockToken=wafv2.get_web_acl(Name="acl", Scope="CLOUDFRONT", Id=created["Id"])["LockToken"])
    assert error_code(wafv2.delete_ip_set, **deleting, LockToken=lock) == "WAFAssociatedItemException"
    settle()
    wafv2.delete_ip_set(**deleting, LockToken=lock)
    assert wafv2.list_ip_sets(Scope="CLOUDFRONT")["IPSets"] == []


def test_iam_refuses_a_trust_naming_an_identity_provider_until_it_has_propagated() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    provider = iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"])["OpenIDConnectProviderArn"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {"Federated": provider}}]})
    with pytest.raises(ClientError) as raised:
        iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=trust)
    assert raised.value.response["Error"]["Code"] == "MalformedPolicyDocument" and "Invalid principal" in str(raised.value)
    settle()
    iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=trust)
    assert iam.get_role(RoleName="deploy")["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Federated": provider}


def test_describe_services_answers_the_fields_aws_moves_by_itself_and_they_move() -> None:
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="c")
    ecs.register_task_definition(family="t", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster="c", serviceName="web", taskDefinition="t", desiredCount=2)
    first, second = (ecs.describe_services(cluster="c", services=["web"])["services"][0] for _ in range(2))
    assert first["currentServiceRevisions"][0]["requestedTaskCount"] == 2 and first["currentServiceDeployment"].startswith("arn:aws:ecs:")
    assert (first["currentServiceDeployment"], first["currentServiceRevisions"]) != (second["currentServiceDeployment"], second["currentServiceRevisions"])
