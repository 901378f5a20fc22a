"""Every module, filter, callback and strategy of the project's collection documents itself (ansible-doc parses it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "collections/ansible_collections/bookmarks/platform/plugins"
DOCUMENTED = [("module", p.stem) for p in sorted((PLUGINS / "modules").glob("*.py"))] + [
    ("filter", p.stem) for p in sorted((PLUGINS / "filter").glob("*.yml"))
] + [("callback", p.stem) for p in sorted((PLUGINS / "callback").glob("*.py"))] + [
    ("strategy", p.stem) for p in sorted((PLUGINS / "strategy").glob("*.py"))
]


@pytest.mark.parametrize(("kind", "name"), DOCUMENTED, ids=[f"{k}:{n}" for k, n in DOCUMENTED])
def test_ansible_doc_reads_it(kind: str, name: str) -> None:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-doc"), "-t", kind, f"bookmarks.platform.{name}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    # Text output, not --json: only rendering checks the types of the documentation's fields.
    assert done.returncode == 0 and f"bookmarks.platform.{name}" in done.stdout, done.stderr[-2000:]
