from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleError

from ansible_collections.bookmarks.platform.plugins.lookup.task_file import task_file


def test_a_shared_task_file_is_found_by_its_name() -> None:
    path = Path(task_file("role_state.yml"))
    assert path.is_absolute() and path.parent.name == "tasks"
    assert [task["name"].split(" - ")[0] for task in yaml.safe_load(path.read_text())] == [
        "Read the resources and compare them with the last converge", "Build", "Record the resources as this converge left them",
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["missing.yml", "../galaxy.yml", "/etc/passwd"])
def test_anything_else_is_refused_naming_the_files_there_are(name: str) -> None:
    with pytest.raises(AnsibleError, match=r"is not one of the collection's task files \(role_state.yml\)$"):
        task_file(name)
