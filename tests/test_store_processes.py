"""
Several processes on one store: eight creating one new store at once, tools
starting at once on an old store, writers racing for the last slot, writers
recording into one agreement at once, and a writer killed in the middle of a
large import. Each process is a real ``python`` subprocess with its own
connection (over loopback TCP for PostgreSQL); every test runs against both
backends.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest
from store_backends import StoreBackend

from forloeb import Agreement, Event, EventType, Pathway, Register
from forloeb.rules import validate
from forloeb.store import SCHEMA_VERSION, Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and locks")

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


WORKER = """
    import json, os, sys, time
    from pathlib import Path
    from forloeb import Agreement
    from forloeb.store import Store
    import datetime as dt

    folder, worker, locations = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    for n, location in enumerate(locations):
        (folder / f"ready-{n}-{worker}").touch()
        while len(list(folder.glob(f"ready-{n}-*"))) < 8:
            time.sleep(0.0005)
        try:
            with Store.open(location, create=True) as store:
                store.load()
                store.add_agreement(Agreement(f"A{worker}", dt.date(2018, 1, 1), slots=1,
                                              plan_deadline_weeks=1, frame_weeks=1),
                                    actor=worker)
            print("ok", flush=True)
        except Exception as e:
            print("failed", type(e).__name__, e, flush=True)
"""


def test_eight_processes_creating_one_store_at_once_all_succeed(
        tmp_path: Path, store_backend: StoreBackend) -> None:
    rounds = 12 if store_backend.name == "sqlite" else 4
    locations = [store_backend.tcp(store_backend.fresh()) for _ in range(rounds)]
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    workers = [_python(WORKER, str(barrier), str(w), json.dumps(locations)) for w in range(8)]
    results = [w.communicate(timeout=120) for w in workers]
    assert [("ok\n" * rounds, "")] * 8 == results
    for location in locations:
        with Store.open(location, read_only=True) as store:
            assert 8 == len(store.load().agreements)
    assert not list(tmp_path.glob(".*"))  # no half-made store left beside them


OPENER = """
    import sys, time
    from pathlib import Path
    from forloeb.store import Store

    location, barrier, worker, count = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    (barrier / f"ready-{worker}").touch()
    while len(list(barrier.glob("ready-*"))) < count:
        time.sleep(0.0005)
    try:
        with Store.open(location) as store:
            print("ok", len(store.load().pathways), flush=True)
    except Exception as e:
        print("failed", type(e).__name__, e, flush=True)
"""


@pytest.mark.slow
def test_tools_starting_at_once_on_an_old_store_migrate_it_once(
        tmp_path: Path, store_backend: StoreBackend) -> None:
    """
    Six tools open a version 1 store at the same moment: all of them work,
    and the store is migrated once (a second migration would fail to add a
    column that is there).
    """
    from test_store_schema import _header, _v1_store

    location = store_backend.fresh()
    _v1_store(store_backend, location)
    (tmp_path / "barrier").mkdir()
    openers = [_python(OPENER, store_backend.tcp(location), str(tmp_path / "barrier"), str(w),
                       "6") for w in range(6)]
    results = [process.communicate(timeout=120) for process in openers]
    assert [("ok 1\n", "")] * 6 == results
    assert SCHEMA_VERSION == _header(store_backend, location)[1]
    assert 1 == store_backend.columns(location, "changes").count("action")


RACER = """
    import datetime as dt, os, sys, time
    from forloeb.errors import CapacityError
    from forloeb.store import Store

    path, pathway_id, go = sys.argv[1:]
    with Store.open(path) as store:
        print("ready", flush=True)
        while not os.path.exists(go):
            time.sleep(0.001)
        try:
            store.start(pathway_id, day=dt.date(2018, 3, 1), actor=pathway_id)
        except CapacityError as e:
            print("CapacityError", e)
        except BaseException as e:
            print("unexpected", type(e).__name__, e)
        else:
            print("won")
"""


@pytest.mark.slow
def test_writers_racing_for_the_last_slot_exactly_one_wins(
        tmp_path: Path, store_backend: StoreBackend, location: str) -> None:
    path = location
    racers = [f"R{n}" for n in range(6)]
    with Store.open(path, create=True) as store:
        store.add_agreement(Agreement("SA1", D(2018, 1, 1), slots=1, extra_slots=1,
                                      plan_deadline_weeks=4, frame_weeks=52), actor="setup")
        for pathway_id in ["P1", *racers]:
            store.refer(pathway_id, agreement_id="SA1",
                        participant_id=f"D-{pathway_id}", day=D(2018, 1, 2), actor="setup")
        store.start("P1", day=D(2018, 1, 8), actor="setup")
    go = tmp_path / "go"
    processes = [_python(RACER, store_backend.tcp(path), pathway_id, str(go))
                 for pathway_id in racers]
    for process in processes:
        assert process.stdout is not None
        assert "ready\n" == process.stdout.readline()
    go.touch()
    results = [process.communicate(timeout=60) for process in processes]
    outcomes = sorted(out.split(" ", 1)[0].strip() for out, _ in results)
    assert ["CapacityError"] * 5 + ["won"] == outcomes, results
    assert all("would make 3 pathways active on agreement SA1" in out
               for out, _ in results if out.startswith("CapacityError"))
    with Store.open(path) as store:
        started = [p.pathway_id for p in store.load().pathways if p.start_date is not None]
    assert 2 == len(started)


MIXED = """
    import datetime as dt, json, random, sys, time
    from pathlib import Path
    from forloeb.errors import RuleViolation, UnknownIdError
    from forloeb.store import Store

    location, go, worker, steps = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    chance = random.Random(worker)
    with Store.open(location) as store:
        print(json.dumps({"ready": worker}), flush=True)
        while not go.exists():
            time.sleep(0.001)
        for step in range(steps):
            pathway_id = f"P{chance.randrange(8)}"
            actor = f"{worker}-{step}"
            action = chance.choice(["refer", "start", "start", "end"])
            try:
                if action == "refer":
                    store.refer(pathway_id, agreement_id="SA1",
                                participant_id=f"D-{pathway_id}", day=dt.date(2018, 1, 2),
                                actor=actor)
                elif action == "start":
                    store.start(pathway_id, day=dt.date(2018, 2, chance.randint(1, 28)),
                                actor=actor)
                else:
                    store.end(pathway_id, day=dt.date(2018, 3, chance.randint(1, 28)),
                              outcome="fleksjob", actor=actor)
            except (RuleViolation, UnknownIdError) as refused:
                print(json.dumps({"refused": type(refused).__name__}), flush=True)
            except BaseException as e:
                print(json.dumps({"unexpected": f"{type(e).__name__}: {e}"}), flush=True)
            else:
                print(json.dumps({"accepted": [actor, action, pathway_id]}), flush=True)
"""


@pytest.mark.slow
def test_writers_recording_into_one_agreement_at_once_keep_every_rule_and_change(
        tmp_path: Path, store_backend: StoreBackend, location: str) -> None:
    """
    Four processes refer, start and end eight pathways of one two-slot
    agreement at once. Every call is accepted or refused by the rules (never
    another error); the register loaded back keeps every rule; every accepted
    change is in the history exactly once, and nothing else is.
    """
    with Store.open(location, create=True) as store:
        store.add_agreement(Agreement("SA1", D(2018, 1, 1), slots=2, plan_deadline_weeks=4,
                                      frame_weeks=52), actor="setup")
    go = tmp_path / "go"
    workers = [_python(MIXED, store_backend.tcp(location), str(go), f"w{n}", "30")
               for n in range(4)]
    for worker in workers:
        assert worker.stdout is not None
        assert "ready" in worker.stdout.readline()
    go.touch()
    lines = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert ("", 0) == (err, worker.returncode)
        lines += [json.loads(line) for line in out.splitlines()]
    assert [] == [line for line in lines if "unexpected" in line]
    accepted = [tuple(line["accepted"]) for line in lines if "accepted" in line]
    assert 120 == len(accepted) + sum(1 for line in lines if "refused" in line)
    assert any(action == "start" for _, action, _ in accepted)
    with Store.open(location, read_only=True) as store:
        register = store.load()
        recorded = Counter((c.actor, c.action, c.item_id)
                           for p in register.pathways for c in store.history(p.pathway_id))
    assert [] == validate(register)
    assert Counter(accepted) == recorded


KILLED = """
    import datetime as dt, sys, time
    from forloeb import Agreement, Event, EventType, Pathway, Register, _progress
    from forloeb.store import Store

    path, = sys.argv[1:]
    agreement = Agreement("BIG", dt.date(2010, 1, 1), slots=100_000, plan_deadline_weeks=4,
                          frame_weeks=52)
    pathways = [Pathway(f"B{n}", "BIG", f"D-{n}", start_date=dt.date(2015, 1, 1))
                for n in range(20_000)]
    events = [Event(p.pathway_id, dt.date(2015, 2, day), EventType.FOLLOWUP)
              for p in pathways for day in range(1, 6)]
    register = Register([agreement], pathways, events)

    def pause_in_the_middle(task, done, total, unit):
        # Well into the events, with every agreement and pathway written.
        if task == "importing events" and done > 50_000:
            print("inserting", flush=True)
            time.sleep(600)

    with Store.open(path) as store, _progress.listening(pause_in_the_middle):
        store.import_register(register, actor="killed")
    print("finished", flush=True)
"""


def _rows_being_copied(location: str) -> int:
    import psycopg

    with psycopg.connect(location, autocommit=True) as connection:
        row = connection.execute("SELECT coalesce(sum(tuples_processed), 0) "
                                 "FROM pg_stat_progress_copy").fetchone()
    return int(row[0]) if row else 0


@pytest.mark.slow
def test_a_writer_killed_in_the_middle_of_an_import_leaves_the_store_as_before(
        store_backend: StoreBackend, location: str) -> None:
    path = location
    small = Register(
        [Agreement("SA1", D(2018, 1, 1), slots=8, plan_deadline_weeks=4, frame_weeks=52)],
        [Pathway("P1", "SA1", "D-1", start_date=D(2018, 1, 8))],
        [Event("P1", D(2018, 2, 1), EventType.FOLLOWUP)],
    )
    with Store.open(path, create=True) as store:
        store.import_register(small, actor="setup")
    before = store_backend.dump(path)
    process = _python(KILLED, store_backend.tcp(path))
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "inserting\n" == line, process.communicate(timeout=60)
    # It had written a lot, uncommitted: into the log beside the file, or into
    # the COPY the server is running.
    if store_backend.name == "sqlite":
        assert Path(f"{path}-wal").stat().st_size > 1_000_000
    else:
        deadline = time.monotonic() + 10
        while _rows_being_copied(path) < 10_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert 10_000 <= _rows_being_copied(path)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert -signal.SIGKILL == process.returncode
    if store_backend.name == "postgres":
        # The server notices the dropped connection and rolls back.
        deadline = time.monotonic() + 10
        while _rows_being_copied(path) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert before == store_backend.dump(path)
    with Store.open(path) as store:
        assert small == store.load()
        store.refer("P2", agreement_id="SA1", participant_id="D-2",
                    day=D(2018, 3, 1), actor="after the crash")
