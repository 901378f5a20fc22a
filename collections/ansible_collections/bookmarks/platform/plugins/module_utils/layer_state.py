# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read everything one role manages in one pass, and fingerprint it.

A reader (one per layer, in READERS) makes the layer's describe calls with one boto3 session,
independent calls side by side in threads, and returns two things: the layer's state (the API
answers, whole) and what the role publishes from it (``found``, as the role's facts path would).

``canonical()`` puts a state in one form: keys sorted, every list sorted (no list in a layer's
state has a meaningful order) and the fields in VOLATILE removed, the ones AWS changes by itself
while nothing the role manages changed. ``digest()`` hashes that form together with the role's
inputs and code (the inputs digest, from bookmarks.platform.role_inputs) and the region.

The bookmarks.platform.layer_state module compares that digest with the one recorded after the
layer's last converge; a role skips its build when they are equal. A field wrongly kept in the
canonical form only makes a run take the full path; a managed field wrongly listed in VOLATILE
would hide its drift, so each entry names why AWS changes it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

Client = Callable[..., Any]  # client(service, region=None): one boto3 client per service and region
Reader = Callable[[Client, Mapping[str, Any]], "tuple[dict[str, Any], dict[str, Any]]"]

# Fields AWS changes by itself, removed wherever they appear in a state.
VOLATILE = frozenset(
    {
        "AvailableIpAddressCount",  # a subnet's free addresses: every task, NAT or endpoint ENI moves it
        "RoleLastUsed",  # an IAM role's last use: the flow-log service assumes it
        "storedBytes",  # a log group's size
        "metricFilterCount",  # metric filters are not the vpc role's
        "ResponseMetadata",  # the request ID and retry count of the answer
        # an ECS cluster's counters: tasks and services come and go
        "runningTasksCount",
        "pendingTasksCount",
        "activeServicesCount",
        "registeredContainerInstancesCount",
        "statistics",
        "lastEvaluatedAt",  # when ECR last applied a repository's lifecycle policy
        # an ECS service's tasks and rollouts (the role manages its task definition, not them)
        "runningCount",
        "pendingCount",
        "events",
        "deployments",
        "LockToken",  # WAF's optimistic lock: new on every update, even an unchanged one
        "ServiceCount",  # a Cloud Map namespace's services: ECS Service Connect registers its own
        # an Aurora cluster's and instances' restore window, moving with every backup
        "LatestRestorableTime",
        "EarliestRestorableTime",
    }
)
THREADS = 8
VPC_ATTRIBUTES = ("enableDnsSupport", "enableDnsHostnames")
FORMAT = 1  # bumped when canonical() or a reader changes what a digest covers


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def canonical(value: Any) -> Any:
    """The value with its dict keys sorted, its lists sorted and VOLATILE fields removed."""
    if isinstance(value, Mapping):
        return {str(key): canonical(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0])) if key not in VOLATILE}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))
    return _plain(value)


def digest(inputs_digest: str, region: str, state: Any) -> str:
    """One hash of the role's inputs and code, the region and the layer's canonical state."""
    document = json.dumps(
        {"format": FORMAT, "inputs": inputs_digest, "region": region, "state": canonical(state)},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(document.encode()).hexdigest()


def _all(client: Any, operation: str, key: str, **request: Any) -> list[Any]:
    """Every item of a paginated describe/list call."""
    if client.can_paginate(operation):
        return client.get_paginator(operation).paginate(**request).build_full_result().get(key, [])
    return getattr(client, operation)(**request).get(key, [])


def _not_found(error: Exception, *codes: str) -> bool:
    code = getattr(error, "response", {}).get("Error", {}).get("Code")
    return code in codes


def or_none(call: Callable[..., Any], codes: tuple[str, ...], **request: Any) -> Any:
    """call(**request), or None when AWS answers one of codes (the thing is not there)."""
    try:
        answer = call(**request)
    except Exception as error:  # botocore's ClientError; anything but codes is raised
        if _not_found(error, *codes):
            return None
        raise
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def _log_group(logs: Any, name: str) -> dict[str, Any] | None:
    groups = [group for group in _all(logs, "describe_log_groups", "logGroups", logGroupNamePrefix=name) if group["logGroupName"] == name]
    if not groups:
        return None
    group = dict(groups[0])
    group["tags"] = logs.list_tags_log_group(logGroupName=name).get("tags", {})
    return group


def _iam_role(iam: Any, name: str) -> dict[str, Any] | None:
    found = or_none(iam.get_role, ("NoSuchEntity",), RoleName=name)
    if not found:
        return None
    role = dict(found["Role"])
    policies = _all(iam, "list_role_policies", "PolicyNames", RoleName=name)
    role["InlinePolicies"] = {policy: iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"] for policy in policies}
    role["AttachedPolicies"] = _all(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name)
    return role


def read_vpc(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The vpc role's layer: the VPC (with its DNS attributes), subnets, internet gateway, NAT
    gateways and their Elastic IPs, route tables, endpoints, the endpoints' security group, and
    the flow log with its group and role."""
    prefix = params["name_prefix"]
    ec2, logs, iam = client("ec2"), client("logs"), client("iam")
    with ThreadPoolExecutor(THREADS) as pool:
        group = pool.submit(_log_group, logs, params["flow_logs_group"])
        role = pool.submit(_iam_role, iam, params["flow_logs_role"])
        vpcs = _all(ec2, "describe_vpcs", "Vpcs", Filters=[{"Name": "tag:Name", "Values": [f"{prefix}-vpc"]}])
        ids = sorted(vpc["VpcId"] for vpc in vpcs)
        in_vpc = [{"Name": "vpc-id", "Values": ids}]
        reads: dict[str, Future[Any]] = {}
        attributes: dict[tuple[str, str], Future[Any]] = {}
        if ids:
            reads = {
                "Subnets": pool.submit(_all, ec2, "describe_subnets", "Subnets", Filters=in_vpc),
                "InternetGateways": pool.submit(
                    _all, ec2, "describe_internet_gateways", "InternetGateways", Filters=[{"Name": "attachment.vpc-id", "Values": ids}]
                ),
                "NatGateways": pool.submit(
                    _all, ec2, "describe_nat_gateways", "NatGateways", Filter=[*in_vpc, {"Name": "state", "Values": ["pending", "available"]}]
                ),
                "RouteTables": pool.submit(_all, ec2, "describe_route_tables", "RouteTables", Filters=in_vpc),
                "VpcEndpoints": pool.submit(_all, ec2, "describe_vpc_endpoints", "VpcEndpoints", Filters=in_vpc),
                "SecurityGroups": pool.submit(
                    _all, ec2, "describe_security_groups", "SecurityGroups", Filters=[*in_vpc, {"Name": "group-name", "Values": [params["endpoints_sg_name"]]}]
                ),
                "FlowLogs": pool.submit(_all, ec2, "describe_flow_logs", "FlowLogs", Filter=[{"Name": "resource-id", "Values": ids}]),
            }
            attributes = {
                (vpc_id, attribute): pool.submit(ec2.describe_vpc_attribute, VpcId=vpc_id, Attribute=attribute)
                for vpc_id in ids
                for attribute in VPC_ATTRIBUTES
            }
        state: dict[str, Any] = {name: future.result() for name, future in reads.items()}
        state["Vpcs"] = [
            {**vpc, "Attributes": {name: attributes[(vpc["VpcId"], name)].result()[name[0].upper() + name[1:]] for name in VPC_ATTRIBUTES}} for vpc in vpcs
        ]
        addresses = [address for nat in state.get("NatGateways", []) for address in nat.get("NatGatewayAddresses", [])]
        allocations = sorted({address["AllocationId"] for address in addresses if address.get("AllocationId")})
        state["Addresses"] = _all(ec2, "describe_addresses", "Addresses", AllocationIds=allocations) if allocations else []
        state["LogGroup"] = group.result()
        state["Role"] = role.result()
    return state, vpc_found(state, params)


def vpc_found(state: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """What the vpc role publishes (tasks/publish.yml's __vpc_found) from its layer's state."""
    prefix, zones = params["name_prefix"], params["availability_zones"]
    named = {tag["Value"]: subnet["SubnetId"] for subnet in state.get("Subnets", []) for tag in subnet.get("Tags", []) if tag["Key"] == "Name"}
    public = [named.get(f"{prefix}-public-{zone}", "") for zone in zones]
    by_subnet = {nat["SubnetId"]: nat for nat in state.get("NatGateways", [])}
    nats = [by_subnet[subnet] for subnet in public if subnet in by_subnet]
    return {
        "vpc_id": min((vpc["VpcId"] for vpc in state.get("Vpcs", [])), default=""),
        "public_subnet_ids": public,
        "private_subnet_ids": [named.get(f"{prefix}-private-{zone}", "") for zone in zones],
        "nat_gateways": [
            {
                "nat_gateway_id": nat["NatGatewayId"],
                "nat_gateway_addresses": [
                    {"allocation_id": address.get("AllocationId"), "public_ip": address.get("PublicIp")} for address in nat.get("NatGatewayAddresses", [])
                ],
            }
            for nat in nats
        ],
    }


def _repository(ecr: Any, name: str) -> dict[str, Any] | None:
    found = or_none(ecr.describe_repositories, ("RepositoryNotFoundException",), repositoryNames=[name])
    if not found:
        return None
    policy = (or_none(ecr.get_lifecycle_policy, ("LifecyclePolicyNotFoundException",), repositoryName=name) or {}).get("lifecyclePolicyText")
    return {**found["repositories"][0], "lifecyclePolicy": json.loads(policy) if policy else None}


def read_ecs_cluster(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ecs_cluster role's layer: the cluster (capacity providers, strategy, settings, Service
    Connect's default namespace, tags), the Service Connect namespace with its tags, the services'
    ECR repositories with their lifecycle policies, the two IAM roles with their policies, and the
    services' log groups. The role publishes names and ARNs only (no read)."""
    ecs, ecr, iam, logs = client("ecs"), client("ecr"), client("iam"), client("logs")
    with ThreadPoolExecutor(THREADS) as pool:
        namespace = pool.submit(_namespace, client("servicediscovery"), params["namespace"])
        cluster = pool.submit(ecs.describe_clusters, clusters=[params["cluster_name"]], include=["SETTINGS", "TAGS", "CONFIGURATIONS"])
        repositories = [pool.submit(_repository, ecr, name) for name in params["repositories"]]
        roles = [pool.submit(_iam_role, iam, name) for name in params["roles"]]
        groups = [pool.submit(_log_group, logs, name) for name in params["log_groups"]]
        state = {
            "Clusters": [found for found in cluster.result().get("clusters", []) if found.get("status") != "INACTIVE"],
            "Repositories": [future.result() for future in repositories],
            "Roles": [future.result() for future in roles],
            "LogGroups": [future.result() for future in groups],
            "Namespace": namespace.result(),
        }
    return state, {}


def _namespace(servicediscovery: Any, name: str) -> dict[str, Any] | None:
    """A Cloud Map namespace by name, with its tags."""
    pages = servicediscovery.get_paginator("list_namespaces").paginate(Filters=[{"Name": "NAME", "Values": [name], "Condition": "EQ"}])
    found = [namespace for page in pages for namespace in page.get("Namespaces", []) if namespace["Name"] == name]
    if not found:
        return None
    tags = servicediscovery.list_tags_for_resource(ResourceARN=found[0]["Arn"]).get("Tags", [])
    return {**found[0], "Tags": tags}


IN_RANGE = "within the range autoscaling may set"
SET_BY_THE_ROLE = "the role's limits or a schedule's"


def _image_present(ecr: Any, image: str) -> bool | None:
    """Whether an ECR image (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>) exists;
    None for an image outside ECR or without a tag."""
    location, separator, tag = image.rpartition(":")
    if not separator or ".dkr.ecr." not in location or "/" not in location or not tag:
        return None
    missing = ("ImageNotFoundException", "RepositoryNotFoundException")
    found = or_none(ecr.describe_images, missing, repositoryName=location.split("/", 1)[1], imageIds=[{"imageTag": tag}])
    return bool(found and found.get("imageDetails"))


def _image(definition: Mapping[str, Any], container: str) -> str | None:
    """The image of the task definition's container named container (the service's own)."""
    images = [found["image"] for found in definition["taskDefinition"].get("containerDefinitions", []) if found.get("name") == container]
    return images[0] if images else None


def _task_definition(ecs: Any, ecr: Any, arn: str, container: str) -> dict[str, Any]:
    definition = ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])
    image = _image(definition, container)
    return {**definition, "ImagePresent": _image_present(ecr, image) if image else None}


def _scaling(autoscaling: Any, resource_id: str) -> dict[str, Any]:
    scope = {"ServiceNamespace": "ecs", "ResourceId": resource_id}
    return {
        "Targets": _all(autoscaling, "describe_scalable_targets", "ScalableTargets", ServiceNamespace="ecs", ResourceIds=[resource_id]),
        "Policies": _all(autoscaling, "describe_scaling_policies", "ScalingPolicies", **scope),
        "ScheduledActions": _all(autoscaling, "describe_scheduled_actions", "ScheduledActions", **scope),
    }


def read_ecs_service(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ecs_service role's layer: the services (tags included), the task definition each runs
    (with whether its image is in ECR), their scalable targets, scaling policies and scheduled
    actions.

    Two fields are kept as the role compares them, not as AWS holds them: a desired count inside
    the service's ``count_range`` (autoscaling's to set) and a scalable target's limits equal to
    one of its ``capacities`` (the role's own or a schedule's) each become one constant
    (``scaling``: service to {count_range: [low, high], capacities: [[min, max], ...]}).
    """
    ecs, ecr, autoscaling = client("ecs"), client("ecr"), client("application-autoscaling")
    cluster, names = params["cluster_name"], params["services"]
    ranges = {name: [int(bound) for bound in scaling["count_range"]] for name, scaling in params["scaling"].items()}
    capacities = {name: [[int(low), int(high)] for low, high in scaling["capacities"]] for name, scaling in params["scaling"].items()}
    # No cluster, no service.
    found = or_none(ecs.describe_services, ("ClusterNotFoundException",), cluster=cluster, services=list(names.values()), include=["TAGS"])
    services = (found or {}).get("services", [])
    active = {service["serviceName"]: service for service in services if service.get("status") == "ACTIVE"}
    short = {full: name for name, full in names.items()}
    with ThreadPoolExecutor(THREADS) as pool:
        definitions = {full: pool.submit(_task_definition, ecs, ecr, service["taskDefinition"], short[full]) for full, service in active.items()}
        scaling = {full: pool.submit(_scaling, autoscaling, f"service/{cluster}/{full}") for full in active}
        state = {
            "Services": [
                {
                    **service,
                    "desiredCount": _count_as_compared(service.get("desiredCount", 0), ranges[short[full]]),
                    # Kept per deployment (deployments are not hashed): the one the service runs.
                    "ServiceConnect": _primary(service).get("serviceConnectConfiguration"),
                    "TaskDefinition": definitions[full].result(),
                    "Scaling": _limits_as_compared(scaling[full].result(), capacities[short[full]]),
                }
                for full, service in active.items()
            ]
        }
    images = {short[full]: _image(definitions[full].result(), short[full]) for full in active}
    published = {
        "revisions": {short[full]: {"arn": service["taskDefinition"]} for full, service in active.items()},
        "images": {name: image for name, image in images.items() if image},
        "waiting": sorted(
            short[full] for full, service in active.items()
            if service.get("desiredCount", 0) == 0 and definitions[full].result()["ImagePresent"] is False
        ),
    }  # fmt: skip
    return state, published


def _primary(service: Mapping[str, Any]) -> Mapping[str, Any]:
    return next((deployment for deployment in service.get("deployments") or [] if deployment.get("status") == "PRIMARY"), {})


def _count_as_compared(count: int, count_range: list[int]) -> Any:
    return IN_RANGE if count_range[0] <= count <= count_range[1] else count


def _limits_as_compared(scaling: dict[str, Any], capacities: list[list[int]]) -> dict[str, Any]:
    def as_compared(target: dict[str, Any]) -> dict[str, Any]:
        if [target.get("MinCapacity"), target.get("MaxCapacity")] in capacities:
            return {**target, "MinCapacity": SET_BY_THE_ROLE, "MaxCapacity": SET_BY_THE_ROLE}
        return target

    targets = [as_compared(target) for target in scaling["Targets"]]
    return {**scaling, "Targets": targets}


GLOBAL = "us-east-1"  # CloudFront, and the WAF of a CloudFront distribution (scope CLOUDFRONT)
# Error codes a bucket's configuration answers when that configuration is not set.
S3_NOT_SET = (
    "NoSuchBucket", "ServerSideEncryptionConfigurationNotFoundError", "NoSuchPublicAccessBlockConfiguration",
    "OwnershipControlsNotFoundError", "NoSuchBucketPolicy", "NoSuchTagSet", "NoSuchLifecycleConfiguration",
)  # fmt: skip
BUCKET_READS = ("get_bucket_encryption", "get_public_access_block", "get_bucket_ownership_controls", "get_bucket_policy", "get_bucket_tagging")


def _bucket(s3: Any, name: str, reads: tuple[str, ...] = BUCKET_READS) -> dict[str, Any] | None:
    """A bucket's configuration as the s3_bucket module manages it (and any further reads)."""
    if or_none(s3.head_bucket, ("NoSuchBucket", "404", "NotFound"), Bucket=name) is None:
        return None
    found = {read: or_none(getattr(s3, read), S3_NOT_SET, Bucket=name) for read in reads}
    policy = (found.get("get_bucket_policy") or {}).get("Policy")
    found["get_bucket_policy"] = json.loads(policy) if policy else None
    return found


def _waf(wafv2: Any, kind: str, name: str) -> dict[str, Any] | None:
    """A WAF IP set (kind ip_set) or web ACL (web_acl) of scope CLOUDFRONT by name, with its tags."""
    listed = {"ip_set": ("list_ip_sets", "IPSets"), "web_acl": ("list_web_acls", "WebACLs")}[kind]
    summaries = [summary for summary in _waf_list(wafv2, *listed) if summary["Name"] == name]
    if not summaries:
        return None
    found = getattr(wafv2, f"get_{kind}")(Name=name, Scope="CLOUDFRONT", Id=summaries[0]["Id"])
    key = {"ip_set": "IPSet", "web_acl": "WebACL"}[kind]
    tags = wafv2.list_tags_for_resource(ResourceARN=found[key]["ARN"]).get("TagInfoForResource", {}).get("TagList", [])
    return {**found[key], "Tags": tags}


def _waf_list(wafv2: Any, operation: str, key: str) -> list[dict[str, Any]]:
    """Every item of a WAF list call (WAF pages with NextMarker, and has no paginators)."""
    items, marker = [], None
    while True:
        answer = getattr(wafv2, operation)(Scope="CLOUDFRONT", Limit=100, **({"NextMarker": marker} if marker else {}))
        items.extend(answer.get(key, []))
        marker = answer.get("NextMarker")
        if not marker or not answer.get(key):
            return items


def _distribution(cloudfront: Any, comment: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The summary and the configuration (with its tags) of the distribution whose comment is comment."""
    pages = cloudfront.get_paginator("list_distributions").paginate()
    summaries = [item for page in pages for item in page.get("DistributionList", {}).get("Items", []) if item.get("Comment") == comment]
    if not summaries:
        return None, None
    summary = summaries[0]
    config = cloudfront.get_distribution_config(Id=summary["Id"])
    tags = cloudfront.list_tags_for_resource(Resource=summary["ARN"]).get("Tags", {}).get("Items", [])
    return summary, {"DistributionConfig": config["DistributionConfig"], "Tags": tags}


def _origin_access_control(cloudfront: Any, name: str) -> dict[str, Any] | None:
    pages = cloudfront.get_paginator("list_origin_access_controls").paginate()
    found = [item for page in pages for item in page.get("OriginAccessControlList", {}).get("Items", []) if item.get("Name") == name]
    return cloudfront.get_origin_access_control(Id=found[0]["Id"])["OriginAccessControl"] if found else None


def _parameter(ssm: Any, name: str) -> dict[str, Any] | None:
    """A parameter's metadata and tags; never its value."""
    if not name:
        return None
    found = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}]).get("Parameters", [])
    if not found:
        return None
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name).get("TagList", [])
    return {**found[0], "Tags": tags}


def read_cloudfront_waf(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cloudfront_waf role's layer: the WAF IP sets and web ACL, the origin secret's parameter
    (its metadata: a new version means a new header value), the origin access control, the
    distribution's configuration and tags, and the assets bucket's encryption, public access
    block, ownership, policy and tags.

    The distribution's configuration holds the origin secret (a header value): the state is only
    ever hashed, never returned."""
    wafv2, cloudfront, s3, ssm = client("wafv2", GLOBAL), client("cloudfront", GLOBAL), client("s3"), client("ssm")
    prefix = params["name_prefix"]
    with ThreadPoolExecutor(THREADS) as pool:
        ip_sets = [pool.submit(_waf, wafv2, "ip_set", f"{prefix}-ip-{kind}") for kind in ("allow", "deny")]
        acl = pool.submit(_waf, wafv2, "web_acl", f"{prefix}-waf")
        distribution = pool.submit(_distribution, cloudfront, prefix)
        access_control = pool.submit(_origin_access_control, cloudfront, params["bucket"])
        bucket = pool.submit(_bucket, s3, params["bucket"])
        secret = pool.submit(_parameter, ssm, params.get("origin_secret_parameter") or "")
        summary, configuration = distribution.result()
        state = {
            "IPSets": [future.result() for future in ip_sets],
            "WebACL": acl.result(),
            "OriginSecret": secret.result(),
            "OriginAccessControl": access_control.result(),
            "Distribution": configuration,
            "Bucket": bucket.result(),
        }
    found = {
        "distribution": {"id": summary["Id"], "arn": summary["ARN"], "domain_name": summary["DomainName"]} if summary else None,
        "web_acl_arn": state["WebACL"]["ARN"] if state["WebACL"] else None,
    }
    return state, found


def _target_group(elbv2: Any, name: str) -> dict[str, Any] | None:
    found = or_none(elbv2.describe_target_groups, ("TargetGroupNotFound",), Names=[name])
    if not found:
        return None
    group = found["TargetGroups"][0]
    arn = group["TargetGroupArn"]
    attributes = elbv2.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]
    tags = elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"]
    return {**group, "Attributes": attributes, "Tags": tags[0]["Tags"] if tags else []}


def _load_balancer(elbv2: Any, name: str) -> dict[str, Any] | None:
    found = or_none(elbv2.describe_load_balancers, ("LoadBalancerNotFound",), Names=[name])
    if not found:
        return None
    balancer = found["LoadBalancers"][0]
    arn = balancer["LoadBalancerArn"]
    listeners = _all(elbv2, "describe_listeners", "Listeners", LoadBalancerArn=arn)
    return {
        **balancer,
        "Attributes": elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"],
        "Tags": (elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"] or [{}])[0].get("Tags", []),
        "Listeners": [{**listener, "Rules": _all(elbv2, "describe_rules", "Rules", ListenerArn=listener["ListenerArn"])} for listener in listeners],
    }


def read_alb(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The alb role's layer: the access-log bucket (with its lifecycle rules), the target groups
    with their attributes and tags, the ALB with its attributes, tags, listeners and rules, and the
    origin secret's parameter (metadata only; the listener rules hold its value, hashed only)."""
    elbv2, s3, ssm = client("elbv2"), client("s3"), client("ssm")
    groups = params["target_groups"]
    with ThreadPoolExecutor(THREADS) as pool:
        bucket = pool.submit(_bucket, s3, params["logs_bucket"], (*BUCKET_READS, "get_bucket_lifecycle_configuration"))
        secret = pool.submit(_parameter, ssm, params.get("origin_secret_parameter") or "")
        target_groups = {key: pool.submit(_target_group, elbv2, name) for key, name in groups.items()}
        balancer = pool.submit(_load_balancer, elbv2, params["name"])
        state = {
            "Bucket": bucket.result(),
            "OriginSecret": secret.result(),
            "TargetGroups": {key: future.result() for key, future in target_groups.items()},
            "LoadBalancer": balancer.result(),
        }
    found_balancer = state["LoadBalancer"] or {}
    found = {
        "load_balancer": {
            "load_balancer_arn": found_balancer.get("LoadBalancerArn", ""),
            "dns_name": found_balancer.get("DNSName", ""),
            "canonical_hosted_zone_id": found_balancer.get("CanonicalHostedZoneId", ""),
        },
        "target_group_arns": {key: (group or {}).get("TargetGroupArn", "") for key, group in state["TargetGroups"].items()},
    }
    return state, found


def _db(rds: Any, kind: str, identifier: str) -> dict[str, Any] | None:
    """An RDS cluster (kind cluster) or instance (instance) by identifier, or None."""
    operation, key, code = {
        "cluster": ("describe_db_clusters", "DBClusters", "DBClusterNotFoundFault"),
        "instance": ("describe_db_instances", "DBInstances", "DBInstanceNotFound"),
    }[kind]
    request = {"DBClusterIdentifier" if kind == "cluster" else "DBInstanceIdentifier": identifier}
    found = or_none(getattr(rds, operation), (code,), **request)
    return found[key][0] if found and found.get(key) else None


def read_aurora(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The aurora role's layer: the DB subnet group, the cluster, its instances and the master
    password's parameter (metadata only: a new version is a new password)."""
    rds, ssm = client("rds"), client("ssm")
    with ThreadPoolExecutor(THREADS) as pool:
        group = pool.submit(or_none, rds.describe_db_subnet_groups, ("DBSubnetGroupNotFoundFault",), DBSubnetGroupName=params["subnet_group"])
        cluster = pool.submit(_db, rds, "cluster", params["cluster_id"])
        instances = [pool.submit(_db, rds, "instance", identifier) for identifier in params["instance_ids"]]
        password = pool.submit(_parameter, ssm, params["password_parameter"])
        state = {
            "SubnetGroup": (group.result() or {}).get("DBSubnetGroups"),
            "Cluster": cluster.result(),
            "Instances": [future.result() for future in instances],
            "Password": password.result(),
        }
    found_cluster = state["Cluster"] or {}
    return state, {"endpoint": found_cluster.get("Endpoint", ""), "reader_endpoint": found_cluster.get("ReaderEndpoint", "")}


READERS: dict[str, Reader] = {
    "vpc": read_vpc,
    "ecs_cluster": read_ecs_cluster,
    "ecs_service": read_ecs_service,
    "cloudfront_waf": read_cloudfront_waf,
    "alb": read_alb,
    "aurora": read_aurora,
}
