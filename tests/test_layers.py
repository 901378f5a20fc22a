"""Each layer of site.yml runs alone with its tag, and no other layer's roles come with it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.drift import DRIFT, FAILED, NO_DRIFT, exit_code

ROOT = Path(__file__).resolve().parents[1]

# The role each layer runs, by the name of the task that includes it in playbooks/<layer>.yml.
LAYERS = {
    "network": ["VPC, subnets, NAT, endpoints and flow logs", "Security groups"],
    "edge": ["Hosted zone", "Certificates", "ALB", "CloudFront and WAF", "DNS records and health check"],
    "data": [
        "Aurora PostgreSQL Serverless v2",
        "MongoDB Atlas (the log store), reachable from the NAT gateways' addresses",
        "The application's secrets",
    ],
    "observability": ["CloudWatch alarms and their SNS topic", "Datadog monitors", "Sentry projects, their DSNs in SSM"],
    "compute": ["Cluster, repositories, roles and log groups", "The ECS services, wired to the network, the ALB and the cluster"],
    # The SaaS vendors, and the parameters that carry their keys and URIs to the tasks.
    "saas": [
        "MongoDB Atlas (the log store), reachable from the NAT gateways' addresses",
        "The application's secrets",
        "Datadog monitors",
        "Sentry projects, their DSNs in SSM",
    ],
}
ALL_ROLES = {name for names in LAYERS.values() for name in names}


def listed(tag: str) -> set[str]:
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "site.yml", "--list-tasks", "--tags", tag]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return {match.group(1) for match in re.finditer(r"^\s{6}(.+?)\tTAGS: ", done.stdout, re.M)}


@pytest.mark.parametrize("tag", LAYERS)
def test_a_layer_runs_its_roles_and_no_others(tag: str) -> None:
    tasks = listed(tag)
    assert set(LAYERS[tag]) <= tasks, set(LAYERS[tag]) - tasks
    assert not (ALL_ROLES - set(LAYERS[tag])) & tasks, (ALL_ROLES - set(LAYERS[tag])) & tasks


@pytest.mark.parametrize(
    ("returncode", "plan", "expected"),
    [
        (0, {"changes": [], "failed": 0}, NO_DRIFT),
        (0, {"changes": [{"action": "update", "resource": "vpc: VPC"}], "failed": 0}, DRIFT),
        (2, {"changes": [], "failed": 1}, FAILED),
        (0, {"changes": [], "failed": 1}, FAILED),
        (4, None, FAILED),
    ],
)
def test_drift_exit_codes(returncode: int, plan: dict[str, object] | None, expected: int) -> None:
    assert exit_code(returncode, plan) == expected
