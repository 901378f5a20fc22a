"""Drift detection: a dry run of site.yml whose exit code says whether anything would change.

    python -m tools.drift [-i inventories/prod] [ansible-playbook options...]    (make drift)

Exit codes, as `terraform plan -detailed-exitcode`:
  0  the stack matches the inventory (nothing would change);
  1  the dry run failed;
  2  something would change: the plan (printed by the bookmarks.platform.plan callback) names it.
With PLAN_FILE set, the plan is also kept there as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NO_DRIFT, FAILED, DRIFT = 0, 1, 2


def read_plan(path: Path) -> dict[str, Any] | None:
    """The plan the callback wrote, or None when the run ended before its summary."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def exit_code(returncode: int, plan: dict[str, Any] | None) -> int:
    if returncode != 0 or plan is None or plan.get("failed"):
        return FAILED
    return DRIFT if plan["changes"] else NO_DRIFT


def main(argv: list[str]) -> int:
    playbook = Path(sys.executable).parent / "ansible-playbook"
    with tempfile.TemporaryDirectory(prefix="drift-") as scratch:
        # PLAN_FILE, when set, keeps the plan for whoever called (a CI job, a test).
        plan_file = Path(os.environ.get("PLAN_FILE") or Path(scratch) / "plan.json")
        plan_file.unlink(missing_ok=True)
        environment = {**os.environ, "PLAN_FILE": str(plan_file)}
        command = [str(playbook), "site.yml", "--check", "--diff", *argv]
        returncode = subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode
        plan = read_plan(plan_file)
    code = exit_code(returncode, plan)
    if code == DRIFT and plan is not None:
        print(f"drift: {len(plan['changes'])} resource(s) differ from the inventory (exit 2)")
    elif code == NO_DRIFT:
        print("drift: none, the stack matches the inventory")
    else:
        print(f"drift: the dry run failed (ansible-playbook exit {returncode})", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
