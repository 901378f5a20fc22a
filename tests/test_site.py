"""The whole stack on the emulator, as `make check`, `make up`, `make drift`, `make down` and deploy.yml run it.

Ordered phases on one stack (pytest runs them in file order; the conftest skips the phases after
one that failed, naming it): dry run on an empty account; a converge killed at a random task, then a
converge through the fault-injecting proxy (tests/harness/faults.py: each faulted request
throttled or failed three times in a row) at -vvv, which must build exactly
the stack an uninterrupted converge builds (no output may hold a secret value); no-op re-run
with every numeric and boolean input of every role given as a string on the command line
and every role run (no skip): nothing changes, no secret rotated; drift detection on the converged account (none; then eight changes made
behind the project's back, each named by `make drift`, which exits 2, and repaired by a
converge: tests/drift_checks.py); deployments (tests/deploy_checks.py); the alarms' and the SaaS
fakes' wiring (tests/observability_checks.py); the Atlas state, backups and restores
(tests/data_checks.py), all on the converged stack rather than a second one; a third service
added by an inventory alone (tests/catalogue_checks.py); then teardown, which keeps the hosted
zone and the records this project did not make, then teardown with teardown_zone (twice). State is read back from the emulator and the SaaS fakes at each step.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests import catalogue_checks, data_checks, deploy_checks, drift_checks, edge_checks, observability_checks, security_checks
from tests.helpers import (
    converge_killed_at_task,
    drift,
    finish,
    inputs_as_the_command_line_gives_them,
    playbook,
    playbook_in_background,
    recorded,
    reset_emulator,
    run_lock,
)
from tests.harness.emulator import ctl
from tests.harness.faults import fault_proxy
from tests.harness.ssm_metadata import metadata
from tests.harness.stack_inventory import emulator_session, inventory

pytestmark = [pytest.mark.emulator, pytest.mark.phases]

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
    "iam_role": 5,  # flow logs, ECS task execution (web, api), ECS task, GitHub deploy
    "oidc_provider": 1,  # GitHub Actions'
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
    "cloudmap_namespace": 1,  # Service Connect's (web calls api:3001 inside the VPC)
    "ecs_service": 2,  # web, api
    "task_definition": 2,
    "ecr_repository": 2,
    "scalable_target": 2,
    "scaling_policy": 2,  # CPU target tracking per service
    "scheduled_action": 4,  # night scale-in and weekday-morning scale-out per service
    "db_cluster": 1,
    "db_instance": 2,
    "db_subnet_group": 1,
    "db_cluster_snapshot": 0,
    # DATABASE_URL, MONGODB_URI, JWT_SECRET, JWT_SECRET_ACCEPTED, DATADOG_API_KEY, SENTRY_DSN_WEB,
    # SENTRY_DSN_API, the generated passwords of Aurora's application login and Atlas's API user,
    # the Aurora login and the Atlas user the services use, CloudFront's origin secret (Aurora's
    # master password is RDS's, in Secrets Manager)
    "ssm_parameter": 12,
    # The hash of each layer whose role skips an unchanged build, after its last converge
    "layer_record": 6,  # vpc, ecs_cluster, ecs_service, cloudfront_waf, alb, aurora
    "atlas_cluster": 1,
    "atlas_database_user": 1,
    "atlas_access_list_entry": 1,  # the NAT gateway's address
    "sns_topic": 1,
    "sns_subscription": 1,
    # CPU and memory per service, ALB 5xx rate, Aurora connections, unhealthy targets per target
    # group; and the high and low alarms of each service's CPU target tracking
    "cloudwatch_alarm": 8 + 4,
    "datadog_monitor": 4,
    "sentry_project": 2,  # web, api
}


# Before the application's pipeline has pushed a first image, the services exist with no task
# and without autoscaling (nothing could pull): no scalable target, scaling policy, scheduled
# action, nor the target-tracking policy's alarms. So does a real inventory's first run, which
# the local inventory is made to behave like with AS_ON_AWS (no stand-in images).
WAITING = {
    **STACK,
    "scalable_target": 0,
    "scaling_policy": 0,
    "scheduled_action": 0,
    "cloudwatch_alarm": 8,
}
AS_ON_AWS = json.dumps({"ecs_service_initial_image_tag": "latest", "ecs_cluster_standin_image_tag": ""})
PREFIX = "bookmark-manager-local"


def desired_counts() -> dict[str, int]:
    ecs = emulator_session().client("ecs")
    services = ecs.describe_services(cluster=f"{PREFIX}-cluster", services=[f"{PREFIX}-web", f"{PREFIX}-api"])["services"]
    return {service["serviceName"]: service["desiredCount"] for service in services}


def counts() -> dict[str, int]:
    return {kind: len(items) for kind, items in inventory(emulator_session()).items()}


# What one phase leaves for the next ones: the stack's counts, its secrets' metadata, the deploy role.
BUILT: dict[str, Any] = {}


def test_a_dry_run_on_an_empty_account_plans_and_writes_nothing() -> None:
    reset_emulator()
    with recorded() as dry_empty:
        run = playbook("site.yml", "--check", "--diff")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed > 0, "a dry run on an empty account must say what it would create"
    assert dry_empty["mutating"] == 0, dry_empty["mutating_by_operation"]
    assert sum(counts().values()) == 0


def test_a_killed_converge_then_a_throttled_one_build_the_stack() -> None:
    # A converge killed at a random task (KILL_AT_TASK=<n> repeats one), then a converge through
    # the fault proxy (throttling and 5xx on 3 % of the AWS requests, each three times in a row)
    # at -vvv: the stack
    # must be the one an uninterrupted converge builds, and neither output may hold a secret.
    # A converge of an empty account starts about 330 tasks (the two lanes' headers together).
    task = int(os.environ.get("KILL_AT_TASK") or random.randint(25, 320))
    seed = int(os.environ.get("FAULT_SEED") or random.randrange(2**32))
    context = f"(the first converge was killed at task {task}, the proxy's seed was {seed}: KILL_AT_TASK={task} FAULT_SEED={seed} repeats them)\n"
    print(context, end="")
    since = time.time()
    started, killed_output = converge_killed_at_task(task, "-e", AS_ON_AWS)
    assert started == task, context + killed_output[-3000:]
    # The killed run holds the run lock: the next converge refuses at once, naming it, and
    # make unlock RUN=<id> breaks it.
    lock = run_lock(emulator_session())
    assert lock.get("what") == "site.yml (converge)", context + str(lock)
    with recorded() as sent:
        refused = playbook("site.yml", "-e", AS_ON_AWS)
    said = " ".join(refused.output.split())
    assert refused.returncode != 0 and f"held by {lock['holder']} for site.yml (converge)" in said and f"make unlock RUN={lock['run']}" in said, said[-2000:]
    assert sent["mutating"] == 0 and run_lock(emulator_session()) == lock, sent["mutating_by_operation"]
    unlocked = playbook("playbooks/unlock.yml", "-e", f"run={lock['run']}")
    assert unlocked.returncode == 0 and run_lock(emulator_session()) == {}, unlocked.output[-2000:]
    # Sustained throttling: a faulted request is faulted three times in a row (AWS keeps answering
    # an account over its rate), which the retry mode and attempts of aws_config must outlast.
    with fault_proxy(ctl.endpoint(), rate=0.03, seed=seed, streak=3) as faults:
        run = playbook("site.yml", "-vvv", "-e", AS_ON_AWS, env={"AWS_ENDPOINT_URL": faults.url})
    assert run.returncode == 0, context + run.output[-3000:]
    assert faults.stats["streaks"] >= 10 and faults.stats["throttle"] >= 10 and faults.stats["server"] >= 5, context + str(faults.stats)
    written = data_checks.files_written_since(since)
    data_checks.no_secret_in(killed_output + run.output + written, emulator_session().client("ssm"))
    assert counts() == WAITING, context
    assert desired_counts() == {f"{PREFIX}-web": 0, f"{PREFIX}-api": 0}
    assert f"{PREFIX}-web:latest is not in its repository yet" in " ".join(run.output.split())


def test_make_up_runs_the_services_as_prod_after_its_first_deployment() -> None:
    # make up: the local inventory's stand-ins for the application's first images (one per
    # repository), and the services start as prod's do after their first deployment - at their
    # desired count, with their autoscaling (2-10 at 70 % CPU) and their schedules. The services
    # that waited take the stand-in's tag: a second revision of each task definition.
    run = playbook("site.yml")
    assert run.returncode == 0, run.output[-3000:]
    BUILT["counts"] = counts()
    assert BUILT["counts"] == {**STACK, "task_definition": 4}
    assert desired_counts() == {f"{PREFIX}-web": 2, f"{PREFIX}-api": 2}
    deploy_checks.services_run_the_standin_images_with_their_autoscaling(emulator_session())
    deploy_checks.web_calls_the_api_inside_the_vpc(emulator_session())
    BUILT["secrets"] = metadata("/bookmark-manager/local")
    BUILT["access"] = deploy_checks.deploy_role_is_built_as_documented(emulator_session())
    data_checks.the_application_connects_as_its_own_user_over_tls(emulator_session())
    security_checks.the_converged_stack_grants_least_privilege(
        emulator_session(), prefix="bookmark-manager-local", path="/bookmark-manager/local", deploy_role=deploy_checks.DEPLOY_ROLE, cluster=deploy_checks.CLUSTER
    )


def test_a_rerun_with_every_input_as_a_string_changes_nothing_and_rotates_no_secret() -> None:
    # -e name=value gives a string: every int, float and bool input of every role, with every role
    # run (no skip of an unchanged layer), must reach AWS as the type it is, and change nothing.
    # (The skipping path is the drift checks' and the deployments' next, and the rotations'.)
    # A second converge with other inputs while the re-run holds the run lock refuses at once,
    # naming the holder, and changes nothing (make drift, next, finds the re-run's stack).
    as_strings = inputs_as_the_command_line_gives_them()
    assert "cloudfront_waf_rate_limit=2000" in as_strings and "aurora_min_capacity=0.5" in as_strings
    with recorded() as rerun:
        first = playbook_in_background("site.yml", "-e", "skip_unchanged=false", *as_strings)
        deadline = time.monotonic() + 120
        while not run_lock(emulator_session()) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        second = playbook("site.yml", "-e", "alb_idle_timeout=120")
        run = finish(first)
    said = " ".join(second.output.split())
    assert second.returncode != 0 and "Another run is in progress: the run lock /bookmark-manager-local/run-lock is held by" in said, said[-2000:]
    assert "for site.yml (converge)" in said and second.changed == 0
    assert run_lock(emulator_session()) == {}, "the re-run did not release the run lock"
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
    assert rerun["mutating"] == 0, rerun["mutating_by_operation"]
    assert counts() == BUILT["counts"]
    assert metadata("/bookmark-manager/local") == BUILT["secrets"], "a re-run rotated a secret"
    assert deploy_checks.deploy_role(emulator_session()) == BUILT["access"]


def test_make_drift_finds_nothing_on_the_converged_stack(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    with recorded() as dry_converged:
        run = drift(plan_file)
    assert run.returncode == 0, run.output[-3000:]  # make drift: nothing would change
    assert run.changed == 0, run.output[-3000:]
    assert "No changes: the stack matches the inventory." in run.output
    assert dry_converged["mutating"] == 0, dry_converged["mutating_by_operation"]


def test_make_drift_names_each_change_behind_the_back_and_make_up_repairs_it(tmp_path: Path) -> None:
    # Drift: eight changes behind the project's back, named by make drift, repaired by make up.
    plan_file = tmp_path / "plan.json"
    before = drift_checks.change_behind_the_back(emulator_session())
    with recorded() as dry_drifted:
        run = drift(plan_file)
    assert run.returncode == 2, run.output[-3000:]
    assert dry_drifted["mutating"] == 0, dry_drifted["mutating_by_operation"]
    drift_checks.plan_names_each_change(json.loads(plan_file.read_text()))
    run = playbook("site.yml")
    assert run.returncode == 0, run.output[-3000:]
    drift_checks.converge_repaired_each_change(emulator_session(), before)


def test_deployments() -> None:
    ecs = emulator_session().client("ecs")
    deploy_checks.deploy_refuses_an_image_that_was_not_pushed(ecs)
    deploy_checks.deploy_registers_a_revision_and_a_converge_keeps_it(ecs)
    deploy_checks.failed_rollout_puts_the_previous_revision_back(ecs)
    deploy_checks.deploy_bad_input_fails_before_any_aws_call()


def test_the_edge_the_alarms_and_the_saas_match_the_inventory() -> None:
    edge_checks.alb_admits_only_cloudfront_with_the_secret_header(emulator_session())
    observability_checks.alarms_watch_what_exists(emulator_session())
    observability_checks.saas_match_the_inventory(emulator_session())


def test_every_secret_rotates_phase_by_phase_without_an_outage_and_a_converge_then_keeps_them() -> None:
    with recorded() as sent:
        refused = playbook("playbooks/rotate.yml", "-e", "secret=origin,token")
    assert refused.returncode != 0 and "secret: origin,token must be origin, database, atlas or jwt" in " ".join(refused.output.split()), refused.output[-2000:]
    assert sent["mutating"] == 0 and sent["requests"] == 0, sent

    # All four side by side, one run per step (-e rotation_phase=1, 2, 3), each checked after it.
    session = emulator_session()
    checks = {
        "jwt": data_checks.JwtRotation(session),
        "origin": edge_checks.OriginRotation(session),
        "database": data_checks.DatabaseRotation(session),
        "atlas": data_checks.AtlasRotation(session),
    }
    phases = {"jwt": ["accept", "switch", "finish"], "origin": ["accept", "switch", "finish"],
              "database": ["prepare", "switch", "retire"], "atlas": ["prepare", "switch", "retire"]}  # fmt: skip
    every = ["-e", "secret=jwt,origin,database,atlas"]
    for step in (1, 2, 3):
        if step == 3:
            # Tokens the old JWT value signed may still be valid (a day by default): the finish
            # phase refuses, before anything else of the step, saying how long to wait.
            with recorded() as sent:
                early = playbook("playbooks/rotate.yml", *every, "-e", "rotation_phase=3")
            said = " ".join(early.output.split())
            assert early.returncode != 0 and re.search(r"may be valid for 86[34]\d\d s more .* run the finish phase after that", said), early.output[-2000:]
            assert sent["mutating"] == 0, sent["mutating_by_operation"]
        run = playbook("playbooks/rotate.yml", *every, "-e", f"rotation_phase={step}", "-e", "rotation_jwt_token_lifetime=0")
        assert run.returncode == 0, run.output[-3000:]
        for secret, check in checks.items():
            check.after(phases[secret][step - 1], run.output)
    checks["origin"].done()
    checks["jwt"].done()
    rotated = edge_checks.sent_and_accepted(emulator_session())
    with recorded() as sent:
        run = playbook("site.yml", "--tags", "edge,data")
    assert run.returncode == 0 and run.changed == 0, run.output[-3000:]
    assert set(sent["mutating_by_operation"]) <= {"ssm:PutParameter"}, sent["mutating_by_operation"]  # at most the layers' records
    assert edge_checks.sent_and_accepted(emulator_session()) == rotated


def test_backup_and_restore() -> None:
    data_checks.atlas_matches_the_inventory()
    rds = emulator_session().client("rds")
    snapshot = data_checks.backup_names_both_snapshots_with_the_date(rds)
    data_checks.restore_time_is_checked_before_any_call()
    restored = data_checks.point_in_time_restore_builds_a_new_cluster(rds)
    data_checks.remove_backup_and_restore(rds, snapshot, restored)


def test_a_third_service_from_an_inventory_alone() -> None:
    # A third service added by an inventory alone (the catalogue's overrides); the teardown of
    # that inventory (the next phase) removes it with the rest.
    catalogue_checks.build_the_third_service()
    catalogue_checks.the_third_service_is_built(emulator_session())


ZONE = "bookmark-manager.test."
# Records of the zone this project never made: mail at the apex and a verification record.
FOREIGN = [
    {"Name": ZONE, "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 mail.example.net."}]},
    {"Name": f"_verify.{ZONE}", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"site-verification=abc"'}]},
]


def zone_records() -> set[tuple[str, str]]:
    route53 = emulator_session().client("route53")
    [zone] = [zone["Id"] for zone in route53.list_hosted_zones()["HostedZones"] if zone["Name"] == ZONE]
    return {(record["Name"], record["Type"]) for record in route53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]}


def test_teardown_removes_what_the_stack_made_and_keeps_the_zone_and_others_records() -> None:
    route53 = emulator_session().client("route53")
    [zone] = [zone["Id"] for zone in route53.list_hosted_zones()["HostedZones"] if zone["Name"] == ZONE]
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": r} for r in FOREIGN]})
    run = playbook("playbooks/teardown.yml", inventory=catalogue_checks.INVENTORY)
    assert run.returncode == 0, run.output[-3000:]
    assert {kind: count for kind, count in counts().items() if count} == {"hosted_zone": 1}, inventory(emulator_session())
    # The stack's records (www, the apex's alias, origin, the certificates' validation CNAMEs) went.
    assert zone_records() == {(ZONE, "NS"), (ZONE, "SOA"), (ZONE, "MX"), (f"_verify.{ZONE}", "TXT")}


def test_teardown_zone_removes_the_zone_and_names_the_delegation_to_remove_and_a_second_one_changes_nothing() -> None:
    run = playbook("playbooks/teardown.yml", "-e", "teardown_zone=true")
    assert run.returncode == 0, run.output[-3000:]
    assert sum(counts().values()) == 0, inventory(emulator_session())
    output = " ".join(run.output.split())
    assert "WARNING: the hosted zone bookmark-manager.test is deleted, but its delegation (at the registrar, or NS records in the parent zone) still names" in output

    with recorded() as teardown_again:
        run = playbook("playbooks/teardown.yml", "-e", "teardown_zone=true")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
    assert teardown_again["mutating"] == 0, teardown_again["mutating_by_operation"]
