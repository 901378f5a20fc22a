"""The GitHub workflows: valid against GitHub's workflow schema, and clean for zizmor.

This project's workflows and the caller docs/deploy.md hands to the application repository are
both checked: check-jsonschema's built-in copy of GitHub's schema (offline), then zizmor offline
(`make lint` runs it on .github/ too; here it also runs on the documented caller).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# The caller's placeholders, as the application repository fills them in.
PLACEHOLDERS = {"<platform-owner>/<platform-repo>": "example-org/bookmark-manager-platform", "<sha>": "0" * 40}
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def documented_caller() -> str:
    text = (ROOT / "docs" / "deploy.md").read_text()
    [caller] = [block for block in re.findall(r"```yaml\n(.*?)```", text, re.S) if "workflow_call" not in block and "jobs:" in block]
    for placeholder, value in PLACEHOLDERS.items():
        caller = caller.replace(placeholder, value)
    return caller


@pytest.fixture(scope="module")
def caller(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("caller") / ".github" / "workflows"
    directory.mkdir(parents=True)
    path = directory / "release.yml"
    path.write_text(documented_caller())
    return path


def schema_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "zizmor"), "--offline", "--no-progress", "--format", "plain", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_the_workflows_and_the_documented_caller_follow_githubs_schema(caller: Path) -> None:
    done = schema_check(*WORKFLOWS, caller)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = caller.with_name("broken.yml")
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v7\n        whatever: 1\n")
    assert schema_check(broken).returncode == 1  # the check is real: an unknown step key fails
    broken.unlink()


def test_zizmor_finds_nothing_in_the_documented_caller(caller: Path) -> None:
    done = zizmor(caller.parent)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_reports_what_the_old_workflow_had(tmp_path: Path) -> None:
    old = tmp_path / ".github" / "workflows" / "old.yml"
    old.parent.mkdir(parents=True)
    old.write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    permissions: {}\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - id: out\n        run: echo x\n"
        "      - run: echo ${{ steps.out.outputs.x }}\n"
    )
    done = zizmor(old.parent)
    assert done.returncode != 0
    for audit in ("unpinned-uses", "artipacked", "template-injection"):
        assert audit in done.stdout, done.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version(caller: Path) -> None:
    for path in [*WORKFLOWS, caller]:
        for line in path.read_text().splitlines():
            found = re.match(r"\s*(?:-\s*)?uses:\s*(\S+)(.*)$", line)
            if not found or found[1].startswith("./"):
                continue
            assert SHA_PIN.match(found[1]), f"{path.name}: {found[1]} is not pinned to a commit"
            if "/.github/workflows/" not in found[1]:
                assert re.search(r"#\s*v\d", found[2]), f"{path.name}: {found[1]} has no version comment"


def test_the_deploy_workflow_is_reusable_and_passes_inputs_through_the_environment() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"workflow_call", "workflow_dispatch"}
    assert set(triggers["workflow_call"]["inputs"]) == {"environment", "services", "image_tag"}
    assert workflow["permissions"] == {} and workflow["concurrency"]["cancel-in-progress"] is False
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    for step in job["steps"]:
        assert "${{" not in step.get("run", ""), f"{step['name']}: an expression inside a script"
