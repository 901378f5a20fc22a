"""The first run on a new account: the zone alone until the parent zone delegates to it.

On the emulator there is no public DNS: the delegation check (on by default for real AWS only)
is turned on and pointed at a DNS server of the test's own (tests/fake_dns.py), which plays the
parent zone and answers with the registrar's name servers, or with the zone's.
"""

from __future__ import annotations

import json

import pytest

from tests.fake_dns import fake_dns
from tests.helpers import playbook, recorded, reset_emulator
from tests.harness.stack_inventory import emulator_session, inventory

pytestmark = pytest.mark.emulator

ZONE = "bookmark-manager.test"


def zone_name_servers() -> list[str]:
    route53 = emulator_session().client("route53")
    [zone] = [z for z in route53.list_hosted_zones()["HostedZones"] if z["Name"] == f"{ZONE}."]
    return route53.get_hosted_zone(Id=zone["Id"])["DelegationSet"]["NameServers"]


def test_site_stops_after_the_zone_until_it_is_delegated_then_zone_yml_says_it_is() -> None:
    reset_emulator()
    with fake_dns(ZONE, delegated_to=["dns1.registrar.example", "dns2.registrar.example"]) as dns, recorded() as sent:
        check = json.dumps({"route53_delegation_check": True, "route53_delegation_resolver": f"127.0.0.1:{dns.port}"})
        run = playbook("site.yml", "-e", check)
    assert run.returncode != 0
    servers = zone_name_servers()
    message = " ".join(run.output.split())
    assert f"route53_zone_name: {ZONE} is not delegated to its Route 53 zone yet; the parent zone test delegates it to" in message
    assert "dns1.registrar.example, dns2.registrar.example" in message
    assert ", ".join(servers) in message
    # Nothing but the zone was built: no network, no NAT gateway, nothing billed by the hour.
    built = {kind: items for kind, items in inventory(emulator_session()).items() if items}
    assert list(built) == ["hosted_zone"], built
    assert {op.split(":")[0] for op in sent["mutating_by_operation"]} == {"route53"}, sent["mutating_by_operation"]

    with fake_dns(ZONE, delegated_to=servers) as dns:
        run = playbook("playbooks/zone.yml", "-e", json.dumps({"route53_delegation_check": True, "route53_delegation_resolver": f"127.0.0.1:{dns.port}"}))
    assert run.returncode == 0, run.output[-3000:]
    assert "Delegated: the parent zone answers with these name servers; site.yml can run." in " ".join(run.output.split())
    assert run.changed == 0  # the zone was there already
