# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ecs_cluster role's reader for bookmarks.platform.role_state (module_utils/role_state.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import THREADS, Client, iam_role_state, log_group_state, or_none


def _repository(ecr: Any, name: str) -> dict[str, Any] | None:
    found = or_none(ecr.describe_repositories, ("RepositoryNotFoundException",), repositoryNames=[name])
    if not found:
        return None
    policy = (or_none(ecr.get_lifecycle_policy, ("LifecyclePolicyNotFoundException",), repositoryName=name) or {}).get("lifecyclePolicyText")
    return {**found["repositories"][0], "lifecyclePolicy": json.loads(policy) if policy else None}


def read_ecs_cluster(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ecs_cluster role's layer: the cluster (capacity providers, strategy, settings, Service
    Connect's default namespace, tags), the Service Connect namespace with its tags, the services'
    ECR repositories with their lifecycle policies, the two IAM roles with their policies, and the
    services' log groups. The role publishes names and ARNs only (no read)."""
    ecs, ecr, iam, logs = client("ecs"), client("ecr"), client("iam"), client("logs")
    with ThreadPoolExecutor(THREADS) as pool:
        namespace = pool.submit(_namespace, client("servicediscovery"), params["namespace"])
        cluster = pool.submit(ecs.describe_clusters, clusters=[params["cluster_name"]], include=["SETTINGS", "TAGS", "CONFIGURATIONS"])
        repositories = [pool.submit(_repository, ecr, name) for name in params["repositories"]]
        roles = [pool.submit(iam_role_state, iam, name) for name in params["roles"]]
        groups = [pool.submit(log_group_state, logs, name) for name in params["log_groups"]]
        state = {
            "Clusters": [found for found in cluster.result().get("clusters", []) if found.get("status") != "INACTIVE"],
            "Repositories": [future.result() for future in repositories],
            "Roles": [future.result() for future in roles],
            "LogGroups": [future.result() for future in groups],
            "Namespace": namespace.result(),
        }
    return state, {}


def _namespace(servicediscovery: Any, name: str) -> dict[str, Any] | None:
    """A Cloud Map namespace by name, with its tags."""
    pages = servicediscovery.get_paginator("list_namespaces").paginate(Filters=[{"Name": "NAME", "Values": [name], "Condition": "EQ"}])
    found = [namespace for page in pages for namespace in page.get("Namespaces", []) if namespace["Name"] == name]
    if not found:
        return None
    tags = servicediscovery.list_tags_for_resource(ResourceARN=found[0]["Arn"]).get("Tags", [])
    return {**found[0], "Tags": tags}
