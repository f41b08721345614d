"""
Several processes on one store: eight creating one new store at once, writers
racing for the last slot, and a writer killed in the middle of a large
import. Each process is a real ``python`` subprocess.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from forloeb import Agreement, Event, EventType, Pathway, Register
from forloeb.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and locks")

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


WORKER = """
    import os, sys, time
    from pathlib import Path
    from forloeb import Agreement
    from forloeb.store import Store
    import datetime as dt

    folder, worker, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for n in range(rounds):
        (folder / f"ready-{n}-{worker}").touch()
        while len(list(folder.glob(f"ready-{n}-*"))) < 8:
            time.sleep(0.0005)
        try:
            with Store.open(folder / f"store-{n}.sqlite", create=True) as store:
                store.load()
                store.add_agreement(Agreement(f"A{worker}", dt.date(2018, 1, 1), slots=1,
                                              plan_deadline_weeks=1, frame_weeks=1),
                                    actor=worker)
            print("ok", flush=True)
        except Exception as e:
            print("failed", type(e).__name__, e, flush=True)
"""


def test_eight_processes_creating_one_store_at_once_all_succeed(tmp_path: Path) -> None:
    rounds = 12
    workers = [_python(WORKER, str(tmp_path), str(w), str(rounds)) for w in range(8)]
    results = [w.communicate(timeout=120) for w in workers]
    assert [("ok\n" * rounds, "")] * 8 == results
    for n in range(rounds):
        with Store.open(tmp_path / f"store-{n}.sqlite", read_only=True) as store:
            assert 8 == len(store.load().agreements)
    assert not list(tmp_path.glob(".*"))  # no half-made store left beside them


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
def test_writers_racing_for_the_last_slot_exactly_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "race.sqlite"
    racers = [f"R{n}" for n in range(6)]
    with Store.open(path, create=True) as store:
        store.add_agreement(Agreement("SA1", D(2018, 1, 1), slots=1, extra_slots=1,
                                      plan_deadline_weeks=4, frame_weeks=52), actor="setup")
        for pathway_id in ["P1", *racers]:
            store.refer(pathway_id, agreement_id="SA1",
                        participant_id=f"D-{pathway_id}", day=D(2018, 1, 2), actor="setup")
        store.start("P1", day=D(2018, 1, 8), actor="setup")
    go = tmp_path / "go"
    processes = [_python(RACER, str(path), pathway_id, str(go)) for pathway_id in racers]
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


KILLED = """
    import datetime as dt, sys, time
    from forloeb import Agreement, Event, EventType, Pathway, Register
    from forloeb.store import Store

    path, = sys.argv[1:]
    agreement = Agreement("BIG", dt.date(2010, 1, 1), slots=100_000, plan_deadline_weeks=4,
                          frame_weeks=52)
    pathways = [Pathway(f"B{n}", "BIG", f"D-{n}", start_date=dt.date(2015, 1, 1))
                for n in range(20_000)]
    events = [Event(p.pathway_id, dt.date(2015, 2, day), EventType.FOLLOWUP)
              for p in pathways for day in range(1, 6)]
    register = Register([agreement], pathways, events)
    with Store.open(path) as store:
        connection = store._connection
        start = connection.total_changes

        def pause_in_the_middle():
            if connection.total_changes - start > 50_000:
                print("inserting", flush=True)
                time.sleep(600)
            return 0

        connection.set_progress_handler(pause_in_the_middle, 10_000)
        store.import_register(register, actor="killed")
    print("finished", flush=True)
"""


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.slow
def test_a_writer_killed_in_the_middle_of_an_import_leaves_the_store_as_before(
        tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    small = Register(
        [Agreement("SA1", D(2018, 1, 1), slots=8, plan_deadline_weeks=4, frame_weeks=52)],
        [Pathway("P1", "SA1", "D-1", start_date=D(2018, 1, 8))],
        [Event("P1", D(2018, 2, 1), EventType.FOLLOWUP)],
    )
    with Store.open(path, create=True) as store:
        store.import_register(small, actor="setup")
    before = _dump(path)
    process = _python(KILLED, str(path))
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "inserting\n" == line, process.communicate(timeout=60)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert -signal.SIGKILL == process.returncode
    assert Path(f"{path}-wal").stat().st_size > 1_000_000  # it had written a lot, uncommitted
    assert before == _dump(path)
    with Store.open(path) as store:
        assert small == store.load()
        store.refer("P2", agreement_id="SA1", participant_id="D-2",
                    day=D(2018, 3, 1), actor="after the crash")
