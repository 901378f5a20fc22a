#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the role_inputs action (it runs on the controller; there is no module code)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: role_inputs
short_description: Check roles' inputs before any API call
description:
  - For each role, validates its variables against the role's argument spec (the entry point's
    C(options) in C(meta/argument_specs.yml) - types, choices, required inputs, defaults), then
    applies the role's cross-field rules (C(plugins/plugin_utils/rules/<role>.py)), such as
    subnets inside the VPC or a task memory that Fargate allows with the CPU.
  - Fails with one line per problem, each naming the variable. Values of options marked
    C(no_log) never appear in a message.
  - Runs on the controller and calls no API; C(playbooks/preflight.yml) checks every role with
    one task, and each role's C(validate) entry point checks its own.
version_added: 0.6.0
author:
  - Bookmark Manager platform team (@bookmarks)
options:
  roles:
    description: The roles whose inputs to check, found in the configured roles path.
    type: list
    elements: str
    required: true
  entry_point:
    description:
      - The argument spec entry point that lists the inputs, and whose cross-field rules apply
        (V(validate) every input, as preflight checks them; V(main) the build, which also needs the
        inputs other roles' outputs are wired to; V(absent) a removal, which needs no secret).
    type: str
    default: validate
  rules_for:
    description:
      - The entry point whose cross-field rules apply, where it is not O(entry_point); preflight
        checks the V(validate) inputs with the rules of V(absent) before a teardown.
    type: str
attributes:
  check_mode:
    support: full
    description: It only reads its inputs, so check mode runs it in full.
  diff_mode:
    support: none
    description: It changes nothing, so there is nothing to show.
"""

EXAMPLES = r"""
- name: Check every role's inputs
  bookmarks.platform.role_inputs:
    roles: [vpc, security_groups, alb]
"""

RETURN = r"""
msg:
  description: The problems found, one per line, or that the inputs are valid.
  returned: always
  type: str
digests:
  description:
    - For each role checked at the V(main) entry point whose inputs hold no secret, the hash of its
      validated inputs, its files and the collection's code (C(plugins/plugin_utils/role_digest.py)),
      for M(bookmarks.platform.role_state).
  returned: always
  type: dict
  sample: {vpc: 5f0c0b7e...}
typed:
  description:
    - Every number and boolean input of the roles checked (options of type int, float or bool that
      are not secret), as the argument spec converted it. A value given on the command line arrives
      as a string (C(-e cloudfront_waf_rate_limit=3000)); the roles use these instead, so that an API
      receives the type it expects. Strings, lists and dicts are left out, as they may hold a secret.
  returned: always
  type: dict
  sample: {cloudfront_waf_rate_limit: 2000, vpc_flow_logs_enabled: true}
"""
