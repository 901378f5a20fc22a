#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Serverless v2 scaling of an existing Aurora cluster, alone."""

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_serverless_v2_scaling
version_added: 0.6.0
author: Bookmark Manager platform team (@bookmarks)
short_description: Set the Serverless v2 scaling configuration of an existing Aurora cluster
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Sets the cluster's Serverless v2 capacity range, changing nothing else, when it differs or is
    missing. A cluster restored to a point in time has none, and AWS refuses a C(db.serverless)
    instance in it until it is set.
  - C(amazon.aws.rds_cluster) cannot do it for such a cluster - it compares every option it sends
    with the cluster's description, which then has no C(ServerlessV2ScalingConfiguration), and
    fails with a KeyError.
  - Supports check mode and diff mode.
options:
  db_cluster_identifier:
    description: The cluster.
    type: str
    required: true
  min_capacity:
    description: The lowest capacity, in ACUs (0 to 256, in steps of 0.5).
    type: float
    required: true
  max_capacity:
    description: The highest capacity, in ACUs.
    type: float
    required: true
"""

EXAMPLES = r"""
- name: The restored cluster's scaling, before its instances
  bookmarks.platform.rds_serverless_v2_scaling:
    db_cluster_identifier: bookmark-manager-production-aurora-restored-202611290230
    min_capacity: 0.5
    max_capacity: 16
"""

RETURN = r"""
scaling:
  description: The cluster's scaling configuration after the run.
  returned: always
  type: dict
  contains:
    min_capacity:
      description: Lowest ACUs.
      type: float
    max_capacity:
      description: Highest ACUs.
      type: float
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def current_scaling(client: Any, identifier: str) -> dict[str, float]:
    [cluster] = client.describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"]
    scaling = cluster.get("ServerlessV2ScalingConfiguration") or {}
    return {"min_capacity": float(scaling["MinCapacity"]), "max_capacity": float(scaling["MaxCapacity"])} if scaling else {}


def run(client: Any, params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    wanted = {"min_capacity": float(params["min_capacity"]), "max_capacity": float(params["max_capacity"])}
    if not 0 <= wanted["min_capacity"] <= wanted["max_capacity"] <= 256:
        raise RuntimeError(
            f"min_capacity / max_capacity: {wanted['min_capacity']} / {wanted['max_capacity']} "
            "must be 0 to 256, the minimum not above the maximum"
        )
    before = current_scaling(client, params["db_cluster_identifier"])
    if before == wanted:
        return {"changed": False, "scaling": before}
    if not check_mode:
        client.modify_db_cluster(
            DBClusterIdentifier=params["db_cluster_identifier"],
            ServerlessV2ScalingConfiguration={"MinCapacity": wanted["min_capacity"], "MaxCapacity": wanted["max_capacity"]},
            ApplyImmediately=True,
        )
    return {"changed": True, "scaling": wanted, "diff": {"before": before, "after": wanted}}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            db_cluster_identifier=dict(type="str", required=True),
            min_capacity=dict(type="float", required=True),
            max_capacity=dict(type="float", required=True),
        ),
        supports_check_mode=True,
    )
    run_module(module, "rds", run, "Failed to set the Serverless v2 scaling")


if __name__ == "__main__":
    main()
