"""What users run is apart from what the tests run: no product module imports the test harness."""

from __future__ import annotations

import ast
from pathlib import Path

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
