# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-field rules of each role's inputs (what an argument spec cannot say): their registry,
and the helpers they share. Each role's rules are in rules/<role>.py.

Types, choices and required inputs live in each role's meta/argument_specs.yml; the rules
see the values after that validation (defaults applied, types converted). Each rule is one
function of the role's values that returns its message, or None when the inputs are fine, and
names the variable it is about. ``problems(role, values)`` runs a role's rules in order.
The bookmarks.platform.role_inputs action runs both, for preflight and for each role.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Values = Mapping[str, Any]
Rule = Callable[[Values], "str | None"]

RULES: dict[str, list[Rule]] = {}
# The entry points a rule applies to, where not all (validate: preflight and every entry point's
# own check; main: the build; absent: the removal).
ENTRY_POINTS: dict[Rule, frozenset[str]] = {}
BUILD = frozenset({"validate", "main"})

AWS_MIN_PREFIX = 16
AWS_MAX_PREFIX = 28
LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN = re.compile(rf"^({LABEL}\.)+[a-z]{{2,63}}$")
PARAMETER_PATH = re.compile(r"^/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]$")
HTTP_URL = re.compile(r"^https?://[^/\s]+(/[^\s]*[^/])?$")
LOG_RETENTIONS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
# Fargate CPU units to [lowest memory, highest memory, step] in MiB.
FARGATE_SIZES = {
    256: (512, 2048, 512),
    512: (1024, 4096, 1024),
    1024: (2048, 8192, 1024),
    2048: (4096, 16384, 1024),
    4096: (8192, 30720, 1024),
    8192: (16384, 61440, 4096),
    16384: (32768, 122880, 8192),
}
# AWS instance sizes of the Atlas Administration API (AWSHardwareSpec20240805.instanceSize).
ATLAS_INSTANCE_SIZES = [
    "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M100", "M140", "M200", "M300", "R40", "R50", "R60", "R80",
    "R200", "R300", "R400", "R700", "M40_NVME", "M50_NVME", "M60_NVME", "M80_NVME", "M200_NVME", "M400_NVME",
]  # fmt: skip
# An image tag as ECR accepts it: letters, digits, _ . -, at most 128, not starting with . or -.
IMAGE_TAG = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"
DATADOG_SITES = ["datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "ddog-gov.com"]


def rule(role: str, entry_points: Iterable[str] | None = None) -> Callable[[Rule], Rule]:
    """Register a function as one of role's rules (they run in the order they are defined), for
    every entry point or only the ones named."""

    def register(function: Rule) -> Rule:
        RULES.setdefault(role, []).append(function)
        if entry_points is not None:
            ENTRY_POINTS[function] = frozenset(entry_points)
        return function

    return register


def applies(check: Rule, entry_point: str) -> bool:
    return entry_point in ENTRY_POINTS.get(check, {entry_point})


def problems(role: str, values: Values, entry_point: str = "validate") -> list[str]:
    """Every rule of role that the values break at entry_point, as messages naming the variable."""
    return [message for check in RULES.get(role, []) if applies(check, entry_point) for message in [check(values)] if message]


def matches(pattern: str | re.Pattern[str], value: Any) -> bool:
    """Jinja's `is match`: the pattern matches at the start of the value as a string."""
    return re.match(pattern, str(value)) is not None


def is_network(value: Any, version: int) -> bool:
    """A strict CIDR block (a prefix length, no host bits) of the given IP version."""
    text = value.strip() if isinstance(value, str) else ""
    if "/" not in text:
        return False
    try:
        return ipaddress.ip_network(text, strict=True).version == version
    except ValueError:
        return False


def parse_vpc_cidr(name: str, value: Any) -> tuple[ipaddress.IPv4Network | None, str | None]:
    text = str(value).strip() if value is not None else ""
    try:
        network = ipaddress.IPv4Network(text, strict=False)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        return None, f"{name}: '{value}' is not an IPv4 CIDR block (expected a form like 10.0.0.0/16)"
    if "/" not in text:
        return None, f"{name}: '{value}' has no prefix length (expected a form like {network.network_address}/24)"
    if str(network) != text:
        return None, f"{name}: '{value}' has host bits set (the network is {network})"
    if not AWS_MIN_PREFIX <= network.prefixlen <= AWS_MAX_PREFIX:
        return None, f"{name}: '{value}' is a /{network.prefixlen}; AWS allows /{AWS_MIN_PREFIX} to /{AWS_MAX_PREFIX}"
    return network, None


def subnet_layout_errors(parent_cidr: Any, parent_name: str, subnets: Mapping[str, Iterable[Any]]) -> list[str]:
    """Every problem of a VPC CIDR and its subnets: malformed, outside the VPC, overlapping."""
    errors: list[str] = []
    parent, error = parse_vpc_cidr(parent_name, parent_cidr)
    if error:
        errors.append(error)
    parsed: list[tuple[str, ipaddress.IPv4Network]] = []
    for variable, cidrs in subnets.items():
        if isinstance(cidrs, (str, bytes)) or not isinstance(cidrs, Iterable):
            errors.append(f"{variable}: expected a list of CIDR blocks, got '{cidrs}'")
            continue
        for index, cidr in enumerate(cidrs):
            label = f"{variable}[{index}]"
            network, error = parse_vpc_cidr(label, cidr)
            if error or network is None:
                errors.append(error or label)
                continue
            if parent is not None and not network.subnet_of(parent):
                errors.append(f"{label}: {network} is outside {parent_name} {parent}")
            errors.extend(f"{label}: {network} overlaps {other_label} {other}" for other_label, other in parsed if network.overlaps(other))
            parsed.append((label, network))
    return errors


def parameter_path(name: str) -> Rule:
    """An SSM parameter path: starts with / and does not end with /."""

    def check(values: Values) -> str | None:
        if matches(PARAMETER_PATH, values[name]):
            return None
        return f"{name}: {values[name]} must start with / and not end with /."

    check.__name__ = f"{name}_is_a_parameter_path"
    return check


def http_url(name: str, article: str = "an") -> Rule:
    def check(values: Values) -> str | None:
        if matches(HTTP_URL, values[name]):
            return None
        return f"{name}: {values[name]} must be {article} http(s) URL without a trailing slash."

    check.__name__ = f"{name}_is_a_url"
    return check


def show(value: Any) -> str:
    """A value as the inventory would write it: a float spec turns 80 into 80.0, shown as 80."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def teardown_timing(role: str) -> Rule:
    """A teardown's wait: a positive poll interval, not above the timeout."""

    def check(values: Values) -> str | None:
        timeout, interval = values[f"{role}_teardown_timeout"], values[f"{role}_teardown_poll_interval"]
        if 0 < interval <= timeout:
            return None
        return f"{role}_teardown_timeout / {role}_teardown_poll_interval: {timeout} / {interval} must be positive, the interval not above the timeout."

    check.__name__ = f"{role}_teardown_timing"
    return check


def bucket_name(name: str) -> Rule:
    """An S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending
    with a letter or digit (the rules of a general purpose bucket, without dots next to each other)."""

    def check(values: Values) -> str | None:
        bucket = str(values[name])
        if re.match(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", bucket) and ".." not in bucket:
            return None
        return f"{name}: {bucket} is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens; see bucket_name_suffix)."

    check.__name__ = f"{name}_is_a_bucket_name"
    return check


def https_when_required(role: str, name: str) -> Rule:
    """The role's API URL is https when <role>_require_https is on (real AWS targets)."""

    def check(values: Values) -> str | None:
        if not values[f"{role}_require_https"] or str(values[name]).startswith("https://"):
            return None
        return f"{name}: {values[name]} must be an https URL: the API keys go with every request ({role}_require_https is on for real AWS)."

    check.__name__ = f"{name}_is_https"
    return check


def is_number(value: Any) -> bool:
    return matches(r"^[0-9]+(\.[0-9]+)?$", value)


def is_whole(value: Any) -> bool:
    return matches(r"^[0-9]+$", value)


def pattern(role: str, name: str, regex: str | re.Pattern[str], must: str) -> Rule:
    """A rule of role: name's value matches regex (as Jinja's `is match` would), else the message
    `<name>: <value> <must>`."""

    def check(values: Values) -> str | None:
        return None if matches(regex, values[name]) else f"{name}: {values[name]} {must}"

    check.__name__ = name
    return rule(role)(check)


def within(role: str, name: str, low: int, high: int, note: str = "") -> Rule:
    """A rule of role: name's value is a whole number from low to high, else the message
    `<name>: <value> must be <low> to <high><note>.`"""

    def check(values: Values) -> str | None:
        value = values[name]
        if is_whole(value) and low <= int(value) <= high:
            return None
        return f"{name}: {value} must be {low} to {high}{note}."

    check.__name__ = name
    return rule(role)(check)


def wired(role: str, *names: str) -> Rule:
    """A build's rule (entry point main): the inputs the playbook wires from what other roles
    publish are set. Empty is allowed elsewhere: preflight runs before those roles publish."""

    def check(v: Values) -> str | None:
        missing = [name for name in names if not v.get(name)]
        if not missing:
            return None
        return f"{', '.join(missing)}: required to build (the playbook wires them from the roles that publish them)."

    check.__name__ = f"{role}_wired_inputs"
    return rule(role, {"main"})(check)


# Each role's rules, in rules/<role>.py, register themselves with @rule when imported (last: they
# use the helpers above).
# pylint: disable-next=wrong-import-position,unused-import,cyclic-import
from ansible_collections.bookmarks.platform.plugins.plugin_utils import rules  # noqa: E402,F401
