"""A fault-injecting proxy in front of the emulator: throttling errors and 5xx on a share of requests.

    python -m tests.harness.faults --upstream http://127.0.0.1:5001 --port 5009 --rate 0.15 [--seed 7] [--in-a-row 3] [--streak 5]
    AWS_ENDPOINT_URL=http://127.0.0.1:5009 make up

A faulted request is answered by the proxy and never reaches the emulator, so retrying it is
always safe, as it is with AWS's own throttling. Each fault is what AWS sends for that protocol:
EC2's RequestLimitExceeded (503), the query protocol's Throttling (400), the JSON protocol's
ThrottlingException (400), or a 500 InternalError / 503 ServiceUnavailable. The same request
(method, path and body) is faulted at most `in_a_row` times in a row (1 by default), so a client
that retries enough gets through; with `streak` (sustained throttling, as AWS keeps answering an
account over its rate), a request faulted once is faulted `streak` times in a row. The emulator's own control paths (/moto-api/) are never faulted.

Which requests are faulted follows from the seed and the request alone (its digest and how many
times it was sent before), not from the order the lanes' requests arrive in: the same seed
faults the same requests again, so a failure is replayed with its seed. tests/test_site.py
converges the whole stack through it and prints the seed.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import random
import re
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}


def fault_for(service: str, headers: dict[str, str], body: bytes, kind: str) -> tuple[int, dict[str, str], bytes]:
    """The error AWS would send for this request's protocol: kind is throttle or server."""
    if kind == "server":
        if "x-amz-target" in headers:
            payload = json.dumps({"__type": "InternalFailure", "message": "injected server error"}).encode()
            return 500, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "InternalFailure"}, payload
        if service == "ec2":  # EC2's own error document: Response/Errors/Error
            xml = (
                b"<Response><Errors><Error><Code>Unavailable</Code><Message>injected server error</Message>"
                b"</Error></Errors><RequestID>00000000-fault</RequestID></Response>"
            )
        elif b"Action=" in body:  # the query protocol: ErrorResponse/Error
            xml = (
                b"<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code>"
                b"<Message>injected server error</Message></Error><RequestId>00000000-fault</RequestId></ErrorResponse>"
            )
        else:
            xml = b"<Error><Code>ServiceUnavailable</Code><Message>injected server error</Message></Error>"
        return 503, {"Content-Type": "text/xml"}, xml
    if "x-amz-target" in headers:
        payload = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded (injected)"}).encode()
        return 400, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "ThrottlingException"}, payload
    if service == "ec2":
        xml = (
            b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded (injected)"
            b"</Message></Error></Errors><RequestID>00000000-fault</RequestID></Response>"
        )
        return 503, {"Content-Type": "text/xml"}, xml
    if b"Action=" in body:
        xml = (
            b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded (injected)"
            b"</Message></Error><RequestId>00000000-fault</RequestId></ErrorResponse>"
        )
        return 400, {"Content-Type": "text/xml"}, xml
    # REST protocols (S3, Route 53, CloudFront) and CBOR: a 503, which every AWS SDK retries.
    return 503, {"Content-Type": "text/xml"}, b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate (injected)</Message></Error>"


class FaultProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, rate: float, seed: int | None, port: int = 0, in_a_row: int = 1, streak: int = 1) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        parsed = urllib.parse.urlsplit(upstream)
        self.upstream = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self.rate = rate
        self.seed = seed if seed is not None else random.randrange(2**32)
        self.streak = streak
        self.in_a_row = max(in_a_row, streak)
        self.lock = threading.Lock()
        self.sent: Counter[str] = Counter()  # how many times each request was sent
        self.faulted_in_a_row: Counter[str] = Counter()
        self.stats: Counter[str] = Counter()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def draw(self, key: str, attempt: int) -> tuple[float, int]:
        """A number in [0, 1) and a small integer, from the seed and the request's nth sending."""
        digest = hashlib.sha256(f"{self.seed}:{key}:{attempt}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64, digest[8] % 3

    def decide(self, key: str) -> str | None:
        """throttle, server or None (forward), for the request whose digest is key."""
        with self.lock:
            self.stats["requests"] += 1
            attempt = self.sent[key]
            self.sent[key] += 1
            if self.faulted_in_a_row[key] >= self.in_a_row:
                self.faulted_in_a_row[key] = 0
                return None
            share, pick = self.draw(key, attempt)
            # A request faulted once is faulted again: until its streak is complete, then (up to
            # in_a_row) at the same rate.
            if share >= self.rate and not 0 < self.faulted_in_a_row[key] < self.streak:
                self.faulted_in_a_row[key] = 0
                return None
            self.faulted_in_a_row[key] += 1
            if self.streak > 1 and self.faulted_in_a_row[key] == self.streak:
                self.stats["streaks"] += 1  # a request faulted streak times in a row
            kind = "server" if pick == 2 else "throttle"
            self.stats[kind] += 1
            return kind


class _Handler(BaseHTTPRequestHandler):
    server: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        return

    def _relay(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        if not self.path.startswith("/moto-api/"):
            key = hashlib.sha256(self.command.encode() + self.path.encode() + body).hexdigest()
            kind = self.server.decide(key)
            if kind:
                scope = CREDENTIAL_SCOPE.search(headers.get("authorization", ""))
                status, fault_headers, payload = fault_for(scope.group(1) if scope else "", headers, body, kind)
                self._answer(status, fault_headers, payload)
                return
        connection = http.client.HTTPConnection(*self.server.upstream, timeout=300)
        try:
            forwarded = {key: value for key, value in self.headers.items() if key.lower() not in HOP_BY_HOP}
            connection.request(self.command, self.path, body=body or None, headers=forwarded)
            response = connection.getresponse()
            payload = response.read()
            answer = {key: value for key, value in response.getheaders() if key.lower() not in HOP_BY_HOP | {"content-length"}}
            self._answer(response.status, answer, payload)
        finally:
            connection.close()

    def _answer(self, status: int, headers: dict[str, str], payload: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _relay


@contextmanager
def fault_proxy(upstream: str, rate: float, seed: int | None = None, in_a_row: int = 1, streak: int = 1) -> Iterator[FaultProxy]:
    """A proxy on a free loopback port for the duration of the block."""
    proxy = FaultProxy(upstream, rate, seed, in_a_row=in_a_row, streak=streak)
    thread = threading.Thread(target=proxy.serve_forever, name="fault-proxy", daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.harness.faults", description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", default="http://127.0.0.1:5001")
    parser.add_argument("--port", type=int, default=5009)
    parser.add_argument("--rate", type=float, default=0.15, help="share of requests answered with a fault")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--in-a-row", type=int, default=1, help="how many times in a row the same request may be faulted")
    parser.add_argument("--streak", type=int, default=1, help="how many times in a row a faulted request is faulted (sustained throttling)")
    options = parser.parse_args(argv)
    proxy = FaultProxy(options.upstream, options.rate, options.seed, options.port, options.in_a_row, options.streak)
    print(f"faults: {proxy.url} -> {options.upstream}, {options.rate:.0%} of requests faulted, seed {proxy.seed}", flush=True)
    try:
        proxy.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        proxy.server_close()
        print(f"faults: {dict(proxy.stats)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
