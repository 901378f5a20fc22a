from __future__ import annotations

import pytest

from ansible_collections.bookmarks.platform.plugins.filter.network import subnet_layout_errors

GOOD = {
    "vpc_public_subnet_cidrs": ["10.0.1.0/24", "10.0.2.0/24"],
    "vpc_private_subnet_cidrs": ["10.0.11.0/24", "10.0.12.0/24"],
}


def errors(vpc: str = "10.0.0.0/16", **subnets: list[str]) -> list[str]:
    return subnet_layout_errors(vpc, "vpc_cidr", {**GOOD, **subnets})


def test_the_default_layout_is_valid() -> None:
    assert errors() == []


@pytest.mark.parametrize(
    ("vpc", "expected"),
    [
        ("10.0.0/16", "vpc_cidr: '10.0.0/16' is not an IPv4 CIDR block"),
        ("banana", "vpc_cidr: 'banana' is not an IPv4 CIDR block"),
        ("10.0.0.0", "vpc_cidr: '10.0.0.0' has no prefix length"),
        ("10.0.0.1/16", "vpc_cidr: '10.0.0.1/16' has host bits set (the network is 10.0.0.0/16)"),
        ("10.0.0.0/8", "vpc_cidr: '10.0.0.0/8' is a /8; AWS allows /16 to /28"),
        ("10.0.0.0/300", "vpc_cidr: '10.0.0.0/300' is not an IPv4 CIDR block"),
    ],
)
def test_a_bad_vpc_cidr_is_named(vpc: str, expected: str) -> None:
    assert any(message.startswith(expected) for message in errors(vpc)), errors(vpc)


def test_a_subnet_outside_the_vpc_is_named_with_its_index() -> None:
    assert errors(vpc_private_subnet_cidrs=["10.0.11.0/24", "10.1.12.0/24"]) == [
        "vpc_private_subnet_cidrs[1]: 10.1.12.0/24 is outside vpc_cidr 10.0.0.0/16"
    ]


def test_overlapping_subnets_name_both_sides() -> None:
    assert errors(vpc_private_subnet_cidrs=["10.0.11.0/24", "10.0.2.0/25"]) == [
        "vpc_private_subnet_cidrs[1]: 10.0.2.0/25 overlaps vpc_public_subnet_cidrs[1] 10.0.2.0/24"
    ]


def test_a_malformed_subnet_is_named() -> None:
    assert errors(vpc_public_subnet_cidrs=["10.0.1.0/24", "10.0.2.300/24"]) == [
        "vpc_public_subnet_cidrs[1]: '10.0.2.300/24' is not an IPv4 CIDR block (expected a form like 10.0.0.0/16)"
    ]


def test_a_string_instead_of_a_list_is_named() -> None:
    assert errors(vpc_public_subnet_cidrs="10.0.1.0/24") == [  # type: ignore[arg-type]
        "vpc_public_subnet_cidrs: expected a list of CIDR blocks, got '10.0.1.0/24'"
    ]


def test_subnets_are_still_checked_against_each_other_when_the_vpc_is_bad() -> None:
    found = errors("nope", vpc_private_subnet_cidrs=["10.0.1.0/24", "10.0.12.0/24"])
    assert found[0].startswith("vpc_cidr: 'nope'")
    assert "vpc_private_subnet_cidrs[0]: 10.0.1.0/24 overlaps vpc_public_subnet_cidrs[0] 10.0.1.0/24" in found
