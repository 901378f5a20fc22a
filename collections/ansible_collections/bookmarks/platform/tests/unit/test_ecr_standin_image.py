"""ecr_standin_image against moto in-process: one PutImage per repository that lacks the tag, none on
a re-run or in check mode, and never an endpoint that is not this machine's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import ecr_standin_image as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

LOCAL = "http://127.0.0.1:5001"


@pytest.fixture
def ecr() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("ecr", region_name="ap-northeast-1")
        for name in ("bm-web", "bm-api"):
            client.create_repository(repositoryName=name, imageTagMutability="IMMUTABLE")
        yield client


def params(**more: Any) -> dict[str, Any]:
    return {"repositories": ["bm-web", "bm-api"], "tag": "standin", "endpoint_url": LOCAL, **more}


def test_a_stand_in_per_repository_that_lacks_one(ecr: Any) -> None:
    calls = Calls(ecr)
    dry = module.run(ecr, params(), check_mode=True)
    assert (dry["changed"], dry["pushed"], calls.writes) == (True, ["bm-web", "bm-api"], [])
    result = module.run(ecr, params(), check_mode=False)
    assert result["pushed"] == ["bm-web", "bm-api"] and result["diff"]["after"] == {"images": ["bm-web:standin", "bm-api:standin"]}
    assert calls.writes == ["PutImage", "PutImage"]
    image = ecr.describe_images(repositoryName="bm-web", imageIds=[{"imageTag": "standin"}])["imageDetails"][0]
    assert image["imageManifestMediaType"] == module.MEDIA_TYPE
    again = module.run(ecr, params(), check_mode=False)
    assert (again["changed"], again["pushed"]) == (False, [])
    assert len(calls.writes) == 2, "a re-run pushed again"


@pytest.mark.parametrize("endpoint", [None, "", "https://ecr.ap-northeast-1.amazonaws.com", "http://10.0.0.5:5001"])
def test_never_outside_this_machine(ecr: Any, endpoint: str | None) -> None:
    calls = Calls(ecr)
    with pytest.raises(RuntimeError, match="stand-in images go to an emulator on this machine only"):
        module.run(ecr, params(endpoint_url=endpoint), check_mode=False)
    assert calls.names == []
