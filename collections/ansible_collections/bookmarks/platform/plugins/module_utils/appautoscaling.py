"""What the Application Auto Scaling modules share: the options that name a scalable target."""

from __future__ import annotations

from typing import Any

TARGET_ARGUMENTS: dict[str, dict[str, Any]] = {
    "service_namespace": {"type": "str", "default": "ecs"},
    "resource_id": {"type": "str", "required": True},
    "scalable_dimension": {"type": "str", "default": "ecs:service:DesiredCount"},
}


def scope(params: dict[str, Any]) -> dict[str, str]:
    """The target's identity, as the API's keyword arguments."""
    return {
        "ServiceNamespace": params["service_namespace"],
        "ResourceId": params["resource_id"],
        "ScalableDimension": params["scalable_dimension"],
    }
