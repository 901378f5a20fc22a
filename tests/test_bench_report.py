"""make bench's report: every run against its Terraform target and its figure before."""

from __future__ import annotations

import json

from tools.bench import BASELINE, STEPS, TERRAFORM, markdown


def step(seconds: float, mutating: int) -> dict[str, object]:
    return {
        "label": "x", "seconds": seconds, "changed": 0, "tasks_ok": 1, "requests": 10, "reads": 10 - mutating,
        "mutating": mutating, "mutating_by_operation": {"ec2:CreateVpc": mutating} if mutating else {},
        "reads_by_operation": {"ec2:DescribeVpcs": 10 - mutating},
    }  # fmt: skip


def test_the_report_compares_with_the_targets_and_the_previous_figures() -> None:
    steps = {key: {**step(100.0 + index, 5 if key in ("up", "down") else 0), "label": label} for index, (key, label, _) in enumerate(STEPS)}
    report = {"date": "d", "commit": "c", "machine": {"cpus": 2, "python": "3.13"}, "terraform_targets_s": TERRAFORM,
              "steps": steps, "left_after_teardown": {}}  # fmt: skip
    baseline = json.loads(BASELINE.read_text())
    text = markdown(report, baseline)
    assert "| converge, empty account | 101 s | 120 s | 196 s | 10 | 5 | 0 |" in text
    assert "| no-op re-run | 102 s |  | 165 s | 10 | 0 | 0 |" in text
    assert "| dry run, converged account | 103 s | 19 s | 172 s |" in text
    assert "- **no-op re-run**: none" in text
    assert "Left after teardown: nothing." in text
