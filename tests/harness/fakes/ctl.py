"""Start, stop and inspect the local SaaS fakes (Atlas, ...): ctl.py {start|stop|status|reset}.

They listen on 127.0.0.1 from $SAAS_FAKES_PORT (default 5101) upwards, one port per fake (see
serve.py), with a pid file in $EMULATOR_RUN_DIR (default .run/) next to the emulator's.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.harness.background import Service
from tests.harness.fakes.serve import ports

ROOT = Path(__file__).resolve().parents[3]
RUN_DIR = Path(os.environ.get("EMULATOR_RUN_DIR", ROOT / ".run"))
PID_FILE = RUN_DIR / "saas-fakes.pid"
LOG_FILE = RUN_DIR / "saas-fakes.log"


def base_port() -> int:
    return int(os.environ.get("SAAS_FAKES_PORT", "5101"))


def urls() -> dict[str, str]:
    return {name: f"http://127.0.0.1:{port}" for name, port in ports(base_port()).items()}


def up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_fake/log", timeout=5) as response:
            json.load(response)
            return True
    except (OSError, ValueError, urllib.error.URLError):
        return False


SERVICE = Service("saas fakes", PID_FILE, LOG_FILE)


def start() -> int:
    if all(up(url) for url in urls().values()):
        print(f"saas fakes: already running ({', '.join(f'{n} {u}' for n, u in urls().items())})")
        return 0
    argv = [sys.executable, "-m", "tests.harness.fakes.serve", "--port", str(base_port())]
    pid = SERVICE.start(argv, lambda: all(up(url) for url in urls().values()), timeout=30)
    if pid is None:
        return 1
    print(f"saas fakes: started ({', '.join(f'{n} {u}' for n, u in urls().items())}, pid {pid})")
    return 0


def stop() -> int:
    return SERVICE.stop()


def reset() -> int:
    for url in urls().values():
        urllib.request.urlopen(urllib.request.Request(f"{url}/_fake/reset", data=b"", method="POST"), timeout=10).close()
    print("saas fakes: reset")
    return 0


def status() -> int:
    states = {name: up(url) for name, url in urls().items()}
    print("saas fakes: " + ", ".join(f"{n} {urls()[n]} {'up' if s else 'down'}" for n, s in states.items()))
    return 0 if all(states.values()) else 3


COMMANDS = {"start": start, "stop": stop, "status": status, "reset": reset}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]]())
