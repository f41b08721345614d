"""
A throwaway PostgreSQL cluster for the tests and the benchmarks.

The server binaries come from the machine (Debian's ``postgresql`` package
puts them in ``/usr/lib/postgresql/<version>/bin``; ``pg_config --bindir``
finds others). :meth:`Cluster.start` runs ``initdb`` and ``pg_ctl`` in a
temporary folder, with the server listening on a Unix socket in that folder
and on a free loopback TCP port, and :meth:`Cluster.stop` stops it and
removes the folder. ``initdb`` refuses to run as root, so as root the server
runs as the ``postgres`` system user (the Debian package makes it), with the
folder owned by that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import queue
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

#: The cluster's superuser (trust authentication: it is reachable only from here).
SUPERUSER = "postgres"

#: Settings that make a throwaway test server fast; nothing here must survive a crash.
FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=60 -c shared_buffers=64MB")


def find_bindir() -> Path | None:
    """
    The folder of ``initdb`` and ``pg_ctl``, or ``None`` if the machine has none.
    """
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0, reverse=True)
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                               check=False).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    return None


def unavailable() -> str | None:
    """
    Why a cluster cannot be started here (one line), or ``None`` if it can.
    """
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install '.[postgres]')"
    if find_bindir() is None:
        return ("no PostgreSQL server on this machine (initdb not found in "
                "/usr/lib/postgresql/*/bin or pg_config --bindir; apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no 'postgres' system user to run the server"
    return None


def without_server(reason: str, environment: Mapping[str, str]) -> tuple[str, str]:
    """
    What the PostgreSQL tests do where no cluster can start: ``("skip",
    one line)``, or ``("fail", one line)`` when ``FORLOEB_REQUIRE_POSTGRES=1``.

    >>> without_server("no server", {})
    ('skip', 'PostgreSQL tests skipped: no server')
    >>> without_server("no server", {"FORLOEB_REQUIRE_POSTGRES": "1"})
    ('fail', 'FORLOEB_REQUIRE_POSTGRES=1, but no server')
    """
    if environment.get("FORLOEB_REQUIRE_POSTGRES") == "1":
        return "fail", f"FORLOEB_REQUIRE_POSTGRES=1, but {reason}"
    return "skip", f"PostgreSQL tests skipped: {reason}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """
    A running throwaway server: its folder, Unix socket folder and TCP port.
    """

    def __init__(self, bindir: Path, folder: Path, port: int, *, as_postgres: bool) -> None:
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder
        self.port = port
        self.as_postgres = as_postgres
        self._counter = 0
        # Tests each take a new database; a thread keeps a few made ahead, so
        # a test need not wait for CREATE DATABASE.
        self._ready: queue.Queue[str] = queue.Queue(maxsize=3)
        self._stopping = threading.Event()
        self._maker: threading.Thread | None = None

    @classmethod
    def start(cls, *, fast: bool = True) -> Cluster:
        """
        A new cluster, started and ready for connections.
        """
        bindir = find_bindir()
        assert bindir is not None, unavailable()
        folder = Path(tempfile.mkdtemp(prefix="forloeb-pg-"))
        as_postgres = os.geteuid() == 0
        if as_postgres:
            shutil.chown(folder, "postgres", "postgres")
        folder.chmod(0o755)
        cluster = cls(bindir, folder, _free_port(), as_postgres=as_postgres)
        try:
            cluster._run("initdb", "-D", str(cluster.data), "-U", SUPERUSER, "-A", "trust",
                         "-E", "UTF8", "--no-locale", "--no-sync")
            for attempt in range(3):
                options = (f"-p {cluster.port} -k {cluster.socket_dir} "
                           f"-c listen_addresses=127.0.0.1 {FAST if fast else ''}")
                done = cluster._run("pg_ctl", "-D", str(cluster.data), "-l",
                                    str(folder / "server.log"), "-w", "-t", "60", "-o",
                                    options, "start", check=False)
                if done.returncode == 0:
                    break
                if attempt == 2:
                    log = (folder / "server.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"the test PostgreSQL server did not start:\n{log}")
                cluster.port = _free_port()
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return cluster

    def _run(self, program: str, *args: str, check: bool = True
             ) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check,
                              cwd=self.folder)

    def stop(self) -> None:
        """
        Stop the server at once and remove its folder.
        """
        self._stopping.set()
        if self._maker is not None:
            with contextlib.suppress(queue.Empty):
                while True:
                    self._ready.get_nowait()  # let a maker waiting to put finish
            self._maker.join(timeout=30)
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def uri(self, database: str, *, tcp: bool = False, user: str = SUPERUSER) -> str:
        """
        A libpq URI of ``database``: over the Unix socket, or over loopback TCP.
        """
        if tcp:
            return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
        return (f"postgresql://{user}@{quote(str(self.socket_dir), safe='')}:{self.port}"
                f"/{database}")

    def admin(self, database: str = "postgres") -> Any:
        """
        A superuser connection (autocommit) to ``database``.
        """
        import psycopg

        return psycopg.connect(self.uri(database), autocommit=True)

    def create_database(self, prefix: str = "store") -> str:
        """
        A new empty database; its name.
        """
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}_{int(time.time() * 1000) % 10**6}"
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def take_database(self) -> str:
        """
        A new empty database made ahead of time (made now if none is ready).
        """
        if self._maker is None:
            self._maker = threading.Thread(target=self._make_ahead, daemon=True)
            self._maker.start()
        try:
            return self._ready.get(timeout=60)
        except queue.Empty:
            return self.create_database()

    def _make_ahead(self) -> None:
        try:
            while not self._stopping.is_set():
                name = self.create_database("ahead")
                while not self._stopping.is_set():
                    with contextlib.suppress(queue.Full):
                        self._ready.put(name, timeout=0.2)
                        break
        except Exception:  # the server is stopping; the tests make their own
            return

    def drop_database(self, name: str) -> None:
        """
        Drop ``name``, ending any connection still open to it.
        """
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
