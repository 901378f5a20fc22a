"""playbooks/deploy.yml on a converged stack: a new revision registered and in use, a converge
that keeps it, the rollback of a rollout that never completes, and bad input refused.

Called by tests/test_site.py on the stack it converged (a second converge would cost minutes).
"""

from __future__ import annotations

import json
from typing import Any

from tests.helpers import playbook, recorded
from tools.ecr_push import push_image
from tools.stack_inventory import emulator_session

CLUSTER = "bookmark-manager-local-cluster"
API = "bookmark-manager-local-api"
WEB = "bookmark-manager-local-web"


def running(ecs: Any, service: str) -> tuple[str, str]:
    """The revision a service runs (family:revision) and the image of its app container."""
    [described] = ecs.describe_services(cluster=CLUSTER, services=[service])["services"]
    revision = described["taskDefinition"].rsplit("/", 1)[-1]
    definition = ecs.describe_task_definition(taskDefinition=described["taskDefinition"])["taskDefinition"]
    return revision, definition["containerDefinitions"][0]["image"]


def deploy_refuses_an_image_that_was_not_pushed(ecs: Any) -> None:
    before = running(ecs, API)
    with recorded() as sent:
        run = playbook("playbooks/deploy.yml", "-e", "image_tag=7.7.7", "-e", "services=api")
    assert run.returncode != 0
    said = " ".join(run.output.split())
    assert "ecs_service_image_tags: " in said and f"/{API}:7.7.7 not in its repository; push it first" in said, said[-2000:]
    assert sent["mutating"] == 0, sent["mutating_by_operation"]
    assert running(ecs, API) == before


def deploy_registers_a_revision_and_a_converge_keeps_it(ecs: Any) -> None:
    push_image(emulator_session().client("ecr"), API, "1.2.3")
    web_before = running(ecs, WEB)
    run = playbook("playbooks/deploy.yml", "-e", "image_tag=1.2.3", "-e", "services=api")
    assert run.returncode == 0, run.output[-3000:]
    assert "Deployed bookmark-manager-local-api:2" in " ".join(run.output.split())
    revision, image = running(ecs, API)
    assert revision == f"{API}:2"
    assert image.endswith(f".amazonaws.com/{API}:1.2.3")
    assert running(ecs, WEB) == web_before

    with recorded() as sent:
        run = playbook("playbooks/compute.yml")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
    assert sent["mutating"] == 0, sent["mutating_by_operation"]
    assert running(ecs, API) == (revision, image)


def failed_rollout_puts_the_previous_revision_back(ecs: Any) -> None:
    push_image(emulator_session().client("ecr"), API, "9.9.9")
    before = running(ecs, API)
    wait = {"ecs_service_deploy_wait": True, "ecs_service_deploy_timeout": 2, "ecs_service_deploy_poll_interval": 1}
    run = playbook("playbooks/deploy.yml", "-e", "image_tag=9.9.9", "-e", "services=api", "-e", json.dumps(wait))
    assert run.returncode != 0, run.output[-3000:]
    said = " ".join(run.output.split())
    new = f"{API}:{int(before[0].rsplit(':', 1)[1]) + 1}"
    assert f"Deployment of {new} failed" in said, said[-2000:]
    assert f"Rolled back to {before[0]}." in said
    assert running(ecs, API) == before
    failed = ecs.describe_task_definition(taskDefinition=new)["taskDefinition"]
    assert failed["containerDefinitions"][0]["image"].endswith(":9.9.9")

    # The converge after a rollback keeps the running revision: nothing to do.
    run = playbook("playbooks/compute.yml")
    assert run.returncode == 0 and run.changed == 0, run.output[-3000:]
    assert running(ecs, API) == before


BAD_INPUTS = [
    ({"services": "api"}, "image_tag: required (-e image_tag=<tag>)"),
    ({"image_tag": "1.0", "services": "worker"}, "worker is not a service of ecs_service_ports"),
    ({"image_tag": "v1 beta", "services": "api"}, "ecs_service_image_tags: v1 beta is not an image tag"),
]


def deploy_bad_input_fails_before_any_aws_call() -> None:
    for extra_vars, message in BAD_INPUTS:
        with recorded() as sent:
            run = playbook("playbooks/deploy.yml", "-e", json.dumps(extra_vars))
        assert run.returncode != 0, extra_vars
        assert message in " ".join(run.output.split()), run.output[-2500:]
        assert sent["requests"] == 0, (extra_vars, sent)
