"""The fault-injecting proxy: its faults are real AWS errors, and clients that retry get through."""

from __future__ import annotations

import uuid
from pathlib import Path

import botocore.config
import botocore.exceptions
import pytest

from tests.harness.emulator import ctl
from tests.harness.faults import FaultProxy, fault_proxy
from tests.helpers import playbook
from tests.harness.stack_inventory import emulator_session

pytestmark = pytest.mark.emulator
NO_RETRY = botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1})


def test_each_protocol_gets_the_error_aws_would_send() -> None:
    with fault_proxy(ctl.endpoint(), rate=1.0, seed=1) as proxy:
        session = emulator_session(proxy.url)
        codes = set()
        calls = [
            lambda: session.client("ec2", config=NO_RETRY).describe_vpcs(),  # EC2 query
            lambda: session.client("sns", config=NO_RETRY).list_topics(),  # query
            lambda: session.client("ssm", config=NO_RETRY).describe_parameters(),  # JSON
            lambda: session.client("s3", config=NO_RETRY).list_buckets(),  # REST-XML
        ]
        # At a rate of 1, every request is faulted except the repeat of one just faulted.
        for call in calls * 8:
            try:
                call()
            except botocore.exceptions.ClientError as error:
                codes.add(error.response.get("Error", {}).get("Code", "Unknown"))
    assert proxy.stats["throttle"] + proxy.stats["server"] == 16, proxy.stats
    assert "Unknown" not in codes, "a faulted body botocore could not parse"
    assert {"RequestLimitExceeded", "Throttling", "ThrottlingException"} <= codes, codes
    assert codes & {"Unavailable", "ServiceUnavailable", "InternalFailure"}, codes


def test_clients_that_retry_get_through_and_writes_happen_once() -> None:
    path = f"/faults/{uuid.uuid4().hex}"
    with fault_proxy(ctl.endpoint(), rate=0.5, seed=2) as proxy:
        session = emulator_session(proxy.url)
        ssm = session.client("ssm")
        for number in range(20):
            ssm.put_parameter(Name=f"{path}/p{number}", Value=str(number), Type="String", Overwrite=True)
        sns = session.client("sns")
        arn = sns.create_topic(Name=f"faults-{path.rsplit('/', 1)[-1]}")["TopicArn"]
    assert proxy.stats["throttle"] + proxy.stats["server"] >= 5, proxy.stats
    direct = emulator_session()
    pages = direct.client("ssm").get_paginator("get_parameters_by_path").paginate(Path=path)
    parameters = [parameter for page in pages for parameter in page["Parameters"]]
    assert sorted(p["Name"] for p in parameters) == sorted(f"{path}/p{n}" for n in range(20))
    assert all(p["Version"] == 1 for p in parameters), "a faulted write reached the emulator"
    assert arn in [topic["TopicArn"] for topic in direct.client("sns").list_topics()["Topics"]]
    direct.client("ssm").delete_parameters(Names=[p["Name"] for p in parameters])
    direct.client("sns").delete_topic(TopicArn=arn)


def decisions(proxy: FaultProxy, keys: list[str]) -> list[str | None]:
    return [proxy.decide(key) for key in keys]


def test_the_seed_decides_whatever_the_order_of_the_requests() -> None:
    keys = [f"request-{number}" for number in range(200)]
    first = FaultProxy("http://127.0.0.1:9", rate=0.3, seed=42)
    second = FaultProxy("http://127.0.0.1:9", rate=0.3, seed=42)
    try:
        ahead = dict(zip(keys, decisions(first, keys)))
        behind = dict(zip(reversed(keys), decisions(second, list(reversed(keys)))))
        assert ahead == behind, "the same seed faulted other requests when they came in another order"
        assert 30 < sum(1 for kind in ahead.values() if kind) < 90
        assert {kind for kind in ahead.values() if kind} == {"throttle", "server"}
    finally:
        first.server_close()
        second.server_close()


def test_the_same_request_faulted_at_most_in_a_row_times() -> None:
    proxy = FaultProxy("http://127.0.0.1:9", rate=1.0, seed=1, in_a_row=3)
    try:
        assert [kind is not None for kind in decisions(proxy, ["same"] * 8)] == [True, True, True, False, True, True, True, False]
    finally:
        proxy.server_close()


RETRIES_PLAY = """
- name: One read through the project's connection
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/bookmarks.platform.aws: "{{ aws_connection }}"
  tasks:
    - name: Read a parameter that does not exist
      bookmarks.platform.ssm_generated_secret:
        name: /faults/sustained
        create: false
        missing: empty
"""


def test_the_plays_get_through_a_request_throttled_five_times_in_a_row(tmp_path: Path) -> None:
    # The plays' connection (group_vars aws_connection) asks botocore for its standard retry mode
    # with 10 attempts; its legacy default (5 attempts) gives up on the fifth fault in a row.
    play = tmp_path / "retries.yml"
    play.write_text(RETRIES_PLAY)
    with fault_proxy(ctl.endpoint(), rate=1.0, seed=3, streak=5) as proxy:
        run = playbook(str(play), env={"AWS_ENDPOINT_URL": proxy.url})
    assert run.returncode == 0, run.output[-2000:]
    assert proxy.stats["throttle"] + proxy.stats["server"] == 5 and proxy.stats["requests"] == 6, proxy.stats


def test_a_streak_faults_a_request_that_many_times_in_a_row_then_lets_it_through() -> None:
    proxy = FaultProxy("http://127.0.0.1:1", rate=0.5, seed=4, streak=3)
    try:
        keys = [f"k{n}" for n in range(40)]
        for key in keys:
            decisions = [proxy.decide(key) for _attempt in range(4)]
            if decisions[0]:
                assert all(decisions[:3]) and decisions[3] is None, decisions
            else:
                assert decisions[0] is None
        assert 0 < proxy.stats["throttle"] + proxy.stats["server"] < 40 * 3
    finally:
        proxy.server_close()
