# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One call of a SaaS API (Atlas, Datadog, Sentry) through ansible.builtin.uri, with check mode."""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase
from ansible_collections.bookmarks.platform.plugins.plugin_utils import saas_request as decide

ARGUMENT_SPEC: dict[str, Any] = {
    "what": {"type": "str", "required": True},
    "url": {"type": "str", "required": True},
    "path": {"type": "str", "default": ""},
    "method": {"type": "str", "default": "GET"},
    "headers": {"type": "dict", "default": {}, "no_log": False},
    "body": {"type": "raw"},
    "status": {"type": "list", "elements": "int", "default": [200]},
    "answers": {"type": "list", "elements": "int", "default": []},
    "read": {"type": "bool"},
    "secret": {"type": "bool", "default": True},
    "hidden": {"type": "list", "elements": "str", "default": []},
    "refused": {"type": "str", "default": ""},
    "url_username": {"type": "str", "default": ""},
    "url_password": {"type": "str", "default": "", "no_log": True},
    "force_basic_auth": {"type": "bool", "default": False},
    "timeout": {"type": "int", "default": 30},
}
# Every status comes back to this plugin, which decides what is a success (uri would fail with
# the response, headers included, in its message).
ANY_STATUS = list(range(100, 600))


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        validated = ArgumentSpecValidator(ARGUMENT_SPEC).validate(self._task.args)
        if validated.error_messages:
            raise AnsibleError(f"saas_request: {'; '.join(validated.error_messages)}")
        args = validated.validated_parameters
        method = args["method"].upper()
        url = args["url"] + args["path"]
        # Messages name the path under the API (the base URL is the inventory's).
        shown = args["path"] or decide.path_of(url)
        read = method in decide.READ_METHODS if args["read"] is None else args["read"]
        result["changed"] = False
        if self._task.check_mode and not read:
            # uri has no check mode: the call a dry run would make is reported as the change.
            result["changed"] = True
            result["msg"] = decide.would(args["what"], method, shown, args["body"], args["hidden"])
            # --diff shows it as the task's difference (the plan lists it too).
            result["diff"] = {"prepared": result["msg"]}
            return result
        module_args = {
            "url": url,
            "method": method,
            "headers": args["headers"],
            "status_code": ANY_STATUS,
            "timeout": args["timeout"],
            "force_basic_auth": args["force_basic_auth"],
        }
        if args["url_username"]:
            module_args.update(url_username=args["url_username"], url_password=args["url_password"])
        if args["body"] is not None:
            module_args["body"] = args["body"]
            module_args["body_format"] = "json" if isinstance(args["body"], (dict, list)) else "raw"
        # uri has no check mode and would skip itself: a read runs in a dry run too, and a write
        # gets here only outside one. The call carries keys: uri runs it no_log.
        check_mode, no_log = self._task.check_mode, self._task.no_log
        self._task.check_mode, self._task.no_log = False, True
        try:
            answer = self._execute_module("ansible.builtin.uri", module_args=module_args, task_vars=task_vars, wrap_async=False)
        finally:
            self._task.check_mode, self._task.no_log = check_mode, no_log
        status = int(answer.get("status", -1))
        got = answer.get("json")
        verdict = decide.outcome(status, args["status"], args["answers"])
        if verdict == "failure":
            # Only the method, the path, the status and the vendor's error: never the headers.
            result["failed"] = True
            result["status"] = status
            result["msg"] = decide.failure(args["what"], method, shown, status, got, args["refused"], str(answer.get("msg", "")))
            return result
        result["status"] = status
        result["json"] = got
        result["changed"] = verdict == "success" and not read
        if args["secret"]:
            # The answer may hold a secret (a DSN, a token): shown as censored, as no_log does.
            result["_ansible_no_log"] = True
        return result
