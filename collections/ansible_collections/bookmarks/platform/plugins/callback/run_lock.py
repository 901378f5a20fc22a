# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Releases the stack's run lock when the run that took it ends, whether it succeeded or failed."""

from __future__ import annotations

DOCUMENTATION = r"""
name: run_lock
type: aggregate
short_description: Release the run lock this run took, when the run ends
description:
  - Remembers each lock a C(bookmarks.platform.run_lock) task took (C(acquired)), and when the
    run ends - after a failure too - deletes it if it is still this run's (the same run ID), with
    the region and endpoint the task used and the AWS credential chain of the controller.
  - A run killed outright (SIGKILL) leaves its lock; the next run refuses, naming it, and
    C(make unlock RUN=<id>) breaks it.
version_added: 0.11.0
"""

import json
from typing import Any
from urllib.parse import urlsplit

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bookmarks.platform.run_lock"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.taken: dict[str, dict[str, Any]] = {}

    def v2_runner_on_ok(self, result: Any) -> None:
        if not str(result._task.action).endswith("run_lock"):
            return
        answer = result._result
        if answer.get("acquired"):
            self.taken[answer["lock"]["run"]] = {"name": result._task.args.get("name"), **answer.get("connection", {})}
        elif result._task.args.get("state") == "released":
            self.taken.pop(str(answer.get("run", "")), None)

    def v2_playbook_on_stats(self, stats: Any) -> None:
        for run, lock in list(self.taken.items()):
            try:
                said = release(lock, run)
            except Exception as error:  # noqa: BLE001 (the run is over: say what is left, never raise)
                said = f"The run lock {lock.get('name')} could not be released ({error}): make unlock RUN={run}"
            self._display.display(said)
        self.taken.clear()


DEFAULT_RETRIES = {"mode": "standard", "max_attempts": 10}  # group_vars/all.yml's aws_retry_config


def release(lock: dict[str, Any], run: str, client: Any = None) -> str:
    """Delete the lock if it is still this run's; say what was done."""
    if client is None:
        import boto3
        from botocore.config import Config

        endpoint = lock.get("endpoint_url") or None
        # The local emulator takes any key (the inventory's dummy ones); AWS, the controller's chain.
        local = bool(endpoint) and urlsplit(endpoint).hostname in ("127.0.0.1", "localhost")
        keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"} if local else {}
        # The run's own retry settings (the module returns them): botocore's default gives up after
        # 3 attempts, and a lock left behind after a throttled release would refuse the next run.
        config = Config(retries=lock.get("retries") or DEFAULT_RETRIES)
        client = boto3.client("ssm", region_name=lock.get("region"), endpoint_url=endpoint, config=config, **keys)
    name = lock["name"]
    try:
        current = json.loads(client.get_parameter(Name=name)["Parameter"]["Value"])
    except client.exceptions.ParameterNotFound:
        return f"The run lock {name} is already gone."
    if current.get("run") != run:
        return f"The run lock {name} is another run's now ({current.get('run')}): left alone."
    client.delete_parameter(Name=name)
    return f"Run lock {name} released."
