"""A background service this project starts and stops itself (the emulator, the SaaS fakes).

The process gets a session of its own and a pid file, so that ``stop`` ends exactly the process
group ``start`` began, and nothing else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Service:
    label: str
    pid_file: Path
    log_file: Path

    def pid(self) -> int | None:
        """The pid from the pid file when that process still runs."""
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def start(self, argv: list[str], ready: Callable[[], bool], *, env: Mapping[str, str] | None = None, timeout: float = 60.0) -> int | None:
        """Start argv (from the project root) and wait until ready(); the pid, or None on failure."""
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                argv, cwd=ROOT, env=dict(env) if env is not None else None,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid}\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                print(f"{self.label}: exited with {process.returncode}; see {self.log_file}", file=sys.stderr)
                self.pid_file.unlink(missing_ok=True)
                return None
            if ready():
                return process.pid
            time.sleep(0.2)
        print(f"{self.label}: not ready after {timeout:.0f} s; see {self.log_file}", file=sys.stderr)
        self.stop()
        return None

    def stop(self) -> int:
        """End the process group start() began (SIGTERM, then SIGKILL after 10 s)."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            print(f"{self.label}: none started here is running")
            return 0
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except OSError:
                break
            time.sleep(0.1)
        else:
            os.killpg(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        print(f"{self.label}: stopped (pid {pid})")
        return 0
