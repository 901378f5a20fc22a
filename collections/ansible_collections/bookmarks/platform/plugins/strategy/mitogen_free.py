# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mitogen's free strategy, by a name that needs no path into the virtualenv."""

from __future__ import annotations

DOCUMENTATION = r"""
name: mitogen_free
short_description: The free strategy run through Mitogen for Ansible
description:
  - The C(mitogen_free) strategy of Mitogen for Ansible (the C(mitogen) package on PyPI, pinned
    in requirements.txt), found through the collection instead of a C(strategy_plugins) path
    into the virtualenv's site-packages.
  - Each host runs its tasks as fast as it can (the C(free) strategy), so the two lanes of
    site.yml and teardown.yml go side by side; with a single host it is the same as C(linear).
  - Modules run in a Python interpreter that stays up for the whole run instead of a new process
    per task, which halves what a task costs.
  - Ansible's own strategy instead, for a run or for good - C(ANSIBLE_STRATEGY=ansible.builtin.free).
author:
  - Bookmark Manager platform team (@bookmarks)
"""

from ansible_mitogen.plugins.strategy.mitogen_free import StrategyModule  # noqa: F401  pylint: disable=unused-import
