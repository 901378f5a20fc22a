"""tests/harness/proctree.py: a process tree is ended whole, a child in a session of its own included."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.harness.proctree import descendants, kill_tree

# A parent whose child leaves for a session of its own (as Ansible's workers do), then both wait.
TREE = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import os, time; os.setsid(); print(os.getpid(), flush=True); time.sleep(60)"])
time.sleep(60)
"""


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_the_whole_tree_is_killed_a_detached_child_included() -> None:
    parent = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert child in descendants(parent.pid)
    assert os.getpgid(child) != os.getpgid(parent.pid)
    kill_tree(parent.pid)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(child), f"the detached child {child} survived"
