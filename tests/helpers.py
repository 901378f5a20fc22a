"""Run playbooks the way a user does, and read what they sent to the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.harness.emulator import ctl, recording
from tests.harness.fakes import ctl as fakes
from tests.harness.proctree import kill_tree
from tests.harness.recap import recap

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    returncode: int
    output: str

    @property
    def changed(self) -> int:
        return self._recap("changed")

    @property
    def failed(self) -> int:
        return self._recap("failed")

    def _recap(self, count: str) -> int:
        """Summed over the recap's hosts (site.yml and teardown.yml run in two lanes)."""
        found = recap(self.output)
        assert found, f"no PLAY RECAP in:\n{self.output[-3000:]}"
        return found[count]


def playbook(*args: str, inventory: str = "inventories/local", env: dict[str, str] | None = None) -> Run:
    environment = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0", **(env or {})}
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", inventory, *args]
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900)
    return Run(done.returncode, done.stdout + done.stderr)


def playbook_in_background(*args: str, inventory: str = "inventories/local") -> subprocess.Popen[str]:
    """Start ansible-playbook and return at once (finish() waits for it)."""
    environment = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0"}
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", inventory, *args]
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen[str]) -> Run:
    output, _ = process.communicate(timeout=900)
    return Run(process.returncode, output)


def run_lock(session: Any, prefix: str = "bookmark-manager-local") -> dict[str, Any]:
    """The stack's run lock as it is held (playbooks/lock.yml), or {} when no run holds it."""
    found = session.client("ssm").get_parameters(Names=[f"/{prefix}/run-lock"])["Parameters"]
    return json.loads(found[0]["Value"]) if found else {}


def converge_killed_at_task(task: int, *args: str, inventory: str = "inventories/local") -> tuple[int, str]:
    """Start a converge of site.yml and SIGKILL it, with every process it began, as its task-th task starts.

    The number of tasks that had started (fewer when the run ended first), and the output."""
    environment = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0"}
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", inventory, "site.yml", *args]
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    started, output = 0, []
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)
        if line.startswith("TASK ["):
            started += 1
            if started >= task:
                break
    kill_tree(process.pid)  # the task's worker runs in a session of its own
    output.append(process.stdout.read())
    process.wait(timeout=60)
    return started, "".join(output)


def drift(plan_file: Path, inventory: str = "inventories/local") -> Run:
    """`make drift`: a dry run of site.yml that exits 2 when anything would change; its plan in plan_file."""
    environment = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0", "PLAN_FILE": str(plan_file)}
    command = [sys.executable, "-m", "tools.drift", "-i", inventory]
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900)
    return Run(done.returncode, done.stdout + done.stderr)


@contextmanager
def recorded() -> Iterator[dict[str, Any]]:
    """Record the requests sent inside the block; the dict is filled with their summary on exit."""
    result: dict[str, Any] = {}
    recording.start()
    try:
        yield result
    finally:
        recording.stop()
        result.update(recording.summary(recording.read_all()))


def reset_emulator() -> None:
    """Empty the emulator and the SaaS fakes."""
    ctl.post("/moto-api/reset")
    fakes.reset()


def inputs_as_the_command_line_gives_them(inventory: str = "inventories/local") -> list[str]:
    """`-e name=value` for every int, float and bool input of every role, with the inventory's value
    (or the role's default) as the command line gives it: a string. Inputs whose default is a
    template of other variables are left out."""
    types: dict[str, tuple[str, Path]] = {}
    for spec_path in sorted(ROOT.glob("roles/*/meta/argument_specs.yml")):
        for entry in yaml.safe_load(spec_path.read_text())["argument_specs"].values():
            for name, option in (entry.get("options") or {}).items():
                if option.get("type") in ("int", "float", "bool"):
                    types[name] = (option["type"], spec_path.parent.parent)
    names = sorted(types)
    environment = {**os.environ, "ANSIBLE_LOAD_CALLBACK_PLUGINS": "1", "ANSIBLE_STDOUT_CALLBACK": "json"}
    expression = "msg={{ query('vars', " + ", ".join(repr(name) for name in names) + ", default='-') }}"
    command = [str(Path(sys.executable).parent / "ansible"), "localhost", "-i", inventory, "-m", "ansible.builtin.debug", "-a", expression]
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True)
    report, _ = json.JSONDecoder().raw_decode(done.stdout, done.stdout.index("\n{") + 1)
    values = report["plays"][0]["tasks"][0]["hosts"]["localhost"]["msg"]
    arguments = []
    for name, value in zip(names, values, strict=True):
        if value == "-":
            defaults = yaml.safe_load((types[name][1] / "defaults" / "main.yml").read_text()) or {}
            value = defaults.get(name)
        if value is None or (isinstance(value, str) and "{{" in value):
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        arguments += ["-e", f"{name}={text}"]
    return arguments
