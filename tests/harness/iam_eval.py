"""Evaluate IAM identity policies as AWS does, for the tests that read a policy back from IAM.

    decide(policies, action, resource, context) -> "allow" | "explicit deny" | "implicit deny"

AWS's logic for one principal's identity-based policies (IAM User Guide, "Policy evaluation
logic"): an explicit Deny in any statement that applies wins; otherwise an Allow that applies
allows; otherwise the request is implicitly denied. A statement applies when its Action (or
NotAction), its Resource (or NotResource) and every one of its Condition operators match.
Actions match case-insensitively, resources case-sensitively, both with the * and ? wildcards.

Conditions: the String*, Arn*, Bool and Null operators, with ...IfExists and the ForAnyValue: /
ForAllValues: set qualifiers, which is what the project's policies use. An unsupported operator
raises, so a policy that uses one cannot pass by accident. A key absent from the context makes a
condition false (true for ...IfExists and negated operators, as AWS documents).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

Policy = Mapping[str, Any]
Context = Mapping[str, str | list[str] | bool]


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _wildcard(pattern: str, value: str, *, case: bool) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, 0 if case else re.IGNORECASE) is not None


def _action_matches(patterns: Any, action: str) -> bool:
    return any(_wildcard(p, action, case=False) for p in _listed(patterns))


def _resource_matches(patterns: Any, resource: str) -> bool:
    return any(_wildcard(p, resource, case=True) for p in _listed(patterns))


def _compare(operator: str, expected: str, actual: str) -> bool:
    if operator in ("StringEquals", "ArnEquals"):
        return actual == expected
    if operator == "StringEqualsIgnoreCase":
        return actual.lower() == expected.lower()
    if operator in ("StringLike", "ArnLike"):
        return _wildcard(expected, actual, case=True)
    if operator == "Bool":
        return str(actual).lower() == str(expected).lower()
    raise ValueError(f"condition operator {operator} is not supported by tests/harness/iam_eval.py")


NEGATED = {"StringNotEquals": "StringEquals", "StringNotLike": "StringLike", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
           "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase"}  # fmt: skip


def _condition_holds(operator: str, key: str, expected: Any, context: Context) -> bool:
    qualifier, _, operator = operator.rpartition(":")
    if_exists = operator.endswith("IfExists")
    operator = operator.removesuffix("IfExists")
    present = key in context
    if operator == "Null":
        return (not present) == (str(_listed(expected)[0]).lower() == "true")
    if not present:
        return if_exists or operator in NEGATED
    negated = operator in NEGATED
    base = NEGATED.get(operator, operator)
    values = [str(v) for v in _listed(context[key])]
    wanted = [str(v) for v in _listed(expected)]

    def one(actual: str) -> bool:
        hit = any(_compare(base, want, actual) for want in wanted)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(one(actual) for actual in values)
    if qualifier in ("ForAnyValue", ""):
        return any(one(actual) for actual in values)
    raise ValueError(f"condition qualifier {qualifier} is not supported by tests/harness/iam_eval.py")


def _applies(statement: Mapping[str, Any], action: str, resource: str, context: Context) -> bool:
    if "Action" in statement and not _action_matches(statement["Action"], action):
        return False
    if "NotAction" in statement and _action_matches(statement["NotAction"], action):
        return False
    if "Resource" in statement and not _resource_matches(statement["Resource"], resource):
        return False
    if "NotResource" in statement and _resource_matches(statement["NotResource"], resource):
        return False
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, expected in keys.items():
            if not _condition_holds(operator, key, expected, context):
                return False
    return True


def statements(policies: Iterable[Policy | str]) -> list[Mapping[str, Any]]:
    """Every statement of the policies (documents or their JSON)."""
    found: list[Mapping[str, Any]] = []
    for policy in policies:
        document = json.loads(policy) if isinstance(policy, str) else policy
        found.extend(_listed(document["Statement"]))
    return found


def decide(policies: Iterable[Policy | str], action: str, resource: str, context: Context | None = None) -> str:
    """AWS's decision for one request, given one principal's identity policies."""
    applying = [s for s in statements(policies) if _applies(s, action, resource, context or {})]
    if any(s["Effect"] == "Deny" for s in applying):
        return "explicit deny"
    if any(s["Effect"] == "Allow" for s in applying):
        return "allow"
    return "implicit deny"


def allowed(policies: Iterable[Policy | str], action: str, resource: str, context: Context | None = None) -> bool:
    return decide(policies, action, resource, context) == "allow"
