# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks before any AWS call that are not one role's inputs: a run's target, a restore's time."""

from __future__ import annotations

from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils.target_checks import restore_problems, target_problems


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"target_problems": target_problems, "restore_problems": restore_problems}
