"""`make test`: every test, as jobs shared by two workers, each with an emulator of its own.

    python -m tests.harness.testrun [lint|pytest|molecule ...] [--workers N]    (scripts/test.sh)

The jobs are the lint, the whole-stack test (tests/test_site.py), the rest of pytest and one job
per Molecule scenario. Each worker takes the next job when its last one ends, longest first, and
runs it against its own emulator and SaaS fakes (ports TEST_EMULATOR_PORT + worker and
TEST_SAAS_FAKES_PORT + 3 * worker, run directory .run/test/w<worker>), started before its first
job that needs them and stopped, by their pid files, when the run ends. The emulators run in
strict mode (deletions settle after TEST_EMULATOR_STRICT_DELAY seconds, 2; see
tests/harness/emulator/strict.py), so every teardown is tested against AWS's asynchronous deletions. Every job resets what it
uses, so no job sees another's state. A job's output goes to .run/test/logs/<job>.log; the run
prints each job's outcome and time, and the log's end for a job that failed.

Every process a job starts carries TESTRUN_JOB=<run>:<job> in its environment (Ansible's workers
and Mitogen's interpreters leave the job's process group; <run> is this run's PID, so two runs
side by side, such as a worktree's, never take each other's processes for their own); a job that
leaves one running fails, and what it left is killed.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness.proctree import kill_tree

ROOT = Path(__file__).resolve().parents[2]
RUN_DIR = ROOT / ".run" / "test"
LOG_DIR = RUN_DIR / "logs"
STAGES = ("lint", "pytest", "molecule")
FAILED_LOG_LINES = 150


@dataclass
class Job:
    name: str
    stage: str
    commands: list[list[str]]
    needs_emulator: bool = True
    # Scheduling only: the longest jobs start first so that the workers end together (measured
    # from a clean clone: the whole stack ~470 s, the rest ~200 s, lint ~160 s, sanity ~55 s,
    # each Molecule scenario 30-70 s), and the short ones even out the end.
    weight: int = 1
    seconds: float = 0.0
    returncode: int | None = None


@dataclass
class Worker:
    index: int
    env: dict[str, str] = field(default_factory=dict)
    services_started: bool = False

    @property
    def run_dir(self) -> Path:
        return RUN_DIR / f"w{self.index}"


def jobs_for(stages: list[str]) -> list[Job]:
    jobs: list[Job] = []
    if "pytest" in stages:
        jobs.append(Job("pytest: whole stack", "pytest", [["pytest", "--durations=20", "tests/test_site.py"]], weight=100))
        jobs.append(Job("pytest: the rest", "pytest", [["pytest", "--deselect", "tests/test_site.py"]], weight=20))
    if "molecule" in stages:
        for scenario in sorted(path.parent.name for path in (ROOT / "molecule").glob("*/molecule.yml")):
            jobs.append(Job(f"molecule: {scenario}", "molecule", [["molecule", "test", "-s", scenario]], weight=10))
    if "lint" in stages:
        lint = [["yamllint", "--strict", "."], ["ansible-lint"], ["zizmor", "--offline", "--no-progress", ".github/"],
                ["python", "-m", "tests.harness.checkov_lint"]]
        jobs.append(Job("lint", "lint", lint, needs_emulator=False, weight=16))
        jobs.append(Job("lint: ansible-test sanity", "lint", [["python", "-m", "tests.harness.sanity"]], needs_emulator=False, weight=12))
    return sorted(jobs, key=lambda job: -job.weight)


def worker_env(index: int) -> dict[str, str]:
    emulator_port = int(os.environ.get("TEST_EMULATOR_PORT", "5011")) + index
    fakes_port = int(os.environ.get("TEST_SAAS_FAKES_PORT", "5111")) + 3 * index
    return {
        **os.environ,
        "EMULATOR_PORT": str(emulator_port),
        "SAAS_FAKES_PORT": str(fakes_port),
        "EMULATOR_RUN_DIR": str(RUN_DIR / f"w{index}"),
        # Strict mode: deletions settle after this many seconds, as AWS's do after minutes.
        "EMULATOR_STRICT_DELAY": os.environ.get("TEST_EMULATOR_STRICT_DELAY", "2"),
    }


def job_mark(job: str) -> str:
    """The value of TESTRUN_JOB for the processes of one job of this run."""
    return f"{os.getpid()}:{job}"


def strays(job: str) -> list[str]:
    """Processes still running with the job's mark in their environment: killed, and named."""
    mark = f"TESTRUN_JOB={job_mark(job)}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark not in environ.read_bytes().split(b"\0"):
                continue
            pid = int(environ.parent.name)
            command = (environ.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError):
            continue
        kill_tree(pid)
        found.append(f"{pid} {command[:120]}")
    return found


def services(worker: Worker, action: str) -> int:
    failures = 0
    for script in ("scripts/emulator", "scripts/saas-fakes"):
        done = subprocess.run([script, action], cwd=ROOT, env=worker.env, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"== worker {worker.index}: {script} {action} failed:\n{done.stdout}{done.stderr}", flush=True)
            failures += 1
    return failures


class Runner:
    def __init__(self, jobs: list[Job], workers: int) -> None:
        self.jobs = jobs
        self.pending: queue.Queue[Job] = queue.Queue()
        for job in jobs:
            self.pending.put(job)
        self.workers = [Worker(index, worker_env(index)) for index in range(workers)]
        self.running: dict[int, subprocess.Popen[bytes]] = {}
        self.lock = threading.Lock()
        self.stopping = False

    def run_job(self, worker: Worker, job: Job) -> None:
        if job.needs_emulator and not worker.services_started:
            worker.services_started = True
            if services(worker, "start"):
                job.returncode = 1
                return
        env = {**worker.env, "TESTRUN_JOB": job_mark(job.name)}
        if job.stage == "molecule":
            # Molecule's state (prepared, converged) kept apart per worker and scenario, and new.
            ephemeral = worker.run_dir / "molecule" / job.commands[0][-1]
            shutil.rmtree(ephemeral, ignore_errors=True)
            env["MOLECULE_EPHEMERAL_DIRECTORY"] = str(ephemeral)
        log_file = LOG_DIR / (job.name.replace(": ", "-").replace(" ", "-") + ".log")
        started = time.monotonic()
        with log_file.open("wb") as log:
            for command in job.commands:
                log.write(f"$ {' '.join(command)}\n".encode())
                log.flush()
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
                with self.lock:
                    self.running[worker.index] = process
                job.returncode = process.wait()
                with self.lock:
                    self.running.pop(worker.index, None)
                if job.returncode != 0 or self.stopping:
                    break
        job.seconds = time.monotonic() - started
        left = strays(job.name)
        if left:
            with log_file.open("a") as log:
                log.write(f"\n== left running after the job, now killed: {left}\n")
            job.returncode = job.returncode or 3
        outcome = "passed" if job.returncode == 0 else f"FAILED (exit {job.returncode})"
        lines = [f"== {job.name}: {outcome} in {job.seconds:.0f} s (worker {worker.index}, {log_file.relative_to(ROOT)})"]
        if job.returncode != 0:
            tail = log_file.read_text(errors="replace").splitlines()[-FAILED_LOG_LINES:]
            lines += [f"   | {line}" for line in tail]
        print("\n".join(lines), flush=True)

    def work(self, worker: Worker) -> None:
        while not self.stopping:
            try:
                job = self.pending.get_nowait()
            except queue.Empty:
                return
            print(f"== {job.name}: started (worker {worker.index})", flush=True)
            self.run_job(worker, job)

    def stop(self, *_: object) -> None:
        """On SIGINT or SIGTERM: end the running jobs' process groups; the workers then stop."""
        self.stopping = True
        with self.lock:
            for process in self.running.values():
                kill_tree(process.pid, signal.SIGTERM)

    def run(self) -> int:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        started = time.monotonic()
        threads = [threading.Thread(target=self.work, args=(worker,)) for worker in self.workers]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            for worker in self.workers:
                if worker.services_started:
                    services(worker, "stop")
        failed = [job for job in self.jobs if job.returncode not in (0, None) or (job.returncode is None and not self.stopping)]
        print(f"\n== {len(self.jobs)} jobs on {len(self.workers)} workers in {time.monotonic() - started:.0f} s")
        for job in sorted(self.jobs, key=lambda job: -job.seconds):
            state = "passed" if job.returncode == 0 else "not run" if job.returncode is None else "FAILED"
            print(f"   {job.seconds:6.0f} s  {state:7}  {job.name}")
        return 1 if failed or self.stopping else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stages", nargs="*", metavar="stage", help="lint, pytest, molecule (default: all three)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("TEST_WORKERS", "2")))
    args = parser.parse_args(argv)
    unknown = [stage for stage in args.stages if stage not in STAGES]
    if unknown:
        parser.error(f"unknown stage {', '.join(unknown)} (lint, pytest, molecule)")
    return Runner(jobs_for(args.stages or list(STAGES)), max(1, args.workers)).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
