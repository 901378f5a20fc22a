"""Every module, filter, callback and strategy of the project's collection documents itself (ansible-doc parses it)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "collections/ansible_collections/bookmarks/platform/plugins"
DOCUMENTED = {
    "module": sorted(p.stem for p in (PLUGINS / "modules").glob("*.py")),
    "filter": sorted(p.stem for p in (PLUGINS / "filter").glob("*.yml")),
    "callback": sorted(p.stem for p in (PLUGINS / "callback").glob("*.py")),
    "strategy": sorted(p.stem for p in (PLUGINS / "strategy").glob("*.py")),
}


@pytest.mark.parametrize("kind", sorted(DOCUMENTED))
def test_ansible_doc_reads_them(kind: str) -> None:
    """One ansible-doc run per kind, naming every plugin of it."""
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    names = [f"bookmarks.platform.{name}" for name in DOCUMENTED[kind]]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-doc"), "-t", kind, *names],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # Text output, not --json: only rendering checks the types of the documentation's fields.
    assert done.returncode == 0, done.stderr[-2000:]
    missing = [name for name in names if f"{name} (" not in done.stdout]
    assert not missing, f"ansible-doc rendered no documentation for {missing}: {done.stderr[-2000:]}"


def test_every_filter_has_its_documentation() -> None:
    """A filter a FilterModule registers has its <name>.yml beside it."""
    sys.path.insert(0, str(ROOT / "collections"))
    registered = set()
    for path in sorted((PLUGINS / "filter").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"filter_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        registered |= set(module.FilterModule().filters())
    assert sorted(registered - set(DOCUMENTED["filter"])) == [], "filters without documentation (plugins/filter/<name>.yml)"
    assert sorted(set(DOCUMENTED["filter"]) - registered) == [], "documentation of filters no FilterModule registers"
