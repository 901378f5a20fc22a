"""cloudfront_origin_access_control against moto in-process: state read back, writes counted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

from ansible_collections.bookmarks.platform.plugins.modules import cloudfront_origin_access_control as module


@pytest.fixture
def cloudfront() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("cloudfront", region_name="us-east-1")


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": "assets-oac",
        "description": "CloudFront to assets",
        "origin_type": "s3",
        "signing_behavior": "always",
        "signing_protocol": "sigv4",
        "state": "present",
    }
    base.update(overrides)
    return base


def stored(cloudfront: Any) -> list[dict[str, Any]]:
    return cloudfront.list_origin_access_controls()["OriginAccessControlList"].get("Items", []) or []


def test_check_mode_creates_nothing(cloudfront: Any) -> None:
    calls = Calls(cloudfront)
    result = module.run(cloudfront, params(), check_mode=True)
    assert result["changed"] is True and result["origin_access_control"]["id"] is None
    assert calls.writes == [] and stored(cloudfront) == []


def test_create_then_rerun_writes_nothing(cloudfront: Any) -> None:
    created = module.run(cloudfront, params(), check_mode=False)
    [item] = stored(cloudfront)
    assert item["Id"] == created["origin_access_control"]["id"]
    assert (item["Name"], item["SigningBehavior"], item["SigningProtocol"], item["OriginAccessControlOriginType"]) == (
        "assets-oac", "always", "sigv4", "s3",
    )
    calls = Calls(cloudfront)
    again = module.run(cloudfront, params(), check_mode=False)
    assert again == {"changed": False, "origin_access_control": created["origin_access_control"]}
    assert calls.writes == []


def test_a_changed_setting_is_updated_in_place(cloudfront: Any) -> None:
    oac_id = module.run(cloudfront, params(), check_mode=False)["origin_access_control"]["id"]
    dry = module.run(cloudfront, params(signing_behavior="no-override"), check_mode=True)
    assert dry["changed"] is True and dry["diff"]["before"]["signing_behavior"] == "always"
    assert stored(cloudfront)[0]["SigningBehavior"] == "always"
    module.run(cloudfront, params(signing_behavior="no-override"), check_mode=False)
    [item] = stored(cloudfront)
    assert (item["Id"], item["SigningBehavior"]) == (oac_id, "no-override")


def test_absent(cloudfront: Any) -> None:
    module.run(cloudfront, params(), check_mode=False)
    assert module.run(cloudfront, params(state="absent"), check_mode=True)["changed"] is True
    assert len(stored(cloudfront)) == 1
    assert module.run(cloudfront, params(state="absent"), check_mode=False)["changed"] is True
    assert stored(cloudfront) == []
    assert module.run(cloudfront, params(state="absent"), check_mode=False) == {"changed": False}
