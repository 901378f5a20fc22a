# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks made before any AWS call that are not one role's inputs: the target of a run (preflight)
and the point in time of a restore. Each returns its problems as messages naming the variable."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

DUMMY_KEYS = {"testing", "test", "dummy", "fake", "foobar", "akiaiosfodnn7example"}
EMULATOR_KEYS = {"testing", "test", "dummy"}
AWS_KEY = re.compile(r"^(AKIA|ASIA)[A-Z0-9]{16}$")
RESTORE_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
CLUSTER_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


def is_dummy_key(key: str) -> bool:
    """A key of the emulator, an example, or anything that is not shaped as an AWS access key ID."""
    return key.lower() in DUMMY_KEYS or bool(key and not AWS_KEY.match(key))


def target_problems(target: Mapping[str, Any]) -> list[str]:
    """What makes the run's target unsafe: an emulator inventory with real credentials or no endpoint,
    a real-AWS inventory with an endpoint override, inventory keys, a dummy key or stand-in images.

    target: aws_target, aws_endpoint_url, aws_access_key, env_name, ecs_cluster_standin_image_tag (the
    inventory's), env_endpoints (AWS_ENDPOINT_URL, AWS_URL, EC2_URL as set) and env_key (AWS_ACCESS_KEY_ID).
    """
    kind = str(target.get("aws_target") or "")
    endpoint = str(target.get("aws_endpoint_url") or "")
    access_key = str(target.get("aws_access_key") or "")
    env_name = str(target.get("env_name") or "")
    env_endpoints = [str(url) for url in target.get("env_endpoints") or [] if url]
    emulator, real = kind == "emulator", kind == "aws"
    problems = []
    if not (emulator or real):
        problems.append(f"aws_target: '{kind}' must be emulator or aws (the inventory sets it).")
    if emulator and not endpoint:
        problems.append("aws_endpoint_url: empty, but aws_target is emulator; refusing to send calls anywhere else.")
    if emulator and access_key.lower() not in EMULATOR_KEYS:
        problems.append("aws_access_key: an emulator inventory takes dummy credentials only (testing).")
    if real and (endpoint or env_endpoints):
        overrides = ", ".join(url for url in [endpoint, *env_endpoints] if url)
        problems.append(f"aws_endpoint_url / AWS_ENDPOINT_URL: the {env_name} inventory targets real AWS; unset the endpoint override ({overrides}).")
    if real and access_key:
        problems.append(
            f"aws_access_key: the {env_name} inventory takes credentials from the AWS chain (profile, SSO, role), never from inventory variables."
        )
    if real and is_dummy_key(str(target.get("env_key") or "")):
        problems.append(f"AWS_ACCESS_KEY_ID: looks like a dummy or emulator key; the {env_name} inventory needs real credentials.")
    if real and target.get("ecs_cluster_standin_image_tag"):
        problems.append(f"ecs_cluster_standin_image_tag: stand-in images are for the emulator; the {env_name} inventory targets real AWS.")
    return problems


def restore_problems(restore_time: str, cluster_id: str, source: str, now: datetime | None = None) -> list[str]:
    """restore_time is `latest` or a past UTC time yyyy-mm-ddThh:mm:ssZ; the new cluster's identifier is
    valid and not the source's."""
    problems = []
    parsed = None
    if RESTORE_TIME.match(str(restore_time)):
        try:
            parsed = datetime.strptime(str(restore_time), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        except ValueError:
            parsed = None
    if restore_time != "latest" and parsed is None:
        problems.append(f'restore_time: "{restore_time}" must be a UTC time yyyy-mm-ddThh:mm:ssZ (for example 2026-11-29T02:30:00Z) or latest.')
    if parsed is not None and parsed > (now or datetime.now(timezone.utc)):
        problems.append(f"restore_time: {restore_time} is in the future.")
    if not CLUSTER_ID.match(str(cluster_id)) or cluster_id == source:
        problems.append(f"restore_cluster_id: {cluster_id} must be lower-case letters, digits and hyphens (at most 63), not the source cluster.")
    return problems
