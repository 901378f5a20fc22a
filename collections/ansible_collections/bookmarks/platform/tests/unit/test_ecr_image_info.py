"""ecr_image_info against moto in-process: pushed images exist, others (and missing repositories) do not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import ecr_image_info as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls
from tests.harness.ecr_push import push_image


@pytest.fixture
def ecr() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ecr", region_name="ap-northeast-1")


def test_pushed_images_exist_the_others_do_not(ecr: Any) -> None:
    uri = ecr.create_repository(repositoryName="bm-web")["repository"]["repositoryUri"]
    digest = push_image(ecr, "bm-web", "1.0.0")
    registry = uri.split("/")[0]
    calls = Calls(ecr)
    asked = [f"{uri}:1.0.0", f"{uri}:latest", f"{uri}@{digest}", f"{registry}/bm-api:1.0.0", "public.ecr.aws/datadog/agent:7"]
    result = module.run(ecr, {"images": asked}, check_mode=False)
    assert [(answer["image"], answer["exists"]) for answer in result["images"]] == [
        (asked[0], True),
        (asked[1], False),  # never pushed
        (asked[2], True),
        (asked[3], False),  # no such repository yet
        (asked[4], True),  # not an ECR registry: not looked up
    ]
    assert result["images"][3]["repository"] == "bm-api"
    assert calls.writes == []


def test_references_are_parsed() -> None:
    registry = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"
    assert module.parse(f"{registry}/team/web:1.2") == {"repository": "team/web", "tag": "1.2", "digest": ""}
    assert module.parse(f"{registry}/web@sha256:{'a' * 64}") == {"repository": "web", "tag": "", "digest": f"sha256:{'a' * 64}"}
    assert module.parse("nginx:latest") is None
