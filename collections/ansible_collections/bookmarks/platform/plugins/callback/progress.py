# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A line every so often while a task runs long, as Terraform's "Still creating... [2m30s elapsed]"."""

from __future__ import annotations

DOCUMENTATION = r"""
name: progress
type: aggregate
short_description: Say what a long task is still waiting for, and for how long
description:
  - A task that has run longer than O(interval) seconds on a host (an Aurora cluster being created,
    a CloudFront distribution being deployed, a service's rollout) gets a line every O(interval)
    seconds, C(Still running [host] Wait until ... [2m30s elapsed]), until it ends; a retried task
    (C(until)) also gets the line between its retries.
  - Nothing is printed for a task that ends within O(interval) seconds.
version_added: 0.11.0
options:
  interval:
    description: Seconds between two lines for one task (and before the first).
    default: 30
    type: int
    env:
      - name: PROGRESS_INTERVAL
    ini:
      - section: callback_progress
        key: interval
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from ansible.plugins.callback import CallbackBase


def elapsed(seconds: float) -> str:
    """2m30s, 1h02m05s, 45s: as Terraform writes the time a resource has been waited for."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bookmarks.platform.progress"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self.interval = 30
        self.running: dict[tuple[str, str], dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def set_options(self, task_keys: Any = None, var_options: Any = None, direct: Any = None) -> None:
        super().set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        self.interval = max(1, int(self.get_option("interval")))

    # -- what runs -------------------------------------------------------------------------------
    def v2_runner_on_start(self, host: Any, task: Any) -> None:
        now = self.clock()
        with self.lock:
            self.running[(host.get_name(), task._uuid)] = {"name": task.get_name().strip(), "since": now, "next": now + self.interval}
        self._start_thread()

    def _done(self, result: Any) -> None:
        with self.lock:
            self.running.pop((result._host.get_name(), result._task._uuid), None)

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_skipped = v2_runner_on_unreachable = _done

    def v2_playbook_on_stats(self, stats: Any) -> None:
        self.stop.set()

    # -- what is said ----------------------------------------------------------------------------
    def due(self) -> list[str]:
        """The lines due now, one per task past its next time; each task's next time moves on."""
        now = self.clock()
        lines = []
        with self.lock:
            for (host, _uuid), task in sorted(self.running.items(), key=lambda item: item[1]["since"]):
                if now >= task["next"]:
                    lines.append(f"Still running [{host}] {task['name']} [{elapsed(now - task['since'])} elapsed]")
                    task["next"] = now + self.interval
        return lines

    def _start_thread(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._watch, name="progress", daemon=True)
            self.thread.start()

    def _watch(self) -> None:
        while not self.stop.wait(1.0):
            for line in self.due():
                self._display.display(line)
