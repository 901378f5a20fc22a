"""rds_data_app_user against botocore's own shapes of the RDS Data API (Stubber: every request is
validated against the service model, every answer is one the API documents): the reads, the
statements only when missing, check mode sending no statement, a resuming cluster waited for.
The SQL itself runs on a real PostgreSQL in tests/test_app_user_sql.py."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from ansible_collections.bookmarks.platform.plugins.module_utils import pg_app_user
from ansible_collections.bookmarks.platform.plugins.modules import rds_data_app_user as module

CLUSTER = "arn:aws:rds:ap-northeast-1:123456789012:cluster:bm-prod-aurora"
SECRET = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!cluster-0a1b2c3d-AbCdEf"
PARAMS = {"cluster_arn": CLUSTER, "secret_arn": SECRET, "database": "bookmarkdb", "group": "bookmarks_app", "login": "bookmarks_app_a",
          "password": "Pw" * 20, "rotate": False, "state": "present", "resume_timeout": 120}  # fmt: skip
GROUP = [{"name": "user", "value": {"stringValue": "bookmarks_app"}}]
USER = [{"name": "user", "value": {"stringValue": "bookmarks_app_a"}}]


def request(sql: Any, parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    expected = {"resourceArn": CLUSTER, "secretArn": SECRET, "database": "bookmarkdb", "sql": sql}
    return {**expected, "parameters": parameters} if parameters else expected


LOGIN_OK = {"records": [[{"booleanValue": True}] + [{"booleanValue": False}] * 5 + [{"stringValue": "bookmarks_app"}, {"stringValue": "role=bookmarks_app"}]],
            "numberOfRecordsUpdated": 0}  # fmt: skip
GROUP_OK = {"records": [[{"booleanValue": False}] * 6 + [{"stringValue": ""}, {"stringValue": ""}]], "numberOfRecordsUpdated": 0}
NONE = {"records": [], "numberOfRecordsUpdated": 0}
PRIVILEGES_OK = {"records": [[{"booleanValue": True}, {"booleanValue": True}, {"longValue": 0}, {"longValue": 0}]], "numberOfRecordsUpdated": 0}


@pytest.fixture
def client() -> Any:
    return boto3.client("rds-data", region_name="ap-northeast-1", aws_access_key_id="k", aws_secret_access_key="s")


def test_a_new_group_and_login_are_created_with_their_grants_and_the_password_only_as_a_verifier(client: Any) -> None:
    with Stubber(client) as stub:
        stub.add_response("execute_statement", NONE, request(pg_app_user.ROLE_SQL, USER))
        stub.add_response("execute_statement", NONE, request(pg_app_user.ROLE_SQL, GROUP))
        for _statement in range(7):
            stub.add_response("execute_statement", {"numberOfRecordsUpdated": 0}, request(ANY))
        result = module.run(client, PARAMS, check_mode=False)
        stub.assert_no_pending_responses()
    assert result["changed"] is True
    assert result["statements"][0] == "create the group bookmarks_app (NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS)"
    assert result["statements"][-2:] == [
        "create the user bookmarks_app_a (LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS, in bookmarks_app)",
        "bookmarks_app_a's sessions act as bookmarks_app",
    ]
    assert PARAMS["password"] not in repr(result)


def test_users_as_they_should_be_get_three_reads_and_no_statement(client: Any) -> None:
    with Stubber(client) as stub:
        stub.add_response("execute_statement", LOGIN_OK, request(pg_app_user.ROLE_SQL, USER))
        stub.add_response("execute_statement", GROUP_OK, request(pg_app_user.ROLE_SQL, GROUP))
        stub.add_response("execute_statement", PRIVILEGES_OK, request(pg_app_user.PRIVILEGES_SQL, GROUP))
        assert module.run(client, PARAMS, check_mode=False) == {"changed": False, "statements": [], "diff": {}}
        stub.assert_no_pending_responses()


def test_check_mode_reads_and_names_what_it_would_send(client: Any) -> None:
    missing = {"records": [[{"booleanValue": True}, {"booleanValue": False}, {"longValue": 3}, {"longValue": 0}]], "numberOfRecordsUpdated": 0}
    with Stubber(client) as stub:
        stub.add_response("execute_statement", LOGIN_OK, request(pg_app_user.ROLE_SQL, USER))
        stub.add_response("execute_statement", GROUP_OK, request(pg_app_user.ROLE_SQL, GROUP))
        stub.add_response("execute_statement", missing, request(pg_app_user.PRIVILEGES_SQL, GROUP))
        result = module.run(client, PARAMS, check_mode=True)
        stub.assert_no_pending_responses()  # no statement sent
    assert result["statements"] == [
        "grant USAGE, CREATE on the schema public to bookmarks_app",
        "grant SELECT, INSERT, UPDATE, DELETE on the tables of public to bookmarks_app",
    ]
    assert result["diff"]["before"]["group"]["tables_missing"] == 3


def test_a_retired_login_loses_its_login_and_a_second_retirement_sends_nothing(client: Any) -> None:
    retired = {"records": [[{"booleanValue": False}] * 6 + [{"stringValue": "bookmarks_app"}, {"stringValue": "role=bookmarks_app"}]],
               "numberOfRecordsUpdated": 0}  # fmt: skip
    params = {**PARAMS, "state": "retired", "password": None}
    with Stubber(client) as stub:
        stub.add_response("execute_statement", LOGIN_OK, request(pg_app_user.ROLE_SQL, USER))
        stub.add_response("execute_statement", {"numberOfRecordsUpdated": 0}, request('ALTER ROLE "bookmarks_app_a" NOLOGIN PASSWORD NULL'))
        assert module.run(client, params, check_mode=False)["statements"] == ["retire bookmarks_app_a (NOLOGIN, no password)"]
        stub.add_response("execute_statement", retired, request(pg_app_user.ROLE_SQL, USER))
        assert module.run(client, params, check_mode=False)["changed"] is False
        stub.assert_no_pending_responses()


def test_a_resuming_cluster_is_waited_for_then_a_lasting_error_fails(client: Any) -> None:
    slept: list[float] = []
    with Stubber(client) as stub:
        for _attempt in range(2):
            stub.add_client_error("execute_statement", "DatabaseResumingException", "The database is resuming", 400, expected_params=request(ANY, USER))
        stub.add_response("execute_statement", {"records": [], "numberOfRecordsUpdated": 0}, request(ANY, USER))
        assert module.execute(client, PARAMS, pg_app_user.ROLE_SQL, {"user": "bookmarks_app_a"}, sleep=slept.append) == []
        stub.add_client_error("execute_statement", "ForbiddenException", "not allowed", 403)
        with pytest.raises(Exception, match="ForbiddenException"):
            module.execute(client, PARAMS, pg_app_user.ROLE_SQL, {"user": "bookmarks_app_a"}, sleep=slept.append)
    assert slept == [2.0, 4.0]


def test_a_bad_name_fails_before_any_request(client: Any) -> None:
    with Stubber(client), pytest.raises(RuntimeError, match="group / login / database: 'bookmarks-app' is not a PostgreSQL name"):
        module.run(client, {**PARAMS, "login": "bookmarks-app"}, check_mode=False)
