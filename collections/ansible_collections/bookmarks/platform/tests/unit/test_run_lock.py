"""run_lock (module) and its callback, against moto in-process: the lock read back, writes counted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.callback import run_lock as callback
from ansible_collections.bookmarks.platform.plugins.modules import run_lock
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

NAME = "/stack-prod/run-lock"


@pytest.fixture
def ssm() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ssm", region_name="ap-northeast-1")


def params(**overrides: Any) -> dict[str, Any]:
    return {"name": NAME, "state": "acquired", "what": "site.yml (converge)", "run": "", "ttl": 7200, **overrides}


def held(ssm: Any) -> dict[str, Any]:
    return json.loads(ssm.get_parameter(Name=NAME)["Parameter"]["Value"])


def test_a_run_takes_the_lock_and_a_second_refuses_naming_the_holder(ssm: Any) -> None:
    first = run_lock.run(ssm, params(), check_mode=False, holder="alice@laptop")
    assert first["acquired"] and not first["changed"] and held(ssm) == first["lock"]
    assert first["lock"]["holder"] == "alice@laptop" and first["lock"]["what"] == "site.yml (converge)"
    calls = Calls(ssm)
    refusal = rf"^Another run is in progress: the run lock {NAME} is held by alice@laptop for site.yml \(converge\) \(run {first['run']}\) since "
    with pytest.raises(RuntimeError, match=refusal):
        run_lock.run(ssm, params(what="teardown.yml"), check_mode=False, holder="bob@ci")
    assert calls.writes == [] and held(ssm) == first["lock"]


def test_of_two_runs_at_once_the_conditional_write_lets_one_through(ssm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    run_lock.run(ssm, params(), check_mode=False, holder="alice@laptop")
    # The second run read before the first wrote (it saw no lock): AWS refuses its write.
    calls: list[str] = []
    real_read = run_lock.read

    def read(client: Any, name: str) -> dict[str, Any]:
        calls.append(name)
        return {} if len(calls) == 1 else real_read(client, name)

    monkeypatch.setattr(run_lock, "read", read)
    with pytest.raises(RuntimeError, match=rf"^Another run took the run lock {NAME} first: it is held by alice@laptop "):
        run_lock.run(ssm, params(), check_mode=False, holder="bob@ci")
    assert held(ssm)["holder"] == "alice@laptop"


def test_a_dry_run_writes_nothing_and_warns_when_the_lock_is_held(ssm: Any) -> None:
    calls = Calls(ssm)
    assert run_lock.run(ssm, params(), check_mode=True) == {"changed": False, "acquired": False, "lock": {}, "run": ""}
    assert calls.writes == []
    taken = run_lock.run(ssm, params(), check_mode=False, holder="alice@laptop")
    dry = run_lock.run(ssm, params(), check_mode=True)
    assert not dry["acquired"] and dry["warnings"][0].startswith(f"The run lock {NAME} is held by alice@laptop")
    assert held(ssm) == taken["lock"]


def test_a_run_releases_its_own_lock_only(ssm: Any) -> None:
    taken = run_lock.run(ssm, params(), check_mode=False, holder="alice@laptop")
    run_lock.run(ssm, params(state="released", run="another-run"), check_mode=False)
    assert held(ssm) == taken["lock"]
    run_lock.run(ssm, params(state="released", run=taken["run"]), check_mode=False)
    assert ssm.get_parameters(Names=[NAME])["Parameters"] == []


def test_unlock_breaks_a_named_or_stale_lock_and_refuses_a_live_one(ssm: Any) -> None:
    taken = run_lock.run(ssm, params(), check_mode=False, holder="alice@laptop")
    with pytest.raises(RuntimeError, match=rf"to break it, name its run \(run={taken['run']}\)"):
        run_lock.run(ssm, params(state="broken", run="guess"), check_mode=False)
    run_lock.run(ssm, params(state="broken", run=taken["run"]), check_mode=False)
    assert ssm.get_parameters(Names=[NAME])["Parameters"] == []
    old = datetime.now(UTC) - timedelta(hours=3)
    stale = {"run": "r1", "holder": "ci@runner", "what": "deploy.yml", "since": old.isoformat(), "until": (old + timedelta(hours=2)).isoformat()}
    ssm.put_parameter(Name=NAME, Value=json.dumps(stale), Type="String")
    assert "stale" in run_lock.describe(stale, datetime.now(UTC))
    run_lock.run(ssm, params(state="broken"), check_mode=False)
    assert ssm.get_parameters(Names=[NAME])["Parameters"] == []


def test_the_callback_releases_the_lock_of_a_run_that_ended_without_releasing_it(ssm: Any) -> None:
    taken = run_lock.run(ssm, params(), check_mode=False, holder="alice@laptop")
    assert callback.release({"name": NAME}, "another-run", client=ssm).endswith("is another run's now (" + taken["run"] + "): left alone.")
    assert callback.release({"name": NAME}, taken["run"], client=ssm) == f"Run lock {NAME} released."
    assert callback.release({"name": NAME}, taken["run"], client=ssm) == f"The run lock {NAME} is already gone."


def test_the_callback_remembers_the_locks_its_run_took_and_forgets_the_released() -> None:
    module = callback.CallbackModule()
    task = SimpleNamespace(action="bookmarks.platform.run_lock", args={"name": NAME})
    module.v2_runner_on_ok(SimpleNamespace(_task=task, _result={"acquired": True, "lock": {"run": "r1"}, "connection": {"region": "x"}}))
    assert module.taken == {"r1": {"name": NAME, "region": "x"}}
    released = SimpleNamespace(action="bookmarks.platform.run_lock", args={"name": NAME, "state": "released"})
    module.v2_runner_on_ok(SimpleNamespace(_task=released, _result={"run": "r1"}))
    assert module.taken == {}


def test_the_release_retries_as_the_run_did(ssm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The callback's client takes the run's retry settings from the module's answer (botocore's
    # default gives up after 3 attempts: sustained throttling left the lock behind).
    taken = run_lock.run(ssm, params(), check_mode=False)["lock"]
    made: list[dict[str, Any]] = []

    def client(service: str, **kwargs: Any) -> Any:
        made.append({"service": service, **kwargs})
        return ssm

    monkeypatch.setattr(boto3, "client", client)
    lock = {"name": NAME, "region": "ap-northeast-1", "endpoint_url": "http://127.0.0.1:5001", "retries": {"mode": "standard", "total_max_attempts": 11}}
    assert callback.release(lock, taken["run"]) == f"Run lock {NAME} released."
    assert made[0]["config"].retries == {"mode": "standard", "total_max_attempts": 11}
    made.clear()
    taken = run_lock.run(ssm, params(), check_mode=False)["lock"]
    callback.release({k: v for k, v in lock.items() if k != "retries"}, taken["run"])
    assert made[0]["config"].retries == {"mode": "standard", "max_attempts": 10}
