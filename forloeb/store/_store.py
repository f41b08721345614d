"""
The :class:`Store`: opening a store file, loading it and writing to it in transactions.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar, cast

from forloeb.errors import InvalidArgument, StoreError
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.rules import ensure_valid
from forloeb.store import _importing, _recording
from forloeb.store._history import Change, history
from forloeb.store._rows import TABLE_NAMES
from forloeb.store._schema import APPLICATION_ID, SCHEMA_VERSION, create, migrate
from forloeb.store._time import known_bound, next_stamp
from forloeb.store._tx import EVERYTHING, Transaction, current_objects

_T = TypeVar("_T")


class Store:
    """
    A register kept in one SQLite file, with every change it ever held.

    Open one with :meth:`Store.open` (a context manager). Nothing in a store
    is updated in place: recording a start or a correction writes a new
    version of the pathway, and every version carries when it was recorded
    and by whom (``actor``), so :meth:`load` can give the register as it stood
    at any earlier time (``known_at``) and :meth:`history` shows who changed
    what. Each write is one transaction that checks the rules of domain.md
    section 3 against what the store holds at that moment; several processes
    may read and write one store at the same time.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        # Use Store.open(); this only wraps a connection that open() has prepared.
        self._connection = connection
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True,
             timeout: float = 30.0) -> Store:
        """
        Open the store at ``path``, creating it if there is no file (and ``create``).

        A store written by an older forloeb is migrated to the current schema
        version; one written by a newer forloeb is refused and left as it is.
        ``timeout`` is how many seconds a write waits for another process's
        write to finish before it gives up.

        Raises:
            StoreError: the file is not a forloeb store, is from a newer
                version, cannot be created, or (``create=False``) does not exist.
        """
        target = Path(path)
        if target.is_dir():
            raise StoreError(f"{target} is a folder, not a store")
        if not target.exists():
            if not create:
                raise StoreError(f"there is no store at {target}")
            if not target.parent.is_dir():
                raise StoreError(f"cannot create a store at {target}: "
                                 f"the folder {target.parent} does not exist")
        try:
            connection = sqlite3.connect(target, timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the store {target}: {e}") from None
        try:
            _prepare(connection, target)
        except BaseException:
            connection.close()
            raise
        return cls(connection, target)

    def close(self) -> None:
        """
        Close the store (a closed store cannot be used again).
        """
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store.open({str(self.path)!r})"

    # -- reading -----------------------------------------------------------------

    def load(self, *, as_of: dt.date | None = None,
             known_at: dt.datetime | dt.date | None = None) -> Register:
        """
        The register the store holds.

        ``known_at`` gives the register as it was recorded at that time (a
        naive datetime is local time; a date means the end of that day), so
        an evaluation published then can be reproduced after later
        corrections. ``as_of`` then keeps the facts dated on or before that
        date (:meth:`Register.as_of <forloeb.model.Register.as_of>`).
        """
        with self._reading() as connection:
            bound = EVERYTHING if known_at is None else known_bound(connection, known_at)
            tables = {table: current_objects(connection, table, bound=bound)
                      for table in TABLE_NAMES}
        register = Register(
            cast(list[Agreement], tables["agreements"]),
            cast(list[Pathway], tables["pathways"]),
            cast(list[Event], tables["events"]),
            cast(list[CollaborationNote], tables["collaboration"]),
        )
        return register if as_of is None else register.as_of(as_of)

    def agreement(self, agreement_id: str) -> Agreement:
        """
        The agreement as the store holds it now.

        Raises:
            UnknownIdError: if the store holds no such agreement.
        """
        return self._read(lambda tx: tx.agreement(agreement_id))

    def pathway(self, pathway_id: str) -> Pathway:
        """
        The pathway as the store holds it now.

        Raises:
            UnknownIdError: if the store holds no such pathway.
        """
        return self._read(lambda tx: tx.pathway(pathway_id)[1])

    def events_of(self, pathway_id: str) -> list[tuple[int, Event]]:
        """
        The events of one pathway with their ids (for :meth:`correct_event`
        and :meth:`retract_event`), in the order they were recorded.
        """
        return self._read(lambda tx: tx.events_of(pathway_id))

    def notes_of(self, agreement_id: str) -> list[tuple[int, CollaborationNote]]:
        """
        The collaboration notes on one agreement with their ids, in the order recorded.
        """
        return self._read(lambda tx: tx.notes_of(agreement_id))

    def history(self, pathway_id: str) -> list[Change]:
        """
        Every change to a pathway and its events, oldest first: what changed,
        who recorded it and when.

        Raises:
            UnknownIdError: if the store has never held the pathway.
        """
        with self._reading() as connection:
            return history(connection, pathway_id)

    # -- importing ---------------------------------------------------------------

    def import_register(self, register: Register, *, actor: str, replace: bool = False,
                        recorded_at: dt.datetime | None = None) -> _importing.ImportSummary:
        """
        Import a whole register in one transaction.

        The register is checked first; one with any problem writes nothing.
        By default its items are added to the store, which must not hold any
        of its agreement or pathway ids. With ``replace`` the store is made to
        hold exactly this register: new items are added, changed ones get a
        new version and items the register lacks are retracted, so a
        spreadsheet can be imported again and again with every difference in
        the history.

        Raises:
            RegisterError: listing every problem of the register.
            StoreError: the store already holds some of the ids (without ``replace``).
        """
        ensure_valid(register)
        action = "import --replace" if replace else "import"
        do = _importing.replace if replace else _importing.add
        with self._writing(action, actor, recorded_at) as tx:
            return do(tx, register, store=str(self.path))

    # -- recording ---------------------------------------------------------------

    def add_agreement(self, agreement: Agreement, *, actor: str,
                      recorded_at: dt.datetime | None = None) -> None:
        """
        Record a new cooperation agreement.

        Raises:
            RuleViolation: the id is taken or a term is out of range.
        """
        with self._writing("add_agreement", actor, recorded_at) as tx:
            _recording.add_agreement(tx, agreement)

    def refer(self, *, pathway_id: str, agreement_id: str, participant_id: str,
              day: dt.date, target_group: str | None = None, actor: str,
              recorded_at: dt.datetime | None = None) -> None:
        """
        Record a new pathway, referred (agreed, not started) on ``day``.

        Raises:
            RuleViolation: the id is taken, or the participant id looks like a CPR number.
            UnknownIdError: the agreement does not exist.
        """
        with self._writing("refer", actor, recorded_at) as tx:
            _recording.refer(tx, pathway_id=pathway_id, agreement_id=agreement_id,
                             participant_id=participant_id, day=day,
                             target_group=target_group)

    def start(self, pathway_id: str, day: dt.date, *, actor: str,
              recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a referred pathway started on ``day``.

        Raises:
            CapacityError: the agreement would have more active pathways on
                some day than its slots plus extra slots (rule 7).
            RuleViolation: it has started or ended already, starts before its
                referral, or its participant is in another pathway then.
        """
        with self._writing("start", actor, recorded_at) as tx:
            _recording.change_pathway(tx, pathway_id, "start", day)

    def end(self, pathway_id: str, day: dt.date, outcome: str, *, actor: str,
            recorded_at: dt.datetime | None = None) -> None:
        """
        Record that an active pathway ended on ``day`` with ``outcome``.

        Raises:
            RuleViolation: it has not started or has ended, the outcome is
                unknown or not allowed, or it has events after ``day``.
        """
        with self._writing("end", actor, recorded_at) as tx:
            _recording.change_pathway(tx, pathway_id, "end", day, outcome)

    def cancel(self, pathway_id: str, day: dt.date, *, actor: str,
               recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a pathway was cancelled before it started (outcome ``annulleret``).
        """
        with self._writing("cancel", actor, recorded_at) as tx:
            _recording.change_pathway(tx, pathway_id, "cancel", day)

    def record_event(self, event: Event, *, actor: str,
                     recorded_at: dt.datetime | None = None) -> int:
        """
        Record an event of a pathway; returns the event's id.

        Raises:
            RuleViolation: the event lies outside the pathway (rule 4), is an
                extension outside its active period (rule 5), or has a bad code or value.
        """
        with self._writing("record_event", actor, recorded_at) as tx:
            return _recording.record_event(tx, event)

    def extend(self, pathway_id: str, day: dt.date, weeks: int, *, actor: str,
               recorded_at: dt.datetime | None = None) -> int:
        """
        Record an extension of an active pathway's frame by ``weeks``; the event's id.
        """
        with self._writing("extend", actor, recorded_at) as tx:
            return _recording.extend(tx, pathway_id, day, weeks)

    def record_plan(self, pathway_id: str, day: dt.date, *, co_created: bool | None = None,
                    own_goals: bool | None = None, actor: str,
                    recorded_at: dt.datetime | None = None) -> None:
        """
        Record that the pathway's individual plan was made on ``day``.
        """
        changes = {"plan_date": day, "plan_co_created": co_created, "plan_own_goals": own_goals}
        with self._writing("record_plan", actor, recorded_at) as tx:
            _recording.correct_pathway(tx, pathway_id, changes)

    def add_note(self, note: CollaborationNote, *, actor: str,
                 recorded_at: dt.datetime | None = None) -> int:
        """
        Record a collaboration note on an agreement; returns the note's id.
        """
        with self._writing("add_note", actor, recorded_at) as tx:
            return _recording.add_note(tx, note)

    # -- corrections -------------------------------------------------------------

    def correct_pathway(self, pathway_id: str, /, *, actor: str,
                        recorded_at: dt.datetime | None = None, **changes: object) -> None:
        """
        Record a corrected version of a pathway: any of its fields but its id,
        as keywords (``outcome="fleksjob"``, ``start_date=...``). The old
        version stays in the history.

        Raises:
            RuleViolation: the corrected pathway would break a rule.
            InvalidArgument: a keyword is not a field that can be corrected.
        """
        with self._writing("correct_pathway", actor, recorded_at) as tx:
            _recording.correct_pathway(tx, pathway_id, changes)

    def retract_pathway(self, pathway_id: str, *, actor: str,
                        recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a pathway (with its events) should never have been
        recorded. Its id stays used; the history keeps it.
        """
        with self._writing("retract_pathway", actor, recorded_at) as tx:
            _recording.retract_pathway(tx, pathway_id)

    def correct_agreement(self, agreement_id: str, /, *, actor: str,
                          recorded_at: dt.datetime | None = None, **changes: object) -> None:
        """
        Record corrected terms of an agreement (``extra_slots=2``, ...), if its
        pathways keep them.
        """
        with self._writing("correct_agreement", actor, recorded_at) as tx:
            _recording.correct_agreement(tx, agreement_id, changes)

    def correct_event(self, event_id: int, /, *, actor: str,
                      recorded_at: dt.datetime | None = None, **changes: object) -> None:
        """
        Record a corrected version of an event (``date``, ``type``, ``code``,
        ``value`` or ``note``; its pathway cannot change).
        """
        with self._writing("correct_event", actor, recorded_at) as tx:
            _recording.correct_event(tx, event_id, changes)

    def retract_event(self, event_id: int, *, actor: str,
                      recorded_at: dt.datetime | None = None) -> None:
        """
        Record that an event should never have been recorded.
        """
        with self._writing("retract_event", actor, recorded_at) as tx:
            _recording.retract(tx, "events", event_id)

    def correct_note(self, note_id: int, /, *, actor: str,
                     recorded_at: dt.datetime | None = None, **changes: object) -> None:
        """
        Record a corrected version of a collaboration note.
        """
        with self._writing("correct_note", actor, recorded_at) as tx:
            _recording.correct_note(tx, note_id, changes)

    def retract_note(self, note_id: int, *, actor: str,
                     recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a collaboration note should never have been recorded.
        """
        with self._writing("retract_note", actor, recorded_at) as tx:
            _recording.retract(tx, "collaboration", note_id)

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def _writing(self, action: str, actor: str, recorded_at: dt.datetime | None
                 ) -> Iterator[Transaction]:
        if not isinstance(actor, str) or not actor.strip():
            raise InvalidArgument(f"actor must name who records the change, got {actor!r}")
        connection = self._connection
        with self._translated():
            # IMMEDIATE takes the write lock now, before anything is read, so the
            # facts a check reads cannot change before the write.
            connection.execute("BEGIN IMMEDIATE")
            try:
                stamp = next_stamp(connection, recorded_at)
                cursor = connection.execute(
                    "INSERT INTO changes (recorded_at, actor, action) VALUES (?, ?, ?)",
                    (stamp, actor, action))
                assert cursor.lastrowid is not None
                tx = Transaction(connection, cursor.lastrowid)
                yield tx
                # A change that wrote nothing is not a change: keep no empty entry.
                connection.execute("COMMIT" if tx.written else "ROLLBACK")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection
        with self._translated():
            # One read transaction: every table from the same moment, even while
            # another process writes.
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("COMMIT")

    def _read(self, read: Callable[[Transaction], _T]) -> _T:
        with self._reading() as connection:
            return read(Transaction(connection, 0))

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreError(f"the store {self.path} is busy: another process kept it "
                                 f"locked longer than the timeout ({e})") from None
            raise StoreError(f"the store {self.path} cannot be used: {e}") from None
        except sqlite3.Error as e:
            raise StoreError(f"the store {self.path} cannot be used: {e}") from None


def _header(connection: sqlite3.Connection) -> tuple[int, int, int]:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return application_id, version, tables


def _check(path: Path, application_id: int, version: int, tables: int) -> bool:
    """
    Whether the file needs creating or migrating; raise if it must not be touched.
    """
    if application_id == 0 and tables == 0:
        return True
    if application_id != APPLICATION_ID or version < 1:
        raise StoreError(f"{path} is an SQLite database, but not a forloeb store")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer forloeb (store schema version {version}; this "
            f"forloeb knows versions up to {SCHEMA_VERSION}); upgrade forloeb to use it. "
            "The store was not changed.")
    return version < SCHEMA_VERSION


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    try:
        header = _header(connection)
    except sqlite3.DatabaseError:
        raise StoreError(f"{path} is not a forloeb store: it is not an SQLite database") from None
    # Nothing is written before this check: a newer store is left untouched.
    needs_work = _check(path, *header)
    try:
        # WAL: readers never block the writer or each other; the mode stays with the file.
        connection.execute("PRAGMA journal_mode = WAL")
        if not needs_work:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have created or migrated it meanwhile: look again.
            application_id, version, tables = _header(connection)
            if _check(path, application_id, version, tables):
                if tables == 0:
                    create(connection)
                else:
                    migrate(connection, version)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as e:
        raise StoreError(f"cannot prepare the store {path}: {e}") from None
