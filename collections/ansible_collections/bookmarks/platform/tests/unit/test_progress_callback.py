"""The progress callback: a line per long task every interval, none for a short one."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ansible_collections.bookmarks.platform.plugins.callback import progress


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def host(name: str) -> Any:
    return SimpleNamespace(get_name=lambda: name)


def task(name: str, uuid: str) -> Any:
    return SimpleNamespace(get_name=lambda: name, _uuid=uuid)


def result(host_name: str, the_task: Any) -> Any:
    return SimpleNamespace(_host=host(host_name), _task=the_task)


def callback(clock: Clock) -> progress.CallbackModule:
    module = progress.CallbackModule(clock=clock)
    module._start_thread = lambda: None  # the test asks for the lines itself
    return module


def test_a_long_task_gets_a_line_every_interval_with_the_time_elapsed() -> None:
    clock = Clock()
    module = callback(clock)
    wait = task("aurora : Wait until the cluster is available", "u1")
    module.v2_runner_on_start(host("localhost"), wait)
    clock.now += 29
    assert module.due() == []
    clock.now += 1
    assert module.due() == ["Still running [localhost] aurora : Wait until the cluster is available [30s elapsed]"]
    assert module.due() == []  # not twice in one interval
    clock.now += 120
    assert module.due() == ["Still running [localhost] aurora : Wait until the cluster is available [2m30s elapsed]"]
    module.v2_runner_on_ok(result("localhost", wait))
    clock.now += 3600
    assert module.due() == []


def test_each_host_of_a_task_is_followed_on_its_own_and_a_short_task_says_nothing() -> None:
    clock = Clock()
    module = callback(clock)
    slow, quick = task("Deploy", "u2"), task("Read", "u3")
    module.v2_runner_on_start(host("localhost"), slow)
    module.v2_runner_on_start(host("side_lane"), slow)
    module.v2_runner_on_start(host("localhost"), quick)
    clock.now += 5
    module.v2_runner_on_ok(result("localhost", quick))
    module.v2_runner_on_failed(result("side_lane", slow))
    clock.now += 3700
    assert module.due() == ["Still running [localhost] Deploy [1h01m45s elapsed]"]


def test_elapsed_is_written_as_terraform_writes_it() -> None:
    assert [progress.elapsed(s) for s in (0, 45, 150, 3725)] == ["0s", "45s", "2m30s", "1h02m05s"]
