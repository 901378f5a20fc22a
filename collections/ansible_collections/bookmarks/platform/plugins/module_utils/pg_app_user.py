# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application's own PostgreSQL user: what it must be, read from the database, and the SQL
that makes it so, each statement idempotent and sent only when the state read says it is missing.

The user logs in and has nothing else a role can have (no superuser, CREATEROLE, CREATEDB,
replication, RLS bypass, no membership of another role: not of rds_superuser); it may connect to
the database, use and create in the schema public (the application's migrations own their
tables), and read and write the tables and sequences already there (a stack whose application
connected as the master has its tables owned by the master).

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

# One row when the user exists: its attributes and the roles it is a member of.
ROLE_SQL = (
    "SELECT r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,"
    " COALESCE((SELECT string_agg(b.rolname, ',' ORDER BY b.rolname) FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid"
    " WHERE m.member = r.oid), '') FROM pg_roles r WHERE r.rolname = :user"
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
ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS"


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


def state(role_row: list[Any] | None, privileges_row: list[Any] | None) -> dict[str, Any]:
    """The user's state from ROLE_SQL's row (None: no such user) and PRIVILEGES_SQL's."""
    if role_row is None:
        return {"exists": False}
    login, superuser, createrole, createdb, replication, bypassrls, members = role_row
    connect, schema, tables, sequences = privileges_row or [False, False, 0, 0]
    checks = (("LOGIN", not login), ("NOSUPERUSER", superuser), ("NOCREATEROLE", createrole), ("NOCREATEDB", createdb),
              ("NOREPLICATION", replication), ("NOBYPASSRLS", bypassrls))  # fmt: skip
    wrong = [keyword for keyword, bad in checks if bad]
    return {
        "exists": True,
        # Only these are sent back: changing SUPERUSER, REPLICATION or BYPASSRLS, even to what it is, takes a superuser.
        "attributes_to_set": wrong,
        "member_of": [name for name in (members or "").split(",") if name],
        "connect": bool(connect),
        "schema": bool(schema),
        "tables_missing": int(tables),
        "sequences_missing": int(sequences),
    }


def plan(current: dict[str, Any], user: str, database: str, password: str | None, rotate: bool = False) -> list[tuple[str, str]]:
    """(what it does, the SQL) for each statement the user's state needs, in order. The SQL holds
    the password's verifier only (never the password); the descriptions hold neither."""
    quoted = ident(user)
    steps: list[tuple[str, str]] = []
    if not current["exists"]:
        if not password:
            raise ValueError(f"creating {user} needs its password")
        steps.append((f"create the user {user} ({ATTRIBUTES})", f"CREATE ROLE {quoted} {ATTRIBUTES} PASSWORD '{scram_verifier(password)}'"))
        current = {"exists": True, "attributes_to_set": [], "member_of": [], "connect": False, "schema": False, "tables_missing": 1, "sequences_missing": 1}
    else:
        if current["attributes_to_set"]:
            attributes = " ".join(current["attributes_to_set"])
            steps.append((f"reset {user}'s attributes ({attributes})", f"ALTER ROLE {quoted} {attributes}"))
        steps += [(f"revoke {role} from {user}", f"REVOKE {ident(role)} FROM {quoted}") for role in current["member_of"]]
        if rotate:
            if not password:
                raise ValueError(f"rotating {user}'s password needs the new one")
            steps.append((f"set {user}'s new password", f"ALTER ROLE {quoted} PASSWORD '{scram_verifier(password)}'"))
    if not current["connect"]:
        steps.append((f"grant CONNECT on {database}", f"GRANT CONNECT ON DATABASE {ident(database)} TO {quoted}"))
    if not current["schema"]:
        steps.append(("grant USAGE, CREATE on the schema public", f"GRANT USAGE, CREATE ON SCHEMA public TO {quoted}"))
    if current["tables_missing"]:
        steps.append(
            ("grant SELECT, INSERT, UPDATE, DELETE on the tables of public", f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        )
    if current["sequences_missing"]:
        steps.append(("grant USAGE, SELECT on the sequences of public", f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))
    return steps
