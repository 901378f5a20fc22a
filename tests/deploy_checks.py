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
            "pass_roles": ["bookmark-manager-local-web-execution", "bookmark-manager-local-api-execution", "bookmark-manager-local-ecs-task"],
            "run_lock": "/bookmark-manager-local/run-lock",
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
    web_before, api_before = running(ecs, WEB), running(ecs, API)
    with recorded() as deployment:
        run = playbook("playbooks/deploy.yml", "-e", "image_tag=1.2.3", "-e", "services=api", "-e", json.dumps(NO_VAULT))
    assert run.returncode == 0, run.output[-3000:]
    allowed_by_the_deploy_role(deployment)
    new = f"{API}:{int(api_before[0].rsplit(':', 1)[1]) + 1}"
    assert f"Deployed {new}" in " ".join(run.output.split())
    revision, image = running(ecs, API)
    assert revision == new
    assert image.endswith(f".amazonaws.com/{API}:1.2.3")
    assert running(ecs, WEB) == web_before
    # The deployed image carries its release tag, which the lifecycle policy never expires.
    details = emulator_session().client("ecr").describe_images(repositoryName=API, imageIds=[{"imageTag": "1.2.3"}])["imageDetails"][0]
    assert sorted(details["imageTags"]) == ["1.2.3", "release-1.2.3"], details
    assert deployment["mutating_by_operation"].get("ecr:PutImage") == 1, deployment["mutating_by_operation"]

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
    ({"image_tag": "1.0", "services": "worker"}, "ecs_service_image_tags: worker is not a service of ecs_service_services (web, api)"),
    ({"image_tag": "v1 beta", "services": "api"}, "ecs_service_image_tags: v1 beta is not an image tag"),
]


def deploy_bad_input_fails_before_any_aws_call() -> None:
    for extra_vars, message in BAD_INPUTS:
        with recorded() as sent:
            run = playbook("playbooks/deploy.yml", "-e", json.dumps(extra_vars))
        assert run.returncode != 0, extra_vars
        assert message in " ".join(run.output.split()), run.output[-2500:]
        assert sent["requests"] == 0, (extra_vars, sent)


def services_run_the_standin_images_with_their_autoscaling(session: Any) -> None:
    """make up's stack: each service on its stand-in image, autoscaling 2-10 at 70 % CPU, scaled in
    every night and out on weekday mornings (Tokyo time), as prod is after its first deployment;
    web reads the database, as the design document's web task definition does."""
    ecs, autoscaling = session.client("ecs"), session.client("application-autoscaling")
    secrets = {}
    for service in ecs.describe_services(cluster=CLUSTER, services=[WEB, API])["services"]:
        definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
        assert definition["containerDefinitions"][0]["image"].endswith(f"/{service['serviceName']}:standin"), definition["containerDefinitions"][0]
        secrets[service["serviceName"]] = [secret["name"] for secret in definition["containerDefinitions"][0]["secrets"]]
    assert secrets[WEB] == ["DATABASE_URL", "SENTRY_DSN"], secrets
    ids = [f"service/{CLUSTER}/{name}" for name in (WEB, API)]
    targets = autoscaling.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=ids)["ScalableTargets"]
    assert sorted((t["ResourceId"], t["MinCapacity"], t["MaxCapacity"]) for t in targets) == sorted((i, 2, 10) for i in ids)
    policies = autoscaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
    assert sorted(p["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] for p in policies) == [70.0, 70.0]
    actions = autoscaling.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
    assert sorted((a["ScheduledActionName"], a["Schedule"], a["Timezone"]) for a in actions) == sorted(
        (f"{name}-{action}", schedule, "Asia/Tokyo")
        for name in (WEB, API)
        for action, schedule in (("scale-in-night", "cron(0 22 * * ? *)"), ("scale-out-weekday-morning", "cron(0 7 ? * MON-FRI *)"))
    )


def web_calls_the_api_inside_the_vpc(session: Any) -> None:
    """Service Connect: api published as api:3001 in the cluster's Cloud Map namespace, web its
    client with API_URL=http://api:3001, and the ECS group admitting exactly that path (3001 from
    itself) besides the ALB's."""
    ecs, ec2 = session.client("ecs"), session.client("ec2")
    [namespace] = session.client("servicediscovery").list_namespaces()["Namespaces"]
    assert (namespace["Name"], namespace["Type"]) == ("bookmark-manager-local", "HTTP")
    [cluster] = ecs.describe_clusters(clusters=[CLUSTER])["clusters"]
    assert cluster["serviceConnectDefaults"] == {"namespace": namespace["Arn"]}
    services = {s["serviceName"]: s for s in ecs.describe_services(cluster=CLUSTER, services=[WEB, API])["services"]}
    primary = {name: next(d for d in s["deployments"] if d["status"] == "PRIMARY") for name, s in services.items()}
    assert primary[API]["serviceConnectConfiguration"] == {
        "enabled": True, "namespace": namespace["Arn"],
        "services": [{"portName": "api", "discoveryName": "api", "clientAliases": [{"port": 3001, "dnsName": "api"}]}],
    }  # fmt: skip
    assert primary[WEB]["serviceConnectConfiguration"] == {"enabled": True, "namespace": namespace["Arn"]}
    definitions = {name: ecs.describe_task_definition(taskDefinition=s["taskDefinition"])["taskDefinition"]["containerDefinitions"][0] for name, s in services.items()}
    assert {"name": "API_URL", "value": "http://api:3001"} in definitions[WEB]["environment"]
    assert definitions[API]["portMappings"] == [{"containerPort": 3001, "protocol": "tcp", "name": "api", "appProtocol": "http"}]
    groups = {g["GroupName"]: g for g in ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["bookmark-manager-local-alb", "bookmark-manager-local-ecs"]}])["SecurityGroups"]}
    ids = {name: group["GroupId"] for name, group in groups.items()}
    ingress = sorted(
        (rule["FromPort"], rule["ToPort"], pair["GroupId"]) for rule in groups["bookmark-manager-local-ecs"]["IpPermissions"] for pair in rule["UserIdGroupPairs"]
    )
    alb, ecs_group = ids["bookmark-manager-local-alb"], ids["bookmark-manager-local-ecs"]
    assert ingress == sorted([(3000, 3000, alb), (3001, 3001, alb), (3001, 3001, ecs_group)]), ingress
    assert all(not rule.get("IpRanges") and not rule.get("Ipv6Ranges") for rule in groups["bookmark-manager-local-ecs"]["IpPermissions"])
