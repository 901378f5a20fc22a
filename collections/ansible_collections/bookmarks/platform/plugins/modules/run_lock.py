#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One run at a time per stack: a lock in the account, taken by a conditional write."""

from __future__ import annotations

DOCUMENTATION = r"""
module: run_lock
version_added: 0.11.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Take, release or break the stack's run lock (an SSM parameter written only if absent)
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - The lock is a String parameter holding who holds it (user and controller host), what runs,
    the run's ID, since when and until when. It is taken by C(PutParameter) without C(Overwrite),
    which AWS refuses (C(ParameterAlreadyExists)) when it exists, so of two runs that start at once
    exactly one gets it.
  - V(acquired) takes it, or fails at once naming the holder (and saying when the lock is past its
    C(until), so stale). In check mode nothing is written; a held lock is a warning.
  - V(released) deletes it when it is this run's (O(run)); another run's lock is left alone.
  - V(broken) deletes it when its run is O(run), or when it is past its C(until) (C(make unlock)).
  - V(read) only reads it.
  - Taking, releasing or reading the lock changes nothing of the stack and reports no change.
  - The collection's C(run_lock) callback releases a lock this run took when the run ends
    without releasing it (a failure).
options:
  name:
    description: The lock's parameter (C(/<prefix>/run-lock)).
    type: str
    required: true
  state:
    description: What to do with the lock.
    type: str
    choices: [acquired, released, broken, read]
    default: acquired
  what:
    description: What the run does (C(site.yml converge)), shown to a run the lock refuses.
    type: str
    default: ""
  run:
    description: The run's ID, as V(acquired) returned it (V(released)), or the ID to break (V(broken)).
    type: str
    default: ""
  ttl:
    description: Seconds after which the lock counts as stale (the longest a run may take).
    type: int
    default: 7200
"""

EXAMPLES = r"""
- name: One run at a time
  bookmarks.platform.run_lock:
    name: /bookmark-manager-prod/run-lock
    what: site.yml converge
  register: run_lock
"""

RETURN = r"""
run:
  description: This run's ID (V(acquired)); the lock's run (V(read), V(broken)).
  returned: always
  type: str
lock:
  description: The lock as it is (or was, for V(broken)); empty when there is none.
  returned: always
  type: dict
acquired:
  description: Whether this task took the lock.
  returned: always
  type: bool
connection:
  description: The region, endpoint and retry settings of the lock's client (for the callback that releases it, failure included).
  returned: always
  type: dict
"""

import getpass
import json
import socket
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def read(client: Any, name: str) -> dict[str, Any]:
    try:
        value = client.get_parameter(Name=name)["Parameter"]["Value"]
    except client.exceptions.ParameterNotFound:
        return {}
    try:
        lock = json.loads(value)
    except ValueError:
        lock = {}
    return lock if isinstance(lock, dict) else {}


def stale(lock: dict[str, Any], at: datetime) -> bool:
    try:
        return datetime.fromisoformat(str(lock.get("until", ""))) < at
    except ValueError:
        return True


def describe(lock: dict[str, Any], at: datetime) -> str:
    said = (
        f"held by {lock.get('holder', '?')} for {lock.get('what') or 'a run'} (run {lock.get('run', '?')}) "
        f"since {lock.get('since', '?')}, until {lock.get('until', '?')}"
    )
    return said + (" - stale: its run would have ended by now" if stale(lock, at) else "")


def run(client: Any, params: dict[str, Any], check_mode: bool, holder: str | None = None) -> dict[str, Any]:
    name, at = params["name"], now()
    current = read(client, name)
    result: dict[str, Any] = {"changed": False, "acquired": False, "lock": current, "run": current.get("run", "")}
    state = params["state"]
    if state == "read":
        return result
    if state == "released":
        if current and current.get("run") == params["run"] and not check_mode:
            client.delete_parameter(Name=name)
        return {**result, "run": params["run"]}
    if state == "broken":
        if not current:
            return result
        if current.get("run") != params["run"] and not stale(current, at):
            raise RuntimeError(
                f"The run lock {name} is {describe(current, at)}: to break it, name its run (run={current.get('run', '')}) "
                "once you know it is no longer running."
            )
        if not check_mode:
            client.delete_parameter(Name=name)
        return result
    # acquired
    if current:
        if check_mode:
            return {**result, "warnings": [f"The run lock {name} is {describe(current, at)}: a converge now would be refused."]}
        raise RuntimeError(
            f"Another run is in progress: the run lock {name} is {describe(current, at)}. "
            f"Wait for it to end; if it is no longer running (killed), break the lock: make unlock RUN={current.get('run', '')}."
        )
    if check_mode:
        return result
    lock = {
        "run": str(uuid.uuid4()),
        "holder": holder or f"{getpass.getuser()}@{socket.gethostname()}",
        "what": params["what"],
        "since": at.isoformat(),
        "until": (at + timedelta(seconds=params["ttl"])).isoformat(),
    }
    try:
        client.put_parameter(Name=name, Value=json.dumps(lock, sort_keys=True), Type="String", Overwrite=False,
                             Description="The stack's run lock: one converge, teardown, deploy, restore or rotation at a time")  # fmt: skip
    except client.exceptions.ParameterAlreadyExists:
        other = read(client, name)
        raise RuntimeError(f"Another run took the run lock {name} first: it is {describe(other, at)}.") from None
    return {**result, "acquired": True, "lock": lock, "run": lock["run"]}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            state=dict(type="str", choices=["acquired", "released", "broken", "read"], default="acquired"),
            what=dict(type="str", default=""),
            run=dict(type="str", default=""),
            ttl=dict(type="int", default=7200),
        ),
        supports_check_mode=True,
    )

    def with_connection(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
        result = run(client, params, check_mode)
        for warning in result.pop("warnings", []):
            module.warn(warning)
        # The run's retry settings too (aws_config): the release must outlast throttling as the run did.
        retries = dict(client.meta.config.retries or {})
        result["connection"] = {"region": client.meta.region_name, "endpoint_url": client.meta.endpoint_url, "retries": retries}
        return result

    run_module(module, "ssm", with_connection, "Failed to manage the run lock")


if __name__ == "__main__":
    main()
