"""Checks of the observability layer on the converged stack (called by tests/test_site.py).

The roles' own behaviour (drift, duplicates, check mode) is covered by their Molecule scenarios;
these check the wiring that only the whole stack has: the alarms watch the ALB, target groups,
services and cluster that exist, and each service reads its own Sentry project's DSN.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.harness.fakes import ctl as fakes

PREFIX = "bookmark-manager-local"
SENTRY_TOKEN = "sntrys_local_fake_token_0000000000000000"


def fake(name: str, path: str, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(f"{fakes.urls()[name]}{path}", headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def alarms_watch_what_exists(session: Any) -> None:
    elbv2, cloudwatch = session.client("elbv2"), session.client("cloudwatch")
    [alb] = elbv2.describe_load_balancers(Names=[f"{PREFIX}-alb"])["LoadBalancers"]
    groups = {g["TargetGroupName"]: g["TargetGroupArn"] for g in elbv2.describe_target_groups()["TargetGroups"]}
    topic = f"arn:aws:sns:ap-northeast-1:123456789012:{PREFIX}-alerts"
    alarms = {
        a["AlarmName"]: a
        for a in cloudwatch.describe_alarms(AlarmNamePrefix=f"{PREFIX}-")["MetricAlarms"]
    }
    assert sorted(alarms) == sorted(
        [f"{PREFIX}-{s}-{m}-high" for s in ("web", "api") for m in ("cpu", "memory")]
        + [f"{PREFIX}-alb-5xx-rate", f"{PREFIX}-aurora-connections-high"]
        + [f"{PREFIX}-{s}-unhealthy-targets" for s in ("web", "api")]
    )
    assert all(a["AlarmActions"] == [topic] and a["OKActions"] == [topic] for a in alarms.values())
    lb_dimension = alb["LoadBalancerArn"].split(":loadbalancer/")[1]
    rate = alarms[f"{PREFIX}-alb-5xx-rate"]
    assert {m["MetricStat"]["Metric"]["Dimensions"][0]["Value"] for m in rate["Metrics"][1:]} == {lb_dimension}
    for service in ("web", "api"):
        unhealthy = {d["Name"]: d["Value"] for d in alarms[f"{PREFIX}-{service}-unhealthy-targets"]["Dimensions"]}
        assert unhealthy == {"TargetGroup": groups[f"{PREFIX}-{service}"].split(":")[-1], "LoadBalancer": lb_dimension}
        cpu = {d["Name"]: d["Value"] for d in alarms[f"{PREFIX}-{service}-cpu-high"]["Dimensions"]}
        assert cpu == {"ClusterName": f"{PREFIX}-cluster", "ServiceName": f"{PREFIX}-{service}"}
    aurora = alarms[f"{PREFIX}-aurora-connections-high"]["Dimensions"]
    assert aurora == [{"Name": "DBClusterIdentifier", "Value": f"{PREFIX}-aurora"}]
    session.client("rds").describe_db_clusters(DBClusterIdentifier=f"{PREFIX}-aurora")  # it exists


def saas_match_the_inventory(session: Any) -> None:
    monitors = fake("datadog", "/_fake/state")["monitors"]
    assert sorted(m["name"] for m in monitors) == sorted(
        f"[local] bookmark-manager {n}" for n in ("API error rate", "API latency p95", "ALB unhealthy targets", "Aurora capacity")
    )
    assert all({"env:local", "managed-by:ansible"} <= set(m["tags"]) for m in monitors)
    error_rate = next(m for m in monitors if m["name"].endswith("API error rate"))
    assert error_rate["options"]["thresholds"] == {"critical": 0.05, "warning": 0.03}

    ssm = session.client("ssm")
    definitions = session.client("ecs")
    for service, platform in (("web", "javascript-nextjs"), ("api", "node")):
        slug = f"{PREFIX}-{service}"
        project = fake("sentry", f"/api/0/projects/bookmark-manager/{slug}/", {"Authorization": f"Bearer {SENTRY_TOKEN}"})
        assert project["platform"] == platform
        [key] = fake("sentry", f"/api/0/projects/bookmark-manager/{slug}/keys/", {"Authorization": f"Bearer {SENTRY_TOKEN}"})
        name = f"/bookmark-manager/local/SENTRY_DSN_{service.upper()}"
        stored = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
        assert stored["Type"] == "SecureString"
        assert stored["Value"] == key["dsn"]["public"], f"{name} does not hold {slug}'s DSN"
        definition = definitions.describe_task_definition(taskDefinition=slug)["taskDefinition"]
        secrets = {s["name"]: s["valueFrom"] for s in definition["containerDefinitions"][0]["secrets"]}
        assert secrets["SENTRY_DSN"].endswith(f":parameter{name}"), secrets

    for name in ("atlas", "datadog", "sentry"):
        assert fake(name, "/_fake/violations") == [], f"a request or an answer broke the {name} contract"
