# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role's outputs: the facts its tasks/publish.yml sets (its output contract).

Shared by the role_outputs lookup (site.yml's handover between lanes) and the project's
tools/role_docs.py (every output documented, none named like an input).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SET_FACT = ("ansible.builtin.set_fact", "set_fact")
# set_fact's own options, not facts.
SET_FACT_OPTIONS = {"cacheable"}
BLOCKS = ("block", "rescue", "always")


def published_names(tasks: Iterable[Any] | None) -> list[str]:
    """The facts set by the set_fact tasks of a task list (blocks included), in order, once each."""
    names: list[str] = []
    for task in tasks or []:
        if not isinstance(task, dict):
            continue
        for key in BLOCKS:
            names.extend(name for name in published_names(task.get(key)) if name not in names)
        for action in SET_FACT:
            arguments = task.get(action)
            if isinstance(arguments, dict):
                names.extend(name for name in arguments if name not in SET_FACT_OPTIONS and name not in names)
    return names
