"""A throwaway PostgreSQL 15 cluster for the tests: initdb into a temporary folder, listening on a
unix socket in that folder only (no TCP), scram-sha-256 for every login, stopped and removed after.

initdb and postgres refuse to run as root: as root they run as the `postgres` user (runuser), in a
folder it owns. .ci/run installs postgresql-15-postgis-3 (scripts/install.sh --test).
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 5432  # names the socket file only: there is no TCP listener


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found: install postgresql-15-postgis-3 (bash scripts/install.sh --test)")
    return found[-1]


class PgServer:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="mapapp-pg-"))
        self.password = secrets.token_hex(12)
        self.root = os.geteuid() == 0
        (self.folder / "pw").write_text(self.password)
        if self.root:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.folder / "pw", "postgres")
        self._run(_bin("initdb"), "-D", str(self.folder / "data"), "-U", "postgres", "-A", "scram-sha-256",
                  "--pwfile", str(self.folder / "pw"), "-E", "UTF8", "--locale", "C.UTF-8")
        self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-c listen_addresses='' -k {self.folder} -p {PORT} -c fsync=off", "start")

    def _run(self, *cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.root else list(cmd)
        subprocess.run(full, check=True, capture_output=True, cwd=self.folder)

    def url(self, database: str = "postgres", user: str = "postgres", password: str | None = None) -> str:
        return f"postgresql://{user}:{password or self.password}@/{database}?host={self.folder}&port={PORT}"

    def create_database(self, name: str) -> str:
        """A new empty database; its superuser URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'drop database "{name}" with (force)')

    def gdal(self, database: str) -> str:
        """The same database as GDAL's PG: connection string names it."""
        return f"PG:dbname={database} host={self.folder} port={PORT} user=postgres password={self.password}"

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
