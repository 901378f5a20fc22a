#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A hosted zone's record sets, read once and changed in one atomic change batch."""

from __future__ import annotations

DOCUMENTATION = r"""
module: route53_records
version_added: 0.7.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Several Route 53 record sets of one zone, in one read and one change batch
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads the hosted zone's record sets once and sends what differs in one
    C(ChangeResourceRecordSets) batch, which Route 53 applies atomically (all or none).
    C(amazon.aws.route53) handles one record per run, with a read of its own each time, and
    Route 53 allows five API requests per second per account. More than 100 changes go in
    batches of 100, each atomic on its own.
  - With O(state=present) the module owns each name and type it is given. The record sets of that
    name and type become exactly the ones listed. A simple record that the list turns into a
    failover pair is deleted and the pair is created in the same batch; Route 53 refuses to
    have both.
  - With O(state=absent) the listed record sets go, matched by name, type and set identifier,
    and deleted with the values Route 53 holds.
  - With O(state=purged) every record set goes except the zone's own NS and SOA at its apex, so
    that the zone can be deleted.
  - Supports check mode and diff mode.
options:
  hosted_zone_id:
    description: The zone's ID, with or without the C(/hostedzone/) prefix.
    type: str
    required: true
  records:
    description: The record sets. Ignored with O(state=purged).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The record's name, in the zone; a trailing dot is optional.
        type: str
        required: true
      type:
        description: The record type.
        type: str
        required: true
        choices: [A, AAAA, CAA, CNAME, DS, MX, NAPTR, NS, PTR, SOA, SPF, SRV, TXT]
      ttl:
        description: The TTL of a record that is not an alias.
        type: int
        default: 300
      values:
        description:
          - The values of a record that is not an alias (TXT values with their quotes).
          - A single value may be given as O(records[].value), as ACM's validation records and
            C(amazon.aws.route53) name it.
        type: list
        elements: str
        default: []
        aliases: [value]
      alias:
        description: An alias target instead of O(records[].values).
        type: dict
        suboptions:
          dns_name:
            description: The target's DNS name (a CloudFront distribution, a load balancer).
            type: str
            required: true
          hosted_zone_id:
            description: The target's hosted zone (CloudFront's is always V(Z2FDTNDATAQYW2)).
            type: str
            required: true
          evaluate_target_health:
            description: Whether Route 53 answers with the target only while the target is healthy.
            type: bool
            default: false
      set_identifier:
        description: Tells apart record sets of the same name and type (failover, weighted, ...).
        type: str
      failover:
        description: The record's role in a failover pair; needs O(records[].set_identifier).
        type: str
        choices: [PRIMARY, SECONDARY]
      health_check_id:
        description: The health check that decides whether the record is answered.
        type: str
  state:
    description: V(present), V(absent) or V(purged) (see the description).
    type: str
    choices: [present, absent, purged]
    default: present
  wait:
    description: Wait until the change is INSYNC on Route 53's name servers.
    type: bool
    default: false
  wait_timeout:
    description: How long to wait, in seconds.
    type: int
    default: 300
"""

EXAMPLES = r"""
- name: The site's aliases, in one change
  bookmarks.platform.route53_records:
    hosted_zone_id: Z0123456789ABCDEFGHIJ
    records:
      - name: www.example.com
        type: A
        alias: {dns_name: d111111abcdef8.cloudfront.net, hosted_zone_id: Z2FDTNDATAQYW2}
      - name: www.example.com
        type: AAAA
        alias: {dns_name: d111111abcdef8.cloudfront.net, hosted_zone_id: Z2FDTNDATAQYW2}
      - name: _x1.example.com
        type: CNAME
        values: [_x2.acm-validations.aws.]

- name: Empty the zone before it is deleted
  bookmarks.platform.route53_records:
    hosted_zone_id: Z0123456789ABCDEFGHIJ
    state: purged
"""

RETURN = r"""
changes:
  description: What the change batch holds (check mode - would hold), in its order.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: CREATE, UPSERT or DELETE.
      type: str
    name:
      description: The record's name, with its trailing dot.
      type: str
    type:
      description: The record type.
      type: str
    set_identifier:
      description: The set identifier, or an empty string.
      type: str
    kind:
      description:
        - What the change does to the record set - V(create), V(update) or V(delete). The
          collection's C(plan) callback lists each as a resource of a dry run's plan.
      type: str
change_id:
  description: The change's ID, empty when nothing was sent.
  returned: always
  type: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

# A batch holds at most 1,000 ResourceRecord elements and 32,000 characters of values: a purge of
# a large zone goes in chunks well below both.
BATCH = 100
# Seconds between two GetChange calls while waiting for INSYNC.
WAIT_DELAY = 5

Key = tuple[str, str, str]


def fqdn(name: str) -> str:
    """A name as Route 53 returns it: lowercase, with its trailing dot, and '*' for its escape."""
    return name.replace("\\052", "*").lower().rstrip(".") + "."


def zone_id(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def key_of(rrset: dict[str, Any]) -> Key:
    return fqdn(rrset["Name"]), rrset["Type"], rrset.get("SetIdentifier", "")


def record_key(record: dict[str, Any]) -> Key:
    """key_of() for a record of the module's input."""
    return fqdn(record["name"]), record["type"], record.get("set_identifier") or ""


def wanted_rrset(record: dict[str, Any]) -> dict[str, Any]:
    """A record of the module's input as the ResourceRecordSet it asks Route 53 for."""
    rrset: dict[str, Any] = {"Name": fqdn(record["name"]), "Type": record["type"]}
    if record.get("set_identifier"):
        rrset["SetIdentifier"] = record["set_identifier"]
    if record.get("failover"):
        rrset["Failover"] = record["failover"]
    if record.get("health_check_id"):
        rrset["HealthCheckId"] = record["health_check_id"]
    alias = record.get("alias")
    if alias:
        rrset["AliasTarget"] = {
            "HostedZoneId": alias["hosted_zone_id"],
            "DNSName": fqdn(alias["dns_name"]),
            "EvaluateTargetHealth": bool(alias.get("evaluate_target_health", False)),
        }
    else:
        rrset["TTL"] = int(record.get("ttl", 300))
        rrset["ResourceRecords"] = [{"Value": value} for value in record.get("values", [])]
    return rrset


def comparable(rrset: dict[str, Any]) -> dict[str, Any]:
    """What decides whether a record set must change: values in any order, names as fqdn()."""
    found = {key: rrset[key] for key in ("Type", "SetIdentifier", "Failover", "HealthCheckId", "TTL") if key in rrset}
    found["Name"] = fqdn(rrset["Name"])
    if "AliasTarget" in rrset:
        target = rrset["AliasTarget"]
        found["AliasTarget"] = (target["HostedZoneId"], fqdn(target["DNSName"]), bool(target.get("EvaluateTargetHealth", False)))
    if "ResourceRecords" in rrset:
        found["ResourceRecords"] = sorted(entry["Value"] for entry in rrset["ResourceRecords"])
    return found


def check_inputs(records: list[dict[str, Any]], state: str) -> None:
    seen: set[Key] = set()
    for index, record in enumerate(records):
        where = f"records[{index}] ({record['name']} {record['type']})"
        key = record_key(record)
        if key in seen:
            raise RuntimeError(f"{where}: listed twice (name, type and set_identifier must differ)")
        seen.add(key)
        if state != "present":
            continue
        if record.get("alias") and record.get("values"):
            raise RuntimeError(f"{where}: give values or alias, not both")
        if not record.get("alias") and not record.get("values"):
            raise RuntimeError(f"{where}: needs values or alias")
        if record.get("failover") and not record.get("set_identifier"):
            raise RuntimeError(f"{where}: failover needs set_identifier")


def read_zone(client: Any, hosted_zone: str) -> list[dict[str, Any]]:
    paginator = client.get_paginator("list_resource_record_sets")
    return [rrset for page in paginator.paginate(HostedZoneId=hosted_zone) for rrset in page["ResourceRecordSets"]]


def zone_apex(client: Any, hosted_zone: str) -> str:
    return fqdn(client.get_hosted_zone(Id=hosted_zone)["HostedZone"]["Name"])


def plan(current: list[dict[str, Any]], params: dict[str, Any], apex: str) -> list[dict[str, Any]]:
    """The changes, deletions first, so a failover pair can replace a simple record in one batch."""
    by_key = {key_of(rrset): rrset for rrset in current}
    if params["state"] == "purged":
        return [{"Action": "DELETE", "ResourceRecordSet": rrset} for rrset in current
                if not (fqdn(rrset["Name"]) == apex and rrset["Type"] in ("NS", "SOA"))]  # fmt: skip
    if params["state"] == "absent":
        gone = [record_key(record) for record in params["records"]]
        return [{"Action": "DELETE", "ResourceRecordSet": by_key[key]} for key in gone if key in by_key]
    wanted = [wanted_rrset(record) for record in params["records"]]
    wanted_keys = {key_of(rrset) for rrset in wanted}
    owned = {key[:2] for key in wanted_keys}
    deletes = [{"Action": "DELETE", "ResourceRecordSet": rrset} for key, rrset in by_key.items()
               if key[:2] in owned and key not in wanted_keys]  # fmt: skip
    upserts = [{"Action": "UPSERT", "ResourceRecordSet": rrset} for rrset in wanted
               if key_of(rrset) not in by_key or comparable(by_key[key_of(rrset)]) != comparable(rrset)]  # fmt: skip
    return deletes + upserts


def summary(change: dict[str, Any], existing: set[Key]) -> dict[str, str]:
    rrset = change["ResourceRecordSet"]
    kind = "delete" if change["Action"] == "DELETE" else "update" if key_of(rrset) in existing else "create"
    return {
        "action": change["Action"], "name": fqdn(rrset["Name"]), "type": rrset["Type"], "set_identifier": rrset.get("SetIdentifier", ""),
        "kind": kind,
    }  # fmt: skip


def send(client: Any, hosted_zone: str, changes: list[dict[str, Any]], wait: bool, wait_timeout: int) -> str:
    change_id = ""
    for start in range(0, len(changes), BATCH):
        batch = {"Comment": "bookmarks.platform.route53_records", "Changes": changes[start : start + BATCH]}
        change_id = client.change_resource_record_sets(HostedZoneId=hosted_zone, ChangeBatch=batch)["ChangeInfo"]["Id"]
    if wait and change_id:
        # botocore's own waiter (GetChange until INSYNC); a timeout fails the task as a BotoCoreError.
        waiter = client.get_waiter("resource_record_sets_changed")
        waiter.wait(Id=change_id, WaiterConfig={"Delay": WAIT_DELAY, "MaxAttempts": max(1, wait_timeout // WAIT_DELAY)})
    return change_id


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    check_inputs(params["records"], params["state"])
    hosted_zone = zone_id(params["hosted_zone_id"])
    current = read_zone(client, hosted_zone)
    apex = zone_apex(client, hosted_zone) if params["state"] == "purged" else ""
    changes = plan(current, params, apex)
    existing = {key_of(rrset) for rrset in current}
    result: dict[str, Any] = {"changed": bool(changes), "changes": [summary(change, existing) for change in changes], "change_id": ""}
    if not changes:
        return result
    touched = {key_of(change["ResourceRecordSet"]) for change in changes}
    before = [rrset for rrset in current if key_of(rrset) in touched]
    after = [change["ResourceRecordSet"] for change in changes if change["Action"] != "DELETE"]
    result["diff"] = {"before": {"record_sets": before}, "after": {"record_sets": after}}
    if not check_mode:
        result["change_id"] = send(client, hosted_zone, changes, params["wait"], params["wait_timeout"])
    return result


RECORD_OPTIONS: dict[str, Any] = dict(
    name=dict(type="str", required=True),
    type=dict(type="str", required=True, choices=["A", "AAAA", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "PTR", "SOA", "SPF", "SRV", "TXT"]),
    ttl=dict(type="int", default=300),
    values=dict(type="list", elements="str", default=[], aliases=["value"]),
    alias=dict(
        type="dict",
        options=dict(
            dns_name=dict(type="str", required=True),
            hosted_zone_id=dict(type="str", required=True),
            evaluate_target_health=dict(type="bool", default=False),
        ),
    ),
    set_identifier=dict(type="str"),
    failover=dict(type="str", choices=["PRIMARY", "SECONDARY"]),
    health_check_id=dict(type="str"),
)
ARGUMENT_SPEC: dict[str, Any] = dict(
    hosted_zone_id=dict(type="str", required=True),
    records=dict(type="list", elements="dict", default=[], options=RECORD_OPTIONS),
    state=dict(type="str", choices=["present", "absent", "purged"], default="present"),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=300),
)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    run_module(module, "route53", run, "Failed to change the zone's record sets")


if __name__ == "__main__":
    main()
