"""`make bench`: wall time and API requests of the five whole-stack runs, on a fresh emulator.

    scripts/bench.sh        (make bench: its own emulator and fakes, stopped afterwards)

Runs, in order, on an emptied emulator and SaaS fakes: a dry run of the empty account, a
converge, a no-op re-run, a dry run of the converged account, and a teardown. For each it keeps
the wall time, the recap's changed count, and the requests by operation (AWS, Atlas, Datadog,
Sentry), split into mutating requests and reads. Writes bench/report.json and bench/report.md,
comparing each run with the Terraform targets and with the previous report (before/after).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tools.recap import recap

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "bench" / "report.json"
BASELINE = ROOT / "bench" / "baseline.json"  # the figures before make bench existed

# The same stack built with Terraform against the same emulator, on these 2-core machines.
TERRAFORM = {"up": 120.0, "check_converged": 19.0, "down": 165.0}
STEPS = [
    ("check_empty", "dry run, empty account", ["site.yml", "--check", "--diff"]),
    ("up", "converge, empty account", ["site.yml"]),
    ("up_again", "no-op re-run", ["site.yml"]),
    ("check_converged", "dry run, converged account", ["site.yml", "--check", "--diff"]),
    ("down", "teardown", ["playbooks/teardown.yml"]),
]


def run_step(args: list[str]) -> dict[str, Any]:
    from tools.emulator import recording

    recording.start()
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "inventories/local", *args]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    recording.stop()
    requests = recording.summary(recording.read_all())
    totals = recap(done.stdout)
    if done.returncode != 0 or not totals:
        raise SystemExit(f"bench: {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return {"seconds": round(seconds, 1), "changed": totals["changed"], "tasks_ok": totals["ok"], **requests}


def measure() -> dict[str, Any]:
    from tools.emulator import ctl
    from tools.fakes import ctl as fakes
    from tools.stack_inventory import emulator_session, inventory

    ctl.reset()
    fakes.reset()
    steps = {}
    for key, label, args in STEPS:
        steps[key] = {"label": label, **run_step(args)}
        print(f"bench: {label}: {steps[key]['seconds']} s, {steps[key]['requests']} requests, "
              f"{steps[key]['mutating']} mutating", flush=True)  # fmt: skip
    left = {kind: items for kind, items in inventory(emulator_session()).items() if items}
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "terraform_targets_s": TERRAFORM,
        "steps": steps,
        "left_after_teardown": left,
    }


def markdown(report: dict[str, Any], previous: dict[str, Any] | None) -> str:
    rows = [
        "# Benchmark: the whole stack on the local emulator",
        "",
        f"{report['date']}, commit {report['commit']}, {report['machine']['cpus']} CPUs, "
        f"Python {report['machine']['python']}. Written by `make bench` (tools/bench.py); single runs.",
        "",
        "| run | wall time | Terraform target | before | requests | mutating | changed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, step in report["steps"].items():
        target = report["terraform_targets_s"].get(key)
        before = (previous or {}).get("steps", {}).get(key, {}).get("seconds")
        rows.append(
            f"| {step['label']} | {step['seconds']:.0f} s | {f'{target:.0f} s' if target else ''} | "
            f"{f'{before:.0f} s' if before else ''} | {step['requests']} | {step['mutating']} | {step['changed']} |"
        )
    if previous:
        rows += ["", f"Before: the previous report ({previous['date']}, commit {previous['commit']})."]
    rows += ["", "## Mutating requests by operation", ""]
    for key, step in report["steps"].items():
        writes = ", ".join(f"{name} {count}" for name, count in step["mutating_by_operation"].items()) or "none"
        rows.append(f"- **{step['label']}**: {writes}")
    rows += ["", "## Most frequent reads of the no-op re-run", ""]
    reads = sorted(report["steps"]["up_again"]["reads_by_operation"].items(), key=lambda item: -item[1])[:15]
    rows += [f"- {name}: {count}" for name, count in reads]
    left = report["left_after_teardown"]
    rows += ["", f"Left after teardown: {left or 'nothing'}."]
    return "\n".join(rows) + "\n"


def main() -> int:
    previous = json.loads((REPORT if REPORT.exists() else BASELINE).read_text())
    report = measure()
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    REPORT.with_suffix(".md").write_text(markdown(report, previous))
    print(f"bench: wrote {REPORT.relative_to(ROOT)} and {REPORT.with_suffix('.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
