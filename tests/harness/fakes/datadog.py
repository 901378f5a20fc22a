"""A stateful fake of the Datadog API v1 monitor endpoints (what the datadog role calls).

Authentication is Datadog's: the ``DD-API-KEY`` and ``DD-APPLICATION-KEY`` headers (``GET
/api/v1/validate`` needs the API key only); anything else gets a 403. Like Datadog, it refuses a
metric or query alert whose critical threshold differs from the one in its query.
"""

from __future__ import annotations

import copy
import itertools
import os
import re
from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Request

from tests.harness.fakes.contract import Operation
from tests.harness.fakes.server import Answer, Fake

API_KEY = os.environ.get("DATADOG_FAKE_API_KEY", "local-datadog-api-key-0000000000")
APP_KEY = os.environ.get("DATADOG_FAKE_APP_KEY", "local-datadog-app-key-0000000000000000000")
THRESHOLD = re.compile(r"(<=|>=|<|>)\s*(-?[0-9.]+)\s*$")


class DatadogFake(Fake):
    contract_file = "datadog-v1-monitors.subset.yaml"
    name = "datadog"

    def reset(self) -> None:
        self.monitors: dict[int, dict[str, Any]] = {}
        self.ids = itertools.count(1001)

    def state(self) -> dict[str, Any]:
        return {"monitors": list(self.monitors.values())}

    def error(self, status: int, code: str, detail: str) -> Answer:
        return Answer(status, {"errors": [detail]})

    def authenticate(self, request: Request, operation: Operation) -> Answer | None:
        if request.headers.get("DD-API-KEY") != API_KEY:
            return self.error(403, "FORBIDDEN", "Forbidden")
        if operation.operation_id != "Validate" and request.headers.get("DD-APPLICATION-KEY") != APP_KEY:
            return self.error(403, "FORBIDDEN", "Forbidden")
        request.environ["fake.auth"] = "api+application key"
        return None

    def invalid(self, body: dict[str, Any]) -> str | None:
        """Datadog's own check of a monitor that the schema cannot express."""
        if body.get("type") in ("metric alert", "query alert"):
            found = THRESHOLD.search(body.get("query", ""))
            if not found:
                return "The query must end with a comparison and a threshold, for example '> 0.05'."
            critical = (body.get("options") or {}).get("thresholds", {}).get("critical")
            if critical is None or float(critical) != float(found.group(2)):
                return f"Alert threshold ({critical}) does not match that used in the query ({found.group(2)})."
            warning = (body.get("options") or {}).get("thresholds", {}).get("warning")
            if warning is not None and (float(warning) > float(critical)) == (found.group(1).startswith(">")):
                return "Warning threshold must be on the same side of, and less severe than, the critical threshold."
        return None

    def view(self, monitor: dict[str, Any]) -> dict[str, Any]:
        schema = self.contract.document["components"]["schemas"]["Monitor"]
        return dict(self.contract.sample(schema, copy.deepcopy(monitor)))

    def op_Validate(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        return Answer(200, {"valid": True})

    def op_ValidateMonitor(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        problem = self.invalid(body)
        return self.error(400, "INVALID", problem) if problem else Answer(200, {})

    def op_CreateMonitor(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        if problem := self.invalid(body):
            return self.error(400, "INVALID", problem)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        monitor = {**body, "id": next(self.ids), "created": stamp, "modified": stamp, "overall_state": "No Data", "multi": False}
        monitor.setdefault("tags", [])
        monitor.setdefault("options", {})
        self.monitors[monitor["id"]] = monitor
        return Answer(200, self.view(monitor))

    def op_ListMonitors(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        found = list(self.monitors.values())
        if query.get("name"):
            found = [m for m in found if query["name"].lower() in m.get("name", "").lower()]
        for key in ("monitor_tags", "tags"):
            if query.get(key):
                wanted = set(query[key].split(","))
                found = [m for m in found if wanted <= set(m.get("tags", []))]
        return Answer(200, [self.view(m) for m in found])

    def find(self, params: dict[str, str]) -> dict[str, Any] | None:
        try:
            return self.monitors.get(int(params["monitor_id"]))
        except ValueError:
            return None

    def op_GetMonitor(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        monitor = self.find(params)
        return Answer(200, self.view(monitor)) if monitor else self.error(404, "NOT_FOUND", "Monitor not found")

    def op_UpdateMonitor(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        monitor = self.find(params)
        if not monitor:
            return self.error(404, "NOT_FOUND", "Monitor not found")
        merged = {**monitor, **body}
        if problem := self.invalid(merged):
            return self.error(400, "INVALID", problem)
        merged["modified"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        self.monitors[monitor["id"]] = merged
        return Answer(200, self.view(merged))

    def op_DeleteMonitor(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        monitor = self.find(params)
        if not monitor:
            return self.error(404, "NOT_FOUND", "Monitor not found")
        del self.monitors[monitor["id"]]
        return Answer(200, {"deleted_monitor_id": monitor["id"]})

    def op_SearchMonitors(self, params: dict[str, str], query: dict[str, str], body: Any) -> Answer:
        text = query.get("query", "").lower()
        found = [m for m in self.monitors.values() if text in m.get("name", "").lower()]
        return Answer(200, {"monitors": [{"id": m["id"], "name": m.get("name", "")} for m in found],
                            "metadata": {"total_count": len(found), "page": 0, "per_page": 30, "page_count": 1}})
