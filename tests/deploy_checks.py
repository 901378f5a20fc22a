"""playbooks/deploy.yml on a converged stack: a new revision registered and in use, a converge
that keeps it, the rollback of a rollout that never completes, and bad input refused; the role
GitHub Actions deploys with, as built, and allowed every call a deployment sends.

Called by tests/test_site.py on the stack it converged (a second converge would cost minutes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tests.helpers import playbook, recorded
from tests.harness.ecr_push import push_image
from tests.harness.stack_inventory import emulator_session

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "collections"))
from ansible_collections.bookmarks.platform.plugins.filter import deploy_access  # noqa: E402

CLUSTER = "bookmark-manager-local-cluster"
API = "bookmark-manager-local-api"
WEB = "bookmark-manager-local-web"
DEPLOY_ROLE = "bookmark-manager-local-github-deploy"
ACCOUNT = "123456789012"  # the emulator's
PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
# Blank SaaS keys: the deploy workflow has no vault password, and a rollout needs none.
NO_VAULT = {"atlas_public_key": "", "atlas_private_key": "", "datadog_api_key": "", "datadog_app_key": "", "sentry_auth_token": ""}
# IAM's prefix where the SigV4 service name differs; calls that need no permission.
IAM_PREFIX = {"monitoring": "cloudwatch"}
NO_PERMISSION = {"sts:GetCallerIdentity"}


def deploy_role(session: Any) -> dict[str, Any]:
    """The deploy role's trust and inline policies, and the account's OIDC provider, read back."""
    iam = session.client("iam")
    role = iam.get_role(RoleName=DEPLOY_ROLE)["Role"]
    inline = {name: iam.get_role_policy(RoleName=DEPLOY_ROLE, PolicyName=name)["PolicyDocument"] for name in iam.list_role_policies(RoleName=DEPLOY_ROLE)["PolicyNames"]}
    provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER)
    return {"trust": role["AssumeRolePolicyDocument"], "inline": inline, "managed": iam.list_attached_role_policies(RoleName=DEPLOY_ROLE)["AttachedPolicies"],
            "audiences": provider["ClientIDList"]}  # fmt: skip


def deploy_role_is_built_as_documented(session: Any) -> dict[str, Any]:
    """Trusted by the inventory's repository in the local GitHub environment only; docs/deploy.md's policy."""
    built = deploy_role(session)
    services = [WEB, API]
    assert built["trust"] == deploy_access.github_oidc_trust(PROVIDER, "sts.amazonaws.com", ["repo:example-org/bookmark-manager:environment:local"])
    assert built["inline"] == {
        "rollout": deploy_access.deploy_role_policy({
            "account": ACCOUNT, "region": "ap-northeast-1", "cluster": CLUSTER, "services": services, "repositories": services,
            "pass_roles": ["bookmark-manager-local-ecs-execution", "bookmark-manager-local-ecs-task"],
        })
    }  # fmt: skip
    assert built["managed"] == [] and built["audiences"] == ["sts.amazonaws.com"]
    return built


def allowed_by_the_deploy_role(sent: dict[str, Any]) -> None:
    """Each operation the deployment sent is an action of the deploy role's policy."""
    policy = deploy_role(emulator_session())["inline"]["rollout"]
    allowed = deploy_access.allowed_actions(policy)
    operations = {*sent["mutating_by_operation"], *sent["reads_by_operation"]}
    actions = {f"{IAM_PREFIX.get(service, service)}:{name}" for service, name in (operation.split(":", 1) for operation in operations)}
    assert actions - NO_PERMISSION <= allowed, f"the deploy role lacks {sorted(actions - NO_PERMISSION - allowed)}"
    assert "ecs:RegisterTaskDefinition" in actions and "ecs:UpdateService" in actions, actions  # a real rollout was recorded


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
    with recorded() as deployment:
        run = playbook("playbooks/deploy.yml", "-e", "image_tag=1.2.3", "-e", "services=api", "-e", json.dumps(NO_VAULT))
    assert run.returncode == 0, run.output[-3000:]
    allowed_by_the_deploy_role(deployment)
    assert "Deployed bookmark-manager-local-api:2" in " ".join(run.output.split())
    revision, image = running(ecs, API)
    assert revision == f"{API}:2"
    assert image.endswith(f".amazonaws.com/{API}:1.2.3")
    assert running(ecs, WEB) == web_before

    # The deployment changed the services' layer behind the converge's record: the converge
    # builds it, changes nothing and records the layer's new hash, its one write; the next
    # converge skips the build and sends nothing.
    with recorded() as sent:
        run = playbook("playbooks/compute.yml")
    assert run.returncode == 0, run.output[-3000:]
    assert run.changed == 0, run.output[-3000:]
    assert sent["mutating_by_operation"] == {"ssm:PutParameter": 1}, sent["mutating_by_operation"]
    assert running(ecs, API) == (revision, image)
    with recorded() as again:
        run = playbook("playbooks/compute.yml")
    assert run.returncode == 0 and run.changed == 0, run.output[-3000:]
    assert again["mutating"] == 0, again["mutating_by_operation"]


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
