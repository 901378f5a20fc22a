"""Documents generated from the inventories: written by a make target, kept current by a test."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_or_check(target: Path, text: str, check: bool, make_target: str) -> int:
    """Write text to target; with check, exit 1 instead when the committed file differs."""
    name = target.relative_to(ROOT)
    if check:
        if not target.exists() or target.read_text() != text:
            print(f"{name} is out of date: run make {make_target}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text)
    print(f"wrote {name}")
    return 0
