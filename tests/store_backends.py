"""
The store's backends as its tests see them, so one set of tests drives both.

Each gives fresh places for a store (a new file name, a new empty
database), the same place as another process reaches it (PostgreSQL over
loopback TCP), and the hands of someone with the database's own shell:
``edit`` runs SQL behind forloeb's back, ``dump`` lists every row of every
table (to show that something left the store exactly as it was).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pg_cluster import Cluster

from forloeb.store import postgres, sqlite
from forloeb.store._backend import Backend


class SQLiteUnderTest:
    """
    Stores in files of one test's temporary folder.
    """

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made = 0

    def fresh(self) -> str:
        """
        A file name where there is no store yet.
        """
        self._made += 1
        return str(self.folder / f"store-{self._made}.sqlite")

    def tcp(self, location: str) -> str:
        return location

    def edit(self, location: str, sql: str) -> None:
        connection = sqlite3.connect(location)
        try:
            connection.execute(sql)
            connection.commit()
        finally:
            connection.close()

    def columns(self, location: str, table: str) -> list[str]:
        connection = sqlite3.connect(location)
        try:
            return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        finally:
            connection.close()

    def dump(self, location: str) -> list[str]:
        if not Path(location).exists():
            return []
        connection = sqlite3.connect(location)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    def backend(self, location: str) -> Backend:
        """
        A backend on a new store file without any table (for old schemas).
        """
        connection = sqlite3.connect(location, isolation_level=None)
        return sqlite.SQLiteBackend(connection, Path(location), None)

    def close(self) -> None:
        pass


class PostgresUnderTest:
    """
    Stores in new databases of the session's throwaway cluster.
    """

    name = "postgres"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._made: list[str] = []

    def fresh(self) -> str:
        """
        The URI (over the Unix socket) of a new database that holds no tables.
        """
        name = self.cluster.take_database()
        self._made.append(name)
        return self.cluster.uri(name)

    def tcp(self, location: str) -> str:
        return self.cluster.uri(urlsplit(location).path.lstrip("/"), tcp=True)

    def _connect(self, location: str) -> Any:
        import psycopg

        return psycopg.connect(location, autocommit=True)

    def edit(self, location: str, sql: str) -> None:
        with self._connect(location) as connection:
            connection.execute(sql)

    def columns(self, location: str, table: str) -> list[str]:
        with self._connect(location) as connection:
            return [row[0] for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = "
                "%s AND table_schema = current_schema() ORDER BY ordinal_position", (table,))]

    def dump(self, location: str) -> list[tuple[object, ...]]:
        with self._connect(location) as connection:
            tables = [row[0] for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename")]
            rows: list[tuple[object, ...]] = []
            for table in tables:
                rows.append((table, *self.columns(location, table)))
                rows.extend((table, *row) for row in connection.execute(
                    f"SELECT * FROM {table} ORDER BY 1"))
            return rows

    def backend(self, location: str) -> Backend:
        return postgres.connect(location, timeout=10)

    def close(self) -> None:
        for name in self._made:
            self.cluster.drop_database(name)


StoreBackend = SQLiteUnderTest | PostgresUnderTest
