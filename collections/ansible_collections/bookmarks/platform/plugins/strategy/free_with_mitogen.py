# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mitogen's free strategy, by a name that needs no path into the virtualenv."""

from __future__ import annotations

DOCUMENTATION = r"""
name: free_with_mitogen
short_description: The free strategy run through Mitogen for Ansible
description:
  - The C(mitogen_free) strategy of Mitogen for Ansible (the C(mitogen) package on PyPI, pinned
    in requirements.txt), found through the collection instead of a C(strategy_plugins) path
    into the virtualenv's site-packages.
  - Each host runs its tasks as fast as it can (the C(free) strategy), so the two lanes of
    site.yml and teardown.yml go side by side; with a single host it is the same as C(linear).
  - Modules run in a Python interpreter that stays up for the whole run instead of a new process
    per task, which halves what a task costs.
  - The installed collections are listed once per run, in the controller before the first task,
    instead of once per task. Mitogen lists them for every task that runs a collection's module,
    in the task's own worker process, which Ansible forks anew for each task, so its cache never
    outlives the task; with the C(ansible) bundle's hundred collections that listing cost more
    than the module itself.
  - On a machine with fewer than four CPUs, Mitogen does not pin its processes to CPUs. Its
    placement there puts the multiplexer alone on the first CPU and everything else (the
    playbook, every task's worker and the interpreters that run the modules) on the second, so
    the two lanes shared one CPU while the other stayed nearly idle; without it a no-op re-run of
    site.yml took 11-14 s instead of 19-22 s on two CPUs. Larger machines keep Mitogen's placement.
  - Ansible's own strategy instead, for a run or for good - C(ANSIBLE_STRATEGY=ansible.builtin.free).
author:
  - Bookmark Manager platform team (@bookmarks)
"""

from typing import Any

import ansible.collections.list
from ansible.errors import AnsibleError

try:
    import ansible_mitogen.affinity
    import ansible_mitogen.planner
    from ansible_mitogen.plugins.strategy.mitogen_free import StrategyModule as MitogenFree
except ImportError as error:  # the message below says how to go on without it
    MITOGEN_MISSING: ImportError | None = error
    from ansible.plugins.strategy.free import StrategyModule as MitogenFree
else:
    MITOGEN_MISSING = None

_collection_dirs: list[bytes] | None = None


def collection_dirs() -> list[bytes]:
    """The installed collections' directories, listed on the first call of the process."""
    global _collection_dirs  # pylint: disable=global-statement
    if _collection_dirs is None:
        _collection_dirs = list(ansible.collections.list.list_collection_dirs())
    return _collection_dirs


# Below this many CPUs Mitogen's FixedPolicy reserves the first CPU for its multiplexer and pins
# the rest of the run to the remaining one or two (ansible_mitogen/affinity.py, "small SMP").
PINNING_MIN_CPUS = 4


def cpu_placement(policy: Any) -> Any:
    """Mitogen's CPU placement policy, or one that pins nothing when the machine is too small for it."""
    if getattr(policy, "cpu_count", PINNING_MIN_CPUS) < PINNING_MIN_CPUS:
        return ansible_mitogen.affinity.Policy()
    return policy


def load_collections(invocation: Any) -> None:
    """ansible_mitogen.planner._load_collections, from the list made once."""
    for path in collection_dirs():
        invocation._extra_sys_paths.add(path.decode("utf-8"))  # pylint: disable=protected-access


class StrategyModule(MitogenFree):
    def run(self, iterator: Any, play_context: Any, result: int = 0) -> int:
        if MITOGEN_MISSING is not None:
            raise AnsibleError(
                f"bookmarks.platform.free_with_mitogen needs Mitogen for Ansible ({MITOGEN_MISSING}): install "
                "requirements.txt (scripts/setup-venv.sh), or run with ANSIBLE_STRATEGY=ansible.builtin.free"
            )
        # Before the first worker forks: every task's worker inherits the list and the patch.
        collection_dirs()
        ansible_mitogen.planner._load_collections = load_collections  # pylint: disable=protected-access
        # Before Mitogen starts its multiplexer and places this process (ansible_mitogen.process).
        ansible_mitogen.affinity.policy = cpu_placement(ansible_mitogen.affinity.policy)
        return super().run(iterator, play_context, result)
