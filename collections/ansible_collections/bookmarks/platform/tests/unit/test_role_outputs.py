"""A role's output contract: the facts its publish.yml sets, blocks included, options left out."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.plugin_utils.role_outputs import published_names


def test_every_set_fact_key_in_order_once_without_set_facts_own_options() -> None:
    tasks = [
        {"name": "Publish", "ansible.builtin.set_fact": {"vpc_exists": True, "vpc_id": "vpc-1", "cacheable": False}},
        {"name": "Not a fact", "ansible.builtin.debug": {"msg": "x"}},
        {"block": [{"set_fact": {"vpc_id": "vpc-2", "vpc_cidr_block": "10.0.0.0/16"}}], "rescue": [{"set_fact": {"vpc_failed": True}}]},
    ]
    assert published_names(tasks) == ["vpc_exists", "vpc_id", "vpc_cidr_block", "vpc_failed"]


def test_an_empty_or_missing_contract_publishes_nothing() -> None:
    assert published_names(None) == []
    assert published_names([]) == []
    assert published_names(["not a task", {"set_fact": "key=value"}]) == []
