# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cloudfront_waf role's reader for bookmarks.platform.role_state (module_utils/role_state.py)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import THREADS, Client, bucket_state, parameter_state


GLOBAL = "us-east-1"  # CloudFront, and the WAF of a CloudFront distribution (scope CLOUDFRONT)


def _waf(wafv2: Any, kind: str, name: str) -> dict[str, Any] | None:
    """A WAF IP set (kind ip_set) or web ACL (web_acl) of scope CLOUDFRONT by name, with its tags."""
    listed = {"ip_set": ("list_ip_sets", "IPSets"), "web_acl": ("list_web_acls", "WebACLs")}[kind]
    summaries = [summary for summary in _waf_list(wafv2, *listed) if summary["Name"] == name]
    if not summaries:
        return None
    found = getattr(wafv2, f"get_{kind}")(Name=name, Scope="CLOUDFRONT", Id=summaries[0]["Id"])
    key = {"ip_set": "IPSet", "web_acl": "WebACL"}[kind]
    tags = wafv2.list_tags_for_resource(ResourceARN=found[key]["ARN"]).get("TagInfoForResource", {}).get("TagList", [])
    return {**found[key], "Tags": tags}


def _waf_list(wafv2: Any, operation: str, key: str) -> list[dict[str, Any]]:
    """Every item of a WAF list call (WAF pages with NextMarker, and has no paginators)."""
    items, marker = [], None
    while True:
        answer = getattr(wafv2, operation)(Scope="CLOUDFRONT", Limit=100, **({"NextMarker": marker} if marker else {}))
        items.extend(answer.get(key, []))
        marker = answer.get("NextMarker")
        if not marker or not answer.get(key):
            return items


def _distribution(cloudfront: Any, comment: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The summary and the configuration (with its tags) of the distribution whose comment is comment."""
    pages = cloudfront.get_paginator("list_distributions").paginate()
    summaries = [item for page in pages for item in page.get("DistributionList", {}).get("Items", []) if item.get("Comment") == comment]
    if not summaries:
        return None, None
    summary = summaries[0]
    config = cloudfront.get_distribution_config(Id=summary["Id"])
    tags = cloudfront.list_tags_for_resource(Resource=summary["ARN"]).get("Tags", {}).get("Items", [])
    return summary, {"DistributionConfig": config["DistributionConfig"], "Tags": tags}


def _origin_access_control(cloudfront: Any, name: str) -> dict[str, Any] | None:
    pages = cloudfront.get_paginator("list_origin_access_controls").paginate()
    found = [item for page in pages for item in page.get("OriginAccessControlList", {}).get("Items", []) if item.get("Name") == name]
    return cloudfront.get_origin_access_control(Id=found[0]["Id"])["OriginAccessControl"] if found else None


def read_cloudfront_waf(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cloudfront_waf role's layer: the WAF IP sets and web ACL, the origin secret's parameter
    (its metadata: a new version means a new header value), the origin access control, the
    distribution's configuration and tags, and the assets bucket's encryption, public access
    block, ownership, policy and tags.

    The distribution's configuration holds the origin secret (a header value): the state is only
    ever hashed, never returned."""
    wafv2, cloudfront, s3, ssm = client("wafv2", GLOBAL), client("cloudfront", GLOBAL), client("s3"), client("ssm")
    prefix = params["name_prefix"]
    with ThreadPoolExecutor(THREADS) as pool:
        ip_sets = [pool.submit(_waf, wafv2, "ip_set", f"{prefix}-ip-{kind}") for kind in ("allow", "deny")]
        acl = pool.submit(_waf, wafv2, "web_acl", f"{prefix}-waf")
        distribution = pool.submit(_distribution, cloudfront, prefix)
        access_control = pool.submit(_origin_access_control, cloudfront, params["bucket"])
        bucket = pool.submit(bucket_state, s3, params["bucket"])
        secret = pool.submit(parameter_state, ssm, params.get("origin_secret_parameter") or "")
        summary, configuration = distribution.result()
        state = {
            "IPSets": [future.result() for future in ip_sets],
            "WebACL": acl.result(),
            "OriginSecret": secret.result(),
            "OriginAccessControl": access_control.result(),
            "Distribution": configuration,
            "Bucket": bucket.result(),
        }
    found = {
        "distribution": {"id": summary["Id"], "arn": summary["ARN"], "domain_name": summary["DomainName"]} if summary else None,
        "web_acl_arn": state["WebACL"]["ARN"] if state["WebACL"] else None,
    }
    return state, found
