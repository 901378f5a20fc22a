"""The options that name an Application Auto Scaling scalable target."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  service_namespace:
    description: The namespace of the scalable target.
    type: str
    default: ecs
  resource_id:
    description: The scalable target, for example V(service/my-cluster/my-service).
    type: str
    required: true
  scalable_dimension:
    description: The scalable dimension.
    type: str
    default: ecs:service:DesiredCount
"""
