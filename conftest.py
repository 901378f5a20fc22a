"""Shared pytest setup: import path for the project's collection, and no way to reach real AWS."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "collections"))
sys.path.insert(0, str(ROOT))

# Dummy credentials only, and no profile or config file that could name a real account.
for variable in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(variable, None)
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="ap-northeast-1",
    AWS_CONFIG_FILE=os.devnull,
    AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    # moto reads this when it is first imported: ACM certificates issue at once, as in the emulator.
    MOTO_ACM_VALIDATION_WAIT="0",
)


# Ordered phases on one stack (tests/test_site.py, marked `phases`): once a phase fails, the later
# ones of its module are skipped, naming the phase that failed, instead of failing on its leftovers.
_FAILED_PHASE: dict[str, str] = {}


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> None:
    if call.excinfo is not None and call.when in ("setup", "call") and item.get_closest_marker("phases"):
        _FAILED_PHASE.setdefault(str(item.path), item.name)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("phases") and str(item.path) in _FAILED_PHASE:
        pytest.skip(f"an earlier phase failed: {_FAILED_PHASE[str(item.path)]}")
