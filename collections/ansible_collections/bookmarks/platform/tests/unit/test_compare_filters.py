"""The compare filters: differences (only what the wanted object names counts) and version_to_send."""

from __future__ import annotations

import pytest

from ansible_collections.bookmarks.platform.plugins.filter.compare import differences, version_to_send


def test_fields_the_api_adds_are_ignored() -> None:
    want = {"name": "m", "options": {"thresholds": {"critical": 0.05}}}
    have = {"id": 7, "name": "m", "created": "x", "options": {"thresholds": {"critical": 0.05, "warning": None}, "silenced": {}}}
    assert differences(want, have) == []


def test_each_differing_path_is_named() -> None:
    want = {"name": "m", "tags": ["a", "b"], "options": {"thresholds": {"critical": 0.05, "warning": 0.03}}}
    have = {"name": "n", "tags": ["a"], "options": {"thresholds": {"critical": 0.1, "warning": 0.03}}}
    assert differences(want, have) == ["name", "tags", "options.thresholds.critical"]


def test_numbers_by_value_and_missing_objects() -> None:
    assert differences({"a": 1}, {"a": 1.0}) == []
    assert differences({"a": True}, {"a": 1}) == ["a"]
    assert differences({"a": 1}, {"a": True}) == ["a"]
    assert differences({"a": {"b": 1}}, {}) == ["a"]
    assert differences({"a": [{"b": 1}]}, {"a": [{"b": 2, "c": 3}]}) == ["a[0].b"]
    assert differences({"a": "x"}, None) == ["."]


@pytest.mark.parametrize(
    ("wanted", "current", "sent"),
    [
        ("17.4", None, "17.4"),  # a new cluster: the inventory's version
        ("17.4", "", "17.4"),
        ("17.4", "17.5", "17.5"),  # AWS upgraded it on its own: never sent back down
        ("17.4", "17.4", "17.4"),
        ("17.6", "17.5", "17.6"),  # the inventory asks for more: an upgrade
        ("17.10", "17.9", "17.10"),  # compared as numbers, not as text
        ("17.9", "17.10", "17.10"),
        (17.4, "17.5", "17.5"),  # a YAML float
    ],
)
def test_the_version_sent_is_never_below_the_running_one(wanted: object, current: object, sent: str) -> None:
    assert version_to_send(wanted, current) == sent
