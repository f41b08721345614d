"""
:class:`Columns`: a register held as DuckDB tables, and what can be asked of it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from forloeb.columnar._layout import RULES, STATUSES
from forloeb.dates import one_year_before
from forloeb.errors import InvalidArgument, UnknownIdError
from forloeb.evaluation import Evaluation
from forloeb.evaluation._period import Period
from forloeb.model import Agreement, Register
from forloeb.sla import Finding

#: DuckDB's threads: the machines forloeb runs on have two cores or more,
#: and more threads than cores only add switching.
_THREADS = max(1, min(os.cpu_count() or 1, 4))

#: How much memory DuckDB may hold before it writes to its temporary folder.
MEMORY_LIMIT = "600MB"


_database: Any = None
_schemas = itertools.count(1)


def _shared_database() -> Any:
    # One in-memory database per process, created on first use: each Columns
    # is a connection to it with a schema of its own, so opening a small
    # register costs a millisecond, not a new database.
    global _database
    if _database is None:
        import duckdb

        spill = Path(tempfile.mkdtemp(prefix="forloeb-duckdb-"))
        atexit.register(shutil.rmtree, spill, ignore_errors=True)
        _database = duckdb.connect(":memory:", config={
            "threads": _THREADS,
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": str(spill),
            "preserve_insertion_order": True,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        })
    return _database


def connect(temp: Path) -> Any:
    """
    A connection to the process's DuckDB database with a new schema of its
    own, where the tables of one register are made. DuckDB is imported on
    first use, so a command that never needs it starts as fast as before.
    ``temp`` is where the register's own temporary files go.
    """
    del temp
    con = _shared_database().cursor()
    schema = f"register_{next(_schemas)}"
    con.execute(f"CREATE SCHEMA {schema}")
    con.execute(f"SET schema = '{schema}'")
    return con


def disconnect(con: Any) -> None:
    """
    Drop the schema of a connection :func:`connect` made, and close it.
    """
    try:
        (schema,) = con.execute("SELECT current_schema()").fetchone()
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    finally:
        con.close()


class Columns:
    """
    A register as the columnar engine holds it: its tables in an in-memory
    DuckDB database, and its agreements as objects. Open one with
    :func:`forloeb.columnar.open_source` or :meth:`Columns.of`; close it
    (or use it as a context manager) to free the memory and the temporary
    folder.
    """

    def __init__(self, con: Any, agreements: Sequence[Agreement], temp: Path, *,
                 read_by: str) -> None:
        self._con = con
        self.agreements: tuple[Agreement, ...] = tuple(agreements)
        #: How the tables were filled: ``"duckdb"`` (a CSV folder read by
        #: DuckDB) or ``"objects"`` (from the reference loader's objects).
        self.read_by = read_by
        self._temp = temp
        self._positions = {a.agreement_id: i for i, a in enumerate(self.agreements)}

    @classmethod
    def of(cls, register: Register) -> Columns:
        """
        The columns of ``register``, which must be valid (as :func:`forloeb.load`
        and :meth:`Register.build` give it).
        """
        from forloeb.columnar._from_objects import fill_from_register

        temp = Path(tempfile.mkdtemp(prefix="forloeb-"))
        con = None
        try:
            con = connect(temp)
            fill_from_register(con, register, temp)
        except BaseException:
            if con is not None:
                disconnect(con)
            shutil.rmtree(temp, ignore_errors=True)
            raise
        return cls(con, register.agreements, temp, read_by="objects")

    def close(self) -> None:
        """
        Let go of the database and the temporary folder.
        """
        try:
            disconnect(self._con)
        finally:
            shutil.rmtree(self._temp, ignore_errors=True)

    def __enter__(self) -> Columns:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @property
    def connection(self) -> Any:
        """
        The DuckDB connection (for the engine's own modules and tests).
        """
        return self._con

    # --- choosing agreements -------------------------------------------------------------

    def chosen(self, agreements: Sequence[str] | None) -> str:
        """
        A relation ``(a, position)`` of the agreements named (all, in register
        order, for ``None``), in the order to list them.

        Raises:
            UnknownIdError: for an id the register lacks.
            InvalidArgument: for a string instead of a sequence of ids.
        """
        if agreements is None:
            return "SELECT a, a AS position FROM agreements"
        if isinstance(agreements, str):
            raise InvalidArgument(
                f"agreements must be a sequence of ids, not the string {agreements!r} "
                f"(write agreements=[{agreements!r}])")
        wanted = list(dict.fromkeys(agreements))
        unknown = [a for a in wanted if a not in self._positions]
        if unknown:
            held = ", ".join(a.agreement_id for a in self.agreements) or "none"
            raise UnknownIdError(
                f"the register has no agreement {', '.join(map(repr, unknown))} "
                f"(it has: {held})")
        if not wanted:
            return "SELECT NULL::INTEGER AS a, NULL::INTEGER AS position WHERE false"
        rows = ", ".join(f"({self._positions[a]}, {i})" for i, a in enumerate(wanted))
        return f"SELECT * FROM (VALUES {rows}) AS c(a, position)"

    # --- what can be asked -----------------------------------------------------------------

    def findings(self, *, as_of: dt.date, due_within: int | None = None,
                 agreements: Sequence[str] | None = None) -> Iterator[Finding]:
        """
        Every finding, as :func:`forloeb.sla.check_deadlines` lists them and
        in its order, made one at a time.
        """
        from forloeb.columnar._deadlines import findings_sql

        if due_within is not None and due_within < 0:
            raise InvalidArgument(f"due_within must be 0 or more days, not {due_within}")
        until = as_of + dt.timedelta(days=due_within) if due_within else None
        cursor = self._con.execute(f"""
            SELECT g.agreement_id, w.pathway_id, f.rule, f.due, f.status, f.done,
                   f.days_overdue, f.reason, f.detail, f.days_left
            FROM ({findings_sql(as_of, until, self.chosen(agreements))}) f
            JOIN agreements g ON g.a = f.a LEFT JOIN pathways w ON w.p = f.p
            ORDER BY f.position, f.p IS NULL, f.p, f.rule, f.seq""")
        while rows := cursor.fetchmany(8192):
            for (agreement_id, pathway_id, rule, due, status, done, days, reason, detail,
                 left) in rows:
                yield Finding(agreement_id, pathway_id, RULES[rule], due, STATUSES[status],
                              done=done, days_overdue=int(days), reason=reason,
                              detail=detail or "",
                              days_left=None if left is None else int(left))

    def evaluate(self, *, as_of: dt.date, since: dt.date | None = None,
                 agreements: Sequence[str] | None = None) -> Evaluation:
        """
        The eight questions, as :func:`forloeb.evaluation.evaluate` answers them.
        """
        from forloeb.columnar._evaluation import evaluate_agreements

        period = Period(one_year_before(as_of) if since is None else since, as_of)
        results = evaluate_agreements(self._con, self.agreements, self.chosen(agreements),
                                      period)
        return Evaluation(as_of=period.as_of, since=period.since, agreements=results)

    def compare(self, *, as_of: dt.date, since: dt.date | None = None) -> dict[str, Any]:
        """
        Every agreement side by side, as :func:`forloeb.evaluation.compare` puts them.
        """
        from forloeb.evaluation import comparison

        return comparison(self.evaluate(as_of=as_of, since=since))

    def trend(self, *, years: Sequence[int]) -> dict[str, Any]:
        """
        The key figures at 30 June of each year, as :func:`forloeb.evaluation.trend`
        gives them.
        """
        from forloeb.evaluation._trend import trend_of

        return trend_of(lambda as_of: self.evaluate(as_of=as_of), years=years)
