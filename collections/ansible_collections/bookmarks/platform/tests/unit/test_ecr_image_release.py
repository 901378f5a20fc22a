"""ecr_image_release against moto in-process: a deployed image gets its release tag once, on the same digest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import ecr_image_release as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls
from tests.harness.ecr_push import push_image


@pytest.fixture
def ecr() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ecr", region_name="ap-northeast-1")


def tags(ecr: Any, repository: str) -> dict[str, list[str]]:
    return {detail["imageDigest"]: sorted(detail.get("imageTags", [])) for detail in ecr.describe_images(repositoryName=repository)["imageDetails"]}


def test_the_release_tag_goes_on_the_same_image_once(ecr: Any) -> None:
    uri = ecr.create_repository(repositoryName="bm-web")["repository"]["repositoryUri"]
    digest = push_image(ecr, "bm-web", "4f2c1e9")
    params = {"images": [f"{uri}:4f2c1e9", "public.ecr.aws/datadog/agent:7"], "prefix": "release-"}

    calls = Calls(ecr)
    assert module.run(ecr, params, check_mode=True)["released"] == ["bm-web:release-4f2c1e9"]
    assert calls.writes == []
    result = module.run(ecr, params, check_mode=False)
    assert result["changed"] is True and result["released"] == ["bm-web:release-4f2c1e9"]
    assert tags(ecr, "bm-web") == {digest: ["4f2c1e9", "release-4f2c1e9"]}

    calls = Calls(ecr)
    again = module.run(ecr, params, check_mode=False)
    assert again["changed"] is False and again["released"] == []
    assert calls.writes == []


def test_an_image_not_pushed_is_named(ecr: Any) -> None:
    uri = ecr.create_repository(repositoryName="bm-web")["repository"]["repositoryUri"]
    with pytest.raises(RuntimeError, match=r"^images: .*/bm-web:9\.9\.9 is not in its repository$"):
        module.run(ecr, {"images": [f"{uri}:9.9.9"], "prefix": "release-"}, check_mode=False)
