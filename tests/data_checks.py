"""Checks of the data layer on the converged stack (called by tests/test_site.py).

Backups and restores run against the stack test_site.py built rather than a second one: a
converge of network and data costs minutes on the emulator.
"""

from __future__ import annotations

import json
import os
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pg8000.native
import pytest

from ansible_collections.bookmarks.platform.plugins.module_utils import pg_app_user
from tests.helpers import ROOT, playbook, recorded
from tests.harness.emulator import ctl
from tests.harness.fakes import ctl as fakes

PREFIX = "bookmark-manager-local"


def fake(path: str) -> Any:
    with urllib.request.urlopen(f"{fakes.urls()['atlas']}/_fake/{path}", timeout=10) as response:
        return json.load(response)


def atlas_matches_the_inventory() -> None:
    state = fake("state")
    cluster = state["clusters"][f"{PREFIX}-logs"]
    region = cluster["replicationSpecs"][0]["regionConfigs"][0]
    assert cluster["stateName"] == "IDLE"
    assert cluster["mongoDBMajorVersion"] == "8.0"
    assert region["electableSpecs"] == {"instanceSize": "M10", "nodeCount": 3}
    assert region["regionName"] == "AP_NORTHEAST_1" and region["autoScaling"]["diskGB"]["enabled"]
    assert [u["username"] for u in state["databaseUsers"]] in (["bookmark-api-a"], ["bookmark-api-b"])  # one login: a rotation retires the other
    assert len(state["accessList"]) == 1 and state["accessList"][0].endswith("/32")
    assert fake("violations") == [], "a request or an answer broke the Atlas contract"


def backup_names_both_snapshots_with_the_date(rds: Any) -> str:
    run = playbook("playbooks/backup.yml")
    assert run.returncode == 0, run.output[-3000:]
    snapshots = rds.describe_db_cluster_snapshots(DBClusterIdentifier=f"{PREFIX}-aurora", SnapshotType="manual")["DBClusterSnapshots"]
    today = datetime.now(UTC).strftime("%Y%m%d")
    assert [s["DBClusterSnapshotIdentifier"][: len(PREFIX) + 9] for s in snapshots] == [f"{PREFIX}-{today}"]
    assert snapshots[0]["Status"] == "available"
    atlas = fake("state")["snapshots"][f"{PREFIX}-logs"]
    assert [s["description"] for s in atlas] == [snapshots[0]["DBClusterSnapshotIdentifier"]]
    return str(snapshots[0]["DBClusterSnapshotIdentifier"])


def restore_time_is_checked_before_any_call() -> None:
    for bad, message in [
        ("yesterday", 'restore_time: "yesterday" must be a UTC time yyyy-mm-ddThh:mm:ssZ'),
        ("2999-01-01T00:00:00Z", "restore_time: 2999-01-01T00:00:00Z is in the future"),
    ]:
        with recorded() as sent:
            run = playbook("playbooks/restore.yml", "-e", f"restore_time={bad}")
        assert run.returncode != 0
        assert message in " ".join(run.output.split()), run.output[-2000:]
        assert sent["requests"] == 0, sent


def point_in_time_restore_builds_a_new_cluster(rds: Any) -> str:
    when = (datetime.now(UTC) - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    target = f"{PREFIX}-aurora-restored-test"
    run = playbook("playbooks/restore.yml", "-e", f"restore_time={when}", "-e", f"restore_cluster_id={target}")
    assert run.returncode == 0, run.output[-3000:]
    source = rds.describe_db_clusters(DBClusterIdentifier=f"{PREFIX}-aurora")["DBClusters"][0]
    restored = rds.describe_db_clusters(DBClusterIdentifier=target)["DBClusters"][0]
    assert restored["Engine"] == "aurora-postgresql"
    assert restored["DBSubnetGroup"] == source["DBSubnetGroup"]
    assert restored["VpcSecurityGroups"] == source["VpcSecurityGroups"]
    assert restored["ServerlessV2ScalingConfiguration"] == source["ServerlessV2ScalingConfiguration"]
    assert restored["DeletionProtection"] is True
    members = rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [target]}])["DBInstances"]
    assert sorted(i["AvailabilityZone"] for i in members) == ["ap-northeast-1a", "ap-northeast-1c"]
    assert {i["DBInstanceClass"] for i in members} == {"db.serverless"}
    return target


def remove_backup_and_restore(rds: Any, snapshot: str, restored: str) -> None:
    """Backups and restored clusters outlive a teardown on purpose; the test removes its own."""
    for instance in rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [restored]}])["DBInstances"]:
        rds.delete_db_instance(DBInstanceIdentifier=instance["DBInstanceIdentifier"], SkipFinalSnapshot=True)
    rds.modify_db_cluster(DBClusterIdentifier=restored, DeletionProtection=False, ApplyImmediately=True)
    rds.delete_db_cluster(DBClusterIdentifier=restored, SkipFinalSnapshot=True)
    rds.delete_db_cluster_snapshot(DBClusterSnapshotIdentifier=snapshot)


def files_written_since(since: float) -> str:
    """What the runs wrote since then: the repository (but .git, .venv and the emulator's and fakes'
    own run directory, which play the cloud's part) and Ansible's directory in the home."""
    roots = [ROOT, Path.home() / ".ansible"]
    skipped = {ROOT / ".git", ROOT / ".venv", Path(os.environ.get("EMULATOR_RUN_DIR", ROOT / ".run")).resolve()}
    texts = []
    for root in roots:
        for path in root.rglob("*") if root.exists() else []:
            if any(path.is_relative_to(skip) for skip in skipped) or not path.is_file():
                continue
            try:
                if path.stat().st_mtime >= since:
                    texts.append(path.read_text(errors="replace"))
            except OSError:
                continue
    return "\n".join(texts)


def no_secret_in(output: str, ssm: Any) -> None:
    """No secret value the stack holds appears in the output (of a -vvv run), nor URL-encoded."""
    import urllib.parse

    values: dict[str, str] = {}
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/bookmark-manager/local", Recursive=True, WithDecryption=True):
        values.update({p["Name"]: p["Value"] for p in page["Parameters"] if p["Type"] == "SecureString"})
    values["atlas private key"] = "local-atlas-private-key"
    values["datadog application key"] = "local-datadog-app-key-0000000000000000000"
    values["sentry auth token"] = "sntrys_local_fake_token_0000000000000000"
    assert len(values) >= 11, values.keys()
    leaked = [name for name, value in values.items() if value in output or urllib.parse.quote(value, safe="") in output]
    assert not leaked, f"secret values in the output of a -vvv converge, or in a file it wrote: {leaked}"


def the_application_connects_as_its_own_user_over_tls(session: Any) -> None:
    """DATABASE_URL names the application's user (not the master) with sslmode=require; the cluster
    requires TLS (rds.force_ssl=1 in its parameter group), answers the Data API and has its master
    password managed by RDS; the old master password parameter is gone; and on the emulator's
    PostgreSQL the user logs in with that password and has only what it needs."""
    rds, ssm, data = session.client("rds"), session.client("ssm"), session.client("rds-data")
    url = urlsplit(ssm.get_parameter(Name="/bookmark-manager/local/DATABASE_URL", WithDecryption=True)["Parameter"]["Value"])
    assert (url.scheme, url.username, url.port, url.path) == ("postgresql", "bookmarks_app_a", 5432, "/bookmarkdb")
    assert parse_qs(url.query) == {"schema": ["public"], "sslmode": ["require"]}
    [cluster] = rds.describe_db_clusters(DBClusterIdentifier="bookmark-manager-local-aurora")["DBClusters"]
    assert cluster["HttpEndpointEnabled"] is True and cluster["MasterUserSecret"]["SecretStatus"] == "active"
    assert cluster["DBClusterParameterGroup"] == "bookmark-manager-local-aurora"
    user_set = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="bookmark-manager-local-aurora", Source="user")["Parameters"]
    assert [(p["ParameterName"], p["ParameterValue"]) for p in user_set] == [("rds.force_ssl", "1")]
    names = {p["Name"] for page in ssm.get_paginator("describe_parameters").paginate() for p in page["Parameters"]}
    assert {name for name in names if "/aurora/" in name} == {"/bookmark-manager/local/aurora/bookmarks_app_a-password", "/bookmark-manager/local/aurora/bookmarks_app-login"}

    # Read through the Data API, as the master: the user's attributes and memberships.
    [[login, superuser, createrole, createdb, replication, bypassrls, members, settings]] = [
        [next(iter(field.values())) for field in record]
        for record in data.execute_statement(
            resourceArn=cluster["DBClusterArn"], secretArn=cluster["MasterUserSecret"]["SecretArn"], database="bookmarkdb",
            sql=pg_app_user.ROLE_SQL, parameters=[{"name": "user", "value": {"stringValue": "bookmarks_app_a"}}])["records"]
    ]  # fmt: skip
    assert (login, superuser, createrole, createdb, replication, bypassrls, members, settings) == (True, False, False, False, False, False, "bookmarks_app", "role=bookmarks_app")

    app = pg8000.native.Connection(url.username, host="127.0.0.1", port=ctl.postgres_port(), database="bookmarkdb", password=unquote(url.password or ""))
    try:
        app.run("CREATE TABLE IF NOT EXISTS smoke (id int)")
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            app.run("CREATE ROLE intruder")
    finally:
        app.close()


def _logs_in(user: str, password: str) -> bool:
    try:
        pg8000.native.Connection(user, host="127.0.0.1", port=ctl.postgres_port(), database="bookmarkdb", password=password, timeout=10).close()
        return True
    except pg8000.native.DatabaseError:
        return False


class DatabaseRotation:
    """playbooks/rotate.yml -e secret=database, phase by phase (prepare, switch, retire):
    DATABASE_URL always logs in; the new login works before DATABASE_URL names it; the services get
    new tasks once it does; the old login works until the retire phase, and not after it."""

    def __init__(self, session: Any) -> None:
        self.ssm, self.ecs = session.client("ssm"), session.client("ecs")
        self.old_user, self.old_password = self.url()
        self.new_user = {"bookmarks_app_a": "bookmarks_app_b", "bookmarks_app_b": "bookmarks_app_a"}[self.old_user]
        self.before = self.deployments()
        self.new_password = ""

    def url(self) -> tuple[str, str]:
        parts = urlsplit(self.ssm.get_parameter(Name="/bookmark-manager/local/DATABASE_URL", WithDecryption=True)["Parameter"]["Value"])
        return parts.username or "", unquote(parts.password or "")

    def deployments(self) -> list[str]:
        found = self.ecs.describe_services(cluster=f"{PREFIX}-cluster", services=[f"{PREFIX}-web", f"{PREFIX}-api"])["services"]
        return [next(d["id"] for d in service["deployments"] if d["status"] == "PRIMARY") for service in found]

    def after(self, phase: str, output: str) -> None:
        if phase == "prepare":
            name = f"/bookmark-manager/local/aurora/{self.new_user}-password"
            self.new_password = self.ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
            assert self.url() == (self.old_user, self.old_password) and _logs_in(self.old_user, self.old_password)
            assert _logs_in(self.new_user, self.new_password)
            # No redeployment for it: the web, which reads DATABASE_URL (and no value another secret's
            # phase of this step changes), still runs its deployment from before.
            assert self.deployments()[0] == self.before[0]
        elif phase == "switch":
            assert self.url() == (self.new_user, self.new_password) and _logs_in(self.new_user, self.new_password)
            assert _logs_in(self.old_user, self.old_password)  # the old tasks still connect while the new ones start
            after = self.deployments()
            assert all(new != old for new, old in zip(after, self.before, strict=True)), (self.before, after)
        else:
            assert self.url() == (self.new_user, self.new_password) and _logs_in(self.new_user, self.new_password)
            assert not _logs_in(self.old_user, self.old_password)
            assert not self.ssm.get_parameters(Names=[f"/bookmark-manager/local/aurora/{self.old_user}-password"])["Parameters"]
        assert self.old_password not in output and (not self.new_password or self.new_password not in output), f"a password in the {phase} output"


def _deployments(ecs: Any) -> dict[str, str]:
    """{service: the ID of its PRIMARY deployment} (a redeployment starts a new one)."""
    found = ecs.describe_services(cluster=f"{PREFIX}-cluster", services=[f"{PREFIX}-web", f"{PREFIX}-api"])["services"]
    return {s["serviceName"].removeprefix(f"{PREFIX}-"): next(d["id"] for d in s["deployments"] if d["status"] == "PRIMARY") for s in found}


def _atlas_logs_in(user: str, password: str) -> bool:
    """Whether Atlas lets the user log in with the password (the changes it has applied)."""
    import hashlib

    return fake("state")["logins"].get(f"admin/{user}") == hashlib.md5(password.encode(), usedforsecurity=False).hexdigest()


class AtlasRotation:
    """playbooks/rotate.yml -e secret=atlas, phase by phase (prepare, switch, retire): MONGODB_URI
    always logs in; the new login logs in (Atlas has applied it) before MONGODB_URI names it; the
    services that read it get new tasks once it does; the old login works until retire, not after."""

    def __init__(self, session: Any) -> None:
        self.ssm, self.ecs = session.client("ssm"), session.client("ecs")
        self.old_user, self.old_password = self.uri()
        self.new_user = {"bookmark-api-a": "bookmark-api-b", "bookmark-api-b": "bookmark-api-a"}[self.old_user]
        self.before = _deployments(self.ecs)
        self.new_password = ""

    def uri(self) -> tuple[str, str]:
        parts = urlsplit(self.ssm.get_parameter(Name="/bookmark-manager/local/MONGODB_URI", WithDecryption=True)["Parameter"]["Value"])
        return unquote(parts.username or ""), unquote(parts.password or "")

    def after(self, phase: str, output: str) -> None:
        if phase == "prepare":
            name = f"/bookmark-manager/local/atlas/{self.new_user}-password"
            self.new_password = self.ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
            assert self.uri() == (self.old_user, self.old_password) and _atlas_logs_in(self.old_user, self.old_password)
            assert _atlas_logs_in(self.new_user, self.new_password), "the new login cannot log in yet: Atlas has not applied it"
        elif phase == "switch":
            assert self.uri() == (self.new_user, self.new_password) and _atlas_logs_in(self.new_user, self.new_password)
            assert _atlas_logs_in(self.old_user, self.old_password)  # the old tasks still connect while the new ones start
            assert _deployments(self.ecs)["api"] != self.before["api"]
        else:
            assert self.uri() == (self.new_user, self.new_password) and _atlas_logs_in(self.new_user, self.new_password)
            assert not _atlas_logs_in(self.old_user, self.old_password)
            assert [u["username"] for u in fake("state")["databaseUsers"]] == [self.new_user]
            assert not self.ssm.get_parameters(Names=[f"/bookmark-manager/local/atlas/{self.old_user}-password"])["Parameters"]
        assert self.old_password not in output and (not self.new_password or self.new_password not in output), f"a password in the {phase} output"


class JwtRotation:
    """playbooks/rotate.yml -e secret=jwt, phase by phase (accept, switch, finish). A task of the API
    signs with the JWT_SECRET it started with and accepts that and JWT_SECRET_ACCEPTED: after each
    phase the API is redeployed (the web, which reads neither, is not), and the tasks of one
    deployment accept what the tasks of the one before sign, and the other way round (both run
    side by side during a rollout), so no token a running task signed is ever refused."""

    def __init__(self, session: Any) -> None:
        self.ssm, self.ecs = session.client("ssm"), session.client("ecs")
        self.deployment = _deployments(self.ecs)
        self.keys = [self.values()]

    def values(self) -> tuple[str, str]:
        names = ["/bookmark-manager/local/JWT_SECRET", "/bookmark-manager/local/JWT_SECRET_ACCEPTED"]
        found = {p["Name"]: p["Value"] for p in self.ssm.get_parameters(Names=names, WithDecryption=True)["Parameters"]}
        return found[names[0]], found[names[1]]

    def after(self, phase: str, output: str) -> None:
        now = _deployments(self.ecs)
        assert now["api"] != self.deployment["api"], f"the API was not redeployed after {phase}"
        if phase != "switch":  # the switch step redeploys the web too when DATABASE_URL moved with it
            assert now["web"] == self.deployment["web"], f"the web, which reads no JWT value, was redeployed after {phase}"
        self.deployment = now
        (old_sign, old_accept), (sign, accept) = self.keys[-1], self.values()
        assert sign in (old_sign, old_accept) and old_sign in (sign, accept), f"after {phase}, a token of the old or the new tasks is refused by the others"
        assert sign not in output and accept not in output, f"a JWT value in the {phase} output"
        self.keys.append((sign, accept))

    def done(self) -> None:
        (first_sign, _), *_, (sign, accept) = self.keys
        assert [k[0] == first_sign for k in self.keys] == [True, True, False, False], self.keys  # the new value signs from the switch on
        assert sign == accept != first_sign  # at the end the API accepts only the value it signs with
