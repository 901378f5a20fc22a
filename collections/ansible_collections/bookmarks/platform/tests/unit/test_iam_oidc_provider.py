"""iam_oidc_provider against moto in-process, and against AWS's documented shapes (Stubber) for the
client-ID calls moto does not implement."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import iam_oidc_provider as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls

URL = "https://token.actions.githubusercontent.com"
ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"


@pytest.fixture
def iam() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("iam", region_name="us-east-1")


def params(**overrides: Any) -> dict[str, Any]:
    base = {"url": URL, "client_ids": ["sts.amazonaws.com"], "thumbprints": [], "tags": {"Project": "bm"}, "purge_tags": True,
            "state": "present", "keep_while_trusted": False}  # fmt: skip
    return {**base, **overrides}


def trust(arn: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithWebIdentity"}]})


def test_created_once_then_left_alone(iam: Any) -> None:
    calls = Calls(iam)
    dry = module.run(iam, params(), check_mode=True)
    assert dry["changed"] and dry["arn"] == "" and calls.writes == []
    assert dry["diff"] == {"before": {}, "after": {"client_ids": ["sts.amazonaws.com"], "thumbprints": [], "tags": {"Project": "bm"}}}
    created = module.run(iam, params(), check_mode=False)
    assert created["changed"] and created["arn"] == ARN
    found = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert found["ClientIDList"] == ["sts.amazonaws.com"] and found["Tags"] == [{"Key": "Project", "Value": "bm"}]
    again = Calls(iam)
    assert module.run(iam, params(), check_mode=False) == {"changed": False, "exists": True, "arn": ARN, "provider": created["provider"]}
    assert again.writes == []


def test_tags_and_thumbprints_are_repaired(iam: Any) -> None:
    module.run(iam, params(), check_mode=False)
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN, Tags=[{"Key": "Extra", "Value": "x"}])
    thumbprint = "a" * 40
    calls = Calls(iam)
    repaired = module.run(iam, params(thumbprints=[thumbprint.upper()]), check_mode=False)
    assert repaired["changed"] and repaired["diff"]["before"]["tags"] == {"Project": "bm", "Extra": "x"}
    assert calls.writes == ["UpdateOpenIDConnectProviderThumbprint", "UntagOpenIDConnectProvider"]
    found = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert found["ThumbprintList"] == [thumbprint] and found["Tags"] == [{"Key": "Project", "Value": "bm"}]
    # No thumbprints given: the ones IAM holds are not compared.
    assert module.run(iam, params(), check_mode=False)["changed"] is False


def test_kept_while_a_role_trusts_it_then_removed(iam: Any) -> None:
    module.run(iam, params(), check_mode=False)
    iam.create_role(RoleName="other-env-deploy", AssumeRolePolicyDocument=trust(ARN))
    kept = module.run(iam, params(state="absent", keep_while_trusted=True), check_mode=False)
    assert kept["changed"] is False and kept["trusted_by"] == ["other-env-deploy"] and kept["exists"]
    iam.delete_role(RoleName="other-env-deploy")
    dry = Calls(iam)
    assert module.run(iam, params(state="absent", keep_while_trusted=True), check_mode=True)["changed"] is True
    assert dry.writes == []
    assert module.run(iam, params(state="absent", keep_while_trusted=True), check_mode=False)["changed"] is True
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []
    gone = Calls(iam)
    assert module.run(iam, params(state="absent"), check_mode=False)["changed"] is False
    assert gone.writes == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": "http://token.actions.githubusercontent.com"}, "url: 'http://token.actions.githubusercontent.com' must be an https:// issuer URL"),
        ({"thumbprints": ["abc"]}, "thumbprints: abc - each must be 40 hex digits"),
        ({"client_ids": []}, "client_ids: at least one audience (sts.amazonaws.com for AWS's own STS)"),
    ],
)
def test_bad_input_fails_before_any_call(iam: Any, overrides: dict[str, Any], message: str) -> None:
    calls = Calls(iam)
    with pytest.raises(RuntimeError) as raised:
        module.run(iam, params(**overrides), check_mode=False)
    assert str(raised.value) == message and calls.names == []


def test_audiences_are_added_and_removed_as_aws_documents() -> None:
    """moto implements neither AddClientID... nor RemoveClientID...: AWS's documented shapes."""
    from botocore.stub import Stubber

    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(iam)
    stub.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": [{"Arn": ARN}]})
    stub.add_response(
        "get_open_id_connect_provider",
        {"Url": "token.actions.githubusercontent.com", "ClientIDList": ["old-audience"], "ThumbprintList": [], "Tags": [{"Key": "Project", "Value": "bm"}]},
        {"OpenIDConnectProviderArn": ARN},
    )
    stub.add_response("add_client_id_to_open_id_connect_provider", {}, {"OpenIDConnectProviderArn": ARN, "ClientID": "sts.amazonaws.com"})
    stub.add_response("remove_client_id_from_open_id_connect_provider", {}, {"OpenIDConnectProviderArn": ARN, "ClientID": "old-audience"})
    with stub:
        result = module.run(iam, params(), check_mode=False)
    stub.assert_no_pending_responses()
    assert result["diff"]["before"]["client_ids"] == ["old-audience"] and result["provider"]["client_ids"] == ["sts.amazonaws.com"]
