# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the cloudfront_waf role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import Rule, Values, bucket_name, is_network, matches, rule, within


def waf_ip_list(name: str) -> Rule:
    def check(values: Values) -> str | None:
        bad = [cidr for cidr in values[name] if not is_network(cidr, 4)]
        return f"{name}: {', '.join(map(str, bad))} not IPv4 CIDR blocks (like 203.0.113.0/24)." if bad else None

    check.__name__ = f"{name}_are_cidr_blocks"
    return check


rule("cloudfront_waf")(waf_ip_list("cloudfront_waf_ip_allow_list"))
rule("cloudfront_waf")(waf_ip_list("cloudfront_waf_ip_deny_list"))


@rule("cloudfront_waf")
def cloudfront_waf_geo_block_countries(v: Values) -> str | None:
    bad = [code for code in v["cloudfront_waf_geo_block_countries"] if not matches("^[A-Z]{2}$", code)]
    return f"cloudfront_waf_geo_block_countries: {', '.join(map(str, bad))} not ISO 3166 alpha-2 codes (like KP)." if bad else None


within("cloudfront_waf", "cloudfront_waf_rate_limit", 10, 2000000000)


@rule("cloudfront_waf")
def cloudfront_waf_aliases(v: Values) -> str | None:
    return None if v["cloudfront_waf_aliases"] else "cloudfront_waf_aliases: at least one name is needed."


@rule("cloudfront_waf")
def cloudfront_waf_paths(v: Values) -> str | None:
    paths = [v["cloudfront_waf_static_path"], *v["cloudfront_waf_app_paths"]]
    if all(matches("^/", path) for path in paths) and len(set(paths)) == len(paths):
        return None
    return f"cloudfront_waf_static_path / cloudfront_waf_app_paths: {', '.join(map(str, paths))} must start with / and differ."


rule("cloudfront_waf")(bucket_name("cloudfront_waf_assets_bucket_name"))
