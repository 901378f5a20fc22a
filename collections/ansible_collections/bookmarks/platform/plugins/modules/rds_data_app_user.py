#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application's own PostgreSQL user on an Aurora cluster, through the RDS Data API."""

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_data_app_user
version_added: 0.10.0
author: Bookmark Manager platform team (@bookmarks)
short_description: The application's PostgreSQL users on an Aurora cluster, through the RDS Data API
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads the roles' attributes, memberships, settings and privileges with the master user's
    credentials (the secret RDS manages in Secrets Manager) through the cluster's Data API, and
    sends only the statements that are missing, one idempotent statement each - no network path to
    the private subnets is needed.
  - The group I(group) (NOLOGIN) may connect to the database, use and create in the schema public,
    and read and write the tables and sequences there. The login I(login) logs in and has nothing
    else a role can have; it is a member of the group only and its sessions act as the group, so
    that two logins can alternate (a password rotation without an outage).
  - With I(state=retired), the login loses LOGIN and its password (after a rotation moved the
    services to the other login).
  - The password is sent as its SCRAM-SHA-256 verifier, never in clear; only when the login is
    created, comes back from retirement, or I(rotate) is true.
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
    description: The database the users connect to.
    type: str
    required: true
  group:
    description: The group role that holds the privileges.
    type: str
    required: true
  login:
    description: The login user.
    type: str
    required: true
  password:
    description: The login's password, set when it is created, comes back from retirement, or I(rotate) is true.
    type: str
  rotate:
    description: Set I(password) on an existing login (a deliberate rotation).
    type: bool
    default: false
  state:
    description: C(present) makes the group and the login; C(retired) takes the login's LOGIN and password away.
    type: str
    choices: [present, retired]
    default: present
  resume_timeout:
    description: Seconds to keep trying while the cluster resumes from 0 ACUs.
    type: int
    default: 120
"""

EXAMPLES = r"""
- name: The application's users
  bookmarks.platform.rds_data_app_user:
    cluster_arn: "{{ aurora_cluster_arn }}"
    secret_arn: "{{ aurora_master_secret_arn }}"
    database: bookmarkdb
    group: bookmarks_app
    login: bookmarks_app_a
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


def read(client: Any, params: dict[str, Any], role: str, privileges: bool = False) -> dict[str, Any]:
    user = {"user": role}
    row = execute(client, params, pg_app_user.ROLE_SQL, user)
    granted = execute(client, params, pg_app_user.PRIVILEGES_SQL, user) if row and privileges else []
    return pg_app_user.state(row[0] if row else None, granted[0] if granted else None)


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    try:
        for name in ("group", "login", "database"):
            pg_app_user.ident(params[name])
    except ValueError as error:
        raise RuntimeError(f"group / login / database: {error}") from None
    login = read(client, params, params["login"])
    if params["state"] == "retired":
        before = {"login": login}
        steps = pg_app_user.plan_retire(login, params["login"])
    else:
        group = read(client, params, params["group"], privileges=True)
        before = {"group": group, "login": login}
        steps = pg_app_user.plan_group(group, params["group"], params["database"])
        try:
            steps += pg_app_user.plan_login(login, params["login"], params["group"], params["password"], params["rotate"])
        except ValueError as error:
            raise RuntimeError(f"password: {error}") from None
    done = [what for what, _sql in steps]
    if not check_mode:
        for _what, sql in steps:
            execute(client, params, sql)
    return {"changed": bool(steps), "statements": done, "diff": {"before": before, "after": {"statements": done}} if steps else {}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            cluster_arn=dict(type="str", required=True),
            secret_arn=dict(type="str", required=True, no_log=False),
            database=dict(type="str", required=True),
            group=dict(type="str", required=True),
            login=dict(type="str", required=True),
            password=dict(type="str", no_log=True),
            rotate=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "retired"], default="present"),
            resume_timeout=dict(type="int", default=120),
        ),
        required_if=[("state", "present", ["password"])],
        supports_check_mode=True,
    )
    run_module(module, "rds-data", run, "Failed to bootstrap the application's database user")


if __name__ == "__main__":
    main()
