#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A secret generated once and kept in SSM Parameter Store: read back on every later run."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ssm_generated_secret
version_added: 0.3.0
author: Bookmark Manager platform team (@bookmarks)
short_description: A random secret generated on the first run and read back from SSM afterwards
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Reads the SecureString parameter O(name). When it exists, its value is returned and nothing is
    written, so the secret never rotates by accident.
  - When it does not exist (or O(rotate=true)), a new random value is generated with Python's
    C(secrets) module and stored as a SecureString encrypted with O(kms_key_id).
  - "The returned RV(value) is the secret itself; give the task C(no_log: true)."
  - Supports check mode and diff mode; the diff never holds the value. In check mode nothing is
    written, and a missing parameter is reported as a change with a throwaway value.
options:
  name:
    description: The parameter's full name, for example C(/bookmark-manager/prod/aurora/master-password).
    type: str
    required: true
  length:
    description: Length of a generated value, in characters (16 to 4096).
    type: int
    default: 40
  alphabet:
    description:
      - C(alphanumeric) (letters and digits, safe in a URL, an RDS password and a shell) or
        C(urlsafe) (letters, digits, C(-) and C(_)).
    type: str
    choices: [alphanumeric, urlsafe]
    default: alphanumeric
  kms_key_id:
    description: The KMS key (ID, ARN or alias) that encrypts the parameter.
    type: str
    default: alias/aws/ssm
  description:
    description: The parameter's description.
    type: str
    default: ""
  tags:
    description: Tags of a new parameter.
    type: dict
    default: {}
  rotate:
    description: Replace an existing value with a new one (an explicit rotation).
    type: bool
    default: false
  create:
    description:
      - With C(false), the secret is only read, for a role that uses a secret another role
        generates; a parameter that does not exist fails the task, naming it (in check mode it
        gives a throwaway value, as the generating role's dry run does).
    type: bool
    default: true
    version_added: 0.6.0
  missing:
    description:
      - With O(create=false), what a parameter that does not exist gives - C(fail) fails the task
        naming it; C(empty) returns an empty value (a secret that exists only at times, such as the
        origin secret's second accepted value during a rotation).
    type: str
    choices: [fail, empty]
    default: fail
    version_added: 0.10.0
  initial:
    description:
      - The value of a parameter created by this run, instead of a generated one (a secret that
        starts as another's value - the API's JWT_SECRET_ACCEPTED starts as its JWT_SECRET). An
        existing parameter keeps its value; O(rotate) still generates a new one.
    type: str
    version_added: 0.11.0
  state:
    description: C(present) keeps or creates the secret; C(absent) deletes the parameter.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: The Aurora master password (generated once)
  bookmarks.platform.ssm_generated_secret:
    name: /bookmark-manager/prod/aurora/master-password
  register: master_password
  no_log: true
"""

RETURN = r"""
value:
  description: The secret (in check mode, for a parameter that does not exist, a throwaway value).
  returned: when state is present
  type: str
created:
  description: Whether the value was generated in this run (or would be, in check mode).
  returned: when state is present
  type: bool
version:
  description: The parameter's version after the run (0 when it does not exist).
  returned: always
  type: int
age:
  description:
    - Seconds since the value was last written (its C(LastModifiedDate)); 0 when it is new, or
      does not exist. A rotation's last phase waits on it (the JWT secret's finish).
  returned: when state is present
  type: int
  version_added: 0.11.0
"""

import secrets
import string
from datetime import UTC, datetime
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module

ALPHABETS = {
    "alphanumeric": string.ascii_letters + string.digits,
    "urlsafe": string.ascii_letters + string.digits + "-_",
}


def generate(length: int, alphabet: str) -> str:
    if not 16 <= length <= 4096:
        raise RuntimeError(f"length: {length} must be 16 to 4096")
    characters = ALPHABETS[alphabet]
    return "".join(secrets.choice(characters) for _position in range(length))


def read(client: Any, name: str) -> dict[str, Any] | None:
    try:
        return client.get_parameter(Name=name, WithDecryption=True)["Parameter"]
    except client.exceptions.ParameterNotFound:
        return None


def age(current: dict[str, Any] | None) -> int:
    """Whole seconds since the parameter was last written (AWS answers LastModifiedDate)."""
    if current is None or "LastModifiedDate" not in current:
        return 0
    return max(0, int((datetime.now(UTC) - current["LastModifiedDate"]).total_seconds()))


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    name = params["name"]
    current = read(client, name)
    state = {"name": name, "exists": current is not None}
    if params["state"] == "absent":
        if current is None:
            return {"changed": False, "version": 0}
        if not check_mode:
            client.delete_parameter(Name=name)
        return {"changed": True, "version": 0, "diff": {"before": state, "after": {"name": name, "exists": False}}}
    if current is not None and not params["rotate"]:
        return {"changed": False, "value": current["Value"], "created": False, "version": current["Version"], "age": age(current)}
    if not params["create"]:
        if current is None and params["missing"] == "empty":
            return {"changed": False, "value": "", "created": False, "version": 0, "age": 0}
        if current is not None or check_mode:  # rotate asks nothing of a reader
            value = current["Value"] if current else generate(params["length"], params["alphabet"])
            return {"changed": False, "value": value, "created": False, "version": current["Version"] if current else 0, "age": age(current)}
        raise RuntimeError(f"{name}: no such parameter; the role that generates this secret has not run yet")
    initial = params.get("initial") if current is None else None
    value = initial or generate(params["length"], params["alphabet"])
    after = {"name": name, "exists": True, "value": "(new, given)" if initial else "(new, generated)"}
    diff = {"before": state, "after": after}
    if check_mode:
        return {"changed": True, "value": value, "created": True, "version": current["Version"] if current else 0, "age": 0, "diff": diff}
    request: dict[str, Any] = {
        "Name": name,
        "Value": value,
        "Type": "SecureString",
        "KeyId": params["kms_key_id"],
        "Description": params["description"],
        "Overwrite": current is not None,
    }
    if current is None and params["tags"]:
        request["Tags"] = [{"Key": k, "Value": str(v)} for k, v in params["tags"].items()]
    version = client.put_parameter(**request)["Version"]
    return {"changed": True, "value": value, "created": True, "version": version, "age": 0, "diff": diff}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            length=dict(type="int", default=40),
            alphabet=dict(type="str", choices=list(ALPHABETS), default="alphanumeric"),
            kms_key_id=dict(type="str", default="alias/aws/ssm"),
            description=dict(type="str", default=""),
            tags=dict(type="dict", default={}),
            rotate=dict(type="bool", default=False),
            create=dict(type="bool", default=True),
            missing=dict(type="str", choices=["fail", "empty"], default="fail"),
            initial=dict(type="str", no_log=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        supports_check_mode=True,
    )
    run_module(module, "ssm", run, "Failed to manage the generated secret")


if __name__ == "__main__":
    main()
