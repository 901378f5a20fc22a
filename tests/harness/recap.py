"""The PLAY RECAP of an ansible-playbook output, summed over its hosts.

site.yml and teardown.yml run on two controller hosts (localhost and side_lane), so a count
such as changed is the sum of every host's line of the last recap."""

from __future__ import annotations

import re

LINE = re.compile(
    r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)"
    r"\s+failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)",
    re.M,
)
COUNTS = ("ok", "changed", "unreachable", "failed", "skipped")


def recap(output: str) -> dict[str, int] | None:
    """The last PLAY RECAP's counts summed over its hosts, with hosts (their number); None without one."""
    start = output.rfind("PLAY RECAP")
    if start < 0:
        return None
    lines = list(LINE.finditer(output, start))
    if not lines:
        return None
    totals = {count: sum(int(line[count]) for line in lines) for count in COUNTS}
    return {**totals, "hosts": len(lines)}
