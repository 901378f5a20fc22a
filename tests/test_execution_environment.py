"""The AWX / Automation Platform path: the execution environment builds, and ansible-navigator runs the playbooks.

No container engine runs here, so the image itself is not built: `ansible-builder create` writes
the build context (it validates execution-environment.yml against the v3 schema), and
ansible-navigator runs preflight with --ee false (it validates ansible-navigator.yml).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def pins(path: Path) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", path.read_text(), re.M)
    return {re.sub(r"\[.*\]", "", name).lower(): version for name, version in found}


def test_the_image_has_the_toolchain_the_repository_pins() -> None:
    image = pins(ROOT / "execution-environment" / "requirements.txt")
    repository = pins(ROOT / "requirements.txt")
    assert image, "execution-environment/requirements.txt pins nothing"
    assert {name: repository.get(name) for name in image} == image
    definition = yaml.safe_load((ROOT / "execution-environment.yml").read_text())
    core = definition["dependencies"]["ansible_core"]["package_pip"]
    installed = subprocess.run(
        [BIN / "ansible", "--version"], capture_output=True, text=True, check=True
    ).stdout  # fmt: skip
    assert core == "ansible-core==" + re.search(r"core (\d+\.\d+\.\d+)", installed).group(1)


def test_ansible_builder_writes_the_build_context(tmp_path: Path) -> None:
    context = tmp_path / "context"
    done = subprocess.run(
        [BIN / "ansible-builder", "create", "-f", ROOT / "execution-environment.yml", "-c", context],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    containerfile = (context / "Dockerfile").read_text()
    assert 'ARG PYCMD="/usr/bin/python3.13"' in containerfile
    assert "ansible-core==2.21" in containerfile
    assert pins(context / "_build" / "requirements.txt") == pins(ROOT / "execution-environment" / "requirements.txt")


def test_ansible_navigator_runs_preflight_with_the_projects_settings(tmp_path: Path) -> None:
    environment = {**os.environ, "ANSIBLE_NOCOLOR": "1", "HOME": str(tmp_path)}
    settings = subprocess.run(
        [BIN / "ansible-navigator", "settings", "--effective", "--mode", "stdout", "--ee", "false"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert settings.returncode == 0, settings.stdout + settings.stderr
    effective = yaml.safe_load(settings.stdout)["ansible-navigator"]
    assert effective["execution-environment"]["image"] == "bookmark-manager-ee:latest"
    assert "ANSIBLE_VAULT_PASSWORD_FILE" in effective["execution-environment"]["environment-variables"]["pass"]
    run = subprocess.run(
        [BIN / "ansible-navigator", "run", "playbooks/preflight.yml", "--mode", "stdout", "--ee", "false",
         "--playbook-artifact-enable", "false"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    assert re.search(r"localhost\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0", run.stdout), run.stdout[-2000:]
