"""The application users' SQL (module_utils/pg_app_user.py) on a real PostgreSQL 17 that this
module starts and stops (tests/harness/postgres.py), run as Aurora's master user would run it
through the Data API: the group with the privileges and a login with nothing else, idempotent,
repaired after a change behind its back; a rotation to the other login, which can use what the
first one created, and the first one retired; the password itself never in the SQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pg8000.native
import pytest

from ansible_collections.bookmarks.platform.plugins.module_utils import pg_app_user
from tests.harness.postgres import Postgres

MASTER, DATABASE, GROUP, FIRST, SECOND = "dbadmin", "bookmarkdb", "bookmarks_app", "bookmarks_app_a", "bookmarks_app_b"
PASSWORD, NEW_PASSWORD, THIRD_PASSWORD = "Zq4" * 13, "Yx7" * 13, "Wv2" * 13


@pytest.fixture(scope="module")
def server() -> Iterator[Postgres]:
    with Postgres.start() as started:
        started.master(MASTER, DATABASE)
        # What the application made while it connected as the master: a table and its sequence.
        started.run_as(MASTER, DATABASE, "CREATE TABLE bookmarks (id serial PRIMARY KEY, url text NOT NULL)")
        yield started


def read(server: Postgres, role: str, privileges: bool = False) -> dict:
    row = server.run_as(MASTER, DATABASE, pg_app_user.ROLE_SQL, user=role)
    granted = server.run_as(MASTER, DATABASE, pg_app_user.PRIVILEGES_SQL, user=role) if row and privileges else None
    return pg_app_user.state(row[0] if row else None, granted[0] if granted else None)


def apply(server: Postgres, steps: list[tuple[str, str]]) -> None:
    for _, sql in steps:
        server.run_as(MASTER, DATABASE, sql)


def converge(server: Postgres, login: str, password: str, rotate: bool = False) -> list[str]:
    steps = pg_app_user.plan_group(read(server, GROUP, privileges=True), GROUP, DATABASE)
    apply(server, steps)
    login_steps = pg_app_user.plan_login(read(server, login), login, GROUP, password, rotate)
    apply(server, login_steps)
    return [what for what, _ in steps + login_steps]


def test_the_group_and_a_login_are_made_with_what_they_need_and_a_second_run_sends_nothing(server: Postgres) -> None:
    first_steps = pg_app_user.plan_login({"exists": False}, FIRST, GROUP, PASSWORD)
    assert not any(PASSWORD in sql or PASSWORD in what for what, sql in first_steps)
    assert converge(server, FIRST, PASSWORD) == [
        f"create the group {GROUP} (NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS)",
        f"grant CONNECT on {DATABASE} to {GROUP}",
        f"grant USAGE, CREATE on the schema public to {GROUP}",
        f"grant SELECT, INSERT, UPDATE, DELETE on the tables of public to {GROUP}",
        f"grant USAGE, SELECT on the sequences of public to {GROUP}",
        f"create the user {FIRST} (LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS, in {GROUP})",
        f"{FIRST}'s sessions act as {GROUP}",
    ]
    assert converge(server, FIRST, PASSWORD) == []

    app = server.connect(FIRST, DATABASE, password=PASSWORD)
    try:
        app.run("INSERT INTO bookmarks (url) VALUES ('https://example.com')")  # the master's table, and its sequence
        app.run("CREATE TABLE tags (name text PRIMARY KEY)")  # its migrations: owned by the group
        assert app.run("SELECT tableowner FROM pg_tables WHERE tablename = 'tags'") == [[GROUP]]
        for forbidden in ("CREATE ROLE intruder", f"CREATE DATABASE other OWNER {GROUP}", f'ALTER ROLE "{MASTER}" PASSWORD \'x\''):
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                app.run(forbidden)
    finally:
        app.close()
    with pytest.raises(pg8000.native.DatabaseError, match="password authentication failed"):
        server.connect(FIRST, DATABASE, password="wrong" * 8)


def test_a_change_behind_its_back_is_repaired(server: Postgres) -> None:
    # Someone logged in as the master (who may grant pg_read_all_data, as rds_superuser may).
    server.run_as("postgres", DATABASE, f'GRANT pg_read_all_data TO "{MASTER}" WITH ADMIN OPTION')
    server.run_as(MASTER, DATABASE, f'ALTER ROLE "{FIRST}" CREATEROLE; GRANT pg_read_all_data TO "{FIRST}"; REVOKE CREATE ON SCHEMA public FROM "{GROUP}"')
    server.run_as(MASTER, DATABASE, f'ALTER ROLE "{FIRST}" RESET role')
    assert converge(server, FIRST, PASSWORD) == [
        f"grant USAGE, CREATE on the schema public to {GROUP}",
        f"reset {FIRST}'s attributes (NOCREATEROLE)",
        f"revoke pg_read_all_data from {FIRST}",
        f"{FIRST}'s sessions act as {GROUP}",
    ]
    assert converge(server, FIRST, PASSWORD) == []


def test_a_rotation_moves_to_the_other_login_which_uses_what_the_first_made_then_retires_the_first(server: Postgres) -> None:
    assert converge(server, SECOND, NEW_PASSWORD) == [
        f"create the user {SECOND} (LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS, in {GROUP})",
        f"{SECOND}'s sessions act as {GROUP}",
    ]
    both = [server.connect(FIRST, DATABASE, password=PASSWORD), server.connect(SECOND, DATABASE, password=NEW_PASSWORD)]  # during the rollout
    try:
        both[1].run("ALTER TABLE tags ADD COLUMN colour text")  # a migration on the first login's table
        both[0].run("INSERT INTO tags (name, colour) VALUES ('news', 'red')")
    finally:
        for connection in both:
            connection.close()

    retire = pg_app_user.plan_retire(read(server, FIRST), FIRST)
    assert retire == [(f"retire {FIRST} (NOLOGIN, no password)", f'ALTER ROLE "{FIRST}" NOLOGIN PASSWORD NULL')]
    apply(server, retire)
    assert pg_app_user.plan_retire(read(server, FIRST), FIRST) == []
    with pytest.raises(pg8000.native.DatabaseError, match="is not permitted to log in|password authentication failed"):
        server.connect(FIRST, DATABASE, password=PASSWORD)

    # The next rotation brings the first login back with a new password.
    assert converge(server, FIRST, THIRD_PASSWORD) == [f"set {FIRST}'s new password and let it log in"]
    server.connect(FIRST, DATABASE, password=THIRD_PASSWORD).close()


def test_bad_names_and_a_missing_password_are_refused() -> None:
    with pytest.raises(ValueError, match="is not a PostgreSQL name"):
        pg_app_user.plan_login({"exists": False}, 'app"; DROP TABLE x; --', GROUP, PASSWORD)
    with pytest.raises(ValueError, match="creating bookmarks_app_a needs its password"):
        pg_app_user.plan_login({"exists": False}, FIRST, GROUP, None)
