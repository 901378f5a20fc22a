#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the saas_request action (it runs ansible.builtin.uri; there is no module code)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: saas_request
short_description: One call of a SaaS API (Atlas, Datadog, Sentry), with check mode
description:
  - Makes one HTTP call with M(ansible.builtin.uri) and decides its outcome itself, the pattern
    the atlas, datadog and sentry roles share.
  - A read (V(GET), or O(read=true)) runs in check mode too and never reports a change. A write
    outside check mode reports a change when the answer's status is in O(status).
  - "In check mode a write is not sent; it is reported as the change it would make, C(would
    <what>: METHOD path body), with the O(hidden) fields of the body shown as C((hidden))."
  - A status in O(answers) is returned for the caller to handle (a V(404) on a read). Any other
    status fails with the method, the path, the status and the vendor's error fields (Atlas's
    C(errorCode) and C(detail), Datadog's C(errors), Sentry's C(detail)), or with O(refused) for
    V(401) and V(403); never with the headers or the body.
  - The call runs C(no_log) (it carries the API keys); with O(secret) (the default) the answer is
    shown censored too, as C(no_log) does, while a failure's message stays visible.
version_added: 0.6.0
author:
  - Bookmark Manager platform team (@bookmarks)
options:
  what:
    description: What the call does, as a dry run and a failure name it (V(Create the cluster logs)).
    type: str
    required: true
  url:
    description: The API's base URL (or the whole URL, without O(path)).
    type: str
    required: true
  path:
    description: The path under O(url); messages name it instead of the whole URL.
    type: str
    default: ""
  method:
    description: The HTTP method.
    type: str
    default: GET
  headers:
    description: Request headers (the vendor's authentication and media type).
    type: dict
    default: {}
  body:
    description: The request body; a dict or list is sent as JSON, anything else as it is.
    type: raw
  status:
    description: The statuses that mean success.
    type: list
    elements: int
    default: [200]
  answers:
    description: Other statuses the caller handles itself, returned without failing.
    type: list
    elements: int
    default: []
  read:
    description: Whether the call only reads; by default, whether the method is V(GET) or V(HEAD).
    type: bool
  secret:
    description: Whether the answer is shown censored (it may hold a DSN, a key or a token).
    type: bool
    default: true
  hidden:
    description: Fields of the body a dry run shows as C((hidden)) (a password).
    type: list
    elements: str
    default: []
  refused:
    description: The message of a V(401) or V(403) answer (which key was refused, and what it needs).
    type: str
    default: ""
  url_username:
    description: User name for HTTP authentication (the public key of Atlas's digest).
    type: str
    default: ""
  url_password:
    description: Password for HTTP authentication (the private key of Atlas's digest).
    type: str
    default: ""
  force_basic_auth:
    description: Send basic authentication without waiting for a challenge.
    type: bool
    default: false
  timeout:
    description: Seconds to wait for the answer.
    type: int
    default: 30
attributes:
  check_mode:
    support: full
    description: Reads run; writes are reported as the change they would make, and not sent.
  diff_mode:
    support: partial
    description: In check mode the call a write would make is the task's difference; the roles
      compare what they read with what they want before they call.
"""

EXAMPLES = r"""
- name: Read the cluster
  bookmarks.platform.saas_request:
    what: Read the cluster logs
    url: "{{ atlas_api }}/clusters/logs"
    headers: {Accept: application/vnd.atlas.2024-08-05+json}
    answers: [404]
  register: cluster

- name: Create the Sentry project web
  bookmarks.platform.saas_request:
    what: Create the Sentry project web
    url: https://sentry.io/api/0/teams/org/team/projects/
    method: POST
    headers: {Authorization: "Bearer {{ token }}"}
    body: {name: web, platform: javascript-nextjs}
    status: [201]
"""

RETURN = r"""
status:
  description: The HTTP status of the answer (not in check mode for a write).
  returned: when the call was made
  type: int
json:
  description: The answer's JSON body.
  returned: when the call was made and the answer is JSON
  type: raw
msg:
  description: In check mode, the call a write would make; on failure, what failed.
  returned: in check mode for a write, and on failure
  type: str
"""
