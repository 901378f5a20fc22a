"""rotation_plan: the steps of playbooks/rotate.yml."""

from __future__ import annotations

from ansible_collections.bookmarks.platform.plugins.filter.rotation import rotation_plan

PHASES = {
    "origin": ["accept", "switch", "finish"],
    "database": ["prepare", "switch", "retire"],
    "jwt": ["accept", "switch", "finish"],
}


def test_all_runs_every_step_with_the_phase_of_each_secret() -> None:
    assert rotation_plan(["database", "jwt"], PHASES) == [
        {"step": 1, "phases": {"database": "prepare", "jwt": "accept"}},
        {"step": 2, "phases": {"database": "switch", "jwt": "switch"}},
        {"step": 3, "phases": {"database": "retire", "jwt": "finish"}},
    ]


def test_a_step_number_runs_that_step_of_each_secret() -> None:
    assert rotation_plan(["origin", "database"], PHASES, 3) == [{"step": 3, "phases": {"origin": "finish", "database": "retire"}}]
    assert rotation_plan(["origin"], PHASES, "2") == [{"step": 2, "phases": {"origin": "switch"}}]


def test_a_phase_name_runs_it_for_the_secrets_that_have_it_only() -> None:
    assert rotation_plan(["origin", "database"], PHASES, "prepare") == [{"step": 1, "phases": {"database": "prepare"}}]
    assert rotation_plan(["origin", "database", "jwt"], PHASES, "switch") == [
        {"step": 2, "phases": {"origin": "switch", "database": "switch", "jwt": "switch"}}
    ]


def test_nothing_to_run_is_an_empty_plan() -> None:
    assert rotation_plan([], PHASES) == []
    assert rotation_plan(["database"], PHASES, "finish") == []
