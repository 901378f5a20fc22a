# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions of the saas_request action, apart from Ansible: what a dry run says, what
counts as success, and the message of a failure (never a secret: only the method, the path, the
status and the vendor's own error fields)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

HIDDEN = "(hidden)"
READ_METHODS = frozenset({"GET", "HEAD"})
REFUSED = frozenset({401, 403})


def path_of(url: str) -> str:
    """The URL without scheme and host: what messages show (the host is the inventory's)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shown_body(body: Any, hidden: list[str]) -> Any:
    """The body as a dry run shows it: the hidden fields' values replaced."""
    if isinstance(body, dict):
        return {key: HIDDEN if key in hidden else value for key, value in body.items()}
    return body


def would(what: str, method: str, path: str, body: Any, hidden: list[str]) -> str:
    """A dry run's line for a call it does not make: "would <what>: METHOD path body"."""
    shown = shown_body(body, hidden)
    tail = "" if shown in (None, "", {}) else f" {json.dumps(shown, sort_keys=True)}"
    return f"would {what[:1].lower()}{what[1:]}: {method} {path}{tail}"


def vendor_error(answer: Any) -> str:
    """The error fields Atlas (errorCode, detail), Datadog (errors) and Sentry (detail) send."""
    if not isinstance(answer, dict):
        return ""
    parts = [str(answer[key]) for key in ("errorCode", "detail", "reason") if answer.get(key)]
    errors = answer.get("errors")
    if isinstance(errors, list) and errors:
        parts.append("; ".join(str(error) for error in errors))
    return " ".join(parts)


def outcome(status: int, success: list[int], answers: list[int]) -> str:
    """success, answer (a status the caller handles, such as 404 on a read) or failure."""
    if status in success:
        return "success"
    if status in answers:
        return "answer"
    return "failure"


def failure(what: str, method: str, path: str, status: int, answer: Any, refused: str, reason: str = "") -> str:
    """The message of a failed call: the refusal's own words for 401/403 when the role gave some."""
    if status in REFUSED and refused:
        return f"{refused} (HTTP {status} {vendor_error(answer)})".replace(" )", ")")
    detail = vendor_error(answer) or reason
    got = f"HTTP {status}" if status > 0 else "no answer"
    return f"{what}: {method} {path}: {got} {detail}".rstrip()
