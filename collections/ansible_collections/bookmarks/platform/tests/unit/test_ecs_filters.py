"""The ECS filters on service descriptions shaped like ecs_service_info's."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.ecs import (
    ecs_container_definitions,
    ecs_counts_to_set,
    ecs_desired_counts,
    ecs_image_candidates,
    ecs_revision,
    ecs_rollout_states,
    ecs_service_images,
    ecs_service_connect,
    ecs_service_scaling,
    ecs_services_waiting_for_image,
)

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


NIGHT = {"name": "night", "schedule": "cron(0 22 * * ? *)", "min_capacity": "1", "max_capacity": 2}


def test_scaling_is_the_services_own_over_the_environments() -> None:
    services = {"web": {"port": 3000}, "api": {"port": 3001, "autoscaling": {"min_capacity": 3, "cpu_target": 50}, "schedules": []}}
    scaling = ecs_service_scaling(services, 2, 10, 70, [NIGHT])
    assert scaling["web"] == {
        "min_capacity": 2, "max_capacity": 10, "cpu_target": 70,
        "scheduled_actions": [{**NIGHT, "min_capacity": 1}],
        "capacities": [[2, 10], [1, 2]], "scheduled_capacities": [{"min_capacity": 1, "max_capacity": 2}], "count_range": [1, 10],
    }  # fmt: skip
    assert scaling["api"]["min_capacity"] == 3 and scaling["api"]["cpu_target"] == 50
    assert scaling["api"]["scheduled_actions"] == [] and scaling["api"]["count_range"] == [3, 10]


def test_container_definitions() -> None:
    service = {"port": 3001, "secrets": ["DATABASE_URL", "SENTRY_DSN=SENTRY_DSN_API"], "environment": {"LOG_LEVEL": "info", "WORKERS": 4}}
    log = {"awslogs-group": "/ecs/p-api", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "ecs"}
    datadog = {"site": "ap1.datadoghq.com", "image": "public.ecr.aws/datadog/agent:7", "env": "production"}
    prefix = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/p/"
    app, *sidecars = ecs_container_definitions("api", service, "repo/p-api:1.0", prefix, log, datadog)
    assert sidecars == []
    assert app["portMappings"] == [{"containerPort": 3001, "protocol": "tcp"}]
    assert app["environment"] == [
        {"name": "NODE_ENV", "value": "production"}, {"name": "PORT", "value": "3001"},
        {"name": "LOG_LEVEL", "value": "info"}, {"name": "WORKERS", "value": "4"},
    ]  # fmt: skip
    assert app["secrets"] == [{"name": "DATABASE_URL", "valueFrom": f"{prefix}DATABASE_URL"}, {"name": "SENTRY_DSN", "valueFrom": f"{prefix}SENTRY_DSN_API"}]
    unused_app, agent = ecs_container_definitions("api", {**service, "sidecars": ["datadog"]}, "repo/p-api:1.0", prefix, log, datadog)
    assert agent["name"] == "datadog-agent" and agent["essential"] is False
    assert agent["secrets"] == [{"name": "DD_API_KEY", "valueFrom": f"{prefix}DATADOG_API_KEY"}]


URLS = {"web": "r/p-web", "api": "r/p-api"}


def test_a_service_that_never_started_takes_the_initial_image() -> None:
    running = {"web": "r/p-web:latest", "api": "r/p-api:1.0"}
    assert ecs_image_candidates(["web", "api"], URLS, {}, running, "standin") == ["r/p-web:latest", "r/p-api:1.0", "r/p-web:standin", "r/p-api:standin"]
    present = ["r/p-api:1.0", "r/p-web:standin", "r/p-api:standin"]
    # web waits at 0 tasks for latest, never pushed; api runs 1.0 at 0 tasks (scaled by hand), which is there.
    images = ecs_service_images(["web", "api"], URLS, {}, running, "standin", present, {"web": 0, "api": 0})
    assert images == {"web": "r/p-web:standin", "api": "r/p-api:1.0"}
    # A service with tasks keeps its image even when it is gone from the repository.
    assert ecs_service_images(["web"], URLS, {}, running, "standin", present, {"web": 2}) == {"web": "r/p-web:latest"}
    assert ecs_service_images(["web"], URLS, {"web": "2.0"}, running, "standin", present, {"web": 0}) == {"web": "r/p-web:2.0"}
    assert ecs_desired_counts({"p-web": {"desiredCount": 3}}, {"web": "p-web", "api": "p-api"}) == {"web": 3}


def test_the_counts_a_converge_sets() -> None:
    scaling = {"web": {"count_range": [1, 10]}, "api": {"count_range": [2, 10]}, "admin": {"count_range": [1, 4]}}
    # web: autoscaling's 5 kept; api: stopped by hand, back to 2; admin: new, 2.
    assert ecs_counts_to_set({"web": 5, "api": 0}, scaling, 2) == {"web": 5, "api": 2, "admin": 2}
    assert ecs_counts_to_set({"web": 12, "api": 1}, scaling, 2) == {"web": 10, "api": 2, "admin": 2}


def test_service_connect_publishes_what_another_service_calls() -> None:
    services = {"web": {"port": 3000, "calls": ["api"]}, "api": {"port": 3001, "calls": []}, "worker": {"port": 4000}}
    assert ecs_service_connect("api", services) == {
        "enabled": True, "services": [{"portName": "api", "discoveryName": "api", "clientAliases": [{"port": 3001, "dnsName": "api"}]}],
    }  # fmt: skip
    assert ecs_service_connect("web", services) == {"enabled": True}
    assert ecs_service_connect("worker", services) == {"enabled": False}
    log = {"awslogs-group": "g", "awslogs-region": "r", "awslogs-stream-prefix": "ecs"}
    datadog = {"site": "s", "image": "i", "env": "e"}
    [web] = ecs_container_definitions("web", services["web"], "img", "p/", log, datadog, services)
    assert {"name": "API_URL", "value": "http://api:3001"} in web["environment"]
    assert web["portMappings"] == [{"containerPort": 3000, "protocol": "tcp"}]
    [api] = ecs_container_definitions("api", services["api"], "img", "p/", log, datadog, services)
    assert api["portMappings"] == [{"containerPort": 3001, "protocol": "tcp", "name": "api", "appProtocol": "http"}]
