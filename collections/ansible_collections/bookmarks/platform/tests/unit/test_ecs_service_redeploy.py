"""ecs_service_redeploy against botocore's shapes (Stubber): a forced deployment per service, awaited
until its rollout completes; a failed or replaced rollout, and one still running at the timeout, named."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.bookmarks.platform.plugins.modules import ecs_service_redeploy as module

PARAMS = {"cluster": "bm-cluster", "services": ["bm-web", "bm-api"], "wait": True, "wait_timeout": 60}


def service(name: str, deployment: str, rollout: str = "IN_PROGRESS") -> dict[str, Any]:
    return {"serviceName": name, "deployments": [{"id": deployment, "status": "PRIMARY", "rolloutState": rollout},
                                                 {"id": "ecs-svc/old", "status": "ACTIVE", "rolloutState": "COMPLETED"}]}  # fmt: skip


@pytest.fixture
def client() -> Any:
    return boto3.client("ecs", region_name="ap-northeast-1", aws_access_key_id="k", aws_secret_access_key="s")


def stub_updates(stub: Stubber) -> None:
    for name, deployment in (("bm-web", "ecs-svc/1"), ("bm-api", "ecs-svc/2")):
        stub.add_response("update_service", {"service": service(name, deployment)}, {"cluster": "bm-cluster", "service": name, "forceNewDeployment": True})


def test_each_service_gets_a_new_deployment_and_the_rollouts_are_awaited(client: Any) -> None:
    slept: list[float] = []
    with Stubber(client) as stub:
        stub_updates(stub)
        stub.add_response("describe_services", {"services": [service("bm-web", "ecs-svc/1", "COMPLETED"), service("bm-api", "ecs-svc/2")]})
        stub.add_response("describe_services", {"services": [service("bm-web", "ecs-svc/1", "COMPLETED"), service("bm-api", "ecs-svc/2", "COMPLETED")]})
        result = module.run(client, PARAMS, check_mode=False, sleep=slept.append)
        stub.assert_no_pending_responses()
    assert result == {"changed": True, "deployments": {"bm-web": "ecs-svc/1", "bm-api": "ecs-svc/2"}}
    assert slept == [5.0]


def test_a_failed_rollout_and_one_still_running_are_named(client: Any) -> None:
    with Stubber(client) as stub:
        stub_updates(stub)
        stub.add_response("describe_services", {"services": [service("bm-web", "ecs-svc/1", "FAILED"), service("bm-api", "ecs-svc/2")]})
        with pytest.raises(RuntimeError, match="the new deployment of bm-web failed or was replaced"):
            module.run(client, PARAMS, check_mode=False, sleep=lambda _s: None)
    with Stubber(client) as stub:
        stub_updates(stub)
        stub.add_response("describe_services", {"services": [service("bm-web", "ecs-svc/1", "COMPLETED"), service("bm-api", "ecs-svc/2")]})
        with pytest.raises(RuntimeError, match="after 3 s the new deployment of bm-api is still in progress"):
            module.run(client, {**PARAMS, "wait_timeout": 3}, check_mode=False, sleep=lambda _s: None)


def test_check_mode_sends_nothing(client: Any) -> None:
    with Stubber(client) as stub:
        assert module.run(client, PARAMS, check_mode=True) == {"changed": True, "deployments": {"bm-web": "", "bm-api": ""}}
        stub.assert_no_pending_responses()
