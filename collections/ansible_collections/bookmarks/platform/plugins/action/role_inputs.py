# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the inputs of roles: their argument specs, then their cross-field rules, with no API call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible_collections.bookmarks.platform.plugins.plugin_utils import role_digest, role_inputs


SCALAR_TYPES = ("int", "float", "bool")


def scalars(spec: dict[str, Any]) -> set[str]:
    """The options of a spec that are numbers or booleans and not secret."""
    return {name for name, option in spec.items() if option.get("type") in SCALAR_TYPES and not option.get("no_log")}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def role_dirs(self) -> list[Path]:
        """Where roles are looked up: the configured roles path, then roles/ beside the playbook."""
        basedir = Path(self._loader.get_basedir())
        return [Path(path) for path in C.DEFAULT_ROLES_PATH] + [basedir / "roles", basedir.parent / "roles"]

    def role_path(self, role: str) -> Path:
        for directory in self.role_dirs():
            if (directory / role / "meta" / "argument_specs.yml").is_file():
                return directory / role
        raise AnsibleError(f"role {role!r}: no meta/argument_specs.yml under {', '.join(map(str, self.role_dirs()))}")

    @staticmethod
    def argument_spec(role_path: Path, entry_point: str) -> dict[str, Any]:
        path = role_path / "meta" / "argument_specs.yml"
        specs = yaml.safe_load(path.read_text())["argument_specs"]
        if entry_point not in specs:
            raise AnsibleError(f"{path}: no entry point {entry_point!r}")
        return specs[entry_point].get("options") or {}

    def role_defaults(self, role_path: Path) -> dict[str, Any]:
        """defaults/main.yml, which the role sees below every other variable (outside the role too)."""
        path = role_path / "defaults" / "main.yml"
        return (self._loader.load_from_file(str(path), trusted_as_template=True) or {}) if path.is_file() else {}

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        roles = self._task.args.get("roles")
        entry_point = self._task.args.get("entry_point", "validate")
        rules_for = self._task.args.get("rules_for") or entry_point
        if not isinstance(roles, list) or not roles:
            raise AnsibleError("roles: a list of role names is required")
        found: list[str] = []
        digests: dict[str, str] = {}
        typed: dict[str, Any] = {}
        for role in roles:
            role_path = self.role_path(role)
            spec = self.argument_spec(role_path, entry_point)
            # Outside the role (preflight) its defaults are not among the task's variables.
            variables = {**self.role_defaults(role_path), **task_vars}
            templar = self._templar.copy_with_new_env(available_variables=variables)
            provided = templar.template({name: variables[name] for name in spec if name in variables})
            validated = ArgumentSpecValidator(spec).validate(provided, validate_role_argument_spec=True)
            secrets = validated._no_log_values  # pylint: disable=protected-access
            if validated.error_messages:
                found.extend(f"{role}: {remove_values(message, secrets)}" for message in validated.error_messages)
            else:
                found.extend(remove_values(message, secrets) for message in role_inputs.problems(role, validated.validated_parameters, rules_for))
                # The numbers and booleans as the spec converted them (-e x=3000 arrives as a string and
                # goes on as an int); the roles use these. Nothing else: a registered result is printed
                # with -v, and a string or a structure may hold a secret.
                typed.update({name: value for name, value in validated.validated_parameters.items() if name in scalars(spec)})
                # A role with secret inputs gets no digest: a hash of them would be stored in AWS.
                if entry_point == "main" and not secrets:
                    digests[role] = role_digest.inputs_digest(role_path, validated.validated_parameters)
        result["changed"] = False
        result["digests"] = digests
        result["typed"] = typed
        if found:
            result["failed"] = True
            result["msg"] = "\n".join(found)
        else:
            result["msg"] = f"The inputs of {', '.join(roles)} are valid."
        return result
