# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The aurora role's reader for bookmarks.platform.role_state (module_utils/role_state.py)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ansible_collections.bookmarks.platform.plugins.module_utils.role_state import THREADS, Client, or_none, parameter_state


def _db(rds: Any, kind: str, identifier: str) -> dict[str, Any] | None:
    """An RDS cluster (kind cluster) or instance (instance) by identifier, or None."""
    operation, key, code = {
        "cluster": ("describe_db_clusters", "DBClusters", "DBClusterNotFoundFault"),
        "instance": ("describe_db_instances", "DBInstances", "DBInstanceNotFound"),
    }[kind]
    request = {"DBClusterIdentifier" if kind == "cluster" else "DBInstanceIdentifier": identifier}
    found = or_none(getattr(rds, operation), (code,), **request)
    return found[key][0] if found and found.get(key) else None


def _parameter_group(rds: Any, name: str) -> dict[str, Any] | None:
    """The cluster parameter group and the parameters set in it (Source user), or None."""
    if not name:
        return None
    found = or_none(rds.describe_db_cluster_parameter_groups, ("DBParameterGroupNotFound", "DBClusterParameterGroupNotFound"), DBClusterParameterGroupName=name)
    if not found or not found.get("DBClusterParameterGroups"):
        return None
    parameters = rds.describe_db_cluster_parameters(DBClusterParameterGroupName=name, Source="user").get("Parameters", [])
    return {"Group": found["DBClusterParameterGroups"][0], "Parameters": sorted((p["ParameterName"], p.get("ParameterValue")) for p in parameters)}


def read_aurora(client: Client, params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The aurora role's layer: the DB subnet group, the cluster parameter group and the parameters
    set in it, the cluster (its Data API and the master secret RDS manages included), its
    instances and the application password's parameter (metadata only: a new version is a new
    password)."""
    rds, ssm = client("rds"), client("ssm")
    with ThreadPoolExecutor(THREADS) as pool:
        group = pool.submit(or_none, rds.describe_db_subnet_groups, ("DBSubnetGroupNotFoundFault",), DBSubnetGroupName=params["subnet_group"])
        cluster = pool.submit(_db, rds, "cluster", params["cluster_id"])
        instances = [pool.submit(_db, rds, "instance", identifier) for identifier in params["instance_ids"]]
        passwords = [pool.submit(parameter_state, ssm, name) for name in params["password_parameters"]]
        parameters = pool.submit(_parameter_group, rds, params.get("parameter_group", ""))
        state = {
            "SubnetGroup": (group.result() or {}).get("DBSubnetGroups"),
            "ParameterGroup": parameters.result(),
            "Cluster": cluster.result(),
            "Instances": [future.result() for future in instances],
            "Passwords": [future.result() for future in passwords],
        }
    found_cluster = state["Cluster"] or {}
    return state, {"endpoint": found_cluster.get("Endpoint", ""), "reader_endpoint": found_cluster.get("ReaderEndpoint", "")}
