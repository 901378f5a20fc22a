"""The whole stack on the emulator, as `make check`, `make up`, `make down` and deploy.yml run it.

One test, in order: dry run on an empty account, converge, no-op re-run, dry run on the
converged account, deployments (tests/deploy_checks.py, on the converged stack rather than a
second one), teardown (twice). State is read back from the emulator at each step.
"""

from __future__ import annotations

import pytest

from tests import deploy_checks
from tests.helpers import playbook, recorded, reset_emulator
from tools.stack_inventory import emulator_session, inventory

pytestmark = pytest.mark.emulator

STACK = {
    "vpc": 1,
    "subnet": 4,
    "internet_gateway": 1,
    "nat_gateway": 1,
    "elastic_ip": 1,
    "route_table": 3,
    "security_group": 4,  # alb, ecs, aurora, vpc endpoints
    "vpc_endpoint": 4,  # s3, ecr.api, ecr.dkr, logs
    "flow_log": 1,
    "log_group": 3,  # flow logs, /ecs/...-web, /ecs/...-api
    "iam_role": 3,  # flow logs, ECS task execution, ECS task
    "load_balancer": 1,
    "target_group": 2,  # web, api
    "s3_bucket": 2,  # alb logs, assets
    "acm_certificate": 2,  # alb (regional), cloudfront (us-east-1)
    "waf": 3,  # web ACL, allow and deny IP sets
    "cloudfront_distribution": 1,
    "origin_access_control": 1,
    "hosted_zone": 1,
    "health_check": 1,
    "ecs_cluster": 1,
    "ecs_service": 2,  # web, api
    "task_definition": 2,
    "ecr_repository": 2,
    "scalable_target": 2,
    "scaling_policy": 2,  # CPU target tracking per service
    "scheduled_action": 4,  # night scale-in and weekday-morning scale-out per service
}


def counts() -> dict[str, int]:
    return {kind: len(items) for kind, items in inventory(emulator_session()).items()}


def test_dry_run_converge_rerun_dry_run_teardown() -> None:
    reset_emulator()

    with recorded() as dry_empty:
        run = playbook("site.yml", "--check", "--diff")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed > 0, "a dry run on an empty account must say what it would create"
    assert dry_empty["mutating"] == 0, dry_empty["mutating_by_operation"]
    assert sum(counts().values()) == 0

    run = playbook("site.yml")
    assert run.returncode == 0, run.output[-3000:]
    built = counts()
    assert built == STACK

    with recorded() as rerun:
        run = playbook("site.yml")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
    assert rerun["mutating"] == 0, rerun["mutating_by_operation"]
    assert counts() == built

    with recorded() as dry_converged:
        run = playbook("site.yml", "--check", "--diff")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
    assert dry_converged["mutating"] == 0, dry_converged["mutating_by_operation"]

    ecs = emulator_session().client("ecs")
    deploy_checks.deploy_registers_a_revision_and_a_converge_keeps_it(ecs)
    deploy_checks.failed_rollout_puts_the_previous_revision_back(ecs)
    deploy_checks.deploy_bad_input_fails_before_any_aws_call()

    run = playbook("playbooks/teardown.yml")
    assert run.returncode == 0, run.output[-3000:]
    assert sum(counts().values()) == 0, inventory(emulator_session())

    run = playbook("playbooks/teardown.yml")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
