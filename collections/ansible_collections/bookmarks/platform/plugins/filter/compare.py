"""Compare a wanted API object with what an API returned (for roles written with uri)."""

from __future__ import annotations

from typing import Any


def _differences(want: Any, have: Any, path: str, found: list[str]) -> None:
    if isinstance(want, dict):
        if not isinstance(have, dict):
            found.append(path or ".")
            return
        for key, value in want.items():
            _differences(value, have.get(key), f"{path}.{key}" if path else str(key), found)
    elif isinstance(want, list):
        if not isinstance(have, list) or len(want) != len(have):
            found.append(path or ".")
            return
        for index, (w, h) in enumerate(zip(want, have)):
            _differences(w, h, f"{path}[{index}]", found)
    elif isinstance(want, bool) or isinstance(have, bool):
        if want is not have:
            found.append(path or ".")
    elif isinstance(want, (int, float)):
        if isinstance(have, bool) or not isinstance(have, (int, float)) or float(want) != float(have):
            found.append(path or ".")
    elif want != have:
        found.append(path or ".")


def differences(want: Any, have: Any) -> list[str]:
    """The paths (a.b[0].c) at which have differs from want. Only what want names is compared:
    keys the API adds (ids, defaults, timestamps) are ignored; 1 and 1.0 are equal."""
    found: list[str] = []
    _differences(want, have, "", found)
    return found


def version_key(version: Any) -> tuple[int, ...]:
    return tuple(int(part) for part in str(version).split(".") if part.isdigit())


def version_to_send(wanted: Any, current: Any = None) -> str:
    """The engine version a converge asks for: the wanted one on create or when it is higher than
    the running one; otherwise the running one, so that a minor version AWS upgraded to on its own
    (auto minor version upgrade) is never sent back down (AWS refuses a downgrade)."""
    if not current or version_key(wanted) > version_key(current):
        return str(wanted)
    return str(current)


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"differences": differences, "version_to_send": version_to_send}
