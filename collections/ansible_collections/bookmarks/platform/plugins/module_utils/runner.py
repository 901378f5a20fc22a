"""What every boto3 module of this collection does around its own logic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore

Run = Callable[[Any, dict[str, Any], bool], dict[str, Any]]


def run_module(module: Any, service: str, run: Run, failure: str) -> None:
    """Call run(client, params, check_mode) and exit: AWS errors and RuntimeErrors fail the task
    with their message; the diff is returned only in diff mode."""
    # Throttling and 5xx are retried by botocore itself (its retry mode and max attempts).
    client = module.client(service)
    try:
        result = run(client, module.params, module.check_mode)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
        module.fail_json_aws(error, msg=failure)
    except RuntimeError as error:
        module.fail_json(msg=str(error))
    if not module._diff:
        result.pop("diff", None)
    module.exit_json(**result)
