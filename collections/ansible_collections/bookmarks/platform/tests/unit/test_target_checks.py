from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.bookmarks.platform.plugins.plugin_utils.target_checks import restore_problems, target_problems

EMULATOR = {"aws_target": "emulator", "aws_endpoint_url": "http://127.0.0.1:5001", "aws_access_key": "testing", "env_name": "local"}
REAL = {"aws_target": "aws", "env_name": "prod", "env_key": "AKIAABCDEFGHIJKLMNOP"}
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def test_a_safe_target_has_no_problem() -> None:
    assert target_problems(EMULATOR) == []
    assert target_problems(REAL) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ({"aws_target": "moto"}, "aws_target: 'moto' must be emulator or aws (the inventory sets it)."),
        ({**EMULATOR, "aws_endpoint_url": ""}, "aws_endpoint_url: empty, but aws_target is emulator; refusing to send calls anywhere else."),
        ({**EMULATOR, "aws_access_key": "AKIAABCDEFGHIJKLMNOP"}, "aws_access_key: an emulator inventory takes dummy credentials only (testing)."),
        (
            {**REAL, "env_endpoints": ["", "http://127.0.0.1:5001"]},
            "aws_endpoint_url / AWS_ENDPOINT_URL: the prod inventory targets real AWS; unset the endpoint override (http://127.0.0.1:5001).",
        ),
        (
            {**REAL, "aws_access_key": "AKIAABCDEFGHIJKLMNOP"},
            "aws_access_key: the prod inventory takes credentials from the AWS chain (profile, SSO, role), never from inventory variables.",
        ),
        ({**REAL, "env_key": "testing"}, "AWS_ACCESS_KEY_ID: looks like a dummy or emulator key; the prod inventory needs real credentials."),
        ({**REAL, "env_key": "not-a-key"}, "AWS_ACCESS_KEY_ID: looks like a dummy or emulator key; the prod inventory needs real credentials."),
        (
            {**REAL, "ecs_cluster_standin_image_tag": "standin"},
            "ecs_cluster_standin_image_tag: stand-in images are for the emulator; the prod inventory targets real AWS.",
        ),
    ],
)
def test_each_unsafe_target_is_named(target: dict[str, object], expected: str) -> None:
    assert target_problems(target) == [expected]


def test_restore_latest_or_a_past_time() -> None:
    assert restore_problems("latest", "bm-aurora-restored", "bm-aurora", NOW) == []
    assert restore_problems("2026-12-07T11:59:00Z", "bm-aurora-restored", "bm-aurora", NOW) == []


@pytest.mark.parametrize(
    ("when", "cluster", "expected"),
    [
        ("yesterday", "r", 'restore_time: "yesterday" must be a UTC time yyyy-mm-ddThh:mm:ssZ (for example 2026-11-29T02:30:00Z) or latest.'),
        (
            "2026-13-40T00:00:00Z",
            "r",
            'restore_time: "2026-13-40T00:00:00Z" must be a UTC time yyyy-mm-ddThh:mm:ssZ (for example 2026-11-29T02:30:00Z) or latest.',
        ),
        ("2026-12-07T12:00:01Z", "r", "restore_time: 2026-12-07T12:00:01Z is in the future."),
        ("latest", "bm-aurora", "restore_cluster_id: bm-aurora must be lower-case letters, digits and hyphens (at most 63), not the source cluster."),
        ("latest", "Restored", "restore_cluster_id: Restored must be lower-case letters, digits and hyphens (at most 63), not the source cluster."),
    ],
)
def test_each_bad_restore_input_is_named(when: str, cluster: str, expected: str) -> None:
    assert restore_problems(when, cluster, "bm-aurora", NOW) == [expected]
