# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The path of one of the collection's shared task files (tasks/), for ansible.builtin.include_tasks."""

from __future__ import annotations

DOCUMENTATION = r"""
name: task_file
author: Bookmark Manager platform team (@bookmarks)
version_added: 0.9.0
short_description: The path of one of the collection's shared task files
description:
  - Returns the absolute path of a task file in the collection's C(tasks/) folder, which a role
    includes with M(ansible.builtin.include_tasks); its tasks then run as the role's own (its
    variables, its name in the output).
  - C(role_state.yml) is the skip protocol of the roles that skip an unchanged build.
options:
  _terms:
    description: File names in the collection's C(tasks/) folder.
    required: true
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Read the ALB, build it unless unchanged, record it
  ansible.builtin.include_tasks: "{{ lookup('bookmarks.platform.task_file', 'role_state.yml') }}"
"""

RETURN = r"""
_raw:
  description: The absolute paths.
  type: list
  elements: str
"""

from pathlib import Path
from typing import Any

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

TASKS = Path(__file__).resolve().parents[2] / "tasks"


def task_file(name: str) -> str:
    path = TASKS / name
    if path.parent != TASKS or not path.is_file():
        known = ", ".join(sorted(file.name for file in TASKS.glob("*.yml")))
        raise AnsibleError(f"bookmarks.platform.task_file: {name!r} is not one of the collection's task files ({known})")
    return str(path)


class LookupModule(LookupBase):
    def run(self, terms: list[Any], variables: dict[str, Any] | None = None, **kwargs: Any) -> list[str]:
        return [task_file(str(term)) for term in terms]
