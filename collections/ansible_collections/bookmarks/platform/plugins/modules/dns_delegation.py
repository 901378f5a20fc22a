#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is a zone delegated to its name servers yet? Asked of the parent zone's own servers."""

from __future__ import annotations

DOCUMENTATION = r"""
module: dns_delegation
short_description: Check that the parent zone delegates a domain to the given name servers
version_added: 0.6.0
author:
  - Bookmark Manager platform team (@bookmarks)
description:
  - Finds the servers of the parent zone (one label up, or further up until a zone is found)
    through a resolver, then asks one of them, without recursion, which name servers it
    delegates O(zone) to (the referral in its answer). This is what the registrar or the parent
    zone's owner changes, and it is what ACM's DNS validation follows, without the caches of a
    recursive resolver in the way.
  - Returns RV(delegated) true when that set of name servers equals O(name_servers) (case and
    trailing dots aside). Reads only, never fails because the zone is not delegated; supports
    check mode.
  - Fails when no server answers within O(timeout).
requirements:
  - dnspython
options:
  zone:
    description: The domain whose delegation to check, for example C(bookmarks.example.com).
    type: str
    required: true
  name_servers:
    description: The name servers the zone should be delegated to (its Route 53 zone's).
    type: list
    elements: str
    required: true
  resolver:
    description:
      - The resolver that finds the parent zone's servers, as C(host) or C(host:port); empty for
        the machine's own (C(/etc/resolv.conf)).
      - With a port, every query goes to that port (a test's own DNS server).
    type: str
    default: ""
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 5
"""

EXAMPLES = r"""
- name: Is the zone delegated to Route 53 yet?
  bookmarks.platform.dns_delegation:
    zone: bookmarks.example.com
    name_servers: "{{ route53_zone_name_servers }}"
  register: delegation
"""

RETURN = r"""
delegated:
  description: Whether the parent zone delegates the zone to exactly O(name_servers).
  returned: always
  type: bool
delegated_to:
  description: The name servers the parent zone delegates the zone to now (empty when it does not).
  returned: always
  type: list
  elements: str
parent:
  description: The parent zone that was asked.
  returned: always
  type: str
"""

from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

try:
    import dns.exception
    import dns.flags
    import dns.message
    import dns.query
    import dns.rdatatype
    import dns.resolver
except ImportError:
    HAS_DNSPYTHON = False
else:
    HAS_DNSPYTHON = True


def normalise(names: list[str]) -> list[str]:
    return sorted({str(name).lower().rstrip(".") for name in names if str(name).strip(".")})


def split_resolver(resolver: str) -> tuple[str, int | None]:
    if not resolver:
        return "", None
    host, _colon, port = resolver.rpartition(":") if resolver.count(":") == 1 else (resolver, "", "")
    return (host, int(port)) if port else (resolver, None)


def make_resolver(host: str, port: int | None, timeout: float) -> Any:
    resolver = dns.resolver.Resolver(configure=not host)
    if host:
        resolver.nameservers = [host]
    if port:
        resolver.port = port
    resolver.lifetime = timeout
    return resolver


def parent_servers(resolver: Any, zone: str) -> tuple[str, list[str]]:
    """The closest enclosing zone above zone, and its servers' addresses."""
    labels = zone.rstrip(".").split(".")
    for start in range(1, len(labels)):
        parent = ".".join(labels[start:]) + "."
        try:
            names = [str(record.target) for record in resolver.resolve(parent, "NS")]
        except (dns.resolver.NoAnswer, dns.resolver.NXDOMAIN):
            continue
        addresses = []
        for name in names:
            try:
                addresses += [record.address for record in resolver.resolve(name, "A")]
            except (dns.resolver.NoAnswer, dns.resolver.NXDOMAIN):
                continue
        if addresses:
            return parent.rstrip("."), addresses
    raise RuntimeError(f"no parent zone of {zone} has name servers that resolve")


def delegated_to(zone: str, resolver: str, timeout: float) -> tuple[str, list[str]]:
    host, port = split_resolver(resolver)
    parent, addresses = parent_servers(make_resolver(host, port, timeout), zone)
    query = dns.message.make_query(zone.rstrip(".") + ".", dns.rdatatype.NS)
    query.flags &= ~dns.flags.RD  # the parent's own answer: a referral, not a recursive lookup
    errors = []
    for address in addresses:
        try:
            response = dns.query.udp(query, address, timeout=timeout, port=port or 53)
        except (OSError, dns.exception.Timeout) as error:
            errors.append(f"{address}: {error}")
            continue
        names = [str(record.target) for section in (response.answer, response.authority) for rrset in section
                 if rrset.rdtype == dns.rdatatype.NS and rrset.name.to_text().lower().rstrip(".") == zone.lower().rstrip(".")
                 for record in rrset]  # fmt: skip
        return parent, normalise(names)
    raise RuntimeError(f"no server of the parent zone {parent} answered: {'; '.join(errors)}")


def main() -> None:
    module = AnsibleModule(
        argument_spec=dict(
            zone=dict(type="str", required=True),
            name_servers=dict(type="list", elements="str", required=True),
            resolver=dict(type="str", default=""),
            timeout=dict(type="float", default=5),
        ),
        supports_check_mode=True,
    )
    if not HAS_DNSPYTHON:
        module.fail_json(msg=missing_required_lib("dnspython"))
    try:
        parent, found = delegated_to(module.params["zone"], module.params["resolver"], module.params["timeout"])
    except (RuntimeError, dns.exception.DNSException) as error:
        module.fail_json(msg=f"{module.params['zone']}: {error}")
    expected = normalise(module.params["name_servers"])
    module.exit_json(changed=False, delegated=bool(expected) and found == expected, delegated_to=found, parent=parent)


if __name__ == "__main__":
    main()
