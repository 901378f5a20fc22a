# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that validate network inputs on the controller, before any AWS call."""

from __future__ import annotations

from typing import Any

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_inputs import subnet_layout_errors


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"subnet_layout_errors": subnet_layout_errors}
