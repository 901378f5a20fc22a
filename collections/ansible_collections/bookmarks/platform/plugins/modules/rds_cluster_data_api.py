#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS Data API of an Aurora cluster, and the master secret RDS manages for it."""

from __future__ import annotations

DOCUMENTATION = r"""
module: rds_cluster_data_api
version_added: 0.10.0
author: Bookmark Manager platform team (@bookmarks)
short_description: The Data API of an Aurora cluster, with the master password managed by RDS
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
description:
  - Turns on C(ManageMasterUserPassword) on an existing cluster when it is off - RDS then sets a
    new master password that nobody has seen, keeps it in a Secrets Manager secret of its own and
    rotates it (every 7 days by default) - and waits until the secret is active.
  - Turns on the cluster's Data API (C(EnableHttpEndpoint), the Data API for Aurora PostgreSQL
    provisioned and Serverless v2 clusters) when it is off.
  - "C(amazon.aws.rds_cluster) (amazon.aws 11.4) has no option for the managed password, and its
    C(enable_http_endpoint) fails every update with a KeyError on C(EnableHttpEndpoint) - it compares
    the option with a key DescribeDBClusters does not answer (the answer's is C(HttpEndpointEnabled))."
  - With I(rotate), asks Secrets Manager to rotate the master secret now (RDS's own rotation).
  - Supports check mode and diff mode.
options:
  db_cluster_identifier:
    description: The cluster.
    type: str
    required: true
  kms_key_id:
    description: The KMS key of the secret; the account's C(aws/secretsmanager) key when empty.
    type: str
    default: ""
  rotate:
    description: Rotate the master password now.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait for the secret to become active.
    type: int
    default: 300
"""

EXAMPLES = r"""
- name: The Data API, and the master password managed by RDS
  bookmarks.platform.rds_cluster_data_api:
    db_cluster_identifier: bookmark-manager-prod-aurora
  register: data_api
"""

RETURN = r"""
secret_arn:
  description: The ARN of the master secret RDS manages (empty in check mode before it exists).
  returned: always
  type: str
cluster_arn:
  description: The cluster's ARN.
  returned: always
  type: str
"""

import time
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.bookmarks.platform.plugins.module_utils.runner import run_module


def describe(client: Any, identifier: str) -> dict[str, Any]:
    [cluster] = client.describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"]
    return cluster


def wait_active(client: Any, identifier: str, timeout: int, sleep: Any = time.sleep) -> dict[str, Any]:
    """The master secret once its status is active (RDS creates and rotates it asynchronously)."""
    deadline = time.monotonic() + timeout
    delay = 1.0
    while True:
        secret = describe(client, identifier).get("MasterUserSecret") or {}
        if secret.get("SecretStatus") == "active":
            return secret
        if time.monotonic() + delay > deadline:
            raise RuntimeError(f"{identifier}: the master user's secret is still {secret.get('SecretStatus', 'missing')} after {timeout} s")
        sleep(delay)
        delay = min(delay * 2, 30.0)


def state(cluster: dict[str, Any]) -> dict[str, bool]:
    return {"managed_master_password": bool((cluster.get("MasterUserSecret") or {}).get("SecretArn")), "data_api": bool(cluster.get("HttpEndpointEnabled"))}


def run(client: Any, params: dict[str, Any], check_mode: bool, secrets: Any = None, sleep: Any = time.sleep) -> dict[str, Any]:
    identifier = params["db_cluster_identifier"]
    cluster = describe(client, identifier)
    before = state(cluster)
    after = {"managed_master_password": True, "data_api": True}
    changed = before != after or params["rotate"]
    result = {"changed": changed, "cluster_arn": cluster["DBClusterArn"], "secret_arn": (cluster.get("MasterUserSecret") or {}).get("SecretArn", "")}
    if changed:
        result["diff"] = {"before": before, "after": {**after, "master_password_rotated": params["rotate"]}}
    if check_mode or not changed:
        return result
    if not before["managed_master_password"]:
        request = {"DBClusterIdentifier": identifier, "ManageMasterUserPassword": True, "ApplyImmediately": True}
        if params["kms_key_id"]:
            request["MasterUserSecretKmsKeyId"] = params["kms_key_id"]
        client.modify_db_cluster(**request)
    elif params["rotate"]:
        secrets.rotate_secret(SecretId=result["secret_arn"], RotateImmediately=True)
    if not before["data_api"]:
        client.enable_http_endpoint(ResourceArn=cluster["DBClusterArn"])
    result["secret_arn"] = wait_active(client, identifier, params["wait_timeout"], sleep)["SecretArn"]
    return result


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=dict(
            db_cluster_identifier=dict(type="str", required=True),
            kms_key_id=dict(type="str", default=""),
            rotate=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=300),
        ),
        supports_check_mode=True,
    )
    secrets = module.client("secretsmanager")
    run_module(module, "rds", lambda client, params, check: run(client, params, check, secrets), "Failed to set up the cluster's Data API")


if __name__ == "__main__":
    main()
