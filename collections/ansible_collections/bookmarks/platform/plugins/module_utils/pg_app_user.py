# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application's own PostgreSQL users: a group role that holds the privileges, and the login
users the services connect as, two of them alternating so that a password rotates without an
outage. Their state is read from the database, and only the statements it lacks are sent, each
idempotent.

- The group (NOLOGIN) may connect to the database, use and create in the schema public, and read
  and write the tables and sequences already there (a stack whose application connected as the
  master has its tables owned by the master).
- A login user logs in and has nothing else a role can have (no superuser, CREATEROLE, CREATEDB,
  replication, RLS bypass); it is a member of the group only, and its sessions act as the group
  (``ALTER ROLE ... SET role``): what one login creates, the other may use after a rotation.
- Retiring a login (after a rotation) takes its LOGIN and its password away.

The password never travels in SQL: the statement carries its SCRAM-SHA-256 verifier, which
PostgreSQL stores as given (a random salt each time, so it is sent only on creation or rotation).
Used by plugins/modules/rds_data_app_user.py (through the RDS Data API) and tested against a real
PostgreSQL 17 (tests/test_app_user_sql.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from typing import Any

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
ITERATIONS = 4096  # PostgreSQL's default scram_iterations

# One row when the role exists: its attributes, the roles it is a member of, and its settings.
ROLE_SQL = (
    "SELECT r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,"
    " COALESCE((SELECT string_agg(b.rolname, ',' ORDER BY b.rolname) FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid"
    " WHERE m.member = r.oid), ''), COALESCE(array_to_string(r.rolconfig, ','), '') FROM pg_roles r WHERE r.rolname = :user"
)
# Its privileges (the user must exist: the functions fail on an unknown role).
PRIVILEGES_SQL = (
    "SELECT has_database_privilege(:user, current_database(), 'CONNECT'),"
    " has_schema_privilege(:user, 'public', 'USAGE') AND has_schema_privilege(:user, 'public', 'CREATE'),"
    " (SELECT count(*) FROM pg_tables t WHERE t.schemaname = 'public' AND NOT ("
    + " AND ".join(f"has_table_privilege(:user, format('%I.%I', t.schemaname, t.tablename), '{p}')" for p in ("SELECT", "INSERT", "UPDATE", "DELETE"))
    + ")),"
    " (SELECT count(*) FROM pg_sequences s WHERE s.schemaname = 'public' AND NOT ("
    " has_sequence_privilege(:user, format('%I.%I', s.schemaname, s.sequencename), 'USAGE')"
    " AND has_sequence_privilege(:user, format('%I.%I', s.schemaname, s.sequencename), 'SELECT')))"
)
ATTRIBUTES = "NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS"


def ident(name: str) -> str:
    if not NAME.match(name):
        raise ValueError(f"{name!r} is not a PostgreSQL name this module accepts (letters, digits, _; at most 63)")
    return f'"{name}"'


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5803), as CREATE ROLE ... PASSWORD takes it."""
    salt = salt or os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    return f"SCRAM-SHA-256${iterations}:{_b64(salt)}${_b64(stored_key)}:{_b64(server_key)}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def state(role_row: list[Any] | None, privileges_row: list[Any] | None = None) -> dict[str, Any]:
    """A role's state from ROLE_SQL's row (None: no such role) and, for the group, PRIVILEGES_SQL's."""
    if role_row is None:
        return {"exists": False}
    login, superuser, createrole, createdb, replication, bypassrls, members, config = role_row
    # Only these are sent back: changing SUPERUSER, REPLICATION or BYPASSRLS, even to what it is, takes a superuser.
    checks = (("NOSUPERUSER", superuser), ("NOCREATEROLE", createrole), ("NOCREATEDB", createdb),
              ("NOREPLICATION", replication), ("NOBYPASSRLS", bypassrls))  # fmt: skip
    found = {
        "exists": True,
        "login": bool(login),
        "attributes_to_set": [keyword for keyword, bad in checks if bad],
        "member_of": [name for name in (members or "").split(",") if name],
        "settings": [entry for entry in (config or "").split(",") if entry],
    }
    if privileges_row is not None:
        connect, schema, tables, sequences = privileges_row
        found.update(connect=bool(connect), schema=bool(schema), tables_missing=int(tables), sequences_missing=int(sequences))
    return found


NEW_GROUP = {"exists": True, "login": False, "attributes_to_set": [], "member_of": [], "settings": [],
             "connect": False, "schema": False, "tables_missing": 1, "sequences_missing": 1}  # fmt: skip


def plan_group(current: dict[str, Any], group: str, database: str) -> list[tuple[str, str]]:
    """The group role: NOLOGIN, nothing else a role can have, member of nothing, the privileges."""
    quoted = ident(group)
    steps: list[tuple[str, str]] = []
    if not current["exists"]:
        steps.append((f"create the group {group} (NOLOGIN {ATTRIBUTES})", f"CREATE ROLE {quoted} NOLOGIN {ATTRIBUTES}"))
        current = NEW_GROUP
    else:
        wrong = (["NOLOGIN"] if current["login"] else []) + current["attributes_to_set"]
        if wrong:
            steps.append((f"reset {group}'s attributes ({' '.join(wrong)})", f"ALTER ROLE {quoted} {' '.join(wrong)}"))
        steps += [(f"revoke {role} from {group}", f"REVOKE {ident(role)} FROM {quoted}") for role in current["member_of"]]
    if not current["connect"]:
        steps.append((f"grant CONNECT on {database} to {group}", f"GRANT CONNECT ON DATABASE {ident(database)} TO {quoted}"))
    if not current["schema"]:
        steps.append((f"grant USAGE, CREATE on the schema public to {group}", f"GRANT USAGE, CREATE ON SCHEMA public TO {quoted}"))
    if current["tables_missing"]:
        steps.append((
            f"grant SELECT, INSERT, UPDATE, DELETE on the tables of public to {group}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        ))  # fmt: skip
    if current["sequences_missing"]:
        steps.append((f"grant USAGE, SELECT on the sequences of public to {group}", f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))
    return steps


def plan_login(current: dict[str, Any], login: str, group: str, password: str | None, rotate: bool = False) -> list[tuple[str, str]]:
    """A login user of the group: LOGIN, nothing else, member of the group only, its sessions
    acting as the group. Its password is set on creation, on rotation, and when it was retired."""
    quoted, quoted_group = ident(login), ident(group)
    steps: list[tuple[str, str]] = []
    if not current["exists"]:
        if not password:
            raise ValueError(f"creating {login} needs its password")
        steps.append((
            f"create the user {login} (LOGIN {ATTRIBUTES}, in {group})",
            f"CREATE ROLE {quoted} LOGIN {ATTRIBUTES} IN ROLE {quoted_group} PASSWORD '{scram_verifier(password)}'",
        ))  # fmt: skip
        current = {"exists": True, "login": True, "attributes_to_set": [], "member_of": [group], "settings": []}
    else:
        if current["attributes_to_set"]:
            attributes = " ".join(current["attributes_to_set"])
            steps.append((f"reset {login}'s attributes ({attributes})", f"ALTER ROLE {quoted} {attributes}"))
        steps += [(f"revoke {role} from {login}", f"REVOKE {ident(role)} FROM {quoted}") for role in current["member_of"] if role != group]
        if group not in current["member_of"]:
            steps.append((f"make {login} a member of {group}", f"GRANT {quoted_group} TO {quoted}"))
        if rotate or not current["login"]:
            if not password:
                raise ValueError(f"setting {login}'s password needs it")
            steps.append((f"set {login}'s new password and let it log in", f"ALTER ROLE {quoted} LOGIN PASSWORD '{scram_verifier(password)}'"))
    if f"role={group}" not in current["settings"]:
        steps.append((f"{login}'s sessions act as {group}", f"ALTER ROLE {quoted} SET role = {quoted_group}"))
    return steps


def plan_retire(current: dict[str, Any], login: str) -> list[tuple[str, str]]:
    """A login user no service uses any more: no LOGIN, no password."""
    if not current["exists"] or not current["login"]:
        return []
    return [(f"retire {login} (NOLOGIN, no password)", f"ALTER ROLE {ident(login)} NOLOGIN PASSWORD NULL")]
