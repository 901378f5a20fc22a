"""The application user's SQL (module_utils/pg_app_user.py) on a real PostgreSQL 17 that this
module starts and stops (tests/harness/postgres.py), run as Aurora's master user would run it
through the Data API: created with only what it needs, idempotent, repaired after a change
behind its back, its password rotated; the password itself never in the SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
import pg8000.native
import pytest

from ansible_collections.bookmarks.platform.plugins.module_utils import pg_app_user
from tests.harness.postgres import Postgres

MASTER, DATABASE, APP = "dbadmin", "bookmarkdb", "bookmarks_app"
PASSWORD, NEW_PASSWORD = "Zq4" * 13, "Yx7" * 13


@pytest.fixture(scope="module")
def server() -> Iterator[Postgres]:
    with Postgres.start() as started:
        started.master(MASTER, DATABASE)
        # What the application made while it connected as the master: a table and its sequence.
        started.run_as(MASTER, DATABASE, "CREATE TABLE bookmarks (id serial PRIMARY KEY, url text NOT NULL)")
        yield started


def read(server: Postgres) -> dict:
    role = server.run_as(MASTER, DATABASE, pg_app_user.ROLE_SQL, user=APP)
    privileges = server.run_as(MASTER, DATABASE, pg_app_user.PRIVILEGES_SQL, user=APP) if role else None
    return pg_app_user.state(role[0] if role else None, privileges[0] if privileges else None)


def apply(server: Postgres, steps: list[tuple[str, str]]) -> None:
    for _, sql in steps:
        server.run_as(MASTER, DATABASE, sql)


def test_the_user_is_created_with_what_it_needs_and_a_second_run_sends_nothing(server: Postgres) -> None:
    steps = pg_app_user.plan(read(server), APP, DATABASE, PASSWORD)
    assert [what for what, _ in steps] == [
        f"create the user {APP} (LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS)",
        f"grant CONNECT on {DATABASE}",
        "grant USAGE, CREATE on the schema public",
        "grant SELECT, INSERT, UPDATE, DELETE on the tables of public",
        "grant USAGE, SELECT on the sequences of public",
    ]
    assert not any(PASSWORD in sql or PASSWORD in what for what, sql in steps)
    apply(server, steps)
    assert pg_app_user.plan(read(server), APP, DATABASE, PASSWORD) == []

    app = server.connect(APP, DATABASE, password=PASSWORD)
    try:
        app.run("INSERT INTO bookmarks (url) VALUES ('https://example.com')")  # the master's table, and its sequence
        app.run("CREATE TABLE tags (name text PRIMARY KEY)")  # its migrations
        for forbidden in ("CREATE ROLE intruder", f"CREATE DATABASE other OWNER {APP}", f'ALTER ROLE "{MASTER}" PASSWORD \'x\''):
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                app.run(forbidden)
    finally:
        app.close()
    with pytest.raises(pg8000.native.DatabaseError, match="password authentication failed"):
        server.connect(APP, DATABASE, password="wrong" * 8)


def test_a_change_behind_its_back_is_repaired(server: Postgres) -> None:
    # Someone logged in as the master (who may grant pg_read_all_data, as rds_superuser may).
    server.run_as("postgres", DATABASE, f'GRANT pg_read_all_data TO "{MASTER}" WITH ADMIN OPTION')
    server.run_as(MASTER, DATABASE, f'ALTER ROLE "{APP}" CREATEROLE; GRANT pg_read_all_data TO "{APP}"; REVOKE CREATE ON SCHEMA public FROM "{APP}"')
    steps = pg_app_user.plan(read(server), APP, DATABASE, PASSWORD)
    assert [what for what, _ in steps] == [
        f"reset {APP}'s attributes (NOCREATEROLE)",
        f"revoke pg_read_all_data from {APP}",
        "grant USAGE, CREATE on the schema public",
    ]
    apply(server, steps)
    assert pg_app_user.plan(read(server), APP, DATABASE, PASSWORD) == []


def test_a_rotation_sets_the_new_password_and_the_old_one_stops_working(server: Postgres) -> None:
    steps = pg_app_user.plan(read(server), APP, DATABASE, NEW_PASSWORD, rotate=True)
    assert [what for what, _ in steps] == [f"set {APP}'s new password"]
    assert NEW_PASSWORD not in steps[0][1] and steps[0][1].startswith(f"ALTER ROLE \"{APP}\" PASSWORD 'SCRAM-SHA-256$4096:")
    apply(server, steps)
    server.connect(APP, DATABASE, password=NEW_PASSWORD).close()
    with pytest.raises(pg8000.native.DatabaseError, match="password authentication failed"):
        server.connect(APP, DATABASE, password=PASSWORD)


def test_bad_names_and_a_missing_password_are_refused() -> None:
    with pytest.raises(ValueError, match="is not a PostgreSQL name"):
        pg_app_user.plan({"exists": False}, 'app"; DROP TABLE x; --', DATABASE, PASSWORD)
    with pytest.raises(ValueError, match="creating bookmarks_app needs its password"):
        pg_app_user.plan({"exists": False}, APP, DATABASE, None)
