# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting on AWS as it asks: reads that back off, bounded by a timeout, ending with what is pending."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any


def poll_delays(first: float = 2.0, factor: float = 1.5, cap: float = 30.0) -> Iterator[float]:
    """The pauses between two reads of a wait: from first, growing by factor up to cap (what takes
    AWS seconds to tens of minutes needs no read every 2 s for an hour)."""
    delay = first
    while True:
        yield delay
        delay = min(cap, delay * factor)


def wait_until(read: Callable[[], Any], done: Callable[[Any], bool], timeout: float, pending: Callable[[Any], str], first: float = 2.0) -> Any:
    """read() until done(answer), pausing as poll_delays(first) does; after timeout seconds a
    RuntimeError whose message is pending(last answer)."""
    deadline = time.monotonic() + timeout
    delays = poll_delays(first)
    while True:
        answer = read()
        if done(answer):
            return answer
        if time.monotonic() > deadline:
            raise RuntimeError(pending(answer))
        time.sleep(min(next(delays), max(0.0, deadline - time.monotonic()) + 0.1))
