"""
Progress of long work: reported by the library through a hook that does
nothing by default, drawn by the command line on a terminal only.

The terminal cases run the command in a subprocess whose stderr is a
pseudo-terminal; the delay before a bar appears (about two seconds) is set to
0 there, so the bundled example is long enough to show one.
"""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from forloeb import _progress
from forloeb.cli import _progress_bar

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
#: The command line, with the delay before progress shows as its first argument.
SCRIPT = """
import sys
from forloeb.cli import _progress_bar, main
_progress_bar.DELAY = float(sys.argv[1])
sys.exit(main(sys.argv[2:]))
"""


def _on_a_terminal(delay: float, *argv: str, stdout: Path) -> tuple[int, str]:
    """
    Run the command with stderr on a pseudo-terminal; its status and what the terminal got.
    """
    terminal, stderr = pty.openpty()
    fcntl.ioctl(stderr, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with open(stdout, "wb") as out:
        child = subprocess.Popen([sys.executable, "-c", SCRIPT, str(delay), *argv],
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=stderr, env=ENV)
    os.close(stderr)
    shown = bytearray()
    while True:
        try:
            data = os.read(terminal, 65536)
        except OSError:  # Linux: the other end is closed
            break
        if not data:
            break
        shown += data
    os.close(terminal)
    return child.wait(timeout=120), shown.decode("utf-8", errors="replace")


def test_a_long_command_on_a_terminal_shows_what_it_does_and_how_far(tmp_path: Path) -> None:
    status, shown = _on_a_terminal(0, "evaluate", "--format", "json",
                                   stdout=tmp_path / "out.json")
    assert 0 == status
    for step in ("reading pathways.csv:", "reading events.csv:", "checking the rules:",
                 "evaluating:"):
        assert step in shown
    assert "/2 agreements" in shown
    assert " rows [" in shown
    # Cleared when done: the last thing on the terminal is a blanked line.
    assert ["", ""] == [part.strip() for part in shown.split("\r")[-2:]]
    assert (tmp_path / "out.json").read_text(encoding="utf-8").startswith('{\n  "as_of"')


def test_a_command_quicker_than_the_delay_shows_nothing_on_a_terminal(tmp_path: Path) -> None:
    # A long delay, so a slow machine cannot make this command "long".
    status, shown = _on_a_terminal(60, "evaluate", "--format", "json",
                                   stdout=tmp_path / "out.json")
    assert (0, "") == (status, shown)


def test_no_progress_in_a_pipe() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, "0", "evaluate", "--format", "json"],
                          capture_output=True, env=ENV, timeout=120)
    assert (0, b"") == (done.returncode, done.stderr)


def test_the_library_never_imports_a_progress_bar() -> None:
    code = ("import sys, datetime, forloeb, forloeb.store\n"
            "register = forloeb.load_example()\n"
            "forloeb.evaluate(register, as_of=datetime.date(2018, 6, 30))\n"
            "assert 'tqdm' not in sys.modules, 'tqdm imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=ENV,
                          timeout=120)
    assert (0, b"") == (done.returncode, done.stderr)


# -- the hook ----------------------------------------------------------------------


def _listened(work: object) -> list[tuple[str, int, int | None, str]]:
    seen: list[tuple[str, int, int | None, str]] = []
    with _progress.listening(lambda *report: seen.append(report)):
        work()  # type: ignore[operator]
    return seen


def test_a_loop_reports_each_chunk_and_its_end() -> None:
    seen = _listened(lambda: list(_progress.tracked(range(10), "counting", unit="items",
                                                    every=4)))
    assert [("counting", n, 10, "items") for n in (0, 4, 8, 10)] == seen


def test_a_loop_over_an_iterator_has_no_total() -> None:
    seen = _listened(lambda: list(_progress.tracked(iter("abc"), "reading", unit="rows")))
    assert [("reading", n, None, "rows") for n in (0, 1, 2, 3)] == seen


def test_without_a_listener_nothing_is_reported_or_wrapped() -> None:
    rows = [("P1",), ("P2",)]
    assert rows is _progress.tracked(rows, "reading", unit="rows")
    _progress.report("reading", 2, unit="rows")  # no listener: nothing happens


def test_the_listener_is_removed_when_the_block_ends() -> None:
    seen = _listened(lambda: None)
    _progress.report("after", 1, unit="rows")
    assert [] == seen


def test_loading_reports_the_rows_of_each_table_and_the_checks() -> None:
    import forloeb

    seen = _listened(forloeb.load_example)
    tasks = list(dict.fromkeys(task for task, *_ in seen))
    assert ["reading agreements.csv", "reading pathways.csv", "reading events.csv",
            "reading collaboration.csv", "reading employments.csv",
            "reading employment_events.csv", "checking the rules"] == tasks
    events = [done for task, done, _, _ in seen if task == "reading events.csv"]
    assert len(forloeb.load_example().events) == events[-1]
    assert ("checking the rules", 8, 8, "checks") == seen[-1]



def test_loading_json_reports_each_table_s_rows_a_chunk_at_a_time(tmp_path: Path) -> None:
    import json

    import forloeb

    pathways = [{"pathway_id": f"P{i}", "agreement_id": "SA1", "participant_id": f"D-{i}"}
                for i in range(5000)]
    path = tmp_path / "register.json"
    path.write_text(json.dumps({"agreements": [{
        "agreement_id": "SA1", "start_date": "2017-01-01", "slots": 8,
        "plan_deadline_weeks": 4, "frame_weeks": 52}], "pathways": pathways}))
    seen = _listened(lambda: forloeb.load(path))
    assert [("reading register.json (pathways)", n, 5000, "rows") for n in (0, 4096, 5000)
            ] == [report for report in seen if report[0] == "reading register.json (pathways)"]

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_cleared_before_the_report_is_written(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_progress_bar, "DELAY", 0)
    terminal = _Terminal()
    with _progress_bar.shown_on(terminal):
        _progress.report("reading events.csv", 4096, unit="rows")
        shown = terminal.getvalue()
        _progress_bar.clear()  # what every report's writing does first
        cleared = terminal.getvalue()
    assert "\rreading events.csv: " in shown
    assert "" == cleared[len(shown):].strip(" \r")
    assert cleared.endswith("\r")


def test_nothing_is_drawn_on_a_stream_that_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with _progress_bar.shown_on(stream):
        _progress.report("reading events.csv", 4096, unit="rows")
    assert "" == stream.getvalue()


def test_the_evaluation_reports_each_agreement() -> None:
    import datetime as dt

    import forloeb

    register = forloeb.load_example()
    seen = _listened(lambda: forloeb.evaluate(register, as_of=dt.date(2018, 6, 30)))
    assert [("evaluating", n, 2, "agreements") for n in (0, 1, 2)] == seen


def test_a_store_reports_the_rows_it_imports_and_reads(tmp_path: Path) -> None:

    import forloeb
    from forloeb.store import Store

    register = forloeb.load_example()
    with Store.open(tmp_path / "2018.sqlite", create=True) as store:
        imported = _listened(lambda: store.import_register(register, actor="test"))
        read = _listened(store.load)
    assert ("importing events", len(register.events), len(register.events), "rows") == (
        [r for r in imported if r[0] == "importing events"][-1])
    assert ("reading events", len(register.events), None, "rows") == (
        [r for r in read if r[0] == "reading events"][-1])
