"""scripts/setup-venv.sh: a clear failure when no Python >= 3.12 exists, and the discovery order."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup-venv.sh", copy / "scripts")
    shutil.copy(ROOT / "requirements.txt", copy)
    shutil.copy(ROOT / "requirements-checkov.txt", copy)
    shutil.copytree(ROOT / "tools" / "venv", copy / "tools" / "venv")
    return copy


def fake_python(directory: Path, name: str, version: str) -> None:
    """A stand-in interpreter that reports a version and fails any real work."""
    directory.mkdir(parents=True, exist_ok=True)
    major, minor = version.split(".")[:2]
    script = directory / name
    script.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--version*) echo "Python {version}";; '
        f"*sys.version_info*) exit $(( ({major} * 100 + {minor}) < 312 ));; "
        '*) echo "fake $0 $*" >&2; exit 97;; esac\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def run(copy: Path, path: str, pyenv_root: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": path, "PYENV_ROOT": str(pyenv_root), "HOME": str(copy)}
    return subprocess.run(["bash", "scripts/setup-venv.sh"], cwd=copy, env=env, capture_output=True, text=True, timeout=60)


def test_no_new_enough_python_fails_with_a_clear_message(tmp_path: Path) -> None:
    copy = project_copy(tmp_path)
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", "3.11.2")
    for tool in ("bash", "sha256sum", "cut", "cat", "ls", "sort", "dirname"):
        found = shutil.which(tool)
        assert found, tool
        os.symlink(found, bin_dir / tool)
    done = run(copy, str(bin_dir), tmp_path / "no-pyenv")
    assert done.returncode == 1
    assert "ansible-core 2.21 needs Python >= 3.12, and none was found" in done.stderr
    assert "python3 (Python 3.11.2)" in done.stderr
    assert not (copy / ".venv").exists()


def test_pyenv_versions_are_found_when_no_shim_is_on_path(tmp_path: Path) -> None:
    copy = project_copy(tmp_path)
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", "3.11.2")
    for tool in ("bash", "sha256sum", "cut", "cat", "ls", "sort", "dirname"):
        os.symlink(shutil.which(tool) or tool, bin_dir / tool)
    pyenv = tmp_path / "pyenv"
    fake_python(pyenv / "versions" / "3.12.1" / "bin", "python3", "3.12.1")
    fake_python(pyenv / "versions" / "3.13.0" / "bin", "python3", "3.13.0")
    done = run(copy, str(bin_dir), pyenv)
    # The newest pyenv version is chosen, then asked to create the venv (the fake refuses).
    assert f"creating .venv with {pyenv}/versions/3.13.0/bin/python3 (Python 3.13.0)" in done.stdout
    assert done.returncode != 0
