"""Each emulator correction, checked through boto3 against moto in-process.

Every test here fails on plain moto 5.2.5: it asserts the AWS behaviour the correction restores.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from tests.harness.emulator import launcher


@pytest.fixture(scope="module", autouse=True)
def corrected() -> None:
    # Twice: every behaviour below is checked with the corrections applied twice (the launcher
    # may apply them more than once, and a correction applied twice must not wrap itself).
    launcher.apply_corrections()
    launcher.apply_corrections()


def corrected_attributes() -> dict[tuple[str, str], int]:
    """Every moto attribute a correction replaced, and the identity of what is there now."""
    import sys

    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("moto.") or module is None:
            continue
        for owner_name, owner in list(vars(module).items()):
            if not isinstance(owner, type) or owner.__module__ != name:
                continue
            for attribute, value in list(vars(owner).items()):
                if getattr(value, "__corrected__", False):
                    found[(f"{name}.{owner_name}", attribute)] = id(value)
    return found


@pytest.fixture
def ec2() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ec2", region_name="ap-northeast-1")


def test_corrections_are_idempotent() -> None:
    before = corrected_attributes()
    assert launcher.apply_corrections() == [c.__name__ for c in launcher.CORRECTIONS]
    assert corrected_attributes() == before  # nothing replaced again, nothing wrapped twice
    assert len(before) >= len(launcher.CORRECTIONS)


def test_nat_gateway_tags_have_the_aws_resource_type(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(
        SubnetId=subnet,
        AllocationId=allocation,
        TagSpecifications=[{"ResourceType": "natgateway", "Tags": [{"Key": "Name", "Value": "n"}]}],
    )["NatGateway"]["NatGatewayId"]
    tags = ec2.describe_tags(
        Filters=[{"Name": "resource-id", "Values": [nat]}, {"Name": "resource-type", "Values": ["natgateway"]}]
    )["Tags"]
    assert [(t["ResourceType"], t["Key"], t["Value"]) for t in tags] == [("natgateway", "Name", "n")]


@pytest.mark.parametrize("direction", ["ingress", "egress"])
def test_rule_description_updates_answer_return_true(ec2: Any, direction: str) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="g", Description="g", VpcId=vpc)["GroupId"]
    permission = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}
    getattr(ec2, f"authorize_security_group_{direction}")(GroupId=group, IpPermissions=[permission])
    described = {**permission, "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "HTTPS"}]}
    answer = getattr(ec2, f"update_security_group_rule_descriptions_{direction}")(GroupId=group, IpPermissions=[described])
    assert answer["Return"] is True
    [stored] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"]
    rules = stored["IpPermissions" if direction == "ingress" else "IpPermissionsEgress"]
    assert {"CidrIp": "10.0.0.0/16", "Description": "HTTPS"} in [r for p in rules for r in p["IpRanges"]]


def test_a_new_alb_reports_the_aws_default_attributes(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"ap-northeast-1{az}")["Subnet"]["SubnetId"]
        for i, az in ((1, "a"), (2, "c"))
    ]
    elbv2 = boto3.client("elbv2", region_name="ap-northeast-1")
    arn = elbv2.create_load_balancer(Name="alb", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    attributes = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
    assert {key: attributes.get(key) for key in launcher.ALB_DEFAULT_ATTRIBUTES} == launcher.ALB_DEFAULT_ATTRIBUTES
    assert attributes["routing.http2.enabled"] == "true"  # AWS's documented default


def test_a_new_http_target_group_reports_the_aws_default_stickiness_duration(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    elbv2 = boto3.client("elbv2", region_name="ap-northeast-1")
    arn = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=3000, VpcId=vpc, TargetType="ip")["TargetGroups"][0][
        "TargetGroupArn"
    ]
    attributes = {a["Key"]: a["Value"] for a in elbv2.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]}
    assert attributes["stickiness.lb_cookie.duration_seconds"] == "86400"
    assert attributes["stickiness.type"] == "lb_cookie"


def test_a_distribution_reads_back_as_aws_stores_it() -> None:
    with mock_aws():
        cloudfront = boto3.client("cloudfront", region_name="us-east-1")
        behaviour = {
            "TargetOriginId": "assets",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        }
        config = {
            "CallerReference": "ref",
            "Comment": "c",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "assets",
                        "DomainName": "bucket.s3.ap-northeast-1.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                        "OriginAccessControlId": "E1OAC",
                    }
                ],
            },
            "DefaultCacheBehavior": behaviour,
            "CacheBehaviors": {"Quantity": 1, "Items": [{**behaviour, "PathPattern": "/static/*"}]},
        }
        created = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]
        stored = cloudfront.get_distribution_config(Id=created["Id"])["DistributionConfig"]
    [origin] = stored["Origins"]["Items"]
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert origin["OriginAccessControlId"] == "E1OAC"
    for read in (stored["DefaultCacheBehavior"], stored["CacheBehaviors"]["Items"][0]):
        assert read["CachePolicyId"] == "658327ea-f89d-4fab-a63d-7e88639e58f6"
        assert "ForwardedValues" not in read and "MinTTL" not in read and "DefaultTTL" not in read
        assert "OriginRequestPolicyId" not in read
        assert read["TrustedSigners"] == {"Enabled": False, "Quantity": 0}
        assert read["TrustedKeyGroups"] == {"Enabled": False, "Quantity": 0}
        assert "RealtimeLogConfigArn" not in read  # unset: AWS omits it
        assert read["GrpcConfig"] == {"Enabled": False}  # AWS answers it on every behaviour


def test_ecs_create_service_keeps_deployment_settings() -> None:
    with mock_aws():
        ecs = boto3.client("ecs", region_name="ap-northeast-1")
        ecs.create_cluster(clusterName="c")
        ecs.register_task_definition(
            family="f", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
            containerDefinitions=[{"name": "app", "image": "nginx", "essential": True}],
        )
        settings = {
            "deploymentConfiguration": {
                "deploymentCircuitBreaker": {"enable": True, "rollback": True},
                "maximumPercent": 200,
                "minimumHealthyPercent": 100,
            },
            "enableExecuteCommand": True,
            "healthCheckGracePeriodSeconds": 60,
        }
        ecs.create_service(cluster="c", serviceName="s", taskDefinition="f:1", desiredCount=1, **settings)
        [service] = ecs.describe_services(cluster="c", services=["s"])["services"]
        assert {key: service.get(key) for key in settings} == settings


def test_ecs_services_keep_their_service_connect_configuration_per_deployment() -> None:
    with mock_aws():
        ecs = boto3.client("ecs", region_name="ap-northeast-1")
        ecs.create_cluster(clusterName="c")
        ecs.register_task_definition(family="f", containerDefinitions=[{"name": "api", "image": "nginx", "memory": 512}])
        namespace = "arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/ns-0123456789abcdef"
        server = {"enabled": True, "namespace": namespace, "services": [{"portName": "api", "discoveryName": "api", "clientAliases": [{"port": 3001, "dnsName": "api"}]}]}
        ecs.create_service(cluster="c", serviceName="api", taskDefinition="f:1", desiredCount=1, serviceConnectConfiguration=server)
        ecs.create_service(cluster="c", serviceName="web", taskDefinition="f:1", desiredCount=1)
        client = {"enabled": True, "namespace": namespace}
        ecs.update_service(cluster="c", service="web", serviceConnectConfiguration=client)
        services = {s["serviceName"]: s for s in ecs.describe_services(cluster="c", services=["api", "web"])["services"]}
        primary = {name: next(d for d in s["deployments"] if d["status"] == "PRIMARY") for name, s in services.items()}
        assert primary["api"]["serviceConnectConfiguration"] == server
        assert primary["web"]["serviceConnectConfiguration"] == client
        assert "serviceConnectConfiguration" not in services["api"]  # as AWS: per deployment only
        ecs.update_service(cluster="c", service="api", desiredCount=2)  # not named: kept
        [api] = ecs.describe_services(cluster="c", services=["api"])["services"]
        assert next(d for d in api["deployments"] if d["status"] == "PRIMARY")["serviceConnectConfiguration"] == server


def test_a_certificate_keeps_its_key_algorithm_and_is_listed_only_when_its_type_is_asked_for() -> None:
    with mock_aws():
        acm = boto3.client("acm", region_name="us-east-1")
        ec = acm.request_certificate(DomainName="example.com", ValidationMethod="DNS", KeyAlgorithm="EC_prime256v1")["CertificateArn"]
        rsa = acm.request_certificate(DomainName="www.example.com", ValidationMethod="DNS")["CertificateArn"]
        assert acm.describe_certificate(CertificateArn=ec)["Certificate"]["KeyAlgorithm"] == "EC_prime256v1"
        assert acm.describe_certificate(CertificateArn=rsa)["Certificate"]["KeyAlgorithm"] == "RSA_2048"
        listed = [c["CertificateArn"] for c in acm.list_certificates()["CertificateSummaryList"]]
        assert listed == [rsa]  # AWS: RSA_2048 only, unless Includes.keyTypes says otherwise
        asked = acm.list_certificates(Includes={"keyTypes": ["EC_prime256v1"]})["CertificateSummaryList"]
        assert [c["CertificateArn"] for c in asked] == [ec]


def test_an_aurora_engine_version_is_never_lowered() -> None:
    with mock_aws():
        rds = boto3.client("rds", region_name="ap-northeast-1")
        rds.create_db_cluster(
            DBClusterIdentifier="aurora", Engine="aurora-postgresql", EngineVersion="17.4",
            MasterUsername="app", MasterUserPassword="password-123",
        )  # fmt: skip
        rds.modify_db_cluster(DBClusterIdentifier="aurora", EngineVersion="17.5", ApplyImmediately=True)  # an upgrade
        with pytest.raises(ClientError) as raised:
            rds.modify_db_cluster(DBClusterIdentifier="aurora", EngineVersion="17.4", ApplyImmediately=True)
        assert raised.value.response["Error"]["Code"] == "InvalidParameterCombination"
        assert raised.value.response["Error"]["Message"] == "Cannot upgrade aurora-postgresql from 17.5 to 17.4"
        assert rds.describe_db_clusters(DBClusterIdentifier="aurora")["DBClusters"][0]["EngineVersion"] == "17.5"


def test_a_rule_admitting_a_prefix_list_keeps_its_description(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
    cloudfront = ec2.describe_managed_prefix_lists(
        Filters=[{"Name": "prefix-list-name", "Values": ["com.amazonaws.global.cloudfront.origin-facing"]}]
    )["PrefixLists"][0]["PrefixListId"]
    rule = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": cloudfront, "Description": "CloudFront"}]}
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[rule])
    [stored] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    assert stored["PrefixListIds"] == [{"PrefixListId": cloudfront, "Description": "CloudFront"}]
    renamed = {**rule, "PrefixListIds": [{"PrefixListId": cloudfront, "Description": "HTTPS from CloudFront"}]}
    ec2.update_security_group_rule_descriptions_ingress(GroupId=group, IpPermissions=[renamed])
    [stored] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    assert stored["PrefixListIds"] == [{"PrefixListId": cloudfront, "Description": "HTTPS from CloudFront"}]


def test_a_restored_cluster_needs_its_serverless_v2_scaling_before_a_serverless_instance() -> None:
    with mock_aws():
        rds = boto3.client("rds", region_name="ap-northeast-1")
        scaling = {"MinCapacity": 0.5, "MaxCapacity": 16}
        rds.create_db_cluster(
            DBClusterIdentifier="aurora", Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword="password-123",
            ServerlessV2ScalingConfiguration=scaling,
        )  # fmt: skip
        rds.restore_db_cluster_to_point_in_time(DBClusterIdentifier="restored", SourceDBClusterIdentifier="aurora", UseLatestRestorableTime=True)
        assert "ServerlessV2ScalingConfiguration" not in rds.describe_db_clusters(DBClusterIdentifier="restored")["DBClusters"][0]
        instance = {"DBInstanceIdentifier": "restored-1", "DBClusterIdentifier": "restored", "Engine": "aurora-postgresql", "DBInstanceClass": "db.serverless"}
        with pytest.raises(ClientError) as raised:
            rds.create_db_instance(**instance)
        assert raised.value.response["Error"]["Code"] == "InvalidDBClusterStateFault"
        assert raised.value.response["Error"]["Message"] == launcher.SERVERLESS_V2_FIRST
        rds.modify_db_cluster(DBClusterIdentifier="restored", ServerlessV2ScalingConfiguration=scaling, ApplyImmediately=True)
        rds.create_db_instance(**instance)


def aurora(rds: Any, identifier: str = "aurora", **extra: Any) -> dict[str, Any]:
    rds.create_db_cluster(
        DBClusterIdentifier=identifier, Engine="aurora-postgresql", EngineVersion="17.4", EngineMode="provisioned", DatabaseName="bookmarkdb",
        MasterUsername="dbadmin", MasterUserPassword="password-123", ServerlessV2ScalingConfiguration={"MinCapacity": 0.5, "MaxCapacity": 2}, **extra,
    )  # fmt: skip
    return rds.describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"][0]


def test_the_data_api_of_a_serverless_v2_aurora_postgresql_cluster_turns_on() -> None:
    with mock_aws():
        rds = boto3.client("rds", region_name="ap-northeast-1")
        assert aurora(rds, "created-with-it", EnableHttpEndpoint=True)["HttpEndpointEnabled"] is True
        arn = aurora(rds)["DBClusterArn"]
        assert rds.enable_http_endpoint(ResourceArn=arn)["HttpEndpointEnabled"] is True
        assert rds.describe_db_clusters(DBClusterIdentifier="aurora")["DBClusters"][0]["HttpEndpointEnabled"] is True


def test_a_cluster_parameter_group_lists_the_engine_defaults_and_source_user_only_what_was_set() -> None:
    with mock_aws():
        rds = boto3.client("rds", region_name="ap-northeast-1")
        rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="pg", DBParameterGroupFamily="aurora-postgresql17", Description="d")
        [default] = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="pg")["Parameters"]
        assert (default["ParameterName"], default["ParameterValue"], default["Source"], default["IsModifiable"]) == ("rds.force_ssl", "0", "engine-default", True)
        assert rds.describe_db_cluster_parameters(DBClusterParameterGroupName="pg", Source="user")["Parameters"] == []
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName="pg", Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}]
        )
        [user] = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="pg", Source="user")["Parameters"]
        assert (user["ParameterValue"], user["Source"], user["ApplyMethod"]) == ("1", "user", "immediate")


def test_the_data_api_runs_its_sql_on_postgresql_as_the_master_and_a_reset_wipes_it() -> None:
    from tests.harness.emulator import rdsdata
    from tests.harness.postgres import Postgres

    with Postgres.start() as server, mock_aws():
        rdsdata.install(server)
        rds, data = boto3.client("rds", region_name="ap-northeast-1"), boto3.client("rds-data", region_name="ap-northeast-1")
        cluster = aurora(rds, ManageMasterUserPassword=True)
        request = {"resourceArn": cluster["DBClusterArn"], "secretArn": cluster["MasterUserSecret"]["SecretArn"], "database": "bookmarkdb"}
        with pytest.raises(ClientError, match="HttpEndpoint is not enabled"):
            data.execute_statement(**request, sql="SELECT 1")
        rds.enable_http_endpoint(ResourceArn=cluster["DBClusterArn"])
        answer = data.execute_statement(**request, sql="SELECT current_user, length(:s), true, NULL", parameters=[{"name": "s", "value": {"stringValue": "seven"}}])
        assert answer["records"] == [[{"stringValue": "dbadmin"}, {"longValue": 5}, {"booleanValue": True}, {"isNull": True}]]
        data.execute_statement(**request, sql="CREATE ROLE someone LOGIN")
        with pytest.raises(ClientError) as raised:
            data.execute_statement(**request, sql="CREATE ROLE root SUPERUSER")  # the master is no superuser, as on Aurora
        assert raised.value.response["Error"]["Code"] == "DatabaseErrorException" and "permission denied" in raised.value.response["Error"]["Message"]
        with pytest.raises(ClientError, match="Error fetching secret"):
            data.execute_statement(**{**request, "secretArn": request["secretArn"] + "x"}, sql="SELECT 1")
        import requests  # moto's reset, as tests.harness.emulator.ctl.reset sends it

        requests.post("http://motoapi.amazonaws.com/moto-api/reset", timeout=10)
        assert server.run_as("postgres", "postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ('someone', 'dbadmin')") == []
