# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the network: input checks on the controller, before any AWS call, and the security
groups' rules in the shape of amazon.aws.ec2_security_group."""

from __future__ import annotations

from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import subnet_layout_errors


def alb_ingress_rules(prefix_list_ids: list[str], cidrs: list[str], ipv6_cidrs: list[str]) -> list[dict[str, Any]]:
    """HTTPS in to the ALB: from the prefix lists (CloudFront's origin-facing servers), then from any
    IPv4 and IPv6 blocks given; an empty source adds no rule."""
    rules: list[dict[str, Any]] = []
    if prefix_list_ids:
        rules.append({"proto": "tcp", "ports": [443], "rule_desc": "HTTPS from CloudFront", "ip_prefix": list(prefix_list_ids)})
    if cidrs:
        rules.append({"proto": "tcp", "ports": [443], "cidr_ip": list(cidrs), "rule_desc": "HTTPS"})
    if ipv6_cidrs:
        rules.append({"proto": "tcp", "ports": [443], "cidr_ipv6": list(ipv6_cidrs), "rule_desc": "HTTPS"})
    return rules


def ecs_ingress_rules(app_ports: list[int], alb_group: str, service_connect_ports: list[int], ecs_group: str) -> list[dict[str, Any]]:
    """In to the ECS tasks: the application's ports from the ALB's group, and the ports the services
    call each other on (Service Connect) from the ECS group itself."""
    rules: list[dict[str, Any]] = [{"proto": "tcp", "ports": list(app_ports), "group_name": alb_group, "rule_desc": "From the ALB"}]
    if service_connect_ports:
        rules.append(
            {"proto": "tcp", "ports": list(service_connect_ports), "group_name": ecs_group, "rule_desc": "Service Connect between the services"}
        )
    return rules


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"subnet_layout_errors": subnet_layout_errors, "alb_ingress_rules": alb_ingress_rules, "ecs_ingress_rules": ecs_ingress_rules}
