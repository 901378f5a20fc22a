"""Serve every SaaS fake, each on its own loopback port: python -m tests.harness.fakes.serve --port BASE.

atlas on BASE, datadog on BASE+1, sentry on BASE+2 (FAKES order). 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from werkzeug.serving import BaseWSGIServer, make_server

from tests.harness.fakes.atlas import AtlasFake
from tests.harness.fakes.datadog import DatadogFake
from tests.harness.fakes.sentry import SentryFake
from tests.harness.fakes.server import Fake

FAKES: list[type[Fake]] = [AtlasFake, DatadogFake, SentryFake]


def ports(base: int) -> dict[str, int]:
    return {fake.name: base + index for index, fake in enumerate(FAKES)}


def serve(base: int) -> list[BaseWSGIServer]:
    servers = []
    for fake_class, port in zip(FAKES, ports(base).values(), strict=True):
        server = make_server("127.0.0.1", port, fake_class(), threaded=True)
        threading.Thread(target=server.serve_forever, name=fake_class.name, daemon=True).start()
        servers.append(server)
    return servers


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    servers = serve(args.port)
    print(" ".join(f"{name}=http://127.0.0.1:{port}" for name, port in ports(args.port).items()), flush=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    stop.wait()
    for server in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
