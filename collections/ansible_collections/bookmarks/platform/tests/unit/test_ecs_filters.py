"""The ECS filters on service descriptions shaped like ecs_service_info's."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.ecs import ecs_revision, ecs_rollout_states, ecs_service_images, ecs_services_waiting_for_image

NEW = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app-api:8"
OLD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app-api:7"


def service(*deployments: dict[str, str], status: str = "ACTIVE", running: str | None = None) -> dict[str, object]:
    described: dict[str, object] = {"serviceName": "app-api", "status": status, "deployments": list(deployments)}
    if running:
        described["taskDefinition"] = running
    return described


def test_revision() -> None:
    assert ecs_revision(NEW) == {"arn": NEW, "family_revision": "app-api:8"}


def test_states_follow_the_deployment_of_the_new_revision() -> None:
    old = {"taskDefinition": OLD, "rolloutState": "COMPLETED", "createdAt": "2026-11-29 08:00:00"}
    new = {"taskDefinition": NEW, "rolloutState": "IN_PROGRESS", "createdAt": "2026-11-29 09:00:00"}
    assert ecs_rollout_states([service(old, running=NEW)], {"app-api": NEW}) == {"app-api": "PENDING"}
    assert ecs_rollout_states([service(new, old)], {"app-api": NEW}) == {"app-api": "IN_PROGRESS"}
    failed = dict(new, rolloutState="FAILED")
    assert ecs_rollout_states([service(old, failed)], {"app-api": NEW}) == {"app-api": "FAILED"}
    again = {"taskDefinition": NEW, "rolloutState": "COMPLETED", "createdAt": "2026-11-29 10:00:00"}
    assert ecs_rollout_states([service(failed, again)], {"app-api": NEW}) == {"app-api": "COMPLETED"}


def test_inactive_or_unknown_service_is_missing() -> None:
    assert ecs_rollout_states([service(status="INACTIVE")], {"app-api": NEW}) == {"app-api": "MISSING"}
    assert ecs_rollout_states([], {"app-web": NEW}) == {"app-web": "MISSING"}


def test_a_rollback_by_the_circuit_breaker_is_recognised() -> None:
    # ECS marked the new deployment FAILED, started the previous revision again and removed the
    # failed deployment: only the old one is listed, and the service runs the old revision.
    rolled_back = {"taskDefinition": OLD, "rolloutState": "IN_PROGRESS", "createdAt": "2026-11-29 09:05:00"}
    assert ecs_rollout_states([service(rolled_back, running=OLD)], {"app-api": NEW}) == {"app-api": "ROLLED_BACK"}


IMAGE = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app-{}:latest"
FULL = {"web": "app-web", "api": "app-api"}
IMAGES = {"web": IMAGE.format("web"), "api": IMAGE.format("api")}


def test_a_new_service_waits_for_its_image_a_running_one_never_stops() -> None:
    found = [{"image": IMAGES["web"], "exists": False}, {"image": IMAGES["api"], "exists": False}]
    assert ecs_services_waiting_for_image(["web", "api"], IMAGES, found, {}, FULL) == ["web", "api"]
    existing = {"app-web": {"desiredCount": 0}, "app-api": {"desiredCount": 2}}
    assert ecs_services_waiting_for_image(["web", "api"], IMAGES, found, existing, FULL) == ["web"]
    pushed = [{"image": IMAGES["web"], "exists": True}, {"image": IMAGES["api"], "exists": True}]
    assert ecs_services_waiting_for_image(["web", "api"], IMAGES, pushed, existing, FULL) == []


def test_the_image_each_service_runs() -> None:
    urls = {"web": "r/app-web", "api": "r/app-api"}
    assert ecs_service_images(["web", "api"], urls, {}, {}, "latest") == {"web": "r/app-web:latest", "api": "r/app-api:latest"}
    running = {"web": "r/app-web:1.0", "api": "r/app-api:1.1"}
    assert ecs_service_images(["web", "api"], urls, {"api": "1.2"}, running, "latest") == {"web": "r/app-web:1.0", "api": "r/app-api:1.2"}
    assert ecs_service_images(["web"], urls, {"web": 2}, {}, "latest") == {"web": "r/app-web:2"}
