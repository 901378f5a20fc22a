"""`make bench`: wall time, module runs and API requests of the five whole-stack runs.

    scripts/bench.sh                        (make bench: its own emulator and fakes, stopped afterwards)
    scripts/bench.sh --baseline <commit>    (make bench BASELINE=<commit>: the same, then that commit)

Runs, in order, on an emptied emulator and SaaS fakes where the application's first images are
already pushed (what docs/first-run.md asks before services start): a dry run of the empty
account, a converge, a no-op re-run, a dry run of the converged account, and a teardown. For each
it keeps the wall time, the module runs (tasks that executed a module, counted by the callback in
tests/harness/bench_callbacks: a figure that does not depend on the machine), the task results (every
task's result over both lanes, skipped ones included), the recap's changed count,
and the requests by operation (AWS, Atlas, Datadog, Sentry), split into mutating requests and
reads.

The no-op re-run and the dry run of the converged account change nothing, so each runs
BENCH_REPEAT times (default 3) and its wall time is the median, with the fastest and slowest runs
beside it: a single run of the same commit varies by 10-20 % on a shared 2-core machine. Its
requests and module runs are the first run's; its mutating requests and changed count the
highest of all its runs.

With --baseline, the same five runs follow for the older commit, right after this one on the same
machine: a git worktree of it in .run/bench/baseline-<commit> with its own .venv (its own pinned
toolchain), its own emulator and fakes (its launcher, on ports BENCH_BASELINE_EMULATOR_PORT,
default 5022, and BENCH_BASELINE_SAAS_FAKES_PORT, default 5124) and its own run directory. The
report shows both and the ratios against the goals of issue 16.

Writes bench/report.json and bench/report.md.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tests.harness.recap import recap

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "bench" / "report.json"
CALLBACKS = Path(__file__).with_name("bench_callbacks")
STEPS = [
    ("check_empty", "dry run, empty account", ["site.yml", "--check", "--diff"]),
    ("up", "converge, empty account", ["site.yml"]),
    ("up_again", "no-op re-run", ["site.yml"]),
    ("check_converged", "dry run, converged account", ["site.yml", "--check", "--diff"]),
    ("down", "teardown", ["playbooks/teardown.yml"]),
]
# Issue 16's goals: this commit's wall time at most this share of the baseline's.
GOALS = {"up": 0.8, "up_again": 0.25, "check_converged": 0.25, "down": 1.0}
# The runs that change nothing: repeated, their median kept (module docstring).
REPEATED = ("up_again", "check_converged")
FIRST_IMAGE_TAG = "latest"  # ecs_service_initial_image_tag, in both the baseline and now


def commit_of(tree: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def ansible_env(tree: Path, counts: Path) -> dict[str, str]:
    """The environment of a run in `tree`: its venv and ansible.cfg, plus the module-run counter."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(tree / "ansible.cfg")
    enabled = [name.strip() for name in config.get("defaults", "callbacks_enabled", fallback="").split(",") if name.strip()]
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_CONFIG": str(tree / "ansible.cfg"),
            "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS),
            "ANSIBLE_CALLBACKS_ENABLED": ",".join([*enabled, "bench_module_runs"]),
            "BENCH_MODULE_RUNS_FILE": str(counts),
            "PATH": f"{tree / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    return env


def run_step(tree: Path, args: list[str]) -> dict[str, Any]:
    from tests.harness.emulator import recording

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        counts = Path(scratch) / "module_runs.json"
        recording.start()
        command = [str(tree / ".venv" / "bin" / "ansible-playbook"), "-i", "inventories/local", *args]
        started = time.monotonic()
        done = subprocess.run(command, cwd=tree, env=ansible_env(tree, counts), capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
        recording.stop()
        module_runs = json.loads(counts.read_text()) if counts.exists() else {"module_runs": None, "by_action": {}}
    requests = recording.summary(recording.read_all())
    totals = recap(done.stdout)
    if done.returncode != 0 or not totals:
        raise SystemExit(f"bench: {' '.join(args)} in {tree} failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return {
        "seconds": round(seconds, 1),
        "changed": totals["changed"],
        "tasks_ok": totals["ok"],
        # Every task result over both lanes (changed ones are among ok): what a no-op's time
        # follows on this machine (docs/speed.md).
        "task_results": totals["ok"] + totals["skipped"] + totals["failed"],
        "module_runs": module_runs["module_runs"],
        "module_runs_by_action": module_runs["by_action"],
        **requests,
    }


def repeated(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One step's figures from its runs: the median wall time (and every run's), the first run's
    counts, and the most any run changed or wrote."""
    step = dict(runs[0])
    if len(runs) > 1:
        step["seconds"] = round(statistics.median(run["seconds"] for run in runs), 1)
        step["seconds_runs"] = [run["seconds"] for run in runs]
        step["mutating"] = max(run["mutating"] for run in runs)
        step["changed"] = max(run["changed"] for run in runs)
    return step


def results(step: dict[str, Any]) -> str:
    """The step's task results; '?' in a report written before they were counted."""
    return str(step.get("task_results", "?"))


def seconds_cell(step: dict[str, Any]) -> str:
    runs = step.get("seconds_runs")
    return f"{step['seconds']:.0f} s" if not runs else f"{step['seconds']:.0f} s ({min(runs):.0f}–{max(runs):.0f})"


def push_first_images(tree: Path) -> None:
    """The application's pipeline has pushed a first image per service (docs/first-run.md, step 6)."""
    from tests.harness.ecr_push import push_image
    from tests.harness.stack_inventory import emulator_session

    ecr = emulator_session().client("ecr")
    for service in ("web", "api"):
        repository = f"bookmark-manager-local-{service}"  # inventories/local's name prefix
        ecr.create_repository(repositoryName=repository)
        push_image(ecr, repository, FIRST_IMAGE_TAG)


def measure(tree: Path) -> dict[str, Any]:
    """The five runs of `tree` on the emulator and fakes the environment names."""
    from tests.harness.emulator import ctl
    from tests.harness.fakes import ctl as fakes
    from tests.harness.stack_inventory import emulator_session, inventory

    ctl.reset()
    fakes.reset()
    push_first_images(tree)
    steps = {}
    repeat = max(1, int(os.environ.get("BENCH_REPEAT", "3")))
    for key, label, args in STEPS:
        runs = [run_step(tree, args) for _ in range(repeat if key in REPEATED else 1)]
        steps[key] = {"label": label, **repeated(runs)}
        print(
            f"bench: {commit_of(tree)}: {label}: {steps[key]['seconds']} s, {steps[key]['module_runs']} module runs, "
            f"{steps[key]['task_results']} task results, "
            f"{steps[key]['requests']} requests, {steps[key]['mutating']} mutating",
            flush=True,
        )
    left = {kind: items for kind, items in inventory(emulator_session()).items() if items}
    return {"commit": commit_of(tree), "steps": steps, "left_after_teardown": left}


def baseline_tree(commit: str) -> Path:
    sha = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return ROOT / ".run" / "bench" / f"baseline-{sha}"


def prepare_baseline(commit: str) -> Path:
    """A worktree of `commit` with its own pinned toolchain (its scripts/setup-venv.sh)."""
    tree = baseline_tree(commit)
    if not (tree / ".git").exists():
        subprocess.run(["git", "worktree", "add", "--force", "--detach", str(tree), commit], cwd=ROOT, check=True)
    subprocess.run([str(tree / "scripts" / "setup-venv.sh")], cwd=tree, check=True)
    return tree


def measure_baseline(commit: str) -> dict[str, Any]:
    """The five runs of `commit`, on its own emulator and fakes (its launcher), stopped afterwards."""
    tree = baseline_tree(commit)
    if not (tree / ".venv" / "bin" / "ansible-playbook").exists():
        raise SystemExit(f"bench: {tree} is not prepared: scripts/bench.sh --baseline {commit} sets it up first")
    env = dict(os.environ)
    env.update(
        {
            "EMULATOR_PORT": os.environ.get("BENCH_BASELINE_EMULATOR_PORT", "5022"),
            "SAAS_FAKES_PORT": os.environ.get("BENCH_BASELINE_SAAS_FAKES_PORT", "5124"),
            "EMULATOR_RUN_DIR": str(tree / ".run" / "bench"),
            # Commits before the contracts were kept in the repository read them from CONTRACTS_DIR.
            "CONTRACTS_DIR": str(ROOT / "contracts"),
        }
    )
    out = tree / ".run" / "bench" / "measured.json"
    try:
        for script in ("emulator", "saas-fakes"):
            subprocess.run([str(tree / "scripts" / script), "start"], cwd=tree, env=env, check=True)
        # This checkout's tools (recording, reset, inventory) talk to the baseline's emulator: the
        # emulator's control API and request log have not changed since e523066.
        subprocess.run([sys.executable, "-m", "tests.harness.bench", "--tree", str(tree), "--out", str(out)], cwd=ROOT, env=env, check=True)
    finally:
        for script in ("emulator", "saas-fakes"):
            subprocess.run([str(tree / "scripts" / script), "stop"], cwd=tree, env=env, check=False)
    return json.loads(out.read_text())


def ratio(now: float | None, before: float | None) -> float | None:
    return round(now / before, 2) if now is not None and before else None


def markdown(report: dict[str, Any]) -> str:
    current, baseline = report["current"], report.get("baseline")
    rows = [
        "# Benchmark: the whole stack on the local emulator",
        "",
        f"{report['date']}, {report['machine']['cpus']} CPUs, Python {report['machine']['python']}, "
        f"{report['machine']['system']}. Written by `make bench"
        f"{' BASELINE=' + baseline['commit'] if baseline else ''}` (tests/harness/bench.py), one run after the other "
        "on this machine, so compare the ratios, not the seconds with another machine's. A run that changes nothing "
        "shows the median of its repeats, with the fastest and slowest in brackets.",
        "",
    ]
    if baseline:
        rows += [
            f"| run | {baseline['commit']} | {current['commit']} | ratio | goal | module runs {baseline['commit']} "
            f"| module runs {current['commit']} | task results | requests | mutating | changed |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for key, step in current["steps"].items():
            before = baseline["steps"][key]
            share = ratio(step["seconds"], before["seconds"])
            goal = GOALS.get(key)
            verdict = "" if goal is None else f"≤ {goal:g}: {'met' if share is not None and share <= goal else 'not met'}"
            rows.append(
                f"| {step['label']} | {seconds_cell(before)} | {seconds_cell(step)} | {share}× | {verdict} "
                f"| {before['module_runs']} | {step['module_runs']} | {results(before)} → {results(step)} "
                f"| {before['requests']} → {step['requests']} "
                f"| {before['mutating']} → {step['mutating']} | {before['changed']} → {step['changed']} |"
            )
    else:
        rows += [
            "| run | wall time | module runs | task results | requests | mutating | changed |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for step in current["steps"].values():
            rows.append(
                f"| {step['label']} | {seconds_cell(step)} | {step['module_runs']} | {results(step)} | {step['requests']} "
                f"| {step['mutating']} | {step['changed']} |"
            )
    rows += ["", f"## Mutating requests by operation ({current['commit']})", ""]
    for step in current["steps"].values():
        writes = ", ".join(f"{name} {count}" for name, count in step["mutating_by_operation"].items()) or "none"
        rows.append(f"- **{step['label']}**: {writes}")
    rows += ["", f"## Module runs of the no-op re-run by action ({current['commit']})", ""]
    by_action = sorted(current["steps"]["up_again"]["module_runs_by_action"].items(), key=lambda item: -item[1])
    rows += [f"- {name}: {count}" for name, count in by_action[:20]]
    rows += ["", f"## Most frequent reads of the no-op re-run ({current['commit']})", ""]
    reads = sorted(current["steps"]["up_again"]["reads_by_operation"].items(), key=lambda item: -item[1])[:15]
    rows += [f"- {name}: {count}" for name, count in reads]
    for found in (current, baseline):
        if found:
            rows += ["", f"Left after teardown ({found['commit']}): {found['left_after_teardown'] or 'nothing'}."]
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", help="an older commit to measure right after this one")
    parser.add_argument("--prepare-baseline", metavar="COMMIT", help=argparse.SUPPRESS)  # scripts/bench.sh, before the proxies close
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)  # measure another checkout (used by --baseline)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.prepare_baseline:
        prepare_baseline(options.prepare_baseline)
        return 0
    if options.tree:
        options.out.write_text(json.dumps(measure(options.tree), indent=2, sort_keys=True) + "\n")
        return 0
    report: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "current": measure(ROOT),
    }
    if options.baseline:
        report["baseline"] = measure_baseline(options.baseline)
        report["ratios"] = {
            key: ratio(step["seconds"], report["baseline"]["steps"][key]["seconds"]) for key, step in report["current"]["steps"].items()
        }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    REPORT.with_suffix(".md").write_text(markdown(report))
    print(f"bench: wrote {REPORT.relative_to(ROOT)} and {REPORT.with_suffix('.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
