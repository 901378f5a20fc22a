"""make bench: the side-by-side report and the module-run counter it relies on."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.harness.bench import CALLBACKS, STEPS, ansible_env, markdown, repeated


def step(seconds: float, module_runs: int, mutating: int) -> dict[str, Any]:
    return {
        "label": "x", "seconds": seconds, "changed": mutating, "tasks_ok": 1, "task_results": 2 * module_runs, "module_runs": module_runs,
        "module_runs_by_action": {"amazon.aws.ec2_vpc_net": module_runs}, "requests": 10, "reads": 10 - mutating,
        "mutating": mutating, "mutating_by_operation": {"ec2:CreateVpc": mutating} if mutating else {},
        "reads_by_operation": {"ec2:DescribeVpcs": 10 - mutating},
    }  # fmt: skip


def measured(commit: str, seconds: dict[str, float], module_runs: int) -> dict[str, Any]:
    steps = {key: {**step(seconds[key], module_runs, 5 if key in ("up", "down") else 0), "label": label} for key, label, _ in STEPS}
    return {"commit": commit, "steps": steps, "left_after_teardown": {}}


def test_the_report_shows_both_commits_the_ratios_and_the_goals() -> None:
    before = measured("e523066", {"check_empty": 40, "up": 64, "up_again": 40, "check_converged": 40, "down": 40}, 230)
    now = measured("abc1234", {"check_empty": 20, "up": 48, "up_again": 10, "check_converged": 12, "down": 40}, 120)
    report = {"date": "d", "machine": {"cpus": 2, "python": "3.13", "system": "Linux"}, "current": now, "baseline": before}
    text = markdown(report)
    assert "`make bench BASELINE=e523066`" in text
    assert "| converge, empty account | 64 s | 48 s | 0.75× | ≤ 0.8: met | 230 | 120 | 460 → 240 | 10 → 10 | 5 → 5 | 5 → 5 |" in text
    assert "| no-op re-run | 40 s | 10 s | 0.25× | ≤ 0.25: met | 230 | 120 |" in text
    assert "| dry run, converged account | 40 s | 12 s | 0.3× | ≤ 0.25: not met |" in text
    assert "| dry run, empty account | 40 s | 20 s | 0.5× |  |" in text
    assert "- **no-op re-run**: none" in text
    del before["steps"]["down"]["task_results"]  # a report written before task results were counted
    assert "| teardown | 40 s | 40 s | 1.0× | ≤ 1: met | 230 | 120 | ? → 240 |" in markdown(report)
    assert "Left after teardown (e523066): nothing." in text


def test_a_repeated_run_reports_its_median_its_spread_and_the_most_it_changed() -> None:
    runs = [step(21.0, 90, 0), step(18.0, 90, 0), {**step(30.0, 90, 1), "requests": 11}]
    merged = repeated(runs)
    assert merged["seconds"] == 21.0 and merged["seconds_runs"] == [21.0, 18.0, 30.0]
    assert merged["mutating"] == 1 and merged["changed"] == 1 and merged["requests"] == 10
    assert repeated([step(21.0, 90, 0)]) == step(21.0, 90, 0)
    before = measured("e523066", {key: 40 for key, _, _ in STEPS}, 230)
    now = measured("abc1234", {key: 20 for key, _, _ in STEPS}, 120)
    now["steps"]["up_again"] = {**merged, "label": "no-op re-run"}
    text = markdown({"date": "d", "machine": {"cpus": 2, "python": "3.13", "system": "Linux"}, "current": now, "baseline": before})
    assert "| no-op re-run | 40 s | 21 s (18–30) | 0.53× | ≤ 0.25: not met | 230 | 90 | 460 → 180 | 10 → 10 | 0 → 1 |" in text


def test_the_report_without_a_baseline() -> None:
    now = measured("abc1234", {key: 10.0 for key, _, _ in STEPS}, 99)
    text = markdown({"date": "d", "machine": {"cpus": 2, "python": "3.13", "system": "Linux"}, "current": now})
    assert "| teardown | 10 s | 99 | 198 | 10 | 5 | 5 |" in text


def test_each_tree_runs_with_its_own_config_and_the_counter(tmp_path: Path) -> None:
    (tmp_path / "ansible.cfg").write_text("[defaults]\ncallbacks_enabled = ansible.builtin.profile_tasks, bookmarks.platform.plan\n")
    env = ansible_env(tmp_path, tmp_path / "counts.json")
    assert env["ANSIBLE_CONFIG"] == str(tmp_path / "ansible.cfg")
    assert env["ANSIBLE_CALLBACKS_ENABLED"] == "ansible.builtin.profile_tasks,bookmarks.platform.plan,bench_module_runs"
    assert env["ANSIBLE_CALLBACK_PLUGINS"] == str(CALLBACKS)
    assert env["PATH"].startswith(f"{tmp_path / '.venv' / 'bin'}:")


def result(action: str, outcome: dict[str, Any]) -> Any:
    return SimpleNamespace(_task=SimpleNamespace(action=action), _result=outcome)


def test_module_runs_count_loop_items_and_attempts_and_not_controller_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_module_runs", CALLBACKS / "bench_module_runs.py")
    assert spec and spec.loader
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    counter = plugin.CallbackModule()
    counter.v2_runner_on_ok(result("amazon.aws.ec2_vpc_net", {"changed": False}))
    counter.v2_runner_on_ok(result("amazon.aws.ec2_vpc_subnet", {"results": [{"changed": True}, {"skipped": True}, {"attempts": 3}]}))
    counter.v2_runner_on_failed(result("ansible.builtin.uri", {"failed": True}))
    for controller_only in ("ansible.builtin.set_fact", "assert", "ansible.builtin.include_vars", "bookmarks.platform.role_inputs"):
        counter.v2_runner_on_ok(result(controller_only, {"changed": False}))
    counter.v2_runner_on_ok(result("amazon.aws.s3_bucket", {"skipped": True}))
    monkeypatch.setenv("BENCH_MODULE_RUNS_FILE", str(tmp_path / "counts.json"))
    counter.v2_playbook_on_stats(None)
    counts = json.loads((tmp_path / "counts.json").read_text())
    assert counts == {"module_runs": 6, "by_action": {"amazon.aws.ec2_vpc_net": 1, "amazon.aws.ec2_vpc_subnet": 4, "ansible.builtin.uri": 1}}
