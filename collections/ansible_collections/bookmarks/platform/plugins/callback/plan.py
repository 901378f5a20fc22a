# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A summary of a dry run in the spirit of `terraform plan`, and its record for drift detection."""

from __future__ import annotations

DOCUMENTATION = r"""
name: plan
type: aggregate
short_description: Summarise a --check run as resources to create, update, delete or leave unchanged
description:
  - At the end of a run in check mode, prints each resource the run would change, marked
    C(+) create, C(~) update or C(-) delete, and the totals, like C(terraform plan).
  - A resource is a task (and loop item) that manages something, so reads (C(*_info), GET
    requests), facts, asserts and includes are not counted.
  - Create, update and delete are told apart by the task's diff (nothing before means create,
    nothing after means delete); without a diff, by whether the module's answer names an existing
    resource (an ARN or an AWS ID); for the roles' "Would ..." and "would create" tasks and the
    SaaS calls (C(bookmarks.platform.saas_request)'s "would <what>"), by their words.
  - When C(PLAN_FILE) is set, the plan is also written there as JSON (tools/drift.py reads it).
  - Outside check mode it does nothing.
options:
  plan_file:
    description: Where to write the plan as JSON. Unset, nothing is written.
    env:
      - name: PLAN_FILE
    ini:
      - section: callback_plan
        key: plan_file
    type: path
"""

import json
import re
from typing import Any

from ansible import context
from ansible.plugins.callback import CallbackBase

# Actions that read, decide or include rather than manage a resource.
_NOT_RESOURCES = {
    "add_host",
    "assert",
    "debug",
    "fail",
    "set_fact",
    "include_role",
    "include_tasks",
    "import_role",
    "import_tasks",
    "meta",
    "set_stats",
    "validate_argument_spec",
    "pause",
    "wait_for",
    "stat",
    "slurp",
    "command",
    "run_lock",  # the run's own lock (playbooks/lock.yml), not a resource of the stack
}
_CREATE_WORDS = ("create", "add", "register", "store")
_DELETE_WORDS = ("delete", "remove", "deregister")
_SYMBOL = {"create": "+", "update": "~", "delete": "-"}
_EMPTY = (None, "", {}, [], "absent")
# What an existing resource's identifier looks like, in a result without a diff: its presence
# means the change is an update; a dry run of a missing resource returns none (or a placeholder).
_EXISTING_ID = re.compile(
    r"^(arn:aws[\w-]*:|(vpc|subnet|sg|igw|nat|rtb|vpce|eipalloc|eni|fl)-[0-9a-f]{8,17}$"
    r"|(/hostedzone/)?Z[0-9A-Z]{8,32}$|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)"
)
# Modules whose dry-run report of a change carries no state at all; the roles run them under
# --check only on resources that exist (a missing one is reported by a "would create" task).
_UPDATE_ONLY_IN_CHECK_MODE = {"ecs_service"}
_NOT_STATE = ("invocation", "diff", "msg", "item", "ansible_loop_var", "changed", "skipped")


def _short_action(action: str) -> str:
    return action.rsplit(".", 1)[-1]


def _is_resource(action: str, args: dict[str, Any], name: str) -> bool:
    short = _short_action(action)
    if short == "debug":
        return bool(re.search(r"\bwould\b", name, re.IGNORECASE))  # "Would: ...", "(dry run, would create)"
    if short.endswith("_info") or short in _NOT_RESOURCES:
        return False
    if short == "uri":
        return str(args.get("method", "GET")).upper() not in ("GET", "HEAD")
    if short == "saas_request":
        read = args.get("read")
        return not read if isinstance(read, bool) else str(args.get("method", "GET")).upper() not in ("GET", "HEAD")
    return True


def _state(side: Any) -> Any:
    if isinstance(side, dict) and "state" in side:
        return side["state"]
    if isinstance(side, dict) and all(value in _EMPTY for value in side.values()):
        return {}  # e.g. {"alarms": {}}: nothing of the kind exists yet
    return side


def listed_changes(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The resources a module run that manages several of them says it changes: its `changes`,
    each with `kind` (create, update or delete) and `name` (bookmarks.platform.route53_records)."""
    listed = result.get("changes")
    if not result.get("changed") or not isinstance(listed, list):
        return []
    found = []
    for change in listed:
        if not isinstance(change, dict) or change.get("kind") not in _SYMBOL or not isinstance(change.get("name"), str):
            return []
        what = " ".join(str(part) for part in (change["name"], change.get("type"), change.get("set_identifier")) if part)
        found.append((change["kind"], what))
    return found


def task_name(task: Any) -> str:
    """The task's own name, without the role's prefix."""
    name = task.get_name().strip()
    role = task._role.get_name() if task._role else ""
    return name[len(role) + 3 :] if role and name.startswith(f"{role} : ") else name


def _names_existing(value: Any) -> bool:
    if isinstance(value, str):
        return "checkmode" not in value and bool(_EXISTING_ID.match(value))
    if isinstance(value, dict):
        return any(_names_existing(v) for v in value.values())
    if isinstance(value, list):
        return any(_names_existing(v) for v in value)
    return False


def classify(task_name: str, result: dict[str, Any], action: str = "") -> str:
    """create, update or delete, for a result that reports a change."""
    match = (
        re.match(r"^\s*Would:?\s+(\w+)", task_name)
        or re.search(r"\bwould (?:be |have )?(\w+)", str(result.get("msg", "")), re.IGNORECASE)
        or re.search(r"\bwould (\w+)", task_name, re.IGNORECASE)
    )
    if match:
        word = match.group(1).lower()
        if word.startswith(_CREATE_WORDS):
            return "create"
        if word.startswith(_DELETE_WORDS):
            return "delete"
        return "update"
    diffs = result.get("diff")
    if isinstance(diffs, dict):
        diffs = [diffs]
    for diff in diffs or []:
        if not isinstance(diff, dict) or ("before" not in diff and "after" not in diff):
            continue
        before, after = _state(diff.get("before")), _state(diff.get("after"))
        if before in _EMPTY and after not in _EMPTY:
            return "create"
        if after in _EMPTY and before not in _EMPTY:
            return "delete"
        return "update"
    if _short_action(action) in _UPDATE_ONLY_IN_CHECK_MODE:
        return "update"
    state = {k: v for k, v in result.items() if k not in _NOT_STATE and not k.startswith("_ansible")}
    return "update" if _names_existing(state) else "create"


class CallbackModule(CallbackBase):
    """Collects changed and unchanged resources of a check-mode run and prints the plan."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bookmarks.platform.plan"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[dict[str, str]] = []
        self.unchanged = 0
        self.failed = 0

    def _active(self) -> bool:
        return bool(context.CLIARGS.get("check"))

    def _label(self, result: Any) -> str:
        task = result._task
        name = task_name(task)
        name = re.sub(r"^Would:?\s*|\s*\((check mode|dry run)[^)]*\)", "", name)
        role = task._role.get_name() if task._role else ""
        label = f"{role}: {name}" if role else name
        item = result._result.get("_ansible_item_label", result._result.get("item"))
        if item is not None and not isinstance(item, (dict, list)):
            label = f"{label} [{item}]"
        elif isinstance(item, dict):
            key = item.get("name", item.get("key", item.get("Name")))
            if isinstance(key, str):
                label = f"{label} [{key}]"
        return label

    def _record(self, result: Any) -> None:
        res = result._result
        if res.get("results") is not None or (res.get("skipped") and not res.get("changed")):
            return  # a loop's summary (its items were recorded one by one), or a false condition
        task = result._task
        if not _is_resource(task.action, task.args, task_name(task)):
            return
        listed = listed_changes(res)
        if listed:
            label = self._label(result)
            self.changes.extend({"action": action, "resource": f"{label} [{what}]"} for action, what in listed)
        elif res.get("changed"):
            self.changes.append({"action": classify(task_name(task), res, task.action), "resource": self._label(result)})
        else:
            self.unchanged += 1

    def _on_result(self, result: Any) -> None:
        if self._active():
            self._record(result)

    # Skipped too: community.aws.ecs_ecr reports a change it cannot simulate as changed and skipped.
    v2_runner_on_ok = v2_runner_item_on_ok = _on_result
    v2_runner_on_skipped = v2_runner_item_on_skipped = _on_result

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        if self._active() and not ignore_errors:
            self.failed += 1

    def v2_runner_item_on_failed(self, result: Any) -> None:
        if self._active():
            self.failed += 1

    def totals(self) -> dict[str, int]:
        counted = {action: 0 for action in _SYMBOL}
        for change in self.changes:
            counted[change["action"]] += 1
        counted["unchanged"] = self.unchanged
        return counted

    def v2_playbook_on_stats(self, stats: Any) -> None:
        if not self._active():
            return
        totals = self.totals()
        self._display.banner("PLAN")
        for change in self.changes:
            self._display.display(f"  {_SYMBOL[change['action']]} {change['action']:<6}  {change['resource']}")
        if self.failed:
            self._display.warning(f"The plan is incomplete: {self.failed} task(s) failed before it was known.")
        elif not self.changes:
            self._display.display("  No changes: the stack matches the inventory.")
        self._display.display(
            f"Plan: {totals['create']} to create, {totals['update']} to update, "
            f"{totals['delete']} to delete, {totals['unchanged']} unchanged."
        )
        plan_file = self.get_option("plan_file")
        if plan_file:
            with open(plan_file, "w", encoding="utf-8") as handle:
                json.dump({"changes": self.changes, "totals": totals, "failed": self.failed}, handle, indent=2)
