"""Filters that validate network inputs on the controller, before any AWS call."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

AWS_MIN_PREFIX = 16
AWS_MAX_PREFIX = 28


def _parse(name: str, value: Any) -> tuple[ipaddress.IPv4Network | None, str | None]:
    text = str(value).strip() if value is not None else ""
    try:
        network = ipaddress.IPv4Network(text, strict=False)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        return None, f"{name}: '{value}' is not an IPv4 CIDR block (expected a form like 10.0.0.0/16)"
    if "/" not in text:
        return None, f"{name}: '{value}' has no prefix length (expected a form like {network.network_address}/24)"
    if str(network) != text:
        return None, f"{name}: '{value}' has host bits set (the network is {network})"
    if not AWS_MIN_PREFIX <= network.prefixlen <= AWS_MAX_PREFIX:
        return None, (
            f"{name}: '{value}' is a /{network.prefixlen}; AWS allows /{AWS_MIN_PREFIX} to /{AWS_MAX_PREFIX}"
        )
    return network, None


def subnet_layout_errors(parent_cidr: Any, parent_name: str, subnets: Mapping[str, Iterable[Any]]) -> list[str]:
    errors: list[str] = []
    parent, error = _parse(parent_name, parent_cidr)
    if error:
        errors.append(error)

    parsed: list[tuple[str, ipaddress.IPv4Network]] = []
    for variable, cidrs in subnets.items():
        if isinstance(cidrs, (str, bytes)) or not isinstance(cidrs, Iterable):
            errors.append(f"{variable}: expected a list of CIDR blocks, got '{cidrs}'")
            continue
        for index, cidr in enumerate(cidrs):
            label = f"{variable}[{index}]"
            network, error = _parse(label, cidr)
            if error:
                errors.append(error)
                continue
            assert network is not None
            if parent is not None and not network.subnet_of(parent):
                errors.append(f"{label}: {network} is outside {parent_name} {parent}")
            for other_label, other in parsed:
                if network.overlaps(other):
                    errors.append(f"{label}: {network} overlaps {other_label} {other}")
            parsed.append((label, network))
    return errors


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"subnet_layout_errors": subnet_layout_errors}
