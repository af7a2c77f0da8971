"""A real PostgreSQL for the tests, started by the tests (issue 18).

Debian's server binaries (`initdb`, `pg_ctl`) make a throwaway cluster in a temp folder,
listening on a free loopback port and a private socket folder; nothing is shared with a
system cluster. As root the cluster runs as the `postgres` system user, because
PostgreSQL refuses to run as root. `scripts/test.sh` installs the `postgresql` package.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.integration.mailservers import free_port

ADMIN = "followup_admin"
APP_ROLE = "followup_app"  # the role the application connects as: no BYPASSRLS


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest major version first."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def postgres_missing() -> str:
    """Why the tests cannot start PostgreSQL here, or "" when they can."""
    if binaries() is None:
        return "PostgreSQL server binaries not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return ""


class PostgresServer:
    """One throwaway cluster; `url(...)` gives connection strings for its roles."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="followup-pg-"))
        self.data = self.folder / "data"
        self.socket = self.folder / "socket"
        self.port = free_port()
        self.database = "followup_test"
        self.password = "app-pass"
        bindir = binaries()
        assert bindir is not None, postgres_missing()
        self.bin = bindir

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*args]
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresServer:
        self.socket.mkdir()
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            for path in (self.folder, self.socket):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            str(self.bin / "initdb"),
            "-D", str(self.data),
            "-U", ADMIN,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.socket} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D", str(self.data),
            "-o", options,
            "-l", str(self.folder / "server.log"),
            "-w", "start",
        )  # fmt: skip
        self._wait()
        self.admin_sql(f"CREATE DATABASE {self.database}")
        self.admin_sql(
            f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{self.password}' NOSUPERUSER NOBYPASSRLS"
        )
        self.admin_sql(f"ALTER DATABASE {self.database} OWNER TO {APP_ROLE}")
        return self

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = self._run(
                str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), check=False
            )
            if done.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start: {self.log()}")

    def admin_sql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser through psql; returns its output."""
        done = self._run(
            str(self.bin / "psql"),
            "-h", "127.0.0.1",
            "-p", str(self.port),
            "-U", ADMIN,
            "-d", database,
            "-v", "ON_ERROR_STOP=1",
            "-Atc", sql,
        )  # fmt: skip
        return done.stdout

    def url(self, database: str | None = None, *, admin: bool = False) -> str:
        """A postgresql:// URL; the application role by default."""
        user = ADMIN if admin else f"{APP_ROLE}:{self.password}"
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database or self.database}"

    def fresh_database(self, name: str) -> str:
        """A new empty database owned by the application role; returns its URL."""
        self.admin_sql(f"CREATE DATABASE {name} OWNER {APP_ROLE}")
        return self.url(name)

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop",
                  check=False)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)
