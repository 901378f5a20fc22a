"""Callback of `make bench` (tests/harness/bench.py): how many module runs a playbook run made.

A module run is a task result (each loop item and each until attempt counted) of an action that executes a module on
the target; the controller-only actions below (set_fact, assert, include_vars, ...) run none and
are not counted. Results of skipped tasks and items are not counted either. The count does not
depend on the machine, which wall time does. Written as JSON to $BENCH_MODULE_RUNS_FILE when the
playbook ends: {"module_runs": n, "by_action": {action: n}}.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: bench_module_runs
type: aggregate
short_description: count the module runs of a playbook run (make bench)
description: Writes the count of task results that executed a module to $BENCH_MODULE_RUNS_FILE.
requirements: [enabled in callbacks_enabled by tests/harness/bench.py]
"""

# Actions that run on the controller only: no module is shipped or executed for them.
CONTROLLER_ONLY = {
    "add_host",
    "assert",
    "debug",
    "fail",
    "group_by",
    "import_role",
    "import_tasks",
    "include_role",
    "include_tasks",
    "include_vars",
    "meta",
    "pause",
    "set_fact",
    "set_stats",
    "validate_argument_spec",
    "role_inputs",  # bookmarks.platform.role_inputs: the preflight rules, in the action plugin
}


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_module_runs"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.runs: Counter[str] = Counter()

    def _count(self, result: Any) -> None:
        action = result._task.action
        if action.rsplit(".", 1)[-1] in CONTROLLER_ONLY:
            return
        items = result._result.get("results")
        if not isinstance(items, list):
            items = [result._result]
        # A task retried with until ran its module once per attempt.
        ran = sum(int(item.get("attempts", 1)) for item in items if isinstance(item, dict) and not item.get("skipped"))
        if ran:
            self.runs[action] += ran

    def v2_runner_on_ok(self, result: Any) -> None:
        self._count(result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._count(result)

    def v2_playbook_on_stats(self, stats: Any) -> None:
        target = os.environ.get("BENCH_MODULE_RUNS_FILE")
        if target:
            report = {"module_runs": sum(self.runs.values()), "by_action": dict(self.runs.most_common())}
            with open(target, "w", encoding="utf-8") as out:
                json.dump(report, out, indent=2, sort_keys=True)
