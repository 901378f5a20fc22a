"""The IAM policy evaluator (tests/harness/iam_eval.py), and the policies the stack's filters build
for the catalogue of group_vars/all.yml, evaluated as AWS would: each service's tasks read exactly
their parameters; the deploy role registers and passes only its own and reads no secret.

The same checks run on the policies IAM holds after a converge (tests/test_site.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible_collections.bookmarks.platform.plugins.filter import deploy_access, ecs, services
from tests import security_checks
from tests.harness import iam_eval

ROOT = Path(__file__).resolve().parents[1]
REGION, ACCOUNT, PREFIX, PATH = "ap-northeast-1", "123456789012", "bookmark-manager-prod", "/bookmark-manager/prod"
# Every parameter a converged prod stack holds (the roles' names), the layer records included.
PARAMETERS = [
    f"{PATH}/{name}"
    for name in ("DATABASE_URL", "MONGODB_URI", "JWT_SECRET", "JWT_SECRET_ACCEPTED", "DATADOG_API_KEY", "SENTRY_DSN_WEB", "SENTRY_DSN_API",
                 "aurora/bookmarks_app_a-password", "aurora/bookmarks_app-login", "atlas/bookmark-api-a-password", "atlas/bookmark-api-login",
                 "cloudfront/origin-secret", "cloudfront/origin-secret-accepted")
] + [f"/{PREFIX}/layer-digest/{role}" for role in ("vpc", "ecs_cluster", "ecs_service", "alb", "aurora", "cloudfront_waf")]  # fmt: skip


def catalogue() -> dict:
    declared = yaml.safe_load((ROOT / "group_vars/all.yml").read_text())["app_service_catalogue"]
    return services.service_catalogue(declared)


# -- the evaluator ---------------------------------------------------------------------------------


def test_an_explicit_deny_wins_and_nothing_named_is_an_implicit_deny() -> None:
    allow = {"Statement": [{"Effect": "Allow", "Action": "ssm:Get*", "Resource": "arn:aws:ssm:*:*:parameter/a/*"}]}
    deny = {"Statement": {"Effect": "Deny", "Action": "ssm:GetParameters", "Resource": "arn:aws:ssm:*:*:parameter/a/secret"}}
    assert iam_eval.decide([allow], "SSM:getparameters", "arn:aws:ssm:r:1:parameter/a/b") == "allow"  # actions ignore case
    assert iam_eval.decide([allow, deny], "ssm:GetParameters", "arn:aws:ssm:r:1:parameter/a/secret") == "explicit deny"
    assert iam_eval.decide([allow], "ssm:GetParameters", "arn:aws:ssm:r:1:parameter/A/b") == "implicit deny"  # resources do not
    assert iam_eval.decide([allow], "ssm:PutParameter", "arn:aws:ssm:r:1:parameter/a/b") == "implicit deny"


def test_conditions_and_negations_as_aws_documents_them() -> None:
    statement = {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::private/*",
                 "Condition": {"StringEquals": {"kms:ViaService": "ssm.r.amazonaws.com"}, "StringLike": {"aws:PrincipalTag/team": "plat*"}}}  # fmt: skip
    context = {"kms:ViaService": "ssm.r.amazonaws.com", "aws:PrincipalTag/team": "platform"}
    assert iam_eval.allowed([{"Statement": [statement]}], "kms:Decrypt", "arn:aws:kms:r:1:key/k", context)
    assert not iam_eval.allowed([{"Statement": [statement]}], "kms:Decrypt", "arn:aws:kms:r:1:key/k", {"aws:PrincipalTag/team": "platform"})  # key absent
    assert not iam_eval.allowed([{"Statement": [statement]}], "iam:PassRole", "arn:aws:iam::1:role/x", context)
    assert not iam_eval.allowed([{"Statement": [statement]}], "s3:GetObject", "arn:aws:s3:::private/x", context)
    negated = {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "r"}}}
    assert iam_eval.decide([{"Statement": [negated]}], "ec2:RunInstances", "*", {"aws:RequestedRegion": "us-east-1"}) == "explicit deny"
    with pytest.raises(ValueError, match="NumericLessThan is not supported"):
        iam_eval.decide([{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"k": "1"}}}]}], "a:b", "*", {"k": "0"})


# -- the stack's policies ------------------------------------------------------------------------


def test_each_service_reads_exactly_the_parameters_its_containers_name() -> None:
    declared = catalogue()
    listed = ecs.ecs_secret_parameters(declared)
    scope = {"prefix": PREFIX, "account": ACCOUNT, "region": REGION, "parameter_path": PATH, "parameters": listed, "kms_key_arn": ""}
    roles = {role["name"].removeprefix(f"{PREFIX}-").removesuffix("-execution"): [role["policy"]] for role in ecs.ecs_execution_roles(list(declared), scope)}
    assert set(roles) == set(declared)
    # What the task definitions name (ecs_container_definitions), as full parameter names.
    named = {
        name: sorted({secret["valueFrom"].split(":parameter", 1)[1] for container in ecs.ecs_container_definitions(
            name, service, "img", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{PATH}/", {}, {"site": "s", "image": "i"}, declared) for secret in container["secrets"]})
        for name, service in declared.items()
    }  # fmt: skip
    assert named["web"] == [f"{PATH}/DATABASE_URL", f"{PATH}/SENTRY_DSN_WEB"]
    security_checks.execution_roles_read_only_their_parameters(roles, named, PARAMETERS, REGION, ACCOUNT)
    assert [finding for [policy] in roles.values() for finding in security_checks.parliament_findings(policy)] == []
    for service, policies in roles.items():
        for secret in ("aurora/bookmarks_app_a-password", "atlas/bookmark-api-a-password", "cloudfront/origin-secret",
                       "JWT_SECRET_ACCEPTED" if service == "web" else "aurora/bookmarks_app-login"):
            assert iam_eval.decide(policies, "ssm:GetParameters", security_checks.parameter_arn(REGION, ACCOUNT, f"{PATH}/{secret}")) == "implicit deny"
        # Its own image and log group, no other service's.
        other = next(name for name in declared if name != service)
        assert iam_eval.allowed(policies, "ecr:BatchGetImage", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{PREFIX}-{service}")
        assert not iam_eval.allowed(policies, "ecr:BatchGetImage", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{PREFIX}-{other}")
        assert not iam_eval.allowed(policies, "logs:PutLogEvents", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/{PREFIX}-{other}:log-stream:x")


def test_a_sidecar_adds_its_key_to_its_service_only() -> None:
    declared = services.service_catalogue(yaml.safe_load((ROOT / "group_vars/all.yml").read_text())["app_service_catalogue"], {"web": {"sidecars": ["datadog"]}})
    listed = ecs.ecs_secret_parameters(declared)
    assert listed["web"] == ["DATABASE_URL", "DATADOG_API_KEY", "SENTRY_DSN_WEB"]
    assert "DATADOG_API_KEY" in listed["api"]  # the API reads it itself (the catalogue's secrets)


def test_a_rotated_secret_redeploys_exactly_the_services_that_read_it() -> None:
    declared = catalogue()
    assert ecs.ecs_secret_readers(declared, ["DATABASE_URL"]) == ["api", "web"]
    assert ecs.ecs_secret_readers(declared, ["JWT_SECRET_ACCEPTED"]) == ["api"]
    assert ecs.ecs_secret_readers(declared, ["MONGODB_URI", "JWT_SECRET"]) == ["api"]
    assert ecs.ecs_secret_readers(declared, ["cloudfront/origin-secret", "aurora/bookmarks_app-login"]) == []


def test_the_deploy_role_registers_and_passes_only_its_own_and_reads_no_secret() -> None:
    names = list(catalogue())
    families = [f"{PREFIX}-{name}" for name in names]
    pass_roles = ecs.ecs_task_role_names(names, PREFIX)
    assert pass_roles == [f"{PREFIX}-web-execution", f"{PREFIX}-api-execution", f"{PREFIX}-ecs-task"]
    lock = f"/{PREFIX}/run-lock"
    policy = deploy_access.deploy_role_policy({"account": ACCOUNT, "region": REGION, "cluster": f"{PREFIX}-cluster", "services": families,
                                               "repositories": families, "pass_roles": pass_roles, "run_lock": lock})  # fmt: skip
    # The run lock (a deployment takes and releases it), and no other parameter.
    for action in ("ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"):
        assert iam_eval.allowed([policy], action, security_checks.parameter_arn(REGION, ACCOUNT, lock))
        assert not iam_eval.allowed([policy], action, security_checks.parameter_arn(REGION, ACCOUNT, f"{PATH}/DATABASE_URL"))
    security_checks.deploy_role_registers_and_passes_only_its_own(
        [policy], ecs=f"arn:aws:ecs:{REGION}:{ACCOUNT}", families=families, pass_roles=pass_roles, iam=f"arn:aws:iam::{ACCOUNT}"
    )
    listener_rule = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener-rule/app/{PREFIX}-alb/1/2/3"
    security_checks.nobody_else_reads([policy], PARAMETERS, REGION, ACCOUNT, resources={"elasticloadbalancing:DescribeRules": listener_rule})
    assert security_checks.parliament_findings(policy) == []


def test_parliament_reports_what_is_not_justified() -> None:
    wide = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "application-autoscaling:PutScalingPolicy"], "Resource": "*"}]}
    assert security_checks.parliament_findings(wide) == ["RESOURCE_STAR: s3:GetObject"]
