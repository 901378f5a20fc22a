"""Read moto's request recording: which AWS operations a run sent, and which of them write.

The SaaS fakes (tests/harness/fakes) keep a request log of their own; ``start`` empties it too, and the
summary counts their operations (by operationId, for example ``atlas:createCluster``) with the
AWS ones. A 401 digest challenge is not counted: the client repeats the request with credentials.

The emulator (tests/harness/emulator/ctl.py) records to .run/requests.jsonl while recording is on:
``start`` empties the log and turns recording on, ``stop`` turns it off, ``summary`` prints the
operations as JSON. ``assert-no-writes`` exits 1 and names them if any mutating request was sent;
``assert-writes OPERATION=COUNT ...`` exits 1 unless the mutating requests were exactly those (a
converge after a change behind the project's back that only records a layer's new hash:
``assert-writes ssm:PutParameter=1``).
"""

from __future__ import annotations

import base64
import json
import re
import sys
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.harness.emulator import ctl
from tests.harness.fakes import ctl as fakes

# An operation is a read when its name starts with one of these; everything else (Create, Put,
# Modify, Update, Delete, Register, Attach, Tag, Authorize, Revoke, ...) counts as a write.
READ_PREFIXES = ("Describe", "Get", "List", "Head", "Lookup", "Search", "Check", "Test", "Validate", "BatchGet", "BatchCheck")
CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")
RUN_LOCK = re.compile(r'"Name":\s*"/[^"]+/run-lock"')


@dataclass(frozen=True)
class Operation:
    service: str
    name: str
    # Set where the name cannot tell: a Data API statement reads when its SQL is a SELECT.
    read_only: bool | None = None

    @property
    def mutating(self) -> bool:
        if self.read_only is not None:
            return not self.read_only
        return not self.name.lower().startswith(tuple(prefix.lower() for prefix in READ_PREFIXES))

    def __str__(self) -> str:
        return f"{self.service}:{self.name}"


def _body(entry: dict[str, Any]) -> str:
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    return body


def operation(entry: dict[str, Any]) -> Operation:
    """The AWS operation of one recorded request (query, JSON and REST protocols)."""
    headers = {k.lower(): v for k, v in entry.get("headers", {}).items()}
    scope = CREDENTIAL_SCOPE.search(headers.get("authorization", ""))
    service = scope.group(1) if scope else "unknown"
    target = headers.get("x-amz-target")
    if target:
        name = target.rsplit(".", 1)[-1]
        # The run's own lock (playbooks/lock.yml) is not a change to the stack: every run that
        # changes the stack takes and releases it, a no-op re-run included.
        if service == "ssm" and name in ("PutParameter", "DeleteParameter") and RUN_LOCK.search(_body(entry)):
            return Operation(service, name, read_only=True)
        return Operation(service, name)
    url = urllib.parse.urlsplit(entry.get("url", ""))
    action = urllib.parse.parse_qs(url.query).get("Action") or urllib.parse.parse_qs(_body(entry)).get("Action")
    if action:
        return Operation(service, action[0])
    # The RDS Data API: ExecuteStatement is a read when its SQL is one SELECT outside a transaction.
    if service == "rds-data" and url.path.endswith("/Execute"):
        statement = json.loads(_body(entry) or "{}")
        sql = str(statement.get("sql", "")).strip().upper()
        return Operation(service, "ExecuteStatement", sql.startswith("SELECT") and ";" not in sql.rstrip(";") and not statement.get("transactionId"))
    # REST protocols (S3, Route 53, CloudFront): the method says whether it writes.
    method = entry.get("method", "GET").upper()
    verb = {"GET": "Get", "HEAD": "Head"}.get(method, method.capitalize())
    return Operation(service, f"{verb} {url.path}")


def read(path: Path) -> list[Operation]:
    if not path.exists():
        return []
    return [operation(json.loads(line)) for line in path.read_text().splitlines() if line.strip()]


def saas_operations() -> list[Operation]:
    """The operations the SaaS fakes answered since the last start (none when they are not running)."""
    found: list[Operation] = []
    for name, url in fakes.urls().items():
        try:
            with urllib.request.urlopen(f"{url}/_fake/log", timeout=5) as response:
                log = json.load(response)
        except (OSError, ValueError):
            continue
        found += [Operation(name, e["operation"] or f"{e['method']} {e['path']}") for e in log if e["status"] != 401]
    return found


def read_all() -> list[Operation]:
    """Everything sent since start: to the emulator and to the SaaS fakes."""
    return read(log_path()) + saas_operations()


def summary(operations: Iterable[Operation]) -> dict[str, Any]:
    operations = list(operations)
    writes = Counter(str(op) for op in operations if op.mutating)
    reads = Counter(str(op) for op in operations if not op.mutating)
    return {
        "requests": len(operations),
        "mutating": sum(writes.values()),
        "reads": sum(reads.values()),
        "mutating_by_operation": dict(sorted(writes.items())),
        "reads_by_operation": dict(sorted(reads.items())),
    }


def log_path() -> Path:
    return ctl.RUN_DIR / "requests.jsonl"


def start() -> None:
    """Empty the request log and record from now on."""
    log_path().parent.mkdir(parents=True, exist_ok=True)
    ctl.post("/moto-api/recorder/reset-recording")
    ctl.post("/moto-api/recorder/start-recording")
    for url in fakes.urls().values():
        try:
            urllib.request.urlopen(urllib.request.Request(f"{url}/_fake/log/reset", data=b"", method="POST"), timeout=5).close()
        except OSError:
            pass  # not running: nothing to record there


def stop() -> None:
    ctl.post("/moto-api/recorder/stop-recording")


def expected_writes(arguments: Iterable[str]) -> Iterable[tuple[str, int]]:
    """OPERATION=COUNT arguments (ssm:PutParameter=1) as (operation, count) pairs."""
    for argument in arguments:
        operation, _, count = argument.rpartition("=")
        if not operation or not count.isdigit():
            raise SystemExit(f"assert-writes: {argument!r} is not OPERATION=COUNT (ssm:PutParameter=1)")
        yield operation, int(count)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "start":
        start()
        return 0
    if command == "stop":
        stop()
        return 0
    if command == "summary":
        print(json.dumps(summary(read_all()), indent=2))
        return 0
    if command in ("assert-no-writes", "assert-writes"):
        expected = dict(expected_writes(argv[1:])) if command == "assert-writes" else {}
        found = summary(read_all())
        if dict(found["mutating_by_operation"]) != expected:
            print(f"{found['mutating']} mutating request(s): {found['mutating_by_operation']}; expected {expected or 'none'}", file=sys.stderr)
            return 1
        print(f"mutating requests as expected ({expected or 'none'}) among {found['requests']}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
