# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vpc role's reader for bookmarks.platform.role_state (module_utils/role_state.py)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import THREADS, Client, all_items, iam_role_state, log_group_state


VPC_ATTRIBUTES = ("enableDnsSupport", "enableDnsHostnames")


def read_vpc(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The vpc role's layer: the VPC (with its DNS attributes), subnets, internet gateway, NAT
    gateways and their Elastic IPs, route tables, endpoints, the endpoints' security group, and
    the flow log with its group and role."""
    prefix = params["name_prefix"]
    ec2, logs, iam = client("ec2"), client("logs"), client("iam")
    with ThreadPoolExecutor(THREADS) as pool:
        group = pool.submit(log_group_state, logs, params["flow_logs_group"])
        role = pool.submit(iam_role_state, iam, params["flow_logs_role"])
        vpcs = all_items(ec2, "describe_vpcs", "Vpcs", Filters=[{"Name": "tag:Name", "Values": [f"{prefix}-vpc"]}])
        ids = sorted(vpc["VpcId"] for vpc in vpcs)
        in_vpc = [{"Name": "vpc-id", "Values": ids}]
        reads: dict[str, Future[Any]] = {}
        attributes: dict[tuple[str, str], Future[Any]] = {}
        if ids:
            reads = {
                "Subnets": pool.submit(all_items, ec2, "describe_subnets", "Subnets", Filters=in_vpc),
                "InternetGateways": pool.submit(
                    all_items, ec2, "describe_internet_gateways", "InternetGateways", Filters=[{"Name": "attachment.vpc-id", "Values": ids}]
                ),
                "NatGateways": pool.submit(
                    all_items, ec2, "describe_nat_gateways", "NatGateways", Filter=[*in_vpc, {"Name": "state", "Values": ["pending", "available"]}]
                ),
                "RouteTables": pool.submit(all_items, ec2, "describe_route_tables", "RouteTables", Filters=in_vpc),
                "VpcEndpoints": pool.submit(all_items, ec2, "describe_vpc_endpoints", "VpcEndpoints", Filters=in_vpc),
                "SecurityGroups": pool.submit(
                    all_items, ec2, "describe_security_groups", "SecurityGroups",
                    Filters=[*in_vpc, {"Name": "group-name", "Values": [params["endpoints_sg_name"]]}],
                ),
                "FlowLogs": pool.submit(all_items, ec2, "describe_flow_logs", "FlowLogs", Filter=[{"Name": "resource-id", "Values": ids}]),
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
        state["Addresses"] = all_items(ec2, "describe_addresses", "Addresses", AllocationIds=allocations) if allocations else []
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
