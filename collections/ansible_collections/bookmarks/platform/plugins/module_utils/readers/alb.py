# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The alb role's reader for bookmarks.platform.role_state (module_utils/role_state.py)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import (
    BUCKET_READS, THREADS, Client, all_items, bucket_state, or_none, parameter_state,
)


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
    listeners = all_items(elbv2, "describe_listeners", "Listeners", LoadBalancerArn=arn)
    return {
        **balancer,
        "Attributes": elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"],
        "Tags": (elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"] or [{}])[0].get("Tags", []),
        "Listeners": [{**listener, "Rules": all_items(elbv2, "describe_rules", "Rules", ListenerArn=listener["ListenerArn"])} for listener in listeners],
    }


def read_alb(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The alb role's layer: the access-log bucket (with its lifecycle rules), the target groups
    with their attributes and tags, the ALB with its attributes, tags, listeners and rules, and the
    origin secret's parameters, the one CloudFront sends and the one also accepted during a
    rotation (metadata only; the listener rules hold their values, hashed only)."""
    elbv2, s3, ssm = client("elbv2"), client("s3"), client("ssm")
    groups = params["target_groups"]
    with ThreadPoolExecutor(THREADS) as pool:
        bucket = pool.submit(bucket_state, s3, params["logs_bucket"], (*BUCKET_READS, "get_bucket_lifecycle_configuration"))
        secret = pool.submit(parameter_state, ssm, params.get("origin_secret_parameter") or "")
        accepted = pool.submit(parameter_state, ssm, params.get("origin_secret_accepted_parameter") or "")
        target_groups = {key: pool.submit(_target_group, elbv2, name) for key, name in groups.items()}
        balancer = pool.submit(_load_balancer, elbv2, params["name"])
        state = {
            "Bucket": bucket.result(),
            "OriginSecret": secret.result(),
            "OriginSecretAccepted": accepted.result(),
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
