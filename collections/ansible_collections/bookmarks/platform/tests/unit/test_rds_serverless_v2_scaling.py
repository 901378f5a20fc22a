"""rds_serverless_v2_scaling against moto in-process (with the launcher's RDS corrections): a restored cluster gets its scaling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ansible_collections.bookmarks.platform.plugins.modules import rds_serverless_v2_scaling as module
from ansible_collections.bookmarks.platform.tests.unit.calls import Calls
from tests.harness.emulator.launcher import fix_rds_restore_serverless_v2

SCALING = {"MinCapacity": 0.5, "MaxCapacity": 16.0}


@pytest.fixture
def rds() -> Iterator[Any]:
    fix_rds_restore_serverless_v2()  # a restored cluster has no scaling, as on AWS
    with mock_aws():
        client = boto3.client("rds", region_name="ap-northeast-1")
        client.create_db_cluster(
            DBClusterIdentifier="aurora", Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword="password-123",
            ServerlessV2ScalingConfiguration=SCALING,
        )  # fmt: skip
        client.restore_db_cluster_to_point_in_time(DBClusterIdentifier="restored", SourceDBClusterIdentifier="aurora", UseLatestRestorableTime=True)
        yield client


def params(**overrides: Any) -> dict[str, Any]:
    return {"db_cluster_identifier": "restored", "min_capacity": 0.5, "max_capacity": 16, **overrides}


def test_a_restored_cluster_gets_its_scaling_then_a_serverless_instance(rds: Any) -> None:
    calls = Calls(rds)
    dry = module.run(rds, params(), check_mode=True)
    assert dry["changed"] is True and dry["diff"] == {"before": {}, "after": {"min_capacity": 0.5, "max_capacity": 16.0}}
    assert calls.writes == []
    assert module.run(rds, params(), check_mode=False)["changed"] is True
    assert rds.describe_db_clusters(DBClusterIdentifier="restored")["DBClusters"][0]["ServerlessV2ScalingConfiguration"] == SCALING
    rds.create_db_instance(DBInstanceIdentifier="restored-1", DBClusterIdentifier="restored", Engine="aurora-postgresql", DBInstanceClass="db.serverless")
    again = Calls(rds)
    assert module.run(rds, params(), check_mode=False)["changed"] is False
    assert again.writes == []


def test_a_range_upside_down_is_refused_before_any_write(rds: Any) -> None:
    calls = Calls(rds)
    with pytest.raises(RuntimeError, match="min_capacity / max_capacity: 8.0 / 4.0 must be 0 to 256"):
        module.run(rds, params(min_capacity=8, max_capacity=4), check_mode=False)
    assert calls.names == []
