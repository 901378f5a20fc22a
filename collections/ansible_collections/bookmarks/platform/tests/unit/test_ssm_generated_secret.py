"""ssm_generated_secret against moto in-process: values read back with boto3, writes counted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import ssm_generated_secret
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

NAME = "/test/local/aurora/master-password"


@pytest.fixture
def ssm() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ssm", region_name="ap-northeast-1")


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": NAME,
        "length": 40,
        "alphabet": "alphanumeric",
        "kms_key_id": "alias/aws/ssm",
        "description": "test",
        "tags": {"Project": "test"},
        "rotate": False,
        "create": True,
        "missing": "fail",
        "initial": None,
        "state": "present",
    }
    return {**base, **overrides}


def stored(ssm: Any) -> dict[str, Any]:
    return ssm.get_parameter(Name=NAME, WithDecryption=True)["Parameter"]


def test_first_run_stores_a_secure_string_and_later_runs_read_it_back(ssm: Any) -> None:
    first = ssm_generated_secret.run(ssm, params(), check_mode=False)
    assert first["changed"] and first["created"]
    assert len(first["value"]) == 40 and first["value"].isalnum()
    assert stored(ssm)["Type"] == "SecureString"
    assert stored(ssm)["Value"] == first["value"]
    calls = Calls(ssm)
    second = ssm_generated_secret.run(ssm, params(), check_mode=False)
    assert second == {"changed": False, "value": first["value"], "created": False, "version": 1, "age": second["age"]}
    assert 0 <= second["age"] < 60
    assert calls.writes == []


def test_check_mode_on_nothing_reports_a_change_and_writes_nothing(ssm: Any) -> None:
    calls = Calls(ssm)
    result = ssm_generated_secret.run(ssm, params(), check_mode=True)
    assert result["changed"] and result["created"]
    assert calls.writes == []
    assert "value" not in str(result["diff"]["before"])
    assert result["value"] not in str(result["diff"])
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        stored(ssm)


def test_rotate_replaces_the_value(ssm: Any) -> None:
    first = ssm_generated_secret.run(ssm, params(), check_mode=False)
    rotated = ssm_generated_secret.run(ssm, params(rotate=True), check_mode=False)
    assert rotated["changed"] and rotated["value"] != first["value"]
    assert stored(ssm)["Value"] == rotated["value"] and stored(ssm)["Version"] == 2


def test_urlsafe_alphabet_and_length(ssm: Any) -> None:
    result = ssm_generated_secret.run(ssm, params(length=64, alphabet="urlsafe"), check_mode=False)
    assert len(result["value"]) == 64
    assert set(result["value"]) <= set(ssm_generated_secret.ALPHABETS["urlsafe"])
    with pytest.raises(RuntimeError, match="length: 8"):
        ssm_generated_secret.generate(8, "alphanumeric")


def test_absent_deletes_and_then_changes_nothing(ssm: Any) -> None:
    ssm_generated_secret.run(ssm, params(), check_mode=False)
    assert ssm_generated_secret.run(ssm, params(state="absent"), check_mode=True)["changed"]
    assert stored(ssm)
    assert ssm_generated_secret.run(ssm, params(state="absent"), check_mode=False)["changed"]
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        stored(ssm)
    assert ssm_generated_secret.run(ssm, params(state="absent"), check_mode=False) == {"changed": False, "version": 0}


def test_a_reader_gets_the_secret_another_role_generated_and_writes_nothing(ssm: Any) -> None:
    generated = ssm_generated_secret.run(ssm, params(), check_mode=False)
    calls = Calls(ssm)
    read = ssm_generated_secret.run(ssm, params(create=False, rotate=True), check_mode=False)
    assert read["value"] == generated["value"] == stored(ssm)["Value"]
    assert read["changed"] is False
    assert calls.writes == []


def test_a_reader_of_a_missing_secret_fails_naming_it_and_writes_nothing(ssm: Any) -> None:
    calls = Calls(ssm)
    with pytest.raises(RuntimeError, match=f"^{NAME}: no such parameter; the role that generates this secret has not run yet$"):
        ssm_generated_secret.run(ssm, params(create=False), check_mode=False)
    dry = ssm_generated_secret.run(ssm, params(create=False), check_mode=True)
    assert dry["changed"] is False and len(dry["value"]) == 40
    # A secret that exists only at times (the origin secret's second value during a rotation).
    for check_mode in (False, True):
        assert ssm_generated_secret.run(ssm, params(create=False, missing="empty"), check_mode=check_mode) == {
            "changed": False, "value": "", "created": False, "version": 0, "age": 0}  # fmt: skip
    assert calls.writes == []


def test_age_counts_the_seconds_since_the_last_write() -> None:
    written = datetime.now(UTC) - timedelta(hours=2, seconds=5)
    assert ssm_generated_secret.age({"LastModifiedDate": written}) == 7205
    assert ssm_generated_secret.age(None) == 0
    assert ssm_generated_secret.age({"LastModifiedDate": datetime.now(UTC) + timedelta(seconds=30)}) == 0  # clock skew


def test_initial_is_the_value_of_a_new_parameter_only(ssm: Any) -> None:
    first = ssm_generated_secret.run(ssm, params(initial="x" * 64), check_mode=False)
    assert first["created"] and first["value"] == stored(ssm)["Value"] == "x" * 64
    assert first["diff"]["after"]["value"] == "(new, given)"
    calls = Calls(ssm)
    again = ssm_generated_secret.run(ssm, params(initial="y" * 64), check_mode=False)
    assert not again["changed"] and again["value"] == "x" * 64 and calls.writes == []
    rotated = ssm_generated_secret.run(ssm, params(initial="y" * 64, rotate=True), check_mode=False)
    assert rotated["value"] not in ("x" * 64, "y" * 64) and len(rotated["value"]) == 40
