"""ansible-test sanity for the project's collection, offline (a job of make test).

ansible-test needs the collection at ``<root>/ansible_collections/bookmarks/platform`` with the
collections it imports (amazon.aws, community.aws) in the same root. This builds that tree in a
temporary directory outside the repository: a copy of the collection and links to the bundle's
amazon.aws and community.aws of the venv, so neither the repository nor the linters ever see
the dependencies. The pip bootstrap ansible-test would download is the project's own
(tests/harness/sanity_get_pip.py), put where ansible-test looks for it. Usage: python -m tests.harness.sanity [ansible-test sanity options...]
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = ROOT / "collections" / "ansible_collections" / "bookmarks" / "platform"
DEPENDENCIES = ("amazon/aws", "community/aws")
# Left out: they lint other languages (PowerShell, shell) this collection has none of.
SKIPPED = ("pslint", "shellcheck")
IGNORED_FILES = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "output")
GET_PIP = Path(__file__).resolve().parent / "sanity_get_pip.py"
PIP_PIN = re.compile(r"^\s*pip='(?P<version>[0-9.]+)',$", re.MULTILINE)


def pip_version() -> str:
    """The pip ansible-test pins for its test environments (python_requirements.py)."""
    spec = importlib.util.find_spec("ansible_test")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("ansible-test is not installed: run scripts/setup-venv.sh")
    source = Path(spec.submodule_search_locations[0], "_internal", "python_requirements.py").read_text()
    found = PIP_PIN.search(source)
    if not found:
        raise RuntimeError("ansible-test's pip pin was not found in its python_requirements.py")
    return found["version"]


def install_get_pip(home: Path) -> Path:
    """ansible-test's cached bootstrap, ~/.ansible/test/cache/get_pip_<version>.py, made ours."""
    cached = home / ".ansible" / "test" / "cache" / f"get_pip_{pip_version().replace('.', '_')}.py"
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GET_PIP, cached)
    return cached


def build_tree(root: Path) -> Path:
    """Lay the collection and its dependencies out under ``root`` as ansible-test expects them."""
    target = root / "ansible_collections" / "bookmarks" / "platform"
    shutil.copytree(COLLECTION, target, ignore=IGNORED_FILES)
    bundle = Path(sysconfig.get_paths()["purelib"]) / "ansible_collections"
    for dependency in DEPENDENCIES:
        link = root / "ansible_collections" / dependency
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(bundle / dependency, target_is_directory=True)
    return target


def command(extra: list[str]) -> list[str]:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    skips = [argument for test in SKIPPED for argument in ("--skip-test", test)]
    return ["ansible-test", "sanity", "--python", python, "--color", "no", *skips, *extra]


def main(argv: list[str]) -> int:
    install_get_pip(Path.home())
    with tempfile.TemporaryDirectory(prefix="bookmarks-sanity-") as scratch:
        target = build_tree(Path(scratch))
        return subprocess.call(command(argv), cwd=target)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
