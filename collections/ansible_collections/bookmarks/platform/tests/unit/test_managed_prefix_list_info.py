"""managed_prefix_list_info against moto in-process: AWS's own lists found by name, per region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import managed_prefix_list_info as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

CLOUDFRONT = "com.amazonaws.global.cloudfront.origin-facing"


@pytest.fixture
def ec2() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ec2", region_name="ap-northeast-1")


def test_the_cloudfront_origin_facing_list_is_found_with_its_id_and_weight(ec2: Any) -> None:
    calls = Calls(ec2)
    result = module.run(ec2, {"names": [CLOUDFRONT]}, check_mode=False)
    [found] = result["prefix_lists"]
    expected = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [CLOUDFRONT]}])["PrefixLists"][0]
    assert found == {"name": CLOUDFRONT, "id": expected["PrefixListId"], "max_entries": expected.get("MaxEntries", 0)}  # moto leaves it out of AWS's own lists
    assert result["changed"] is False
    assert calls.writes == []


def test_a_missing_list_is_named() -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="ap-northeast-1")
        with pytest.raises(RuntimeError, match="^no managed prefix list named com.example.nothing in this region$"):
            module.run(ec2, {"names": [CLOUDFRONT, "com.example.nothing"]}, check_mode=True)
