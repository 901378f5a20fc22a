#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application's own PostgreSQL user on an Aurora cluster, through the RDS Data API."""

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_data_app_user
version_added: 0.10.0
author: Bookmark Manager platform team (@bookmarks)
short_description: The application's PostgreSQL user on an Aurora cluster, through the RDS Data API
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads the user's attributes, memberships and privileges with the master user's credentials
    (the secret RDS manages in Secrets Manager) through the cluster's Data API, and sends only the
    statements that are missing, one idempotent statement each - no network path to the private
    subnets is needed.
  - The user logs in and has nothing else a role can have (no superuser, CREATEROLE, CREATEDB,
    replication, RLS bypass, no membership of another role); it may connect to the database, use
    and create in the schema public, and read and write the tables and sequences there.
  - The password is sent as its SCRAM-SHA-256 verifier, never in clear; only when the user is
    created or I(rotate) is true.
  - The Data API answers C(DatabaseResumingException) while a cluster that scaled to 0 ACUs resumes;
    the module tries again for up to I(resume_timeout) seconds.
  - Supports check mode and diff mode (the statements it would send, without the password's verifier).
options:
  cluster_arn:
    description: The Aurora cluster's ARN (its Data API enabled).
    type: str
    required: true
  secret_arn:
    description: The Secrets Manager secret of the master user (the cluster's C(MasterUserSecret)).
    type: str
    required: true
  database:
    description: The database the user connects to.
    type: str
    required: true
  name:
    description: The user.
    type: str
    required: true
  password:
    description: Its password, set when the user is created or I(rotate) is true.
    type: str
    required: true
  rotate:
    description: Set I(password) on an existing user (a deliberate rotation).
    type: bool
    default: false
  resume_timeout:
    description: Seconds to keep trying while the cluster resumes from 0 ACUs.
    type: int
    default: 120
"""

EXAMPLES = r"""
- name: The application's user
  bookmarks.platform.rds_data_app_user:
    cluster_arn: "{{ aurora_cluster_arn }}"
    secret_arn: "{{ aurora_master_secret_arn }}"
    database: bookmarkdb
    name: bookmarks_app
    password: "{{ app_password.value }}"
"""

RETURN = r"""
statements:
  description: What each statement sent (or, in check mode, to be sent) did, in order; no secret.
  returned: always
  type: list
  elements: str
"""

import time
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils import pg_app_user
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore

RESUMING = "DatabaseResumingException"


def field(value: dict[str, Any]) -> Any:
    """One field of a Data API record, as a Python value."""
    if value.get("isNull"):
        return None
    for kind in ("booleanValue", "longValue", "doubleValue", "stringValue"):
        if kind in value:
            return value[kind]
    raise RuntimeError(f"unexpected Data API field {sorted(value)}")


def execute(client: Any, params: dict[str, Any], sql: str, parameters: dict[str, str] | None = None, sleep: Any = time.sleep) -> list[list[Any]]:
    """One statement through the Data API; while the cluster resumes, again (for resume_timeout)."""
    request = {"resourceArn": params["cluster_arn"], "secretArn": params["secret_arn"], "database": params["database"], "sql": sql}
    if parameters:
        request["parameters"] = [{"name": key, "value": {"stringValue": value}} for key, value in parameters.items()]
    deadline = time.monotonic() + params["resume_timeout"]
    delay = 2.0
    while True:
        try:
            answer = client.execute_statement(**request)
            return [[field(value) for value in record] for record in answer.get("records", [])]
        except botocore.exceptions.ClientError as error:
            if error.response["Error"]["Code"] != RESUMING or time.monotonic() + delay > deadline:
                raise
            sleep(delay)
            delay = min(delay * 2, 30.0)


def read(client: Any, params: dict[str, Any]) -> dict[str, Any]:
    user = {"user": params["name"]}
    role = execute(client, params, pg_app_user.ROLE_SQL, user)
    privileges = execute(client, params, pg_app_user.PRIVILEGES_SQL, user) if role else []
    return pg_app_user.state(role[0] if role else None, privileges[0] if privileges else None)


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    try:
        pg_app_user.ident(params["name"]), pg_app_user.ident(params["database"])
    except ValueError as error:
        raise RuntimeError(f"name / database: {error}") from None
    current = read(client, params)
    steps = pg_app_user.plan(current, params["name"], params["database"], params["password"], params["rotate"])
    done = [what for what, _sql in steps]
    if not check_mode:
        for _what, sql in steps:
            execute(client, params, sql)
    return {"changed": bool(steps), "statements": done, "diff": {"before": current, "after": {"statements": done}} if steps else {}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            cluster_arn=dict(type="str", required=True),
            secret_arn=dict(type="str", required=True, no_log=False),
            database=dict(type="str", required=True),
            name=dict(type="str", required=True),
            password=dict(type="str", required=True, no_log=True),
            rotate=dict(type="bool", default=False),
            resume_timeout=dict(type="int", default=120),
        ),
        supports_check_mode=True,
    )
    run_module(module, "rds-data", run, "Failed to bootstrap the application's database user")


if __name__ == "__main__":
    main()
