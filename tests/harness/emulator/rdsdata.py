"""The RDS Data API on a real PostgreSQL: the emulator's ExecuteStatement runs its SQL.

moto runs no SQL (its ExecuteStatement answers a queue of canned results), so a role that reads a
database's state through the Data API would see nothing and send its statements on every run.
With this correction each emulated Aurora cluster with its Data API enabled has a database of its
own on one PostgreSQL 17 that the launcher starts (tests/harness/postgres.py); a statement runs
there as the cluster's master user (Aurora's: CREATEROLE, CREATEDB, no superuser), with the Data
API's named parameters, and answers records in the Data API's shape. As AWS does, it refuses a
cluster that does not exist or whose Data API is off, and a secret that does not exist; a SQL
error answers DatabaseErrorException with PostgreSQL's message. Roles belong to the server, as
they belong to a cluster on AWS, and a cluster's database is named as its DatabaseName (a restored
cluster shares its source's, whose data it starts with on AWS); an emulator reset drops every
database and role the clusters made.
"""

from __future__ import annotations

import json
from typing import Any

from tests.harness.postgres import SUPERUSER, Postgres

SERVER: dict[str, Postgres] = {}
# (master, database) pairs made on the server since its last wipe.
MADE: set[tuple[str, str]] = set()


class DataApiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _value(value: Any) -> dict[str, Any]:
    if value is None:
        return {"isNull": True}
    if isinstance(value, bool):
        return {"booleanValue": value}
    if isinstance(value, int):
        return {"longValue": value}
    if isinstance(value, float):
        return {"doubleValue": value}
    return {"stringValue": str(value)}


def _parameter(entry: dict[str, Any]) -> Any:
    value = entry.get("value") or {}
    if value.get("isNull"):
        return None
    for kind in ("stringValue", "longValue", "booleanValue", "doubleValue"):
        if kind in value:
            return value[kind]
    raise DataApiError("BadRequestException", f"unsupported parameter value {sorted(value)}")


def execute(account: str, region: str, body: dict[str, Any]) -> dict[str, Any]:
    from moto.rds.models import rds_backends
    from moto.secretsmanager.models import secretsmanager_backends

    server = SERVER.get("postgres")
    if server is None:
        raise DataApiError("InternalServerErrorException", "the emulator runs without its PostgreSQL")
    arn = body.get("resourceArn", "")
    clusters = {cluster.arn: cluster for cluster in rds_backends[account][region].clusters.values()}
    cluster = clusters.get(arn)
    if cluster is None:
        raise DataApiError("BadRequestException", f"Cluster not found: {arn}")
    if not cluster.enable_http_endpoint:
        raise DataApiError("BadRequestException", f"HttpEndpoint is not enabled for resource {arn}")
    try:
        secretsmanager_backends[account][region].get_secret_value(body.get("secretArn", ""), None, None)
    except Exception as error:  # noqa: BLE001 - moto's ResourceNotFound and the like
        raise DataApiError("BadRequestException", f"Error fetching secret {body.get('secretArn')}: {error}") from None
    # The cluster's database (DatabaseName), made on first use with the master user; a cluster
    # restored from another shares its database on the server, as it starts with its data on AWS.
    database = body.get("database") or cluster.database_name or "postgres"
    master = cluster.master_username
    if database == cluster.database_name and (master, database) not in MADE:
        server.master(master, database)
        MADE.add((master, database))
    parameters = {entry["name"]: _parameter(entry) for entry in body.get("parameters") or []}
    connection = server.connect(master, database)
    try:
        rows = connection.run(body.get("sql", ""), **parameters) or []
        updated = connection.row_count if connection.row_count and connection.row_count > 0 else 0
    except Exception as error:  # noqa: BLE001 - pg8000's DatabaseError carries PostgreSQL's message
        detail = error.args[0] if error.args and isinstance(error.args[0], dict) else {"M": str(error)}
        raise DataApiError("DatabaseErrorException", f"ERROR: {detail.get('M')}") from None
    finally:
        connection.close()
    return {"records": [[_value(value) for value in row] for row in rows], "numberOfRecordsUpdated": updated}


def wipe() -> None:
    """Every database and role the clusters made, dropped (an emulator reset)."""
    server = SERVER.get("postgres")
    if server is None:
        return
    MADE.clear()
    admin = server.connect(SUPERUSER)
    try:
        for [name] in admin.run("SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')"):
            admin.run(f'DROP DATABASE "{name}" WITH (FORCE)')
        for [name] in admin.run("SELECT rolname FROM pg_roles WHERE rolname <> :superuser AND rolname NOT LIKE 'pg\\_%'", superuser=SUPERUSER):
            admin.run(f'DROP OWNED BY "{name}" CASCADE')
            admin.run(f'DROP ROLE "{name}"')
    finally:
        admin.close()


def install(server: Postgres) -> None:
    """Route the emulator's ExecuteStatement to the server, and its reset to wipe()."""
    from moto.core.exceptions import JsonRESTError
    from moto.rdsdata.models import RDSDataServiceBackend
    from moto.rdsdata.responses import RDSDataServiceResponse

    SERVER["postgres"] = server
    MADE.clear()

    def execute_statement(self: RDSDataServiceResponse) -> Any:
        try:
            return json.dumps(execute(self.current_account, self.region, json.loads(self.body or "{}")))
        except DataApiError as error:
            raise JsonRESTError(error.code, error.message) from None

    original_reset = RDSDataServiceBackend.reset

    def reset(self: RDSDataServiceBackend) -> None:
        wipe()
        original_reset(self)

    RDSDataServiceResponse.execute_statement = execute_statement  # type: ignore[method-assign]
    RDSDataServiceBackend.reset = reset  # type: ignore[method-assign]
