"""
The :class:`Store`: opening a store, loading it and writing to it in
transactions, the same over every backend (:mod:`forloeb.store.sqlite`,
:mod:`forloeb.store.postgres`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar, Unpack, cast

from forloeb import _arguments as check
from forloeb.errors import InvalidArgument, StoreError
from forloeb.model import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
    Register,
)
from forloeb.rules import Violation, ensure_valid, to_problems, validate
from forloeb.sla import (
    Finding,
    check_pathway,
    employment_findings,
    next_due,
    next_due_for_employment,
)
from forloeb.store import _importing, _recording, sqlite
from forloeb.store._backend import Backend
from forloeb.store._history import Change, history
from forloeb.store._location import is_postgres_uri
from forloeb.store._rows import INT_LIMIT, TABLE_NAMES, DamagedRow
from forloeb.store._time import known_bound, next_stamp, stamp_problems
from forloeb.store._tx import EVERYTHING, Transaction, current_objects, current_seqs
from forloeb.typing import (
    AgreementCorrection,
    EmploymentCorrection,
    EmploymentEventCorrection,
    EventCorrection,
    NoteCorrection,
    PathwayCorrection,
)

_T = TypeVar("_T")


class Store:
    """
    A register kept with every change it ever held: in one SQLite file, or
    in a PostgreSQL database that several tools on several machines share.

    Open one with :meth:`Store.open` (a context manager). Both kinds have the
    same API and the same guarantees. Nothing in a store
    is updated in place: recording a start or a correction writes a new
    version of the pathway, and every version carries when it was recorded
    and by whom (``actor``), so :meth:`load` can give the register as it stood
    at any earlier time (``known_at``) and :meth:`history` shows who changed
    what. Each write is one transaction that checks the outcome-state rules
    (1-8) against what the store holds at that moment; several processes
    may read and write one store at the same time.

    The recording methods share one calling convention: what the call acts on
    (a pathway's or an employment's id, an event's id, or the agreement,
    event, note or employment being recorded) is positional; dates and
    everything else are keyword-only.
    """

    def __init__(self, backend: Backend) -> None:
        # Use Store.open(); this only wraps a backend that open() has prepared.
        if not isinstance(backend, Backend):
            way = (f"Store.open({os.fspath(backend)!r})"
                   if isinstance(backend, str | os.PathLike) else "Store.open(path)")
            raise check.refuse("backend", f"a backend that Store.open prepared (write {way})",
                               backend)
        self._backend = backend
        #: The store's file (``None`` for a store in PostgreSQL).
        self.path = backend.path
        #: What messages call the store: its file name, or its URI without a password.
        self.location = backend.location

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False,
             read_only: bool = False, timeout: float = 30.0) -> Store:
        """
        Open the store at ``path``: a file name (SQLite) or a PostgreSQL
        connection URI (``postgresql://user@host:5432/db``; ``postgresql://``
        alone takes everything from the ``PG*`` environment variables). With
        ``create``, make a new store if there is none: in SQLite where there
        is no file, in PostgreSQL in a database that holds no tables.

        Only a path with no file becomes an SQLite store: an empty file or
        another program's database is refused and left as it is; so is a
        PostgreSQL database that holds other tables. A store written by an
        older forloeb is migrated to the current schema version (once, by
        whichever tool gets there first); one written by a newer forloeb is
        refused and left as it is.

        With ``read_only`` nothing is ever written (an older SQLite store is
        migrated in memory only). A store that cannot be written (a file or
        folder without write permission, a PostgreSQL role without INSERT
        privilege) is opened read-only too; a recording call then raises
        :class:`StoreError` saying why. ``timeout`` is how many seconds a
        write waits for another tool's write to finish before it gives up.

        Raises:
            StoreError: it is not a forloeb store, is from a newer version,
                cannot be created or reached, or (without ``create``) does not
                exist; for a PostgreSQL URI without psycopg installed, what to
                install.
            InvalidArgument: an argument of the wrong type, or both
                ``create`` and ``read_only``.
        """
        _check_location(path, timeout=timeout)
        check.check_bool("create", create)
        check.check_bool("read_only", read_only)
        if create and read_only:
            raise InvalidArgument("a store opened with read_only=True cannot be created; "
                                  "give create=True or read_only=True, not both")
        if is_postgres_uri(path):
            from forloeb.store import postgres

            return cls(postgres.open_database(str(path).strip(), create=create,
                                              read_only=read_only, timeout=timeout))
        return cls(sqlite.open_file(Path(path), create=create, read_only=read_only,
                                    timeout=timeout))

    @classmethod
    def import_into(cls, path: str | os.PathLike[str], register: Register, *, actor: str,
                    replace: bool = False, recorded_at: dt.datetime | None = None,
                    timeout: float = 30.0) -> _importing.ImportSummary:
        """
        Import a whole register into the store at ``path``, creating the store
        if there is none (what ``forloeb import`` does).

        A new SQLite store is built beside ``path`` and appears there only
        when the import is complete; in PostgreSQL the tables are created in
        the import's own transaction. Either way a refused, failed or killed
        import into a new store leaves no store behind. Into an existing
        store, as :meth:`import_register`.

        Raises:
            RegisterError: listing every problem of the register (nothing is created).
            StoreError: as :meth:`open` and :meth:`import_register`.
        """
        _check_location(path, timeout=timeout)
        _check_actor(actor)
        check.check_instance("register", register, Register)
        check.check_bool("replace", replace)
        check.check_datetime("recorded_at", recorded_at, optional=True)
        ensure_valid(register)
        if is_postgres_uri(path):
            from forloeb.store import postgres

            backend = postgres.open_database(str(path).strip(), create=True, read_only=False,
                                             timeout=timeout, create_when_written=True)
            with cls(backend) as store:
                return store._import(register, actor=actor, replace=replace,
                                     recorded_at=recorded_at)
        target = Path(path)

        def fill(backend: Backend) -> _importing.ImportSummary:
            return cls(backend)._import(register, actor=actor, replace=replace,
                                        recorded_at=recorded_at)

        if not target.exists():
            created, summary = sqlite.create_file(target, timeout=timeout, fill=fill)
            if created:
                assert summary is not None
                return summary
        # There was a store, or another process made one first: import into it.
        with cls.open(target, timeout=timeout) as store:
            return store._import(register, actor=actor, replace=replace,
                                 recorded_at=recorded_at)

    @property
    def read_only(self) -> bool:
        """
        Whether this store was opened read-only (asked for, or because it
        cannot be written: its file or folder, or the PostgreSQL role's privileges).
        """
        return self._backend.read_only is not None

    def close(self) -> None:
        """
        Close the store (a closed store cannot be used again).
        """
        self._backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store.open({self.location!r})"

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

        Raises:
            StoreError: the store is damaged, or holds a register that breaks
                the rules (it was changed outside forloeb), naming the table,
                row and column of each problem.
        """
        check.check_date("as_of", as_of, optional=True)
        check.check_moment("known_at", known_at, optional=True)
        with self._reading() as db:
            bound = EVERYTHING if known_at is None else known_bound(db, known_at)
            tables = {table: current_objects(db, table, bound=bound)
                      for table in TABLE_NAMES}
            register = Register(
                cast(list[Agreement], tables["agreements"]),
                cast(list[Pathway], tables["pathways"]),
                cast(list[Event], tables["events"]),
                cast(list[CollaborationNote], tables["collaboration"]),
                cast(list[Employment], tables["employments"]),
                cast(list[EmploymentEvent], tables["employment_events"]),
            )
            del tables
            violations = validate(register)
            if violations:
                raise self._breaks_rules(db, violations, bound)
        return register if as_of is None else register.as_of(as_of)

    def agreement(self, agreement_id: str) -> Agreement:
        """
        The agreement as the store holds it now.

        Raises:
            UnknownIdError: if the store holds no such agreement.
        """
        check.check_text("agreement_id", agreement_id)
        return self._read(lambda tx: tx.agreement(agreement_id))

    def pathway(self, pathway_id: str) -> Pathway:
        """
        The pathway as the store holds it now.

        Raises:
            UnknownIdError: if the store holds no such pathway.
        """
        check.check_text("pathway_id", pathway_id)
        return self._read(lambda tx: tx.pathway(pathway_id)[1])

    def events_of(self, pathway_id: str) -> list[Event]:
        """
        The events of one pathway, in the order they were recorded.
        """
        return [event for _, event in self.events_with_ids(pathway_id)]

    def events_with_ids(self, pathway_id: str) -> list[tuple[int, Event]]:
        """
        The events of one pathway with their ids (for :meth:`correct_event`
        and :meth:`retract_event`), in the order they were recorded.
        """
        check.check_text("pathway_id", pathway_id)
        return self._read(lambda tx: tx.events_of(pathway_id))

    def notes_of(self, agreement_id: str) -> list[CollaborationNote]:
        """
        The collaboration notes on one agreement, in the order recorded.
        """
        return [note for _, note in self.notes_with_ids(agreement_id)]

    def notes_with_ids(self, agreement_id: str) -> list[tuple[int, CollaborationNote]]:
        """
        The collaboration notes on one agreement with their ids (for
        :meth:`correct_note` and :meth:`retract_note`), in the order recorded.
        """
        check.check_text("agreement_id", agreement_id)
        return self._read(lambda tx: tx.notes_of(agreement_id))

    def employment(self, employment_id: str) -> Employment:
        """
        The employment (a hire) as the store holds it now.

        Raises:
            UnknownIdError: if the store holds no such employment.
        """
        check.check_text("employment_id", employment_id)
        return self._read(lambda tx: tx.employment(employment_id)[1])

    def employment_events_of(self, employment_id: str) -> list[EmploymentEvent]:
        """
        The events of one employment (changes of hours, reviews), in the order recorded.
        """
        return [event for _, event in self.employment_events_with_ids(employment_id)]

    def employment_events_with_ids(self, employment_id: str
                                   ) -> list[tuple[int, EmploymentEvent]]:
        """
        The events of one employment with their ids (for
        :meth:`correct_employment_event` and :meth:`retract_employment_event`),
        in the order recorded.
        """
        check.check_text("employment_id", employment_id)
        return self._read(lambda tx: tx.employment_events_of(employment_id))

    def history(self, pathway_id: str) -> list[Change]:
        """
        Every change to a pathway and its events, oldest first: what changed,
        who recorded it and when.

        Raises:
            UnknownIdError: if the store has never held the pathway.
        """
        check.check_text("pathway_id", pathway_id)
        with self._reading() as db:
            return history(db, pathway_id)

    def employment_history(self, employment_id: str) -> list[Change]:
        """
        Every change to an employment and its events, oldest first, as
        :meth:`history` gives a pathway's.

        Raises:
            UnknownIdError: if the store has never held the employment.
        """
        check.check_text("employment_id", employment_id)
        with self._reading() as db:
            return history(db, employment_id, kind="employment")

    def deadlines(self, pathway_id: str, *, as_of: dt.date) -> list[Finding]:
        """
        Every deadline of one pathway as of ``as_of``, as
        :func:`forloeb.sla.check_pathway` gives them, read from that pathway's
        rows alone (its agreement, the pathway and its events): a case system
        asks for one pathway without loading the register.

        Raises:
            UnknownIdError: if the store holds no such pathway.
        """
        register = self._pathway_register(pathway_id, as_of)
        pathway = register.pathways[0]
        return check_pathway(pathway, register.agreements[0], register.events, as_of=as_of)

    def next_due(self, pathway_id: str, *, as_of: dt.date) -> Finding | None:
        """
        What one pathway must do next, and by when, as :func:`forloeb.sla.next_due`
        answers it on the whole register, read from that pathway's rows alone.

        Raises:
            UnknownIdError: if the store holds no such pathway.
        """
        register = self._pathway_register(pathway_id, as_of)
        return next_due(register, pathway_id, as_of=as_of)

    def employment_deadlines(self, employment_id: str, *, as_of: dt.date) -> list[Finding]:
        """
        The deadlines of one employment as of ``as_of`` (its flexjob review),
        as :func:`forloeb.sla.employment_findings` gives them on the whole
        register, read from that employment's rows alone (the employment, its
        events, and the pathway it followed).

        Raises:
            UnknownIdError: if the store holds no such employment.
        """
        register = self._employment_register(employment_id, as_of)
        return employment_findings(register, register.employments[0], as_of=as_of)

    def next_due_for_employment(self, employment_id: str, *, as_of: dt.date
                                ) -> Finding | None:
        """
        What one employment must have next, and by when (its flexjob review),
        as :func:`forloeb.sla.next_due_for_employment` answers it on the whole
        register, read from that employment's rows alone.

        Raises:
            UnknownIdError: if the store holds no such employment.
        """
        register = self._employment_register(employment_id, as_of)
        return next_due_for_employment(register, employment_id, as_of=as_of)

    def check_integrity(self) -> list[str]:
        """
        What the database finds wrong with the store's storage (at most ten
        problems); an empty list when it is sound. SQLite runs ``PRAGMA
        integrity_check`` over the file; PostgreSQL reads every row of every
        table, so a page it cannot read shows. Where the storage is sound, the
        times of the history are checked too (each as forloeb writes it, each
        after the one before), which only ``history`` and ``known_at`` read.
        """
        with self._translated():
            return self._backend.integrity_problems() or stamp_problems(self._backend)

    def _pathway_register(self, pathway_id: str, as_of: dt.date) -> Register:
        check.check_text("pathway_id", pathway_id)
        check.check_date("as_of", as_of)

        def read(tx: Transaction) -> Register:
            _, pathway = tx.pathway(pathway_id)
            events = [e for _, e in tx.events_of(pathway_id)]
            return Register([tx.agreement(pathway.agreement_id)], [pathway], events)

        return self._valid(self._read(read))

    def _employment_register(self, employment_id: str, as_of: dt.date) -> Register:
        check.check_text("employment_id", employment_id)
        check.check_date("as_of", as_of)

        def read(tx: Transaction) -> Register:
            return tx.employment_surroundings(tx.employment(employment_id)[1])

        return self._valid(self._read(read))

    def _valid(self, register: Register) -> Register:
        # The few rows one question read, checked as a load checks the whole register.
        violations = validate(register)
        if violations:
            with self._reading() as db:
                raise self._breaks_rules(db, violations, EVERYTHING)
        return register

    def _breaks_rules(self, db: Backend, violations: list[Violation], bound: int
                      ) -> StoreError:
        seqs: dict[str, list[int]] = {}

        def locate(v: Violation) -> tuple[str, int | None]:
            if v.table not in seqs:
                seqs[v.table] = current_seqs(db, v.table, bound=bound)
            found = seqs[v.table]
            return f"table {v.table}", found[v.index] if v.index < len(found) else None

        problems = to_problems(violations, locate=locate)
        count = len(problems)
        lines = "\n".join(f"  {p}" for p in problems)
        return StoreError(
            f"the store {self.location} holds what forloeb's rules refuse, so it was changed "
            f"outside forloeb ({count} problem{'s' * (count > 1)}), or its text recorded by "
            "a forloeb up to 0.2.0, which let any text in; correct or retract each item "
            "(the store's correct_... and retract_... methods), restore the "
            f"store from a backup, or put back what forloeb wrote:\n{lines}")

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
        the history. To import into a path that may hold no store yet, use
        :meth:`import_into`.

        Raises:
            RegisterError: listing every problem of the register.
            StoreError: the store already holds some of the ids (without ``replace``).
        """
        check.check_instance("register", register, Register)
        ensure_valid(register)
        return self._import(register, actor=actor, replace=replace, recorded_at=recorded_at)

    def _import(self, register: Register, *, actor: str, replace: bool,
                recorded_at: dt.datetime | None) -> _importing.ImportSummary:
        check.check_bool("replace", replace)
        action = "import --replace" if replace else "import"
        do = _importing.replace if replace else _importing.add
        with self._writing(action, actor, recorded_at) as tx:
            return do(tx, register, store=self.location)

    # -- recording ---------------------------------------------------------------

    def add_agreement(self, agreement: Agreement, *, actor: str,
                      recorded_at: dt.datetime | None = None) -> None:
        """
        Record a new cooperation agreement.

        Raises:
            RuleViolation: the id is taken or a term is out of range.
        """
        check.check_record("agreement", agreement, Agreement)
        with self._writing("add_agreement", actor, recorded_at) as tx:
            _recording.add_agreement(tx, agreement)

    def refer(self, pathway_id: str, *, agreement_id: str, participant_id: str,
              day: dt.date, target_group: str | None = None, actor: str,
              recorded_at: dt.datetime | None = None) -> None:
        """
        Record a new pathway, referred (agreed, not started) on ``day``.

        Raises:
            RuleViolation: the id is taken, or the participant id looks like a CPR number.
            UnknownIdError: the agreement does not exist.
        """
        for name, value in (("pathway_id", pathway_id), ("agreement_id", agreement_id),
                            ("participant_id", participant_id)):
            check.check_text(name, value)
        check.check_date("day", day)
        check.check_text("target_group", target_group, optional=True)
        with self._writing("refer", actor, recorded_at) as tx:
            _recording.refer(tx, pathway_id, agreement_id=agreement_id,
                             participant_id=participant_id, day=day,
                             target_group=target_group)

    def start(self, pathway_id: str, *, day: dt.date, actor: str,
              recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a referred pathway started on ``day``.

        Raises:
            CapacityError: the agreement would have more active pathways on
                some day than its slots plus extra slots (rule 7).
            RuleViolation: it has started or ended already, starts before its
                referral, or its participant is in another pathway then.
        """
        _check_change(pathway_id, day)
        with self._writing("start", actor, recorded_at) as tx:
            _recording.change_pathway(tx, pathway_id, "start", day=day)

    def end(self, pathway_id: str, *, day: dt.date, outcome: str, actor: str,
            recorded_at: dt.datetime | None = None) -> None:
        """
        Record that an active pathway ended on ``day`` with ``outcome``.

        Raises:
            RuleViolation: it has not started or has ended, the outcome is
                unknown or not allowed, or it has events after ``day``.
        """
        _check_change(pathway_id, day)
        check.check_text("outcome", outcome)
        with self._writing("end", actor, recorded_at) as tx:
            _recording.change_pathway(tx, pathway_id, "end", day=day, outcome=outcome)

    def cancel(self, pathway_id: str, *, day: dt.date, actor: str,
               recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a pathway was cancelled before it started (outcome ``annulleret``).
        """
        _check_change(pathway_id, day)
        with self._writing("cancel", actor, recorded_at) as tx:
            _recording.change_pathway(tx, pathway_id, "cancel", day=day)

    def record_event(self, event: Event, *, actor: str,
                     recorded_at: dt.datetime | None = None) -> int:
        """
        Record an event of a pathway; returns the event's id.

        Raises:
            RuleViolation: the event lies outside the pathway (rule 4), is an
                extension outside its active period (rule 5), or has a bad code or value.
        """
        check.check_record("event", event, Event)
        with self._writing("record_event", actor, recorded_at) as tx:
            return _recording.record_event(tx, event)

    def extend(self, pathway_id: str, *, day: dt.date, weeks: int, actor: str,
               recorded_at: dt.datetime | None = None) -> int:
        """
        Record an extension of an active pathway's frame by ``weeks``; the event's id.
        """
        _check_change(pathway_id, day)
        check.check_int("weeks", weeks)
        with self._writing("extend", actor, recorded_at) as tx:
            return _recording.extend(tx, pathway_id, day=day, weeks=weeks)

    def record_plan(self, pathway_id: str, *, day: dt.date, co_created: bool | None = None,
                    own_goals: bool | None = None, actor: str,
                    recorded_at: dt.datetime | None = None) -> None:
        """
        Record that the pathway's individual plan was made on ``day``.
        """
        _check_change(pathway_id, day)
        check.check_flag("co_created", co_created)
        check.check_flag("own_goals", own_goals)
        changes = {"plan_date": day, "plan_co_created": co_created, "plan_own_goals": own_goals}
        with self._writing("record_plan", actor, recorded_at) as tx:
            _recording.correct_pathway(tx, pathway_id, changes)

    def add_note(self, note: CollaborationNote, *, actor: str,
                 recorded_at: dt.datetime | None = None) -> int:
        """
        Record a collaboration note on an agreement; returns the note's id.
        """
        check.check_record("note", note, CollaborationNote)
        with self._writing("add_note", actor, recorded_at) as tx:
            return _recording.add_note(tx, note)

    def hire(self, employment: Employment, *, actor: str,
             recorded_at: dt.datetime | None = None) -> None:
        """
        Record a hire (da: *ansættelse*): a new employment of a participant.

        Raises:
            RuleViolation: the id is taken, an id looks like a CPR number, a
                code, date, hours or intensity is wrong, or the pathway it
                followed does not exist.
        """
        check.check_record("employment", employment, Employment)
        with self._writing("hire", actor, recorded_at) as tx:
            _recording.hire(tx, employment)

    def record_employment_event(self, event: EmploymentEvent, *, actor: str,
                                recorded_at: dt.datetime | None = None) -> int:
        """
        Record a change of hours or intensity, or the 2.5-year review, of an
        employment; returns the event's id.

        Raises:
            RuleViolation: the event is dated outside the employment, a change
                gives neither hours nor intensity, a review gives either or is
                not of a flexjob, or a value is out of bounds.
            UnknownIdError: the employment does not exist.
        """
        check.check_record("event", event, EmploymentEvent)
        with self._writing("record_employment_event", actor, recorded_at) as tx:
            return _recording.record_employment_event(tx, event)

    def end_employment(self, employment_id: str, *, day: dt.date, actor: str,
                       recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a running employment ended on ``day``.

        Raises:
            RuleViolation: it has ended already, ``day`` is before its start,
                or some of its events are dated after ``day``.
            UnknownIdError: the employment does not exist.
        """
        check.check_text("employment_id", employment_id)
        check.check_date("day", day)
        with self._writing("end_employment", actor, recorded_at) as tx:
            _recording.end_employment(tx, employment_id, day=day)

    # -- corrections -------------------------------------------------------------

    def correct_pathway(self, pathway_id: str, /, *, actor: str,
                        recorded_at: dt.datetime | None = None,
                        **changes: Unpack[PathwayCorrection]) -> None:
        """
        Record a corrected version of a pathway: any of its fields but its id,
        as keywords (``outcome="fleksjob"``, ``start_date=...``). The old
        version stays in the history.

        Raises:
            RuleViolation: the corrected pathway would break a rule.
            InvalidArgument: a keyword is not a field that can be corrected,
                or holds the wrong kind of value.
        """
        check.check_text("pathway_id", pathway_id)
        with self._writing("correct_pathway", actor, recorded_at) as tx:
            _recording.correct_pathway(tx, pathway_id, changes)

    def retract_pathway(self, pathway_id: str, *, actor: str,
                        recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a pathway (with its events) should never have been
        recorded. Its id stays used; the history keeps it.

        Raises:
            RuleViolation: an employment names it as the pathway it followed
                (correct or retract the employment first).
        """
        check.check_text("pathway_id", pathway_id)
        with self._writing("retract_pathway", actor, recorded_at) as tx:
            _recording.retract_pathway(tx, pathway_id)

    def correct_agreement(self, agreement_id: str, /, *, actor: str,
                          recorded_at: dt.datetime | None = None,
                          **changes: Unpack[AgreementCorrection]) -> None:
        """
        Record corrected terms of an agreement (``extra_slots=2``, ...), if its
        pathways keep them.
        """
        check.check_text("agreement_id", agreement_id)
        with self._writing("correct_agreement", actor, recorded_at) as tx:
            _recording.correct_agreement(tx, agreement_id, changes)

    def correct_event(self, event_id: int, /, *, actor: str,
                      recorded_at: dt.datetime | None = None,
                      **changes: Unpack[EventCorrection]) -> None:
        """
        Record a corrected version of an event (``date``, ``type``, ``code``,
        ``value`` or ``note``; its pathway cannot change).
        """
        _check_item_id("event_id", event_id)
        with self._writing("correct_event", actor, recorded_at) as tx:
            _recording.correct_event(tx, event_id, changes)

    def retract_event(self, event_id: int, *, actor: str,
                      recorded_at: dt.datetime | None = None) -> None:
        """
        Record that an event should never have been recorded.
        """
        _check_item_id("event_id", event_id)
        with self._writing("retract_event", actor, recorded_at) as tx:
            _recording.retract(tx, "events", event_id)

    def correct_note(self, note_id: int, /, *, actor: str,
                     recorded_at: dt.datetime | None = None,
                     **changes: Unpack[NoteCorrection]) -> None:
        """
        Record a corrected version of a collaboration note.
        """
        _check_item_id("note_id", note_id)
        with self._writing("correct_note", actor, recorded_at) as tx:
            _recording.correct_note(tx, note_id, changes)

    def retract_note(self, note_id: int, *, actor: str,
                     recorded_at: dt.datetime | None = None) -> None:
        """
        Record that a collaboration note should never have been recorded.
        """
        _check_item_id("note_id", note_id)
        with self._writing("retract_note", actor, recorded_at) as tx:
            _recording.retract(tx, "collaboration", note_id)

    def correct_employment(self, employment_id: str, /, *, actor: str,
                           recorded_at: dt.datetime | None = None,
                           **changes: Unpack[EmploymentCorrection]) -> None:
        """
        Record a corrected version of an employment: any of its fields but
        its id (``hours_per_week=Decimal("4.5")``, ``pathway_id=...``),
        judged with its events. The old version stays in the history.

        Raises:
            RuleViolation: the corrected employment would break a rule.
            InvalidArgument: a keyword is not a field that can be corrected,
                or holds the wrong kind of value.
        """
        check.check_text("employment_id", employment_id)
        with self._writing("correct_employment", actor, recorded_at) as tx:
            _recording.correct_employment(tx, employment_id, changes)

    def retract_employment(self, employment_id: str, *, actor: str,
                           recorded_at: dt.datetime | None = None) -> None:
        """
        Record that an employment (with its events) should never have been
        recorded. Its id stays used; the history keeps it.
        """
        check.check_text("employment_id", employment_id)
        with self._writing("retract_employment", actor, recorded_at) as tx:
            _recording.retract_employment(tx, employment_id)

    def correct_employment_event(self, event_id: int, /, *, actor: str,
                                 recorded_at: dt.datetime | None = None,
                                 **changes: Unpack[EmploymentEventCorrection]) -> None:
        """
        Record a corrected version of an employment's event (``date``,
        ``type``, ``hours_per_week``, ``intensity`` or ``note``; its
        employment cannot change).
        """
        _check_item_id("event_id", event_id)
        with self._writing("correct_employment_event", actor, recorded_at) as tx:
            _recording.correct_employment_event(tx, event_id, changes)

    def retract_employment_event(self, event_id: int, *, actor: str,
                                 recorded_at: dt.datetime | None = None) -> None:
        """
        Record that an employment's event should never have been recorded.
        """
        _check_item_id("event_id", event_id)
        with self._writing("retract_employment_event", actor, recorded_at) as tx:
            _recording.retract(tx, "employment_events", event_id)

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def _writing(self, action: str, actor: str, recorded_at: dt.datetime | None
                 ) -> Iterator[Transaction]:
        _check_actor(actor)
        check.check_datetime("recorded_at", recorded_at, optional=True)
        db = self._backend
        if db.read_only is not None:
            raise StoreError(f"cannot record into the store {self.location}: {db.read_only}")
        with self._translated():
            try:
                # The backend takes its write lock before anything is read, so
                # the facts a check reads cannot change before the write. (If
                # it cannot, what it began is rolled back below.)
                db.begin_write()
                stamp = next_stamp(db, recorded_at)
                change_id = db.insert(
                    "INSERT INTO changes (recorded_at, actor, action) VALUES (?, ?, ?)",
                    (db.dialect.stamp_value(stamp), actor, action), key="change_id")
                tx = Transaction(db, change_id)
                yield tx
                # A change that wrote nothing is not a change: keep no empty entry.
                if tx.written:
                    db.commit()
                else:
                    db.rollback()
            except BaseException:
                db.rollback()
                raise

    @contextmanager
    def _reading(self) -> Iterator[Backend]:
        db = self._backend
        with self._translated():
            # One read transaction: every table from the same moment, even while
            # another process writes.
            try:
                db.begin_read()
                yield db
            finally:
                db.rollback()

    def _read(self, read: Callable[[Transaction], _T]) -> _T:
        with self._reading() as db:
            return read(Transaction(db, 0))

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except DamagedRow as bad:
            raise StoreError(f"the store {self.location} is damaged: {bad.where()}. It was "
                             "changed outside forloeb; restore it from a backup, or put "
                             "back what forloeb wrote") from None
        except self._backend.failures as e:
            raise self._backend.translate(e) from None


def _check_location(path: object, *, timeout: object) -> None:
    if not isinstance(path, str | os.PathLike):
        raise check.refuse("path", "a file name (a str or a pathlib.Path) or a "
                           "postgresql:// URI", path)
    if (not isinstance(timeout, int | float) or isinstance(timeout, bool)
            or not 0 <= timeout < 10**9):
        raise check.refuse("timeout", "a number of seconds, 0 or more", timeout)


def _check_actor(actor: object) -> None:
    if not isinstance(actor, str) or not actor.strip():
        raise check.refuse("actor", "the name of who records the change (a str)", actor)
    # Who recorded a change is whatever a tool says, and is not part of the
    # register (the history shows it escaped); only text that no database
    # can hold is refused.
    check.check_text("actor", actor)


def _check_change(pathway_id: object, day: object) -> None:
    check.check_text("pathway_id", pathway_id)
    check.check_date("day", day)


def _check_item_id(name: str, item_id: object) -> None:
    check.check_int(name, item_id)
    if not 1 <= item_id <= INT_LIMIT:  # type: ignore[operator]
        raise check.refuse(name, "an id that the store gave (1 or more)", item_id)
