"""tests.harness.emulator.recording's assertions: no write at all, or exactly the writes named."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.harness.emulator import recording


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    found: dict[str, int] = {}

    def summary(_requests: Any) -> dict[str, Any]:
        return {"requests": 40 + sum(found.values()), "mutating": sum(found.values()), "mutating_by_operation": dict(found)}

    monkeypatch.setattr(recording, "read_all", lambda: [])
    monkeypatch.setattr(recording, "summary", summary)
    return found


def test_no_write_passes_assert_no_writes_and_fails_an_expected_one(writes: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert recording.main(["assert-no-writes"]) == 0
    assert recording.main(["assert-writes", "ssm:PutParameter=1"]) == 1
    assert "0 mutating request(s): {}; expected {'ssm:PutParameter': 1}" in capsys.readouterr().err


def test_assert_writes_wants_exactly_the_writes_named(writes: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    writes["ssm:PutParameter"] = 1
    assert recording.main(["assert-no-writes"]) == 1
    assert recording.main(["assert-writes", "ssm:PutParameter=1"]) == 0
    assert recording.main(["assert-writes", "ssm:PutParameter=2"]) == 1
    writes["ec2:CreateTags"] = 1
    assert recording.main(["assert-writes", "ssm:PutParameter=1"]) == 1
    assert "2 mutating request(s): {'ssm:PutParameter': 1, 'ec2:CreateTags': 1}" in capsys.readouterr().err


def test_a_malformed_expectation_is_refused() -> None:
    with pytest.raises(SystemExit, match="'ssm:PutParameter' is not OPERATION=COUNT"):
        recording.main(["assert-writes", "ssm:PutParameter"])


def data_api(sql: str, **extra: str) -> dict:
    return {"headers": {"Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261207/ap-northeast-1/rds-data/aws4_request, SignedHeaders=host"},
            "url": "http://127.0.0.1:5011/Execute", "method": "POST", "body": json.dumps({"sql": sql, **extra})}  # fmt: skip


def test_a_data_api_statement_reads_only_when_it_is_one_select_outside_a_transaction() -> None:
    assert recording.operation(data_api("  select rolname FROM pg_roles WHERE rolname = :user")).mutating is False
    assert str(recording.operation(data_api("SELECT 1"))) == "rds-data:ExecuteStatement"
    for writing in (data_api('CREATE ROLE "a" LOGIN'), data_api("SELECT 1; DROP TABLE t"), data_api("SELECT 1", transactionId="t1")):
        assert recording.operation(writing).mutating is True, writing["body"]
