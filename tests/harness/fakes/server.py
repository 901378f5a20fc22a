"""A stateful fake of a SaaS API that checks every request and every answer against its contract.

A fake subclasses :class:`Fake`: it names its contract, authenticates a request, and answers
operations by ``operationId``. This base class routes, validates, records and serves:

* a request the contract rejects gets a 400 and is recorded as a violation (the caller's bug);
* an answer the contract rejects is recorded as a violation too (the fake's bug), and sent as is;
* ``GET /_fake/violations``, ``GET /_fake/log`` (every request: operation, status, whether it
  wrote; ``POST /_fake/log/reset`` empties it), ``GET /_fake/state`` and ``POST /_fake/reset``
  (forget everything) let tests read the outcome.

Tests assert that the violation list is empty and read state back from ``/_fake/state``.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, ClassVar

from werkzeug.wrappers import Request, Response

from tests.harness.fakes.contract import Contract, Operation

CONTROL = "/_fake/"


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class Fake:
    """Base of every fake: subclasses set ``contract_file`` and implement ``op_<operationId>``."""

    contract_file: ClassVar[str]
    name: ClassVar[str]
    _contracts: ClassVar[dict[str, Contract]] = {}

    def __init__(self) -> None:
        if self.contract_file not in Fake._contracts:
            Fake._contracts[self.contract_file] = Contract(self.contract_file)
        self.contract = Fake._contracts[self.contract_file]
        self.lock = threading.RLock()
        self.violations: list[dict[str, Any]] = []
        self.log: list[dict[str, Any]] = []
        self.reset()

    # -- for subclasses -------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every resource."""

    def state(self) -> dict[str, Any]:
        return {}

    def authenticate(self, request: Request, operation: Operation) -> Answer | None:
        """None when the request may go on, else the answer to send (a 401)."""
        return None

    def error(self, status: int, code: str, detail: str) -> Answer:
        return Answer(status, {"error": status, "errorCode": code, "detail": detail})

    def extra_route(self, request: Request) -> Answer | None:
        """Endpoints outside the contract (an OAuth token endpoint); None when not one."""
        return None

    # -- WSGI -------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self.lock:
            response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        if request.path.startswith(CONTROL):
            return self.control(request)
        extra = self.extra_route(request)
        if extra is not None:
            return self.respond(extra, None)
        # Match the path as sent: an encoded / (%2F) inside a parameter (a CIDR block) stays one segment.
        raw_path = str(request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path).split("?")[0]
        matched = self.contract.match(request.method, raw_path)
        if matched is None:
            self.record(request, None, 404, ["no operation of the contract has this method and path"])
            return self.respond(self.error(404, "NOT_IN_CONTRACT", f"{request.method} {request.path}"), None)
        operation, path_params = matched
        path_params = {name: urllib.parse.unquote(value) for name, value in path_params.items()}
        denied = self.authenticate(request, operation)
        if denied is not None:
            self.record(request, operation, denied.status, [])
            return self.respond(denied, operation)
        body = request.get_data()
        errors = self.contract.request_errors(operation, path_params, dict(request.args), dict(request.headers), body)
        if errors:
            self.record(request, operation, 400, errors)
            return self.respond(self.error(400, "INVALID_REQUEST", "; ".join(errors)), operation)
        document = json.loads(body) if body else None
        handler = getattr(self, f"op_{operation.operation_id}")
        answer: Answer = handler(path_params, dict(request.args), document)
        content_type = self.content_type(operation, answer)
        problems = self.contract.response_errors(operation, answer.status, content_type, answer.body)
        self.record(request, operation, answer.status, [f"response: {p}" for p in problems])
        return self.respond(answer, operation)

    def content_type(self, operation: Operation | None, answer: Answer) -> str:
        if operation is not None:
            declared = operation.spec.get("responses", {}).get(str(answer.status))
            if declared is not None:
                content = self.contract.resolve(declared).get("content", {})
                if content:
                    return next(iter(content))
        return "application/json"

    def respond(self, answer: Answer, operation: Operation | None) -> Response:
        if answer.body is None:
            return Response(status=answer.status, headers=answer.headers)
        return Response(json.dumps(answer.body), status=answer.status, headers=answer.headers, content_type=self.content_type(operation, answer))

    def record(self, request: Request, operation: Operation | None, status: int, errors: list[str]) -> None:
        entry = {
            "method": request.method,
            "path": request.path,
            "operation": operation.operation_id if operation else None,
            "status": status,
            "mutating": request.method not in ("GET", "HEAD", "OPTIONS"),
            "auth": request.environ.get("fake.auth", ""),
        }
        self.log.append(entry)
        if errors:
            self.violations.append({**entry, "errors": errors})

    def control(self, request: Request) -> Response:
        what = request.path.removeprefix(CONTROL)
        if what == "reset" and request.method == "POST":
            self.violations.clear()
            self.log.clear()
            self.reset()
            return Response("{}", content_type="application/json")
        if what == "log/reset" and request.method == "POST":
            self.log.clear()
            return Response("{}", content_type="application/json")
        views = {"violations": lambda: self.violations, "log": lambda: self.log, "state": self.state}
        if what in views:
            return Response(json.dumps(views[what]()), content_type="application/json")
        return Response(status=404)
