"""The inventories refuse unsafe targets before any AWS call."""

from __future__ import annotations

import pytest

from tests.helpers import playbook, recorded

pytestmark = pytest.mark.emulator

REAL_LOOKING_KEY = "AKIA" + "Q" * 16


@pytest.mark.parametrize(
    ("inventory", "env", "extra", "message"),
    [
        ("inventories/prod", {"AWS_ACCESS_KEY_ID": "testing"}, [], "AWS_ACCESS_KEY_ID: looks like a dummy or emulator key"),
        ("inventories/staging", {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}, [], "AWS_ACCESS_KEY_ID: looks like a dummy"),
        (
            "inventories/prod",
            {"AWS_ACCESS_KEY_ID": REAL_LOOKING_KEY, "AWS_ENDPOINT_URL": "http://127.0.0.1:5011"},
            [],
            "the production inventory targets real AWS; unset the endpoint override (http://127.0.0.1:5011)",
        ),
        (
            "inventories/staging",
            {"AWS_ACCESS_KEY_ID": REAL_LOOKING_KEY},
            ["-e", "aws_access_key=AKIAEXAMPLE"],
            "aws_access_key: the staging inventory takes credentials from the AWS chain",
        ),
        (
            "inventories/prod",
            {"AWS_ACCESS_KEY_ID": REAL_LOOKING_KEY},
            ["-e", "datadog_api_url=http://api.ap1.datadoghq.com"],
            "datadog_api_url: http://api.ap1.datadoghq.com must be an https URL: the API keys go with every request",
        ),
        ("inventories/local", {}, ["-e", "aws_endpoint_url="], "aws_endpoint_url: empty, but aws_target is emulator"),
        ("inventories/local", {}, ["-e", f"aws_access_key={REAL_LOOKING_KEY}"], "aws_access_key: an emulator inventory takes dummy"),
    ],
    ids=["prod-dummy-key", "staging-example-key", "prod-endpoint", "staging-key-in-vars", "prod-saas-http", "local-no-endpoint", "local-real-key"],
)
def test_unsafe_target_is_refused_before_any_call(inventory: str, env: dict[str, str], extra: list[str], message: str) -> None:
    with recorded() as sent:
        run = playbook("site.yml", *extra, inventory=inventory, env=env)
    assert run.returncode != 0
    assert message in " ".join(run.output.split()), run.output[-2500:]
    assert sent["requests"] == 0


def test_teardown_of_a_real_environment_needs_confirmation() -> None:
    with recorded() as sent:
        run = playbook(
            "playbooks/teardown.yml",
            inventory="inventories/prod",
            env={"AWS_ACCESS_KEY_ID": REAL_LOOKING_KEY, "AWS_SECRET_ACCESS_KEY": "x"},
        )
    assert run.returncode != 0
    assert "teardown_confirm: this removes every resource of production on real AWS" in " ".join(run.output.split())
    assert sent["requests"] == 0
