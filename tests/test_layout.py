"""What users run is apart from what the tests run: no product module imports the test harness."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = [ROOT / "tools", ROOT / "collections" / "ansible_collections" / "bookmarks" / "platform" / "plugins"]


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_imports_are_read() -> None:
    source = ROOT / ".run" / "layout_probe.py"
    source.parent.mkdir(exist_ok=True)
    source.write_text("import os\nfrom tests.harness import faults\n\ndef f():\n    import tests.harness.fakes.ctl\n")
    try:
        assert imported(source) == {"os", "tests.harness", "tests.harness.fakes.ctl"}
    finally:
        source.unlink()


def test_no_product_module_imports_the_harness() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for folder in PRODUCT
        for path in sorted(folder.rglob("*.py"))
        for name in sorted(imported(path))
        if name == "tests" or name.startswith("tests.")
    ]
    assert not found, "product modules importing the test harness:\n" + "\n".join(found)


# "web" or "api" as a word (not WAF's "web ACL", a path or a host name), or as a name's suffix.
SERVICE_WORD = re.compile(r"(?<![\w./-])(web(?! ACL)|api)(?![\w.])|[}'\"]-(web|api)\b|\b(web|api)-[{'\"]")


def strings(node: Any) -> list[str]:
    """Every key and string value of a parsed YAML document."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in [str(key), *strings(value)]]
    if isinstance(node, list):
        return [text for item in node for text in strings(item)]
    return [node] if isinstance(node, str) else []


def test_service_words_are_found() -> None:
    found = [text for text in strings({"web": 1, "x": ["{{ prefix }}-api", "/api/health", "ecr.api", "Key (web, api)"]}) if SERVICE_WORD.search(text)]
    assert found == ["web", "{{ prefix }}-api", "Key (web, api)"]


def test_no_role_names_a_service() -> None:
    """The services are the catalogue's (group_vars/all.yml): a role's defaults, vars, tasks and
    argument specs name none of them."""
    found = [
        f"{path.relative_to(ROOT)}: {text!r}"
        for folder in ("defaults", "vars", "tasks", "meta")
        for path in sorted(ROOT.glob(f"roles/*/{folder}/*.yml"))
        for text in strings(yaml.safe_load(path.read_text()))
        if SERVICE_WORD.search(text)
    ]
    assert not found, "roles that name a service of the catalogue:\n" + "\n".join(found)


JINJA = re.compile(r"{{.*?}}(?!})|{%.*?%}", re.S)
# The goal is 200 characters (logic longer than that belongs in a filter or a rule, with a unit
# test); this ceiling only goes down. 28 expressions are still between 200 and 280.
LONGEST_JINJA = 280


def jinja_expressions() -> list[tuple[int, str]]:
    files = [*ROOT.glob("roles/*/*/*.yml"), *ROOT.glob("playbooks/**/*.yml"), ROOT / "site.yml", *ROOT.glob("group_vars/*.yml")]
    found = []
    for path in files:
        text = path.read_text()
        for match in JINJA.finditer(text):
            line = text[: match.start()].count("\n") + 1
            found.append((len(" ".join(match.group(0).split())), f"{path.relative_to(ROOT)}:{line}"))
    return found


def test_no_jinja_expression_is_longer_than_the_ceiling() -> None:
    found = jinja_expressions()
    assert len(found) > 500, "the expressions were not read"
    assert [place for length, place in found if length > LONGEST_JINJA] == []
