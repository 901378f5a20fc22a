"""make test's stray check takes only its own run's processes: two runs side by side (a worktree's
and the checkout's) once killed each other's jobs, whose names are the same."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.harness import testrun


def sleeping(mark: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], env={**os.environ, "TESTRUN_JOB": mark})


def test_a_stray_of_this_run_is_killed_and_another_runs_process_is_left_alone() -> None:
    ours, theirs = sleeping(testrun.job_mark("lint")), sleeping(f"{os.getpid() + 1}:lint")
    try:
        time.sleep(0.2)  # the children's environments are in /proc
        found = testrun.strays("lint")
        assert [line.split()[0] for line in found] == [str(ours.pid)]
        assert ours.wait(timeout=10) != 0
        assert theirs.poll() is None
    finally:
        for process in (ours, theirs):
            process.kill()
            process.wait()
