# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stack's DNS records, in the shape of bookmarks.platform.route53_records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def route53_record_sets(site: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A and AAAA aliases of www (a failover pair when a secondary is given) and of the apex (when
    apex_alias) to CloudFront, and the origin's A alias to the ALB.

    site: www, apex, apex_alias, cloudfront (the alias: dns_name, hosted_zone_id), secondary (the
    failover's alias, empty dns_name for none), health_check_id, origin, alb (dns_name, hosted_zone_id).
    """
    cloudfront = dict(site["cloudfront"])
    secondary = dict(site.get("secondary") or {})
    if secondary.get("dns_name"):
        www = [
            {"name": site["www"], "alias": cloudfront, "set_identifier": "primary", "failover": "PRIMARY", "health_check_id": site["health_check_id"]},
            {"name": site["www"], "set_identifier": "secondary", "failover": "SECONDARY", "alias": secondary},
        ]
    else:
        www = [{"name": site["www"], "alias": cloudfront}]
    aliases = www + ([{"name": site["apex"], "alias": cloudfront}] if site.get("apex_alias") else [])
    origin = {"name": site["origin"], "type": "A", "alias": {**dict(site["alb"]), "evaluate_target_health": True}}
    return [{**record, "type": "A"} for record in aliases] + [{**record, "type": "AAAA"} for record in aliases] + [origin]


def route53_owned_records(site: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The record sets the build may have made, by name, type and set identifier, for a removal
    that leaves every other record of the zone alone: www simple or as a failover pair (either, so a
    change of the failover since the build leaves nothing behind), the apex when apex_alias (only
    then is its A record the stack's), and the origin.

    site: www, apex, apex_alias, origin.
    """
    www = [{"name": site["www"]}] + [{"name": site["www"], "set_identifier": which} for which in ("primary", "secondary")]
    aliases = www + ([{"name": site["apex"]}] if site.get("apex_alias") else [])
    return [{**record, "type": kind} for kind in ("A", "AAAA") for record in aliases] + [{"name": site["origin"], "type": "A"}]


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"route53_record_sets": route53_record_sets, "route53_owned_records": route53_owned_records}
