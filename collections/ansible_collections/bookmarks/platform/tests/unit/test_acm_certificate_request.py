"""acm_certificate_request against moto in-process: state read back with boto3, writes counted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.modules import acm_certificate_request as module


@pytest.fixture
def acm() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("acm", region_name="us-east-1")


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "domain_name": "bookmarks.test",
        "subject_alternative_names": ["www.bookmarks.test"],
        "key_algorithm": "RSA_2048",
        "tags": {"Name": "edge-cert", "Project": "t"},
        "purge_tags": True,
        "wait": False,
        "wait_timeout": 30,
        "poll_interval": 1,
        "state": "present",
    }
    base.update(overrides)
    return base


def live(acm: Any) -> list[dict[str, Any]]:
    return acm.list_certificates(CertificateStatuses=module.LIVE_STATUSES)["CertificateSummaryList"]


def test_check_mode_requests_nothing(acm: Any) -> None:
    calls = Calls(acm)
    result = module.run(acm, params(), check_mode=True)
    assert result["changed"] is True
    assert result["certificate"]["arn"] is None
    assert result["certificate"]["subject_alternative_names"] == ["bookmarks.test", "www.bookmarks.test"]
    assert calls.writes == []
    assert live(acm) == []


def test_request_returns_validation_records_and_rerun_writes_nothing(acm: Any) -> None:
    created = module.run(acm, params(), check_mode=False)
    assert created["changed"] is True
    [summary] = live(acm)
    assert summary["CertificateArn"] == created["certificate"]["arn"]
    stored = acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]
    assert sorted(stored["SubjectAlternativeNames"]) == ["bookmarks.test", "www.bookmarks.test"]
    assert stored["DomainValidationOptions"][0]["ValidationMethod"] == "DNS"
    records = created["certificate"]["validation_records"]
    assert records and all(r["type"] == "CNAME" and r["name"] and r["value"] for r in records)
    tags = acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"])["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"Name": "edge-cert", "Project": "t"}

    calls = Calls(acm)
    again = module.run(acm, params(wait=True), check_mode=False)
    assert again["changed"] is False
    assert again["certificate"]["arn"] == summary["CertificateArn"]
    assert again["certificate"]["status"] == "ISSUED"
    assert calls.writes == []


def test_a_name_change_requests_a_new_certificate_and_keeps_the_old(acm: Any) -> None:
    first = module.run(acm, params(), check_mode=False)["certificate"]["arn"]
    result = module.run(acm, params(subject_alternative_names=["api.bookmarks.test"]), check_mode=False)
    assert result["changed"] is True
    assert result["superseded_arn"] == first
    assert result["certificate"]["arn"] != first
    assert len(live(acm)) == 2


def test_tags_are_updated_in_place(acm: Any) -> None:
    arn = module.run(acm, params(), check_mode=False)["certificate"]["arn"]
    dry = module.run(acm, params(tags={"Name": "edge-cert"}), check_mode=True)
    assert dry["changed"] is True
    assert {t["Key"] for t in acm.list_tags_for_certificate(CertificateArn=arn)["Tags"]} == {"Name", "Project"}
    module.run(acm, params(tags={"Name": "edge-cert"}), check_mode=False)
    assert acm.list_tags_for_certificate(CertificateArn=arn)["Tags"] == [{"Key": "Name", "Value": "edge-cert"}]


def test_a_certificate_with_another_name_tag_is_not_ours(acm: Any) -> None:
    module.run(acm, params(tags={"Name": "someone-else"}), check_mode=False)
    result = module.run(acm, params(), check_mode=False)
    assert result["changed"] is True
    assert "superseded_arn" not in result
    assert len(live(acm)) == 2


def test_absent_deletes_ours_only(acm: Any) -> None:
    module.run(acm, params(tags={"Name": "someone-else"}), check_mode=False)
    module.run(acm, params(), check_mode=False)
    assert module.run(acm, params(state="absent"), check_mode=True)["changed"] is True
    assert len(live(acm)) == 2
    gone = module.run(acm, params(state="absent"), check_mode=False)
    assert gone["changed"] is True and len(gone["deleted_arns"]) == 1
    assert gone["validation_records"] and all(record["type"] == "CNAME" for record in gone["validation_records"])
    assert [s["DomainName"] for s in live(acm)] == ["bookmarks.test"]
    assert module.run(acm, params(state="absent"), check_mode=False)["changed"] is False


def test_a_missing_name_tag_is_refused(acm: Any) -> None:
    with pytest.raises(RuntimeError, match="tags.Name is required"):
        module.run(acm, params(tags={}), check_mode=False)


def test_an_ec_certificate_is_found_again_where_aws_lists_rsa_only_by_default(acm: Any) -> None:
    from tests.harness.emulator.launcher import fix_acm_key_algorithms

    fix_acm_key_algorithms()  # the emulator lists certificates as AWS does (RSA_2048 unless asked)
    first = module.run(acm, params(key_algorithm="EC_prime256v1"), check_mode=False)
    assert first["changed"] is True
    calls = Calls(acm)
    again = module.run(acm, params(key_algorithm="EC_prime256v1"), check_mode=False)
    assert again["changed"] is False
    assert again["certificate"]["arn"] == first["certificate"]["arn"]
    assert calls.writes == []


def stubbed_acm() -> tuple[Any, Any]:
    from botocore.stub import Stubber

    client = boto3.client("acm", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    return client, Stubber(client)


ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b9e1b66-6c2e-4a4b-8d2d-3b9d7e1e2f10"
IN_USE = f"Certificate {ARN} is in use."


def test_deleting_a_certificate_still_in_use_is_retried_until_aws_releases_it() -> None:
    client, stubber = stubbed_acm()
    for _attempt in range(2):  # AWS's answer for minutes after the listener or distribution went
        stubber.add_client_error("delete_certificate", "ResourceInUseException", IN_USE, 400, expected_params={"CertificateArn": ARN})
    stubber.add_response("delete_certificate", {}, {"CertificateArn": ARN})
    with stubber:
        module.delete(client, ARN, timeout=5, interval=0)
    stubber.assert_no_pending_responses()


def test_a_certificate_in_use_past_the_timeout_stops_with_what_to_do() -> None:
    client, stubber = stubbed_acm()
    stubber.add_client_error("delete_certificate", "ResourceInUseException", IN_USE, 400)
    with stubber, pytest.raises(RuntimeError) as raised:
        module.delete(client, ARN, timeout=0, interval=1)
    assert f"certificate {ARN} is still in use after 0 s" in str(raised.value)
    assert "Run the teardown again later." in str(raised.value)


def test_the_wait_backs_off_from_two_seconds_to_thirty() -> None:
    from itertools import islice

    from ansible_collections.bookmarks.platform.plugins.module_utils.waits import poll_delays

    assert list(islice(poll_delays(), 10)) == [2.0, 3.0, 4.5, 6.75, 10.125, 15.1875, 22.78125, 30.0, 30.0, 30.0]
    # 45 minutes of waiting take about a hundred reads, not 1350.
    total, reads = 0.0, 0
    for delay in poll_delays():
        total, reads = total + delay, reads + 1
        if total >= 2700:
            break
    assert reads < 100
