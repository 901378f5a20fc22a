# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ecs_service role's reader for bookmarks.platform.role_state (module_utils/role_state.py)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import THREADS, Client, all_items, or_none


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
        "Targets": all_items(autoscaling, "describe_scalable_targets", "ScalableTargets", ServiceNamespace="ecs", ResourceIds=[resource_id]),
        "Policies": all_items(autoscaling, "describe_scaling_policies", "ScalingPolicies", **scope),
        "ScheduledActions": all_items(autoscaling, "describe_scheduled_actions", "ScheduledActions", **scope),
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
