"""A stateful fake of the Sentry API projects and client keys (what the sentry role calls).

Authentication is a bearer auth token (``SENTRY_FAKE_TOKEN``); the organization and its team are
``SENTRY_FAKE_ORG`` and ``SENTRY_FAKE_TEAM``. Like Sentry, a new project gets a "Default" client
key, whose DSN is what the role stores in SSM.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Request

from tests.harness.fakes.contract import Operation
from tests.harness.fakes.server import Answer, Fake

TOKEN = os.environ.get("SENTRY_FAKE_TOKEN", "sntrys_local_fake_token_0000000000000000")
ORG = os.environ.get("SENTRY_FAKE_ORG", "bookmark-manager")
TEAM = os.environ.get("SENTRY_FAKE_TEAM", "platform")
ORG_ID = 4500000000000001


class SentryFake(Fake):
    contract_file = "sentry-projects.subset.yaml"
    name = "sentry"

    def reset(self) -> None:
        self.projects: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, list[dict[str, Any]]] = {}
        self.ids = itertools.count(4510000000000001)

    def state(self) -> dict[str, Any]:
        return {
            "projects": {slug: {k: p[k] for k in ("id", "slug", "name", "platform", "team")} for slug, p in self.projects.items()},
            "keys": {slug: [{"id": k["id"], "name": k["name"], "isActive": k["isActive"]} for k in keys] for slug, keys in self.keys.items()},
        }

    def error(self, status: int, code: str, detail: str) -> Answer:
        return Answer(status, {"detail": detail})

    def authenticate(self, request: Request, operation: Operation) -> Answer | None:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.error(403, "FORBIDDEN", "Invalid token")
        request.environ["fake.auth"] = "bearer"
        return None

    def response_schema(self, operation_id: str, status: str) -> dict[str, Any]:
        operation = next(op for op in self.contract.operations if op.operation_id == operation_id)
        schema = self.contract.resolve(operation.spec["responses"][status])["content"]["application/json"]["schema"]
        return dict(schema.get("items", schema))

    def owned(self, params: dict[str, str]) -> Answer | None:
        if params["organization_id_or_slug"] != ORG:
            return self.error(404, "NOT_FOUND", "The requested resource does not exist")
        return None

    def project_view(self, slug: str, operation_id: str = "getProject", status: str = "200") -> dict[str, Any]:
        project = self.projects[slug]
        return dict(self.contract.sample(self.response_schema(operation_id, status), dict(project)))

    def new_key(self, slug: str, name: str) -> dict[str, Any]:
        project = self.projects[slug]
        public, secret = secrets.token_hex(16), secrets.token_hex(16)
        host = f"o{ORG_ID}.ingest.us.sentry.io"
        dsn = f"https://{public}@{host}/{project['id']}"
        key = {
            "id": public,
            "name": name,
            "label": name,
            "public": public,
            "secret": secret,
            "projectId": int(project["id"]),
            "isActive": True,
            "dateCreated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "dsn": {
                "public": dsn,
                "secret": f"https://{public}:{secret}@{host}/{project['id']}",
                "csp": f"https://{host}/api/{project['id']}/csp-report/?sentry_key={public}",
                "security": f"https://{host}/api/{project['id']}/security/?sentry_key={public}",
                "minidump": f"https://{host}/api/{project['id']}/minidump/?sentry_key={public}",
                "nel": f"https://{host}/api/{project['id']}/nel/?sentry_key={public}",
                "unreal": f"https://{host}/api/{project['id']}/unreal/{public}/",
                "crons": f"https://{host}/api/{project['id']}/cron/___MONITOR_SLUG___/{public}/",
                "cdn": f"https://js.sentry-cdn.com/{public}.min.js",
                "playstation": f"https://{host}/api/{project['id']}/playstation/?sentry_key={public}",
                "integration": f"https://{host}/api/{project['id']}/integration/",
                "otlp_traces": f"https://{host}/api/{project['id']}/integration/otlp/v1/traces",
                "otlp_logs": f"https://{host}/api/{project['id']}/integration/otlp/v1/logs",
            },
        }
        self.keys.setdefault(slug, []).append(key)
        return key

    def op_createTeamProject(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if denied := self.owned(params):
            return denied
        if params["team_id_or_slug"] != TEAM:
            return self.error(404, "NOT_FOUND", "Team does not exist")
        slug = body.get("slug") or re.sub(r"[^a-z0-9-]+", "-", body["name"].lower()).strip("-")
        if slug in self.projects:
            return self.error(409, "CONFLICT", "A project with this slug already exists.")
        team = {"id": "1", "name": TEAM, "slug": TEAM}
        self.projects[slug] = {
            "id": str(next(self.ids)),
            "slug": slug,
            "name": body["name"],
            "platform": body.get("platform"),
            "team": team,
            "teams": [team],
            "dateCreated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "isMember": True,
            "hasAccess": True,
        }
        self.new_key(slug, "Default")
        return Answer(201, self.project_view(slug, "createTeamProject", "201"))

    def find(self, params: dict[str, str]) -> tuple[str, Answer | None]:
        slug = params["project_id_or_slug"]
        if denied := self.owned(params):
            return slug, denied
        if slug not in self.projects:
            return slug, self.error(404, "NOT_FOUND", "The requested resource does not exist")
        return slug, None

    def op_getProject(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        slug, denied = self.find(params)
        return denied or Answer(200, self.project_view(slug))

    def op_updateProject(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        slug, denied = self.find(params)
        if denied:
            return denied
        self.projects[slug].update({k: v for k, v in body.items() if k in ("name", "platform")})
        return Answer(200, self.project_view(slug, "updateProject"))

    def op_deleteProject(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        slug, denied = self.find(params)
        if denied:
            return denied
        del self.projects[slug]
        self.keys.pop(slug, None)
        return Answer(204)

    def key_view(self, key: dict[str, Any]) -> dict[str, Any]:
        return dict(self.contract.sample(self.response_schema("listProjectKeys", "200"), dict(key)))

    def op_listProjectKeys(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        slug, denied = self.find(params)
        return denied or Answer(200, [self.key_view(k) for k in self.keys.get(slug, [])])

    def op_createProjectKey(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        slug, denied = self.find(params)
        if denied:
            return denied
        key = self.new_key(slug, (body or {}).get("name") or "Default")
        return Answer(201, self.key_view(key))
