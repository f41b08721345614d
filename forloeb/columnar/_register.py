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
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from forloeb.codes import EventType
from forloeb.columnar._layout import RULE_CODE, RULES, STATUS_CODE, STATUSES
from forloeb.dates import one_year_before
from forloeb.errors import InvalidArgument, UnknownIdError
from forloeb.evaluation import Evaluation
from forloeb.evaluation._period import Period
from forloeb.model import Agreement, Employment, EmploymentEvent, Register
from forloeb.sla import Finding
from forloeb.typing import ComparisonDict, TrendDict

#: DuckDB's threads: the machines forloeb runs on have two cores or more,
#: and more threads than cores only add switching.
_THREADS = max(1, min(os.cpu_count() or 1, 4))

#: How much memory DuckDB may hold before it writes to its temporary folder.
MEMORY_LIMIT = "600MB"

#: About how many pathways one statement works on: a register-wide
#: question is asked of the agreements in batches of about this many
#: pathways, so the memory it takes does not grow with the register.
BATCH_PATHWAYS = 125_000

_batch_tables = itertools.count(1)

#: The columns of :meth:`Columns.employment_table`, with their types.
_EMPLOYMENT_COLUMNS = (
    ("a", "INTEGER"), ("ord", "INTEGER"), ("pathway_id", "VARCHAR"),
    ("employment_id", "VARCHAR"), ("enterprise", "VARCHAR"), ("rule", "INTEGER"),
    ("due", "DATE"), ("status", "INTEGER"), ("done", "DATE"), ("days_overdue", "BIGINT"),
    ("days_left", "BIGINT"), ("reason", "VARCHAR"), ("detail", "VARCHAR"))


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
                 read_by: str, register: Register | None = None) -> None:
        self._con = con
        #: The register's objects, kept where it has employments: their
        #: flexjob reviews are found by the reference's rule
        #: (:func:`forloeb.sla.employment_findings`), and merged in.
        self._register = register if register is not None and (
            register.employments or register.employment_events) else None
        self.agreements: tuple[Agreement, ...] = tuple(agreements)
        #: How the tables were filled: ``"duckdb"`` (a CSV folder read by
        #: DuckDB) or ``"objects"`` (from the reference loader's objects).
        self.read_by = read_by
        self._temp = temp
        self._positions = {a.agreement_id: i for i, a in enumerate(self.agreements)}
        self._employment_tables: dict[dt.date, str | None] = {}

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
        return cls(con, register.agreements, temp, read_by="objects", register=register)

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
    def employments(self) -> tuple[Employment, ...]:
        """
        The register's employments, as objects (they are few).
        """
        return () if self._register is None else self._register.employments

    @property
    def employment_events(self) -> tuple[EmploymentEvent, ...]:
        """
        The events of the register's employments, as objects.
        """
        return () if self._register is None else self._register.employment_events

    @property
    def connection(self) -> Any:
        """
        The DuckDB connection (for the engine's own modules and tests).
        """
        return self._con

    # --- choosing agreements -------------------------------------------------------------

    def chosen(self, agreements: Sequence[str] | None, *, deadlines: bool = False) -> str:
        """
        A relation ``(a, position)`` of the agreements named (all, in register
        order, for ``None``), in the order to list them.

        Raises:
            UnknownIdError: for an id the register lacks, in the words of
                :func:`forloeb.sla.check_deadlines` (with ``deadlines``) or of
                :func:`forloeb.evaluation.evaluate`.
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
        if unknown and deadlines:
            raise UnknownIdError(f"no agreement with id {unknown[0]!r}")
        if unknown:
            held = ", ".join(a.agreement_id for a in self.agreements) or "none"
            raise UnknownIdError(
                f"the register has no agreement {', '.join(map(repr, unknown))} "
                f"(it has: {held})")
        if not wanted:
            return "SELECT NULL::INTEGER AS a, NULL::INTEGER AS position WHERE false"
        rows = ", ".join(f"({self._positions[a]}, {i})" for i, a in enumerate(wanted))
        return f"SELECT * FROM (VALUES {rows}) AS c(a, position)"

    def batches(self, chosen: str) -> list[str]:
        """
        ``chosen`` (a relation of ``(a, position)``) cut into relations of the
        same kind, in order, each of agreements with about
        :data:`BATCH_PATHWAYS` pathways together (an agreement is never cut).
        """
        name = f"batches_{next(_batch_tables)}"
        self._con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {name} AS
            SELECT c.a, c.position,
                   (coalesce(sum(n.pathways) OVER (ORDER BY c.position ROWS BETWEEN UNBOUNDED
                        PRECEDING AND 1 PRECEDING), 0)) // {BATCH_PATHWAYS} AS batch
            FROM ({chosen}) c
                 LEFT JOIN (SELECT a, count(*) AS pathways FROM pathways GROUP BY a) n
                 ON n.a = c.a""")
        numbers = [b for (b,) in self._con.execute(
            f"SELECT DISTINCT batch FROM {name} ORDER BY batch").fetchall()]
        return [f"SELECT a, position FROM {name} WHERE batch = {b}" for b in numbers]

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
        employed = self.employment_findings(as_of=as_of)
        for batch in self.batches(self.chosen(agreements, deadlines=True)):
            cursor = self._con.execute(f"""
                SELECT g.agreement_id, w.pathway_id, f.rule, f.due, f.status, f.done,
                       f.days_overdue, f.reason, f.detail, f.days_left
                FROM ({findings_sql(as_of, until, batch)}) f
                JOIN agreements g ON g.a = f.a LEFT JOIN pathways w ON w.p = f.p
                ORDER BY f.position, f.p IS NULL, f.p, f.rule, f.seq""")
            while rows := cursor.fetchmany(8192):
                for (agreement_id, pathway_id, rule, due, status, done, days, reason, detail,
                     left) in rows:
                    if pathway_id is None:
                        # Before the agreement's capacity finding, as the
                        # reference: the reviews of the employments after its pathways.
                        yield from employed.get(agreement_id, ())
                    yield Finding(agreement_id, pathway_id, RULES[rule], due, STATUSES[status],
                                  done=done, days_overdue=int(days), reason=reason,
                                  detail=detail or "",
                                  days_left=None if left is None else int(left))
        if agreements is None:
            yield from employed.get(None, ())

    def _employment_findings(self, as_of: dt.date) -> Iterator[Finding]:
        # The flexjob reviews of the register's employments by the reference's
        # own rule, in the order check_deadlines lists them: agreement by
        # agreement, then those of the employments that followed no pathway.
        from forloeb.sla._register import findings_of_employment

        register = self._register
        if register is None:
            return
        for agreement in register.agreements:
            for pathway in register.pathways_of(agreement.agreement_id):
                for employment in register.employments_following(pathway.pathway_id):
                    yield from findings_of_employment(register, employment, as_of=as_of)
        for employment in register.employments:
            if employment.pathway_id is None or not register.has_pathway(employment.pathway_id):
                yield from findings_of_employment(register, employment, as_of=as_of)

    def employment_findings(self, *, as_of: dt.date) -> dict[str | None, list[Finding]]:
        """
        The flexjob reviews of the register's employments as of ``as_of``, by
        the reference's rule (employments are few), per agreement id in the
        order :func:`forloeb.sla.check_deadlines` lists them; under ``None``,
        those of the employments that followed no pathway of the register.
        """
        found: dict[str | None, list[Finding]] = {}
        for finding in self._employment_findings(as_of):
            found.setdefault(finding.agreement_id, []).append(finding)
        return found

    def employment_table(self, *, as_of: dt.date) -> str | None:
        """
        The name of a table of the flexjob reviews as of ``as_of`` (those of
        :meth:`employment_findings`), for the work list's statements to read
        beside the pathways' findings; ``None`` if there are none. One row
        per finding: ``a`` (the agreement's number, ``NULL`` for an
        employment that followed no pathway of the register), ``ord`` (its
        place in :func:`forloeb.sla.check_deadlines`'s order), the ids and
        the enterprise as text, and the columns of
        :data:`forloeb.columnar._deadlines.FINDING_COLUMNS` with rule and
        status as codes. Made once per date.
        """
        if as_of in self._employment_tables:
            return self._employment_tables[as_of]
        positions = self._positions
        rows = [(None if f.agreement_id is None else positions[f.agreement_id], place,
                 f.pathway_id, f.employment_id, f.enterprise, RULE_CODE[f.rule], f.due,
                 STATUS_CODE[f.status], f.done, f.days_overdue, f.days_left, f.reason,
                 f.detail) for place, f in enumerate(self._employment_findings(as_of))]
        table: str | None = None
        if rows:
            table = f"employed_{next(_batch_tables)}"
            # A list per column as parameters, one unnest each: the unnests
            # of one SELECT run side by side, row i of each together.
            unnested = ", ".join(f"unnest(${i}::{kind}[]) AS {column}"
                                 for i, (column, kind) in enumerate(_EMPLOYMENT_COLUMNS, 1))
            self._con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {unnested}",
                              [list(column) for column in zip(*rows, strict=True)])
        self._employment_tables[as_of] = table
        return table

    def evaluate(self, *, as_of: dt.date, since: dt.date | None = None,
                 agreements: Sequence[str] | None = None) -> Evaluation:
        """
        The eight questions, as :func:`forloeb.evaluation.evaluate` answers them.
        """
        from forloeb.columnar._evaluation import evaluate_agreements

        period = Period(one_year_before(as_of) if since is None else since, as_of)
        results = []
        for batch in self.batches(self.chosen(agreements)):
            results.extend(evaluate_agreements(self._con, self.agreements, batch, period))
        return Evaluation(as_of=period.as_of, since=period.since, agreements=results)

    def compare(self, *, as_of: dt.date, since: dt.date | None = None) -> ComparisonDict:
        """
        Every agreement side by side, as :func:`forloeb.evaluation.compare` puts them.
        """
        from forloeb.evaluation import comparison

        return comparison(self.evaluate(as_of=as_of, since=since))

    def trend(self, *, years: Sequence[int]) -> TrendDict:
        """
        The key figures at 30 June of each year, as :func:`forloeb.evaluation.trend`
        gives them.
        """
        from forloeb import _arguments as check
        from forloeb.evaluation._trend import trend_of

        check.check_years("years", years)
        return trend_of([self.evaluate(as_of=dt.date(year, 6, 30)) for year in years])

    def summary(self, *, as_of: dt.date) -> Summary:
        """
        What ``forloeb check`` shows of a valid register: its pathways by state
        as of ``as_of`` per agreement, its events by type, its notes.
        """
        from forloeb.columnar._layout import EVENT_TYPES, date_literal

        d = date_literal(as_of)
        first = "coalesce(referred_date, start_date, end_date)"
        states: dict[str, dict[str, int]] = {a.agreement_id: {} for a in self.agreements}
        for a, state, n in self._con.execute(f"""
                SELECT a, CASE WHEN {first} > {d} THEN 'later'
                               WHEN end_date <= {d} THEN 'ended'
                               WHEN start_date IS NULL OR start_date > {d} THEN 'referred'
                               ELSE 'active' END AS state, count(*)
                FROM pathways GROUP BY ALL""").fetchall():
            states[self.agreements[a].agreement_id][state] = int(n)
        events = {EVENT_TYPES[t]: int(n) for t, n in self._con.execute(
            "SELECT type, count(*) FROM events GROUP BY type").fetchall()}
        (notes,) = self._con.execute("SELECT count(*) FROM notes").fetchone()
        return Summary(states, events, int(notes), self.employments,
                       len(self.employment_events))


@attrs.frozen
class Summary:
    """
    A register summed up: per agreement (in register order) its pathways by
    state as of a date (``referred``, ``active``, ``ended``, or ``later``:
    not yet known), its events by type, how many collaboration notes, its
    employments and how many employment events.
    """

    pathways: Mapping[str, Mapping[str, int]]
    events: Mapping[EventType, int]
    notes: int
    employments: Sequence[Employment] = ()
    employment_events: int = 0
