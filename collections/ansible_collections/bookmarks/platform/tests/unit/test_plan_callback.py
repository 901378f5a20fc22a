"""The plan callback: a dry run summed up as create, update, delete and unchanged, and its JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ansible_collections.bookmarks.platform.plugins.callback.plan import classify, listed_changes

COLLECTIONS = Path(__file__).resolve().parents[5]

PLAYBOOK = """
- name: A plan
  hosts: localhost
  gather_facts: false
  tasks:
    - name: A new file
      ansible.builtin.copy:
        dest: "{{ scratch }}/new"
        content: "new\\n"
        mode: "0600"
    - name: A file that differs
      ansible.builtin.copy:
        dest: "{{ scratch }}/differs"
        content: "wanted\\n"
        mode: "0600"
    - name: A file that matches
      ansible.builtin.copy:
        dest: "{{ scratch }}/matches"
        content: "same\\n"
        mode: "0600"
    - name: A file that goes
      ansible.builtin.file:
        path: "{{ scratch }}/goes"
        state: absent
    - name: "Would: create the monitor m"
      ansible.builtin.debug:
        msg: POST /monitor
      changed_when: true
    - name: A fact, not a resource
      ansible.builtin.set_fact:
        something: 1
      changed_when: true
    - name: Items, each a resource
      ansible.builtin.copy:
        dest: "{{ scratch }}/{{ item }}"
        content: "same\\n"
        mode: "0600"
      loop: [matches, other]
"""


def run(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    for name, content in (("differs", "old\n"), ("matches", "same\n"), ("goes", "x\n")):
        (tmp_path / name).write_text(content)
        (tmp_path / name).chmod(0o600)
    (tmp_path / "play.yml").write_text(PLAYBOOK)
    plan = tmp_path / "plan.json"
    environment = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS),
        "ANSIBLE_CALLBACKS_ENABLED": "bookmarks.platform.plan",
        "ANSIBLE_NOCOLOR": "1",
        "PLAN_FILE": str(plan),
    }
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c", "local"]
    done = subprocess.run(
        [*command, "play.yml", "-e", f"scratch={tmp_path}", *options],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return done, plan


def test_a_dry_run_is_summed_up_by_resource(tmp_path: Path) -> None:
    done, plan_file = run(tmp_path, "--check", "--diff")
    assert done.returncode == 0, done.stdout + done.stderr
    plan = json.loads(plan_file.read_text())
    assert plan["changes"] == [
        {"action": "create", "resource": "A new file"},
        {"action": "update", "resource": "A file that differs"},
        {"action": "delete", "resource": "A file that goes"},
        {"action": "create", "resource": "create the monitor m"},
        {"action": "create", "resource": "Items, each a resource [other]"},
    ]
    assert plan["totals"] == {"create": 3, "update": 1, "delete": 1, "unchanged": 2}
    assert "Plan: 3 to create, 1 to update, 1 to delete, 2 unchanged." in done.stdout
    assert "  - delete  A file that goes" in done.stdout
    assert (tmp_path / "differs").read_text() == "old\n", "a dry run changed a file"


def test_a_converge_prints_no_plan(tmp_path: Path) -> None:
    done, plan_file = run(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Plan:" not in done.stdout
    assert not plan_file.exists()


@pytest.mark.parametrize(
    ("name", "result", "action", "expected"),
    [
        ("Would: update m", {}, "debug", "update"),
        ("Would: Remove the cluster c", {}, "debug", "delete"),
        ("Would store the DSN of p", {}, "debug", "create"),
        ("Log groups (check mode, would change)", {"msg": "/ecs/web: would be created"}, "debug", "create"),
        ("Log groups (check mode, would change)", {"msg": "/ecs/web: retention 7 -> 30 days"}, "debug", "update"),
        ("ALB", {"msg": "Would have updated ALB if not in check mode."}, "elb_application_lb", "update"),
        ("VPC", {"vpc": {}}, "ec2_vpc_net", "create"),
        ("VPC", {"vpc": {"id": "vpc-0123456789abcdef0"}}, "ec2_vpc_net", "update"),
        ("Group", {"group_id": "sg-checkmode"}, "ec2_security_group", "create"),
        ("Alarms", {"diff": {"before": {"alarms": {}}, "after": {"alarms": {"a": {}}}}}, "metric_alarms", "create"),
        ("Services", {}, "community.aws.ecs_service", "update"),
    ],
)
def test_create_update_delete_are_told_apart(name: str, result: dict[str, object], action: str, expected: str) -> None:
    assert classify(name, result, action) == expected


def test_a_module_run_that_changes_several_resources_lists_each() -> None:
    result = {
        "changed": True,
        "changes": [
            {"action": "DELETE", "name": "www.example.com.", "type": "A", "set_identifier": "", "kind": "delete"},
            {"action": "UPSERT", "name": "www.example.com.", "type": "A", "set_identifier": "primary", "kind": "create"},
            {"action": "UPSERT", "name": "origin.example.com.", "type": "A", "set_identifier": "", "kind": "update"},
        ],
    }
    assert listed_changes(result) == [
        ("delete", "www.example.com. A"), ("create", "www.example.com. A primary"), ("update", "origin.example.com. A"),
    ]  # fmt: skip
    assert listed_changes({**result, "changed": False}) == []
    # Anything else called changes (another module's own shape) is left to the task-level rules.
    assert listed_changes({"changed": True, "changes": [{"name": "x"}]}) == []
    assert listed_changes({"changed": True, "changes": "2 rules"}) == []
