"""The contract validator and the Atlas fake, in-process (no port, no emulator).

A fake that accepted what the vendor rejects (or answered what the vendor never sends) would
make the role tests worthless, so the fake itself is tested against the contract here.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.test import Client

from tests.harness.fakes import atlas, datadog, sentry
from tests.harness.fakes.contract import Contract
from tests.harness.fakes.server import Fake

GROUP = f"/api/atlas/v2/groups/{atlas.PROJECT_ID}"
CLUSTER_MEDIA = "application/vnd.atlas.2024-10-23+json"
CLUSTER = {
    "name": "logs",
    "clusterType": "REPLICASET",
    "mongoDBMajorVersion": "8.0",
    "replicationSpecs": [
        {
            "regionConfigs": [
                {
                    "providerName": "AWS",
                    "regionName": "AP_NORTHEAST_1",
                    "priority": 7,
                    "electableSpecs": {"instanceSize": "M10", "nodeCount": 3},
                    "autoScaling": {"diskGB": {"enabled": True}},
                }
            ]
        }
    ],
}


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract("atlas-admin-v2.subset.yaml")


def create_errors(contract: Contract, body: Any, content_type: str = CLUSTER_MEDIA) -> list[str]:
    operation, params = contract.match("POST", f"{GROUP}/clusters") or (None, {})
    assert operation is not None and operation.operation_id == "createCluster"
    return contract.request_errors(operation, params, {}, {"Content-Type": content_type}, json.dumps(body).encode())


def test_a_valid_cluster_passes_despite_the_document_s_cycles_and_overlapping_unions(contract: Contract) -> None:
    assert create_errors(contract, CLUSTER) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"instanceSize": "M15"}, "electableSpecs"),
        ({"regionName": "ap-northeast-1"}, "regionName"),
        ({"priority": 9}, "priority"),
    ],
)
def test_what_atlas_rejects_is_rejected(contract: Contract, change: dict[str, Any], expected: str) -> None:
    body = json.loads(json.dumps(CLUSTER))
    region = body["replicationSpecs"][0]["regionConfigs"][0]
    if "instanceSize" in change:
        region["electableSpecs"].update(change)
    else:
        region.update(change)
    errors = create_errors(contract, body)
    assert errors and any(expected in error for error in errors), errors


def test_read_only_fields_wrong_media_type_and_unknown_query_are_rejected(contract: Contract) -> None:
    assert any("read-only" in e for e in create_errors(contract, {**CLUSTER, "stateName": "IDLE"}))
    assert any("Content-Type application/json" in e for e in create_errors(contract, CLUSTER, "application/json"))
    operation, params = contract.match("GET", f"{GROUP}/clusters") or (None, {})
    assert operation is not None
    assert contract.request_errors(operation, params, {"bogus": "1"}, {}, b"") == ["query parameter bogus: not in the contract"]


def test_answers_are_checked_too(contract: Contract) -> None:
    operation, _ = contract.match("GET", f"{GROUP}/databaseUsers/admin/api") or (None, {})
    assert operation is not None
    user = {"databaseName": "admin", "username": "api", "roles": []}
    assert contract.response_errors(operation, 200, "application/vnd.atlas.2023-01-01+json", user) == []
    # groupId is writeOnly in CloudDatabaseUser: Atlas never sends it back.
    assert contract.response_errors(operation, 200, "application/vnd.atlas.2023-01-01+json", {**user, "groupId": "x" * 24})
    assert contract.response_errors(operation, 418, "application/json", {}) != []


@pytest.fixture
def fake() -> atlas.AtlasFake:
    return atlas.AtlasFake()


@pytest.fixture
def served(fake: atlas.AtlasFake) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def digest_opener(url: str, user: str, password: str) -> urllib.request.OpenerDirector:
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password)
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPDigestAuthHandler(passwords))


def test_digest_authentication_admits_the_key_pair_only(served: str, fake: atlas.AtlasFake) -> None:
    def request() -> urllib.request.Request:
        return urllib.request.Request(f"{served}{GROUP}/clusters", headers={"Accept": "application/vnd.atlas.2024-08-05+json"})

    with digest_opener(served, atlas.PUBLIC_KEY, atlas.PRIVATE_KEY).open(request()) as response:
        assert json.load(response)["totalCount"] == 0
    with pytest.raises(urllib.error.HTTPError) as denied:
        digest_opener(served, atlas.PUBLIC_KEY, "wrong").open(request())
    assert denied.value.code == 401
    assert fake.log[-1]["status"] == 401 and fake.violations == []


def test_no_credentials_get_a_digest_challenge(fake: atlas.AtlasFake) -> None:
    response = Client(fake).get(f"{GROUP}/clusters", headers={"Accept": "application/vnd.atlas.2024-08-05+json"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Digest realm="MMS Public API"')
    assert 'qop="auth"' in response.headers["WWW-Authenticate"]


def bearer(fake: atlas.AtlasFake) -> dict[str, str]:
    basic = base64.b64encode(f"{atlas.CLIENT_ID}:{atlas.CLIENT_SECRET}".encode()).decode()
    token = Client(fake).post("/api/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})
    assert token.status_code == 200
    return {"Authorization": f"Bearer {token.json['access_token']}"}


def test_a_cluster_is_busy_then_idle_and_every_answer_keeps_the_contract(fake: atlas.AtlasFake) -> None:
    client, auth = Client(fake), bearer(fake)
    created = client.post(f"{GROUP}/clusters", json=CLUSTER, headers={**auth, "Content-Type": CLUSTER_MEDIA, "Accept": CLUSTER_MEDIA})
    assert created.status_code == 201 and created.json["stateName"] == "CREATING"
    read = {**auth, "Accept": "application/vnd.atlas.2024-08-05+json"}
    states = [client.get(f"{GROUP}/clusters/logs", headers=read).json["stateName"] for _ in range(fake.busy_reads + 1)]
    assert states == ["CREATING"] * fake.busy_reads + ["IDLE"]
    again = client.post(f"{GROUP}/clusters", json=CLUSTER, headers={**auth, "Content-Type": CLUSTER_MEDIA})
    assert again.status_code == 409
    entry = [{"cidrBlock": "203.0.113.10/32", "comment": "test"}]
    media = "application/vnd.atlas.2023-01-01+json"
    assert client.post(f"{GROUP}/accessList", json=entry, headers={**auth, "Content-Type": media}).status_code == 200
    assert client.delete(f"{GROUP}/accessList/203.0.113.10%2F32", headers={**auth, "Accept": media}).status_code == 204
    assert fake.violations == []


def test_a_request_outside_the_contract_is_a_recorded_violation(fake: atlas.AtlasFake) -> None:
    auth = bearer(fake)
    response = Client(fake).post(f"{GROUP}/clusters", json={**CLUSTER, "clusterType": "SOLO"}, headers={**auth, "Content-Type": CLUSTER_MEDIA})
    assert response.status_code == 400
    assert fake.violations and "clusterType" in " ".join(fake.violations[0]["errors"])
    assert Fake.__subclasses__()  # the fakes register as Fake subclasses (serve.py lists them)


# -- Datadog -------------------------------------------------------------------------------------------
DD = {"DD-API-KEY": datadog.API_KEY, "DD-APPLICATION-KEY": datadog.APP_KEY}
MONITOR = {
    "name": "[bookmark-manager] API error rate",
    "type": "query alert",
    "query": "sum(last_5m):sum:trace.express.request.errors{service:api}.as_count() / sum:trace.express.request.hits{service:api}.as_count() > 0.05",
    "message": "API error rate above 5 %",
    "tags": ["managed-by:ansible"],
    "options": {"thresholds": {"critical": 0.05, "warning": 0.03}},
}


def test_datadog_keys_are_required_and_monitors_round_trip() -> None:
    fake = datadog.DatadogFake()
    client = Client(fake)
    assert client.get("/api/v1/validate", headers={"DD-API-KEY": "wrong"}).status_code == 403
    assert client.get("/api/v1/validate", headers={"DD-API-KEY": datadog.API_KEY}).json == {"valid": True}
    assert client.get("/api/v1/monitor", headers={"DD-API-KEY": datadog.API_KEY}).status_code == 403
    created = client.post("/api/v1/monitor", json=MONITOR, headers=DD)
    assert created.status_code == 200 and created.json["options"]["thresholds"]["critical"] == 0.05
    found = client.get("/api/v1/monitor", query_string={"name": "API error rate", "monitor_tags": "managed-by:ansible"}, headers=DD)
    assert [m["id"] for m in found.json] == [created.json["id"]]
    updated = client.put(f"/api/v1/monitor/{created.json['id']}", json={"message": "new"}, headers=DD)
    assert updated.json["message"] == "new"
    assert client.delete(f"/api/v1/monitor/{created.json['id']}", headers=DD).json == {"deleted_monitor_id": created.json["id"]}
    assert fake.violations == []


def test_datadog_refuses_a_threshold_the_query_does_not_use() -> None:
    fake = datadog.DatadogFake()
    wrong = {**MONITOR, "options": {"thresholds": {"critical": 0.1}}}
    response = Client(fake).post("/api/v1/monitor/validate", json=wrong, headers=DD)
    assert response.status_code == 400 and "does not match" in response.json["errors"][0]
    assert Client(fake).post("/api/v1/monitor/validate", json=MONITOR, headers=DD).status_code == 200
    assert fake.violations == []


# -- Sentry ------------------------------------------------------------------------------------------------
def test_sentry_project_gets_a_default_key_whose_dsn_is_readable() -> None:
    fake = sentry.SentryFake()
    client = Client(fake)
    auth = {"Authorization": f"Bearer {sentry.TOKEN}"}
    path = f"/api/0/teams/{sentry.ORG}/{sentry.TEAM}/projects/"
    assert client.post(path, json={"name": "web"}, headers={"Authorization": "Bearer wrong"}).status_code == 403
    created = client.post(path, json={"name": "bookmark-manager-web", "platform": "javascript-nextjs"}, headers=auth)
    assert created.status_code == 201 and created.json["slug"] == "bookmark-manager-web"
    assert client.post(path, json={"name": "bookmark-manager-web"}, headers=auth).status_code == 409
    keys = client.get(f"/api/0/projects/{sentry.ORG}/bookmark-manager-web/keys/", headers=auth)
    assert keys.status_code == 200 and keys.json[0]["dsn"]["public"].startswith("https://")
    project = client.get(f"/api/0/projects/{sentry.ORG}/bookmark-manager-web/", headers=auth)
    assert project.json["platform"] == "javascript-nextjs"
    assert client.delete(f"/api/0/projects/{sentry.ORG}/bookmark-manager-web/", headers=auth).status_code == 204
    assert fake.violations == [], fake.violations
