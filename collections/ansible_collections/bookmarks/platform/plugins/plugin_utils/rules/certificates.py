# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of the certificates role's inputs (plugin_utils/role_inputs.py registers and runs them)."""

from __future__ import annotations

import re

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import DOMAIN, LABEL, Values, matches, rule, teardown_timing


@rule("certificates")
def certificates_names_in_zone(v: Values) -> str | None:
    zone = v["certificates_zone_name"]
    names = [v["certificates_alb_domain"], v["certificates_cloudfront_domain"]]
    names += list(v["certificates_alb_alternative_names"]) + list(v["certificates_cloudfront_alternative_names"])
    inside = rf"^(\*\.)?({LABEL}\.)*{re.escape(zone)}$"
    bad = [name for name in names if not matches(inside, name)] + ([] if matches(DOMAIN, zone) else [zone])
    if not bad:
        return None
    return (
        f"certificates: {', '.join(map(str, bad))} not valid DNS names inside certificates_zone_name '{zone}'"
        " (lower-case labels of letters, digits and hyphens; a leading *. is allowed)."
    )


rule("certificates")(teardown_timing("certificates"))
