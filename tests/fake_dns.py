"""A DNS server for tests, on 127.0.0.1 and a port of its own: a parent zone and its referral.

It answers as a resolver and as the parent zone's server at once: the parent zone's NS record
(one server, itself at 127.0.0.1), that server's address, and, asked without recursion for the
child zone's NS, a referral to the name servers the test chose (or NXDOMAIN when none).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

PARENT_SERVER = "ns.parent-servers.test."


@dataclass
class FakeDns:
    parent: str
    child: str
    delegated_to: list[str] = field(default_factory=list)
    queries: list[tuple[str, str, bool]] = field(default_factory=list)
    port: int = 0

    def answer(self, wire: bytes) -> bytes:
        query = dns.message.from_wire(wire)
        question = query.question[0]
        name, rdtype = question.name.to_text().lower(), question.rdtype
        self.queries.append((name, dns.rdatatype.to_text(rdtype), bool(query.flags & dns.flags.RD)))
        response = dns.message.make_response(query)
        if name == self.parent and rdtype == dns.rdatatype.NS:
            response.answer.append(dns.rrset.from_text(self.parent, 300, "IN", "NS", PARENT_SERVER))
        elif name == PARENT_SERVER and rdtype == dns.rdatatype.A:
            response.answer.append(dns.rrset.from_text(PARENT_SERVER, 300, "IN", "A", "127.0.0.1"))
        elif name == self.child and rdtype == dns.rdatatype.NS and self.delegated_to:
            response.authority.append(dns.rrset.from_text(self.child, 172800, "IN", "NS", *[f"{ns.rstrip('.')}." for ns in self.delegated_to]))
        else:
            response.set_rcode(dns.rcode.NXDOMAIN)
        return response.to_wire()


@contextmanager
def fake_dns(zone: str, delegated_to: list[str] | None = None) -> Iterator[FakeDns]:
    """Serve zone's parent and its referral until the block ends."""
    child = zone.rstrip(".").lower() + "."
    server = FakeDns(parent=child.split(".", 1)[1], child=child, delegated_to=list(delegated_to or []))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    server.port = sock.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                wire, address = sock.recvfrom(4096)
            except TimeoutError:
                continue
            sock.sendto(server.answer(wire), address)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(timeout=5)
        sock.close()
