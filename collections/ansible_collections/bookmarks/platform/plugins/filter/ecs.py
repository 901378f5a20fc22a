"""Read ECS service descriptions (community.aws.ecs_service_info's camelCase form)."""

from __future__ import annotations

from typing import Any


def ecs_revision(task_definition_arn: str) -> dict[str, str]:
    """A task definition ARN as {arn, family_revision} (the form the ecs_service role passes on)."""
    return {"arn": task_definition_arn, "family_revision": task_definition_arn.rsplit("/", 1)[-1]}


def ecs_rollout_states(services: list[dict[str, Any]], expected: dict[str, str]) -> dict[str, str]:
    """For each service name in expected (name -> task definition ARN), the rollout state of the
    deployment of that revision: IN_PROGRESS, COMPLETED or FAILED; ROLLED_BACK when the circuit
    breaker has put the previous revision back itself (the failed deployment is gone); PENDING
    when the service has no deployment of it yet; MISSING when the service is not active."""
    by_name = {s.get("serviceName"): s for s in services if s.get("status") == "ACTIVE"}
    states = {}
    for name, arn in expected.items():
        service = by_name.get(name)
        if service is None:
            states[name] = "MISSING"
            continue
        deployments = [d for d in service.get("deployments", []) if d.get("taskDefinition") == arn]
        if not deployments:
            # UpdateService creates the deployment at once; when it is gone and the service runs
            # another revision again, the circuit breaker rolled it back and ECS removed it.
            states[name] = "ROLLED_BACK" if service.get("taskDefinition") not in (None, arn) else "PENDING"
            continue
        # The newest deployment of the revision decides (a redeploy of it starts a new one).
        deployments.sort(key=lambda d: str(d.get("createdAt", "")), reverse=True)
        states[name] = deployments[0].get("rolloutState", "IN_PROGRESS")
    return states


def ecs_service_images(
    names: list[str], repository_urls: dict[str, str], image_tags: dict[str, Any], running: dict[str, str], initial_tag: str
) -> dict[str, str]:
    """The image each service runs: <repository>:<tag> when image_tags names one (a deployment),
    else the image it runs now, else <repository>:<initial_tag> (a new service)."""
    images = {}
    for name in names:
        if name in image_tags:
            images[name] = f"{repository_urls[name]}:{image_tags[name]}"
        else:
            images[name] = running.get(name) or f"{repository_urls[name]}:{initial_tag}"
    return images


def ecs_services_waiting_for_image(
    names: list[str], images: dict[str, str], found: list[dict[str, Any]], existing: dict[str, dict[str, Any]], full_names: dict[str, str]
) -> list[str]:
    """The services that must not start yet: the image they would run is not in its repository
    (ecr_image_info's answer), and they are new or still at a desired count of 0. A service that
    runs is never stopped for a missing image; a deployment refuses one instead."""
    missing = {answer["image"] for answer in found if not answer.get("exists", True)}
    waiting = []
    for name in names:
        service = existing.get(full_names[name])
        if images[name] in missing and (service is None or int(service.get("desiredCount", 0)) == 0):
            waiting.append(name)
    return waiting


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "ecs_revision": ecs_revision,
            "ecs_rollout_states": ecs_rollout_states,
            "ecs_services_waiting_for_image": ecs_services_waiting_for_image,
            "ecs_service_images": ecs_service_images,
        }
