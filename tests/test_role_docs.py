"""Each role's README input table is the one its argument spec gives, and spec and defaults agree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import role_docs


def test_every_readme_spec_and_default_agree() -> None:
    found = [problem for role in role_docs.roles() for problem in role_docs.problems(role)]
    assert found == []
    assert len(role_docs.roles()) == 15


@pytest.fixture
def vpc(tmp_path: Path) -> Path:
    role = tmp_path / "vpc"
    shutil.copytree(role_docs.ROLES / "vpc", role)
    assert role_docs.problems(role) == []
    return role


def test_a_default_changed_in_one_place_is_named(vpc: Path) -> None:
    defaults = vpc / "defaults" / "main.yml"
    defaults.write_text(defaults.read_text().replace("vpc_wait_timeout: 600", "vpc_wait_timeout: 300"))
    assert role_docs.problems(vpc) == [
        "vpc: vpc_wait_timeout defaults to 600 in meta/argument_specs.yml but to 300 in defaults/main.yml",
        "vpc: README.md's inputs table is not the one meta/argument_specs.yml gives: run make role-docs",
    ]


def test_an_input_without_a_spec_or_a_hand_edited_table_is_named(vpc: Path) -> None:
    defaults = vpc / "defaults" / "main.yml"
    defaults.write_text(defaults.read_text() + "vpc_undocumented: 1\n")
    readme = vpc / "README.md"
    readme.write_text(readme.read_text().replace("Seconds to wait for NAT gateways", "Minutes to wait for NAT gateways"))
    assert role_docs.problems(vpc) == [
        "vpc: vpc_undocumented is set in defaults/main.yml but is not an input of meta/argument_specs.yml",
        "vpc: README.md's inputs table is not the one meta/argument_specs.yml gives: run make role-docs",
    ]


def test_the_table_shows_spec_choices_and_computed_defaults() -> None:
    table = role_docs.table(role_docs.ROLES / "certificates")
    assert "| `certificates_name_prefix` | required |" in table
    assert "| `certificates_alb_domain` | `origin.{{ certificates_zone_name }}` |" in table
    assert "One of `RSA_2048`, `EC_prime256v1`, `EC_secp384r1`." in table


def test_an_output_named_like_an_input_or_left_out_of_the_readme_is_named(vpc: Path) -> None:
    contract = vpc / "tasks" / "publish.yml"
    contract.write_text(contract.read_text() + "    vpc_cidr: \"{{ vpc_cidr }}\"\n    vpc_flow_log_id: x\n")
    assert role_docs.problems(vpc) == [
        "vpc: vpc_cidr is both an input (meta/argument_specs.yml) and an output (tasks/publish.yml)",
        "vpc: vpc_flow_log_id, an output of tasks/publish.yml, is not in README.md",
    ]


def test_the_contracts_name_what_the_lanes_hand_over() -> None:
    assert role_docs.outputs(role_docs.ROLES / "vpc") == [
        "vpc_exists", "vpc_id", "vpc_cidr_block", "vpc_public_subnet_ids", "vpc_private_subnet_ids",
        "vpc_subnet_availability_zones", "vpc_nat_gateway_ids", "vpc_nat_public_ips",
    ]
    producers = [role.name for role in role_docs.roles() if role_docs.outputs(role)]
    assert len(producers) == 15


def test_a_variable_a_skipping_role_reads_but_its_digest_does_not_cover_is_named(vpc: Path) -> None:
    present = vpc / "tasks" / "present.yml"
    present.write_text(present.read_text().replace("cidr_block: \"{{ vpc_cidr }}\"", "cidr_block: \"{{ vpc_cidr_override | default(vpc_cidr) }}\""))
    assert role_docs.problems(vpc) == [
        "vpc: vpc_cidr_override is read by the role but is not an input of its entry point main, which its digest covers",
    ]
