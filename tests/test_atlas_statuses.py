"""An Atlas call accepts every status that means success: the access-list POST, 200 or 201.

The contract-checking fake answers what the published contract says (200); Atlas answers 201 as
well. A server of the test's own answers 201 to the role's own request task.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.helpers import playbook

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Add an address as the atlas role does
      ansible.builtin.include_role:
        name: atlas
        tasks_from: request
      vars:
        atlas_base_url: {url}
        __atlas_headers: {{}}  # an API key pair: digest authentication, no bearer token
        __atlas_call:
          what: Add 203.0.113.1/32 to the IP access list
          method: POST
          path: /accessList
          media_type: application/vnd.atlas.2023-01-01+json
          body: [{{cidrBlock: 203.0.113.1/32, comment: test}}]
          status: [200, 201]
"""


@contextmanager
def answering(status: int) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.dumps({"results": [{"cidrBlock": "203.0.113.1/32"}], "totalCount": 1}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/vnd.atlas.2023-01-01+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_access_list_post_accepts_201_and_refuses_409(tmp_path: Path) -> None:
    for status, accepted in ((201, True), (409, False)):
        with answering(status) as url:
            play = tmp_path / f"request-{status}.yml"
            play.write_text(PLAY.format(url=url))
            run = playbook(str(play))
        assert (run.returncode == 0) is accepted, run.output[-2000:]
        if not accepted:
            assert "POST /accessList: HTTP 409" in " ".join(run.output.split())
