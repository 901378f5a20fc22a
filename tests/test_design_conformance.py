"""docs/design-conformance.md stays true: each row states the prod value, and each verdict the comparison.

A row whose variable column names a variable (or a path into one; `staging:` reads the staging
inventory, `derived.` a fact playbooks/describe.yml derives, `cost.` make cost's estimate) states
the document's value and the stack's in backticks (YAML): the stack's must be the effective value
(inventories/prod, else group_vars, else the role's default, from playbooks/describe.yml), and the
verdict must say "same" exactly when the document's value is that value too. A row without one
may not say "same".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools import cost

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "design-conformance.md"
# A variable, or a path into one (app_services.api.port), of prod or of another inventory (staging:).
VARIABLE = re.compile(r"`((?:[a-z]+:)?[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)`")
VALUE = re.compile(r"`([^`]+)`")
PRICES = yaml.safe_load(cost.PRICES.read_text())


class Row:
    def __init__(self, cells: list[str]) -> None:
        self.setting, self.document, self.stack, self.variable_cell, self.verdict = cells
        found = VARIABLE.fullmatch(self.variable_cell)
        self.variable = found[1] if found else None

    def value(self, cell: str, which: str) -> Any:
        stated = VALUE.search(cell)
        assert stated, f"docs/design-conformance.md, row {self.setting!r}: names {self.variable} but states no `value` for {which}"
        return yaml.safe_load(stated[1])

    @property
    def says_same(self) -> bool:
        return self.verdict.lower().startswith("same")


def rows(text: str) -> list[Row]:
    found = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("setting (document)", "---"):
            found.append(Row(cells))
    return found


def checked_rows(text: str) -> dict[str, tuple[str, Any]]:
    """{variable: (setting, stated value)} for each table row whose variable column names one."""
    found: dict[str, tuple[str, Any]] = {}
    for row in rows(text):
        if row.variable:
            assert row.variable not in found, f"docs/design-conformance.md: {row.variable} has two rows"
            found[row.variable] = (row.setting, row.value(row.stack, "this stack"))
    return found


def role_of(variable: str) -> str | None:
    """The role whose defaults define the variable (None: an inventory or group_vars value)."""
    for defaults in sorted(ROOT.glob("roles/*/defaults/main.yml")):
        if variable in (yaml.safe_load(defaults.read_text()) or {}):
            return defaults.parent.parent.name
    return None


def effective(values: dict[str, Any], path: str) -> Any:
    """The value of a variable, or of a path into one."""
    name, *keys = path.split(".")
    value = values[name]
    for key in keys:
        value = value[key]
    return value


def same(stated: Any, actual: Any) -> bool:
    """YAML reads `17.4` as a number and the inventory may quote it: compare scalars as text."""
    if isinstance(stated, (dict, list)) or isinstance(actual, (dict, list)):
        return bool(stated == actual)
    if isinstance(stated, bool) or isinstance(actual, bool):
        return stated is actual
    if stated is None or actual is None:
        return stated is actual
    return stated == actual or str(stated) == str(actual)


def effective_values(paths: list[str]) -> dict[str, Any]:
    """Each path's effective value: inventory (prod unless named) by inventory, one describe each."""
    by_inventory: dict[str, list[str]] = {}
    for path in paths:
        inventory, _, name = path.rpartition(":")
        by_inventory.setdefault(inventory or "prod", []).append(name)
    values: dict[str, Any] = {}
    for inventory, names in by_inventory.items():
        variables = {name.split(".")[0]: role_of(name.split(".")[0]) for name in names if not name.startswith(("derived.", "cost."))}
        described = cost.describe(f"inventories/{inventory}", [json.dumps({"describe_variables": variables})])
        lines = cost.estimate(described, PRICES)
        source = {
            **described["variables"],
            "derived": described["derived"],
            "cost": {"list_total": round(sum(line.list_price for line in lines)), "after_savings_total": round(sum(line.after_savings for line in lines))},
        }
        for name in names:
            values[name if inventory == "prod" else f"{inventory}:{name}"] = effective(source, name)
    return values


def test_the_rows_are_read() -> None:
    text = (
        "| Backup window | 03:00–04:00 | `03:00-04:00` | `aurora_backup_window` | same |\n"
        "| Names | `<prefix>-alb-sg` | `<prefix>-alb` | | different |\n"
        "| Sentry | node | `{web: javascript-nextjs, api: node}`, and more | `sentry_projects` | same |\n"
        "| API port | 3001 | `3001` | `app_services.api.port` | same |\n"
        "| ACU | 2 | `2` | `staging:aurora_max_capacity` | same |\n"
    )
    assert checked_rows(text) == {
        "aurora_backup_window": ("Backup window", "03:00-04:00"),
        "sentry_projects": ("Sentry", {"web": "javascript-nextjs", "api": "node"}),
        "app_services.api.port": ("API port", 3001),
        "staging:aurora_max_capacity": ("ACU", 2),
    }
    assert effective({"app_services": {"api": {"port": 3001}}}, "app_services.api.port") == 3001
    assert same(17.4, "17.4") and same("200", "200") and not same(True, "true") and not same([1], [1, 2]) and not same(None, 90)
    with pytest.raises(AssertionError, match="row 'X': names vpc_cidr but states no `value`"):
        checked_rows("| X | 10.0.0.0/16 | the same | `vpc_cidr` | same |")


def test_every_row_states_the_effective_value_and_a_true_verdict() -> None:
    table = rows(TABLE.read_text())
    checked = [row for row in table if row.variable]
    assert len(checked) >= 70, "docs/design-conformance.md: the table lost its variable column"
    actual = effective_values([row.variable for row in checked if row.variable])
    problems = []
    for row in checked:
        value, document = actual[row.variable], row.value(row.document, "the document")
        if not same(row.value(row.stack, "this stack"), value):
            problems.append(f"{row.variable} ({row.setting}): the table says {row.value(row.stack, 'this stack')!r}, prod has {value!r}")
        if row.says_same != same(document, value):
            problems.append(f"{row.variable} ({row.setting}): the verdict says {row.verdict[:40]!r}, but the document has {document!r} and the stack {value!r}")
    unchecked_same = [row.setting for row in table if not row.variable and row.says_same]
    problems += [f"{setting}: says same without a variable to check it against" for setting in unchecked_same]
    assert not problems, "docs/design-conformance.md disagrees with the effective values:\n" + "\n".join(problems)


def test_a_wrong_verdict_is_found() -> None:
    """The comparison catches a verdict that no longer holds, in both directions."""
    same_row = Row(["Desired count", "`2`", "`3`", "`ecs_service_desired_count`", "same"])
    assert same_row.says_same and not same(same_row.value(same_row.document, "d"), 3)
    differ_row = Row(["Desired count", "`2`", "`2`", "`ecs_service_desired_count`", "deliberately different"])
    assert not differ_row.says_same and same(differ_row.value(differ_row.document, "d"), 2)
