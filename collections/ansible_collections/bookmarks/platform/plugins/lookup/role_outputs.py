# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The outputs of the project's roles, read from their output contracts (tasks/publish.yml)."""

from __future__ import annotations

DOCUMENTATION = r"""
name: role_outputs
short_description: The facts the roles publish, from each role's tasks/publish.yml
description:
  - Reads C(tasks/publish.yml) of each role under the playbook's C(roles/) directory and the
    configured roles path, and returns the names of the facts its C(set_fact) tasks set, which
    are the role's outputs.
  - site.yml hands these over from one lane to the other, so an output a role starts publishing
    crosses the lanes without a list to keep up to date.
options:
  _terms:
    description: Role names; none means every role that has a C(tasks/publish.yml).
    type: list
    elements: str
    required: false
author:
  - Bookmark Manager platform team (@bookmarks)
"""

EXAMPLES = r"""
- name: Every output the other lane published and this one has not
  ansible.builtin.set_fact:
    "{{ item }}": "{{ hostvars['side_lane'][item] }}"
  loop: "{{ lookup('bookmarks.platform.role_outputs', wantlist=True) | select('in', hostvars['side_lane']) }}"
"""

RETURN = r"""
_raw:
  description: The output names, role by role in name order, each role's in its publish.yml's order.
  type: list
  elements: str
"""

from pathlib import Path
from typing import Any

from ansible import constants as C
from ansible.plugins.lookup import LookupBase

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_outputs import published_names


class LookupModule(LookupBase):
    def run(self, terms: list[Any], variables: dict[str, Any] | None = None, **kwargs: Any) -> list[str]:
        wanted = {str(term) for term in terms}
        roots = [Path(self._loader.get_basedir()) / "roles", *(Path(path) for path in C.DEFAULT_ROLES_PATH)]
        contracts: dict[str, Path] = {}
        for root in roots:
            for contract in sorted(root.glob("*/tasks/publish.yml")):
                role = contract.parent.parent.name
                if (not wanted or role in wanted) and role not in contracts:
                    contracts[role] = contract
        names: list[str] = []
        for role in sorted(contracts):
            names.extend(name for name in published_names(self._loader.load_from_file(str(contracts[role]))) if name not in names)
        return names
