"""The saas_request action's decisions: a dry run's line, success or failure, a failure's message."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils import saas_request as decide


def test_a_dry_run_names_the_call_and_hides_the_password() -> None:
    line = decide.would(
        "Create the database user api", "POST", "/databaseUsers", {"username": "api", "password": "s3cret"}, ["password"]
    )
    assert line == 'would create the database user api: POST /databaseUsers {"password": "(hidden)", "username": "api"}'
    assert "s3cret" not in line
    assert decide.would("Delete the Sentry project web", "DELETE", "/api/0/projects/o/web/", None, []) == (
        "would delete the Sentry project web: DELETE /api/0/projects/o/web/"
    )


def test_success_answer_and_failure_by_status() -> None:
    assert decide.outcome(201, [200, 201], []) == "success"
    assert decide.outcome(404, [200], [404]) == "answer"
    assert decide.outcome(409, [200, 201], [404]) == "failure"
    assert decide.outcome(-1, [200], []) == "failure"


def test_a_failure_names_the_status_and_the_vendors_error_only() -> None:
    atlas = {"error": 409, "errorCode": "DUPLICATE_CLUSTER_NAME", "detail": "A cluster named logs already exists."}
    assert decide.failure("Create the cluster logs", "POST", "/clusters", 409, atlas, "") == (
        "Create the cluster logs: POST /clusters: HTTP 409 DUPLICATE_CLUSTER_NAME A cluster named logs already exists."
    )
    datadog = {"errors": ["The value provided for parameter 'query' is invalid", "bad threshold"]}
    assert decide.failure("create m", "POST", "/api/v1/monitor", 400, datadog, "") == (
        "create m: POST /api/v1/monitor: HTTP 400 The value provided for parameter 'query' is invalid; bad threshold"
    )
    assert decide.failure("Read /x", "GET", "/x", -1, None, "", "Connection refused") == "Read /x: GET /x: no answer Connection refused"


def test_a_refusal_says_which_key_and_what_it_needs() -> None:
    refused = "sentry_auth_token: https://sentry.io refused it; it needs project:admin in the organisation o"
    assert decide.failure("Read /p/", "GET", "/p/", 403, {"detail": "You do not have permission."}, refused) == (
        f"{refused} (HTTP 403 You do not have permission.)"
    )
    assert decide.failure("Read /p/", "GET", "/p/", 401, None, refused) == f"{refused} (HTTP 401)"
