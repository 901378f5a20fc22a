"""The free_with_mitogen strategy (Mitogen's mitogen_free): without Mitogen installed, a run stops at once and says how to go on."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

# The directory that holds ansible_collections/bookmarks/platform.
COLLECTIONS = Path(__file__).resolve().parents[5]

# A fresh interpreter in which importing ansible_mitogen fails, as on a machine without it.
WITHOUT_MITOGEN = textwrap.dedent(
    """
    import sys
    sys.modules["ansible_mitogen"] = None
    from ansible.errors import AnsibleError
    from ansible_collections.bookmarks.platform.plugins.strategy import free_with_mitogen
    strategy = free_with_mitogen.StrategyModule.__new__(free_with_mitogen.StrategyModule)
    try:
        strategy.run(None, None)
    except AnsibleError as error:
        print(error.message)
    """
)


def test_without_mitogen_the_run_names_the_fix_and_the_switch() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(COLLECTIONS), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-c", WITHOUT_MITOGEN], capture_output=True, text=True, check=True, env=env)
    assert run.stdout.startswith("bookmarks.platform.free_with_mitogen needs Mitogen for Ansible (")
    assert run.stdout.rstrip().endswith(
        "install requirements.txt (scripts/setup-venv.sh), or run with ANSIBLE_STRATEGY=ansible.builtin.free"
    )


def test_with_mitogen_the_strategy_is_mitogens() -> None:
    from ansible_collections.bookmarks.platform.plugins.strategy import free_with_mitogen
    from ansible_mitogen.plugins.strategy.mitogen_free import StrategyModule

    assert free_with_mitogen.MITOGEN_MISSING is None
    assert issubclass(free_with_mitogen.StrategyModule, StrategyModule)


def placement_after_run(cpu_count: int, monkeypatch: Any) -> Any:
    """Mitogen's placement policy once the strategy has started a play on a machine of cpu_count CPUs."""
    import ansible_mitogen.affinity
    import ansible_mitogen.planner
    from ansible_collections.bookmarks.platform.plugins.strategy import free_with_mitogen

    # What run() sets besides the placement, restored after the test.
    monkeypatch.setattr(free_with_mitogen, "collection_dirs", list)
    monkeypatch.setattr(ansible_mitogen.planner, "_load_collections", ansible_mitogen.planner._load_collections)
    monkeypatch.setattr(ansible_mitogen.affinity, "policy", ansible_mitogen.affinity.LinuxPolicy(cpu_count=cpu_count))
    monkeypatch.setattr(free_with_mitogen.MitogenFree, "run", lambda self, iterator, play_context, result=0: result)
    strategy = free_with_mitogen.StrategyModule.__new__(free_with_mitogen.StrategyModule)
    assert strategy.run(None, None) == 0
    return ansible_mitogen.affinity.policy


def test_on_two_cpus_mitogen_pins_nothing(monkeypatch: Any) -> None:
    # Mitogen's own placement would keep the first CPU for its multiplexer and pin the playbook,
    # every worker and the module interpreters to the second.
    import ansible_mitogen.affinity

    policy = placement_after_run(2, monkeypatch)
    assert isinstance(policy, ansible_mitogen.affinity.Policy)
    assert not isinstance(policy, ansible_mitogen.affinity.FixedPolicy)


def test_on_sixteen_cpus_mitogen_keeps_its_placement(monkeypatch: Any) -> None:
    import ansible_mitogen.affinity

    policy = placement_after_run(16, monkeypatch)
    assert isinstance(policy, ansible_mitogen.affinity.LinuxPolicy)
    assert policy.cpu_count == 16
