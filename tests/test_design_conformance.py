"""docs/design-conformance.md stays true: each row that names a variable states its prod value.

A row's "this stack" column starts its value in backticks (YAML); the variable column names the
variable. The effective prod value (inventories/prod, else group_vars, else the role's default)
comes from playbooks/describe.yml, so a changed default fails here until the table says so.
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
VARIABLE = re.compile(r"`([a-z][a-z0-9_]*)`")
VALUE = re.compile(r"`([^`]+)`")


def checked_rows(text: str) -> dict[str, tuple[str, Any]]:
    """{variable: (setting, stated value)} for each table row whose variable column names one."""
    rows: dict[str, tuple[str, Any]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not (name := VARIABLE.fullmatch(cells[3])):
            continue
        stated = VALUE.search(cells[2])
        assert stated, f"docs/design-conformance.md, row {cells[0]!r}: names {name[1]} but states no `value`"
        assert name[1] not in rows, f"docs/design-conformance.md: {name[1]} has two rows"
        rows[name[1]] = (cells[0], yaml.safe_load(stated[1]))
    return rows


def role_of(variable: str) -> str | None:
    """The role whose defaults define the variable (None: an inventory or group_vars value)."""
    for defaults in sorted(ROOT.glob("roles/*/defaults/main.yml")):
        if variable in (yaml.safe_load(defaults.read_text()) or {}):
            return defaults.parent.parent.name
    return None


def same(stated: Any, actual: Any) -> bool:
    """YAML reads `17.4` as a number and the inventory may quote it: compare scalars as text."""
    if isinstance(stated, (dict, list)) or isinstance(actual, (dict, list)):
        return bool(stated == actual)
    if isinstance(stated, bool) or isinstance(actual, bool):
        return stated is actual
    return stated == actual or str(stated) == str(actual)


def test_the_rows_are_read() -> None:
    rows = checked_rows(
        "| Backup window | 03:00–04:00 | `03:00-04:00` | `aurora_backup_window` | same |\n"
        "| Names | `<prefix>-alb-sg` | `<prefix>-alb` | | different |\n"
        "| Sentry | node | `{web: javascript-nextjs, api: node}`, and more | `sentry_projects` | same |\n"
    )
    assert rows == {
        "aurora_backup_window": ("Backup window", "03:00-04:00"),
        "sentry_projects": ("Sentry", {"web": "javascript-nextjs", "api": "node"}),
    }
    assert same(17.4, "17.4") and same("200", "200") and not same(True, "true") and not same([1], [1, 2])
    with pytest.raises(AssertionError, match="row 'X': names vpc_cidr but states no `value`"):
        checked_rows("| X | 10.0.0.0/16 | the same | `vpc_cidr` | same |")


def test_the_table_states_each_named_variables_prod_value() -> None:
    rows = checked_rows(TABLE.read_text())
    assert len(rows) >= 60, "docs/design-conformance.md: the table lost its variable column"
    variables = {name: role_of(name) for name in rows}
    actual = cost.describe("inventories/prod", [json.dumps({"describe_variables": variables})])
    wrong = [
        f"{name} ({setting}): the table says {stated!r}, prod has {actual['variables'][name]!r}"
        for name, (setting, stated) in rows.items()
        if not same(stated, actual["variables"][name])
    ]
    assert not wrong, "docs/design-conformance.md disagrees with the prod values:\n" + "\n".join(wrong)
