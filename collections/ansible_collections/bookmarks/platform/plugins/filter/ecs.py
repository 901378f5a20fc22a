"""Read ECS service descriptions (community.aws.ecs_service_info's camelCase form)."""

from __future__ import annotations

from typing import Any


def ecs_revision(task_definition_arn: str) -> dict[str, str]:
    """A task definition ARN as {arn, family_revision} (the form the ecs_service role passes on)."""
    return {"arn": task_definition_arn, "family_revision": task_definition_arn.rsplit("/", 1)[-1]}


def ecs_rollout_states(services: list[dict[str, Any]], expected: dict[str, str]) -> dict[str, str]:
    """For each service name in expected (name -> task definition ARN), the rollout state of the
    deployment of that revision: IN_PROGRESS, COMPLETED or FAILED; PENDING when the service has
    no deployment of it (yet), MISSING when the service is not active."""
    by_name = {s.get("serviceName"): s for s in services if s.get("status") == "ACTIVE"}
    states = {}
    for name, arn in expected.items():
        service = by_name.get(name)
        if service is None:
            states[name] = "MISSING"
            continue
        deployments = [d for d in service.get("deployments", []) if d.get("taskDefinition") == arn]
        # The newest deployment of the revision decides (a redeploy of it starts a new one).
        deployments.sort(key=lambda d: str(d.get("createdAt", "")), reverse=True)
        states[name] = deployments[0].get("rolloutState", "IN_PROGRESS") if deployments else "PENDING"
    return states


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"ecs_revision": ecs_revision, "ecs_rollout_states": ecs_rollout_states}
