"""A stateful fake of the MongoDB Atlas Administration API v2 (the operations the atlas role calls).

Authentication is Atlas's own: HTTP digest with an API key pair (RFC 7616, MD5, qop=auth), or a
bearer token from the service-account token endpoint (``POST /api/oauth/token`` with the client
ID and secret as basic credentials). A new or changed cluster reads ``CREATING``/``UPDATING`` for
``ATLAS_FAKE_BUSY_READS`` reads (default 2), then ``IDLE``, so a caller's wait loop is exercised.
A database user change is applied as Atlas documents it: the cluster's status answers
``changeStatus: PENDING`` for ``ATLAS_FAKE_USER_PENDING_READS`` reads (default 1), and until it
answers ``APPLIED`` a new user or a new password cannot log in (``state()["logins"]``: what can).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import os
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from werkzeug.wrappers import Request

from tests.harness.fakes.contract import Operation
from tests.harness.fakes.server import Answer, Fake

# The local inventory's dummy credentials (inventories/local): they open nothing real.
PUBLIC_KEY = os.environ.get("ATLAS_FAKE_PUBLIC_KEY", "local-atlas-public")
PRIVATE_KEY = os.environ.get("ATLAS_FAKE_PRIVATE_KEY", "local-atlas-private-key")
CLIENT_ID = os.environ.get("ATLAS_FAKE_CLIENT_ID", "mdb_sa_id_local")
CLIENT_SECRET = os.environ.get("ATLAS_FAKE_CLIENT_SECRET", "mdb_sa_sk_local")
PROJECT_ID = os.environ.get("ATLAS_FAKE_PROJECT_ID", "5f0c0ffee0ddba11cafe0001")
REALM = "MMS Public API"


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return secrets.token_hex(12)


class AtlasFake(Fake):
    contract_file = "atlas-admin-v2.subset.yaml"
    name = "atlas"

    def reset(self) -> None:
        self.busy_reads = int(os.environ.get("ATLAS_FAKE_BUSY_READS", "2"))
        self.user_pending_reads = int(os.environ.get("ATLAS_FAKE_USER_PENDING_READS", "1"))
        self.user_changes = 0
        self.logins: dict[str, str] = {}
        self.nonces: set[str] = set()
        self.tokens: set[str] = set()
        self.clusters: dict[str, dict[str, Any]] = {}
        self.busy: dict[str, int] = {}
        self.users: dict[tuple[str, str], dict[str, Any]] = {}
        self.access: dict[str, dict[str, Any]] = {}
        self.snapshots: dict[str, list[dict[str, Any]]] = {}

    def state(self) -> dict[str, Any]:
        return {
            "clusters": self.clusters,
            "databaseUsers": [self.user_view(key) for key in self.users],
            "passwords": {f"{db}/{name}": md5(user.get("password", "")) for (db, name), user in self.users.items()},
            # The users that can log in, with the md5 of their password: the changes Atlas has applied.
            "logins": dict(self.logins),
            "accessList": sorted(self.access),
            "snapshots": self.snapshots,
        }

    # -- authentication -------------------------------------------------------------------------
    def challenge(self, stale: bool = False) -> Answer:
        nonce = secrets.token_hex(16)
        self.nonces.add(nonce)
        header = f'Digest realm="{REALM}", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", stale={str(stale).lower()}'
        answer = self.error(401, "UNAUTHORIZED", "You are not authorized for this resource.")
        answer.headers["WWW-Authenticate"] = header
        return answer

    def authenticate(self, request: Request, operation: Operation) -> Answer | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            request.environ["fake.auth"] = "bearer"
            return None if header[7:] in self.tokens else self.challenge()
        if not header.startswith("Digest "):
            return self.challenge()
        fields = parse_digest(header[7:])
        if fields.get("username") != PUBLIC_KEY or fields.get("realm") != REALM:
            return self.challenge()
        if fields.get("nonce") not in self.nonces:
            return self.challenge(stale=True)
        ha1 = md5(f"{PUBLIC_KEY}:{REALM}:{PRIVATE_KEY}")
        ha2 = md5(f"{request.method}:{fields.get('uri', '')}")
        expected = md5(f"{ha1}:{fields['nonce']}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:{fields.get('qop', '')}:{ha2}")
        if fields.get("qop") != "auth" or fields.get("response") != expected:
            return self.challenge()
        raw_path = str(request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path).split("?")[0]
        if fields.get("uri", "").split("?")[0] != raw_path:
            return self.challenge()
        request.environ["fake.auth"] = "digest"
        return None

    def extra_route(self, request: Request) -> Answer | None:
        if request.path != "/api/oauth/token":
            return None
        basic = request.headers.get("Authorization", "")
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.method != "POST" or basic != f"Basic {expected}" or request.form.get("grant_type") != "client_credentials":
            return Answer(401, {"error": "invalid_client"})
        token = secrets.token_urlsafe(24)
        self.tokens.add(token)
        return Answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    # -- helpers -----------------------------------------------------------------------------------
    def group(self, params: dict[str, str]) -> Answer | None:
        if params.get("groupId") != PROJECT_ID:
            return self.error(404, "GROUP_NOT_FOUND", f"No group with ID {params.get('groupId')} exists.")
        return None

    def cluster_view(self, name: str) -> dict[str, Any]:
        cluster = self.clusters[name]
        if self.busy.get(name, 0) > 0:
            self.busy[name] -= 1
        elif cluster["stateName"] in ("CREATING", "UPDATING"):
            cluster["stateName"] = "IDLE"
        return copy.deepcopy(cluster)

    # -- clusters ------------------------------------------------------------------------------------
    def op_listClusters(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        results = [self.cluster_view(name) for name in sorted(self.clusters)]
        return self.group(params) or Answer(200, {"results": results, "totalCount": len(results), "links": []})

    def op_createCluster(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.group(params):
            return denied
        name = body["name"]
        if name in self.clusters:
            return self.error(409, "DUPLICATE_CLUSTER_NAME", f"A cluster named {name} is already present in group {PROJECT_ID}.")
        host = f"{name.lower()}.{secrets.token_hex(3)}.mongodb.net"
        cluster = copy.deepcopy(body)
        for spec in cluster.get("replicationSpecs", []):
            spec.setdefault("id", new_id())
            spec.setdefault("zoneId", new_id())
            spec.setdefault("zoneName", "Zone 1")
        cluster.update(
            id=new_id(),
            groupId=PROJECT_ID,
            stateName="CREATING",
            createDate=now(),
            mongoDBVersion=f"{body.get('mongoDBMajorVersion', '8.0')}.4",
            connectionStrings={"standard": f"mongodb://{host}:27017", "standardSrv": f"mongodb+srv://{host}"},
            paused=False,
        )
        self.clusters[name] = cluster
        self.busy[name] = self.busy_reads
        return Answer(201, copy.deepcopy(cluster))

    def op_getCluster(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.group(params):
            return denied
        if params["clusterName"] not in self.clusters:
            return self.error(404, "CLUSTER_NOT_FOUND", f"No cluster named {params['clusterName']} exists in group {PROJECT_ID}.")
        return Answer(200, self.cluster_view(params["clusterName"]))

    def op_updateCluster(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.op_getCluster(params, query, None):
            if denied.status != 200:
                return denied
        name = params["clusterName"]
        cluster = self.clusters[name]
        for key, value in body.items():
            if key == "replicationSpecs":
                for index, spec in enumerate(value):
                    old = cluster["replicationSpecs"][index] if index < len(cluster["replicationSpecs"]) else {}
                    spec.setdefault("id", old.get("id", new_id()))
                    spec.setdefault("zoneId", old.get("zoneId", new_id()))
                    spec.setdefault("zoneName", old.get("zoneName", "Zone 1"))
            cluster[key] = value
        cluster["stateName"] = "UPDATING"
        self.busy[name] = self.busy_reads
        return Answer(200, copy.deepcopy(cluster))

    def op_deleteCluster(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.op_getCluster(params, query, None):
            if denied.status != 200:
                return denied
        del self.clusters[params["clusterName"]]
        self.snapshots.pop(params["clusterName"], None)
        return Answer(202)

    # -- database users --------------------------------------------------------------------------------
    def user_view(self, key: tuple[str, str]) -> dict[str, Any]:
        # groupId and password are writeOnly in CloudDatabaseUser: never in an answer.
        return {k: v for k, v in self.users[key].items() if k not in ("password", "groupId")}

    def op_createDatabaseUser(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.group(params):
            return denied
        key = (body["databaseName"], body["username"])
        if key in self.users:
            return self.error(409, "USER_ALREADY_EXISTS", f"The user {key[1]} already exists.")
        self.users[key] = {**body, "groupId": PROJECT_ID}
        self.user_changed()
        return Answer(201, self.user_view(key))

    def find_user(self, params: dict[str, str]) -> tuple[tuple[str, str], Answer | None]:
        key = (params["databaseName"], params["username"])
        if denied := self.group(params):
            return key, denied
        if key not in self.users:
            return key, self.error(404, "USERNAME_NOT_FOUND", f"No user with username {key[1]} exists.")
        return key, None

    def op_getDatabaseUser(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        key, denied = self.find_user(params)
        return denied or Answer(200, self.user_view(key))

    def op_updateDatabaseUser(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        key, denied = self.find_user(params)
        if denied:
            return denied
        self.users[key].update({k: v for k, v in body.items() if k not in ("databaseName", "username", "groupId")})
        self.user_changed()
        return Answer(200, self.user_view(key))

    def op_deleteDatabaseUser(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        key, denied = self.find_user(params)
        if denied:
            return denied
        del self.users[key]
        self.user_changed()
        return Answer(204)

    def user_changed(self) -> None:
        self.user_changes = self.user_pending_reads
        if not self.user_changes:
            self.apply_user_changes()

    def apply_user_changes(self) -> None:
        self.logins = {f"{db}/{name}": md5(user.get("password", "")) for (db, name), user in self.users.items()}

    def op_getClusterStatus(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.group(params):
            return denied
        if params["clusterName"] not in self.clusters:
            return self.error(404, "CLUSTER_NOT_FOUND", f"No cluster named {params['clusterName']} exists in group {PROJECT_ID}.")
        if self.user_changes > 0:
            self.user_changes -= 1
            return Answer(200, {"changeStatus": "PENDING", "links": []})
        self.apply_user_changes()
        return Answer(200, {"changeStatus": "APPLIED", "links": []})

    # -- IP access list -------------------------------------------------------------------------------------
    def access_page(self) -> dict[str, Any]:
        results = [self.access[key] for key in sorted(self.access)]
        return {"results": results, "totalCount": len(results), "links": []}

    def op_listProjectIpAccessLists(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        return self.group(params) or Answer(200, self.access_page())

    def op_createProjectIpAccessList(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.group(params):
            return denied
        for entry in body:
            cidr = entry.get("cidrBlock") or f"{entry['ipAddress']}/32"
            stored = {"cidrBlock": cidr, "groupId": PROJECT_ID, "comment": entry.get("comment", "")}
            if cidr.endswith("/32"):
                stored["ipAddress"] = cidr.removesuffix("/32")
            self.access[cidr] = stored
        return Answer(200, self.access_page())

    def find_entry(self, params: dict[str, str]) -> tuple[str, Answer | None]:
        value = params["entryValue"]
        key = value if "/" in value else f"{value}/32"
        if denied := self.group(params):
            return key, denied
        if key not in self.access:
            return key, self.error(404, "ACCESS_LIST_ENTRY_NOT_FOUND", f"IP address {value} not on the access list.")
        return key, None

    def op_getProjectIpList(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        key, denied = self.find_entry(params)
        return denied or Answer(200, self.access[key])

    def op_getProjectIpAccessListStatus(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        key, denied = self.find_entry(params)
        return denied or Answer(200, {"STATUS": "ACTIVE"})

    def op_deleteProjectIpAccessList(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        key, denied = self.find_entry(params)
        if denied:
            return denied
        del self.access[key]
        return Answer(204)

    # -- snapshots ----------------------------------------------------------------------------------------------
    def op_takeSnapshot(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        found = self.op_getCluster(params, query, None)
        if found.status != 200:
            return found
        created = datetime.now(UTC)
        snapshot = {
            "id": new_id(),
            "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "expiresAt": (created + timedelta(days=(body or {}).get("retentionInDays", 1))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "description": (body or {}).get("description", ""),
            "frequencyType": "ondemand",
            "snapshotType": "onDemand",
            "status": "completed",
            "type": "replicaSet",
            "mongodVersion": self.clusters[params["clusterName"]]["mongoDBVersion"],
            "storageSizeBytes": 1048576,
            "cloudProvider": "AWS",
            "replicaSetName": params["clusterName"],
        }
        self.snapshots.setdefault(params["clusterName"], []).append(snapshot)
        view = {k: v for k, v in snapshot.items() if k not in ("cloudProvider", "replicaSetName")}
        return Answer(200, view)

    def op_listReplicaSetBackups(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        found = self.op_getCluster(params, query, None)
        if found.status != 200:
            return found
        results = self.snapshots.get(params["clusterName"], [])
        return Answer(200, {"results": results, "totalCount": len(results), "links": []})

    def op_getReplicaSetBackup(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        for snapshot in self.snapshots.get(params["clusterName"], []):
            if snapshot["id"] == params["snapshotId"]:
                return Answer(200, snapshot)
        return self.error(404, "SNAPSHOT_NOT_FOUND", f"No snapshot with ID {params['snapshotId']} exists.")


def parse_digest(text: str) -> dict[str, str]:
    """The fields of a Digest Authorization header (quoted or bare values)."""
    fields: dict[str, str] = {}
    for part in split_header(text):
        key, _, value = part.strip().partition("=")
        fields[key.strip().lower()] = value.strip().strip('"')
    return fields


def split_header(text: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current] if current.strip() else parts
