"""Start, stop, reset and inspect the local AWS emulator (moto server) for this project.

Usage: ctl.py {start|stop|status|reset|endpoint}

* The endpoint is ``AWS_ENDPOINT_URL`` when set (LocalStack Pro, another emulator): then
  nothing is started or stopped here, and ``reset`` refuses to touch it.
* Otherwise moto is started on 127.0.0.1:$EMULATOR_PORT (default 5001) with a pid file in
  ``.run/`` so that ``stop`` ends exactly the process ``start`` began.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.harness.background import Service

ROOT = Path(__file__).resolve().parents[3]
RUN_DIR = Path(os.environ.get("EMULATOR_RUN_DIR", ROOT / ".run"))
PID_FILE = RUN_DIR / "emulator.pid"
LOG_FILE = RUN_DIR / "emulator.log"
POSTGRES_FILE = RUN_DIR / "emulator-postgres.json"
START_TIMEOUT_S = 60.0


def port() -> int:
    return int(os.environ.get("EMULATOR_PORT", "5001"))


def external_endpoint() -> str | None:
    return os.environ.get("AWS_ENDPOINT_URL") or None


def endpoint() -> str:
    return external_endpoint() or f"http://127.0.0.1:{port()}"


def is_moto(url: str) -> bool:
    """True when a moto server answers at url. Its /moto-api/config is moto's own and small;
    /moto-api/data.json dumps the whole state (megabytes with the managed IAM policies and a
    built stack) and can outlast the timeout on a busy machine."""
    try:
        with urllib.request.urlopen(f"{url}/moto-api/config", timeout=10) as response:
            return isinstance(json.load(response), dict)
    except (OSError, ValueError, urllib.error.URLError):
        return False


def reachable(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=10).close()
        return True
    except urllib.error.HTTPError:
        return True  # it answered
    except OSError:
        return False


SERVICE = Service("emulator", PID_FILE, LOG_FILE)


def read_pid() -> int | None:
    return SERVICE.pid()


def start() -> int:
    if external_endpoint():
        print(f"emulator: AWS_ENDPOINT_URL={external_endpoint()} is set; not starting one")
        return 0
    url = endpoint()
    if is_moto(url):
        owner = read_pid()
        print(f"emulator: already running at {url}" + (f" (pid {owner})" if owner else " (not started here)"))
        return 0
    if reachable(url):
        print(f"emulator: port {port()} is taken by something that is not moto; set EMULATOR_PORT", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env.update(
        MOTO_IAM_LOAD_MANAGED_POLICIES="true",
        MOTO_ACM_VALIDATION_WAIT="0",
        MOTO_RECORDER_FILEPATH=str(RUN_DIR / "requests.jsonl"),
        EMULATOR_PORT=str(port()),
        EMULATOR_POSTGRES_FILE=str(POSTGRES_FILE),
    )
    argv = [sys.executable, "-m", "tests.harness.emulator.launcher", "--port", str(port())]
    pid = SERVICE.start(argv, lambda: is_moto(url), env=env, timeout=START_TIMEOUT_S)
    if pid is None:
        return 1
    print(f"emulator: started at {url} (pid {pid}, log {LOG_FILE})")
    return 0


def stop() -> int:
    return SERVICE.stop()


def postgres_port() -> int:
    """The port of the PostgreSQL behind the emulator's Data API (tests/harness/emulator/rdsdata.py)."""
    return int(json.loads(POSTGRES_FILE.read_text())["port"])


def post(path: str, body: dict[str, object] | None = None) -> bytes:
    data = json.dumps(body or {}).encode()
    request = urllib.request.Request(f"{endpoint()}{path}", data=data, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def reset() -> int:
    if external_endpoint():
        print("emulator: refusing to reset an endpoint this project did not start", file=sys.stderr)
        return 1
    post("/moto-api/reset")
    print("emulator: reset")
    return 0


def status() -> int:
    url = endpoint()
    up = is_moto(url) or (external_endpoint() is not None and reachable(url))
    print(f"emulator: {url} {'up' if up else 'down'}")
    return 0 if up else 3


COMMANDS = {"start": start, "stop": stop, "reset": reset, "status": status}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in {*COMMANDS, "endpoint"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "endpoint":
        print(endpoint())
        return 0
    return COMMANDS[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
