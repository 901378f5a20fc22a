"""The ECS filters on service descriptions shaped like ecs_service_info's."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.ecs import ecs_revision, ecs_rollout_states

NEW = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app-api:8"
OLD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app-api:7"


def service(*deployments: dict[str, str], status: str = "ACTIVE") -> dict[str, object]:
    return {"serviceName": "app-api", "status": status, "deployments": list(deployments)}


def test_revision() -> None:
    assert ecs_revision(NEW) == {"arn": NEW, "family_revision": "app-api:8"}


def test_states_follow_the_deployment_of_the_new_revision() -> None:
    old = {"taskDefinition": OLD, "rolloutState": "COMPLETED", "createdAt": "2026-11-29 08:00:00"}
    new = {"taskDefinition": NEW, "rolloutState": "IN_PROGRESS", "createdAt": "2026-11-29 09:00:00"}
    assert ecs_rollout_states([service(old)], {"app-api": NEW}) == {"app-api": "PENDING"}
    assert ecs_rollout_states([service(new, old)], {"app-api": NEW}) == {"app-api": "IN_PROGRESS"}
    failed = dict(new, rolloutState="FAILED")
    assert ecs_rollout_states([service(old, failed)], {"app-api": NEW}) == {"app-api": "FAILED"}
    again = {"taskDefinition": NEW, "rolloutState": "COMPLETED", "createdAt": "2026-11-29 10:00:00"}
    assert ecs_rollout_states([service(failed, again)], {"app-api": NEW}) == {"app-api": "COMPLETED"}


def test_inactive_or_unknown_service_is_missing() -> None:
    assert ecs_rollout_states([service(status="INACTIVE")], {"app-api": NEW}) == {"app-api": "MISSING"}
    assert ecs_rollout_states([], {"app-web": NEW}) == {"app-web": "MISSING"}
