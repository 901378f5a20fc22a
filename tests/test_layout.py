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


# Logic longer than this belongs in a filter or a rule, with a unit test.
LONGEST_JINJA = 200


def expressions(text: str) -> list[tuple[int, int]]:
    """Where each {{ ... }} and {% ... %} starts and ends: brackets nest, quoted strings may hold
    anything (a dict literal's closing braces do not end the expression)."""
    found, i = [], 0
    while i < len(text) - 1:
        if text[i : i + 2] not in ("{{", "{%"):
            i += 1
            continue
        close = "}}" if text[i + 1] == "{" else "%}"
        j, depth, quote = i + 2, 0, ""
        while j < len(text) - 1:
            char = text[j]
            if quote:
                quote = "" if char == quote else quote
            elif depth == 0 and text[j : j + 2] == close:
                break
            elif char in "'\"":
                quote = char
            elif char in "{[(":
                depth += 1
            elif char in "}])":
                depth -= 1
            j += 1
        found.append((i, j + 2))
        i = j + 2
    return found


def test_an_expression_ends_at_its_own_closing_braces() -> None:
    text = "a: \"{{ {'x': {'y': 1}} | combine({'z': '}}'}) }}\" b: {% if c %}"
    assert [text[start:end] for start, end in expressions(text)] == ["{{ {'x': {'y': 1}} | combine({'z': '}}'}) }}", "{% if c %}"]


def jinja_expressions() -> list[tuple[int, str]]:
    files = [
        *ROOT.glob("roles/*/*/*.yml"), *ROOT.glob("playbooks/**/*.yml"), ROOT / "site.yml", *ROOT.glob("group_vars/*.yml"),
        *ROOT.glob("molecule/**/*.yml"), *ROOT.glob("collections/ansible_collections/bookmarks/platform/tasks/*.yml"),
    ]  # fmt: skip
    found = []
    for path in files:
        text = path.read_text()
        for start, end in expressions(text):
            found.append((len(" ".join(text[start:end].split())), f"{path.relative_to(ROOT)}:{text[:start].count(chr(10)) + 1}"))
    return found


def test_no_jinja_expression_is_longer_than_the_ceiling() -> None:
    found = jinja_expressions()
    assert len(found) > 1000, "the expressions were not read"
    assert [place for length, place in found if length > LONGEST_JINJA] == []
