"""End a process and every process it started, wherever they went.

Ansible's workers call setsid() (each task's worker is a session of its own), so killing an
ansible-playbook's process group leaves a worker that is waiting on a module running; with
Mitogen it waits forever for the interpreter that was killed with the group. The tree is
read from /proc before anything is killed, so that no child escapes to init on the way.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


def children() -> dict[int, list[int]]:
    """Every running process's children, by parent pid (from /proc/<pid>/stat)."""
    found: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields follow the last ')'.
        fields = text[text.rindex(")") + 2 :].split()
        found.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return found


def descendants(pid: int) -> list[int]:
    tree, found, pending = children(), [], [pid]
    while pending:
        for child in tree.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def kill_tree(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal pid, its process group and every descendant (each process once)."""
    targets = [pid, *descendants(pid)]
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
    for target in targets:
        try:
            os.kill(target, sig)
        except ProcessLookupError:
            pass
