"""
The command line as a real process: a closed pipe, Ctrl-C, a full disk,
folders it may not read or write, and ``--version``. Each case ends in one
plain sentence (or, for a closed pipe, silence) and the right exit status,
never a traceback.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import forloeb

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and signals")

ROOT = Path(__file__).resolve().parent.parent
#: What the installed ``forloeb`` script runs, with this checkout's code.
FORLOEB = [sys.executable, "-c", "import sys; from forloeb.cli import main; sys.exit(main())"]
#: As a user runs it: standard output buffered (unless PYTHONUNBUFFERED is set,
#: as some CI machines do; then a partial write to a closed pipe is dropped
#: by Python itself, without an error to handle).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
       "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}


def forloeb_process(*argv: str, **options: Any) -> subprocess.Popen[bytes]:
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([*FORLOEB, *argv], env=ENV, **options)


def run(*argv: str, **options: Any) -> tuple[int, str, str]:
    child = forloeb_process(*argv, **options)
    out, err = child.communicate(timeout=120)
    return child.returncode, (out or b"").decode(), (err or b"").decode()


def test_version_is_the_package_metadata() -> None:
    assert metadata.version("forloeb") == forloeb.__version__
    assert (0, f"forloeb {forloeb.__version__}\n", "") == run("--version")


def test_version_is_the_one_in_pyproject() -> None:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as f:
        declared = tomllib.load(f)["project"]["version"]
    assert declared == forloeb.__version__, "reinstall (pip install -e .) after a version bump"


def _closed_pipe() -> int:
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("argv", [
    ("evaluate", "--format", "json"),
    ("--version",),  # fits in the buffer: fails only when flushed at the end
])
def test_a_closed_pipe_ends_the_command_quietly(argv: tuple[str, ...]) -> None:
    write = _closed_pipe()
    try:
        status, _, err = run(*argv, stdout=write)
    finally:
        os.close(write)
    assert (1, "") == (status, err)


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    """
    ``forloeb sla --status met --format json | head -1``: far more than a pipe holds.
    """
    producer = forloeb_process("sla", "--status", "met", "--format", "json")
    assert producer.stdout is not None
    assert producer.stderr is not None
    head = subprocess.Popen(["head", "-1"], stdin=producer.stdout, stdout=subprocess.PIPE)
    producer.stdout.close()
    first, _ = head.communicate(timeout=120)
    err = producer.stderr.read().decode()
    producer.stderr.close()
    assert (b"[\n", 1, "") == (first, producer.wait(timeout=120), err)


def _wait_for_reader(fifo: Path, child: subprocess.Popen[bytes]) -> int:
    # Opening a pipe's writing end without blocking fails until a reader has
    # it open: then the command is inside the load.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert child.poll() is None, child.communicate()
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
        time.sleep(0.01)
    raise AssertionError("the command never opened the register")


def _wait_until_reading(child: subprocess.Popen[bytes]) -> None:
    # A signal that lands after the interpreter last looked for one and before
    # the read begins is only seen at the next one: CPython's blind instant
    # before every blocking call, which a person pressing Ctrl-C does not hit
    # but a signal sent the moment the reader wakes sometimes does (2 runs in
    # 180 under load). So the signal waits until the command is in the read,
    # as the kernel says; where it does not say, two and a half seconds.
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            wchan = Path(f"/proc/{child.pid}/wchan").read_text()
        except OSError:
            break
        if wchan.endswith("pipe_read"):
            return
        time.sleep(0.01)
    time.sleep(0.5)


def _interruptible() -> None:
    # Neither ignored nor blocked, whatever the runner left to its children.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _signal_state(pid: int) -> str:
    # What the kernel says of a child that did not end: its state and signal masks.
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError as e:
        return f"no /proc entry ({e})"
    wanted = ("State", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")
    return "; ".join([*(line for line in lines if line.startswith(wanted)), f"wchan {wchan}"])


def test_ctrl_c_is_one_line_and_status_130(tmp_path: Path) -> None:
    fifo = tmp_path / "register.json"
    os.mkfifo(fifo)
    # Started as a terminal starts it: a CI runner in the background may have
    # SIGINT ignored, and an ignored SIGINT is inherited (and rightly obeyed).
    child = forloeb_process("evaluate", str(fifo), "-o", str(tmp_path / "rapport.txt"),
                            preexec_fn=_interruptible)
    writer = _wait_for_reader(fifo, child)
    try:
        _wait_until_reading(child)
        child.send_signal(signal.SIGINT)
        try:
            out, err = child.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            state = _signal_state(child.pid)
            child.kill()
            child.communicate()
            raise AssertionError(f"still running 60 s after SIGINT: {state}") from None
    finally:
        os.close(writer)
    assert (130, b"", b"forloeb: interrupted\n") == (child.returncode, out, err)
    assert ["register.json"] == sorted(p.name for p in tmp_path.iterdir())


def test_a_full_disk_is_one_sentence() -> None:
    assert (1, "", "cannot write /dev/full: the disk is full\n") == run(
        "evaluate", "--format", "json", "-o", "/dev/full")


def test_standard_output_on_a_full_disk_is_one_sentence() -> None:
    with open("/dev/full", "wb") as full:
        for argv in (("evaluate", "--format", "json"), ("--version",)):
            assert (1, "", "cannot write standard output: the disk is full\n") == run(
                *argv, stdout=full)


def _closed_standard_output() -> None:
    os.close(1)


@pytest.mark.parametrize("argv", [("evaluate", "--format", "json"), ("--version",)])
def test_a_closed_standard_output_is_one_sentence(argv: tuple[str, ...]) -> None:
    # The shell's ">&-": Python starts with sys.stdout None.
    assert (1, "", "cannot write standard output: standard output is closed\n") == run(
        *argv, stdout=None, preexec_fn=_closed_standard_output)


def test_a_closed_standard_output_does_not_stop_a_report_written_to_a_file(
        tmp_path: Path) -> None:
    target = tmp_path / "e.json"
    assert (0, "", "") == run("evaluate", "--format", "json", "-o", str(target), stdout=None,
                              preexec_fn=_closed_standard_output)
    assert target.stat().st_size > 0


def test_a_closed_standard_error_still_gives_the_status(tmp_path: Path) -> None:
    status, out, _ = run("check", str(tmp_path / "missing"), stderr=None,
                         preexec_fn=lambda: os.close(2))
    assert (1, "") == (status, out)


def _drop_root_rights() -> None:
    # Root passes every permission check through two capabilities; without
    # them (dropped from the bounding set before exec) its files' permission
    # bits bind it as they bind their owner.
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_rights() -> dict[str, Any]:
    if os.geteuid() != 0:
        return {}
    if sys.platform != "linux":
        pytest.skip("root ignores permissions, and only Linux lets it give that up here")
    return {"preexec_fn": _drop_root_rights}


@pytest.fixture
def restore_modes(tmp_path: Path) -> Iterator[None]:
    """
    Give every folder under tmp_path its rights back, so it can be removed.
    """
    yield
    for path in [tmp_path, *tmp_path.rglob("*")]:
        path.chmod(0o755)


@pytest.mark.usefixtures("restore_modes")
def test_a_read_only_folder_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    status, out, err = run("evaluate", "-o", str(folder / "rapport.txt"), **_without_rights())
    assert (1, "", f"cannot write {folder / 'rapport.txt'}: the folder {folder} is not "
                   "writable\n") == (status, out, err)


@pytest.mark.usefixtures("restore_modes")
def test_an_unreadable_register_folder_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    shutil.copytree(forloeb.EXAMPLE_REGISTER, folder)
    folder.chmod(0o000)
    assert (1, "", f"cannot load {folder}: permission denied ({folder / 'agreements.csv'})\n"
            ) == run("evaluate", str(folder), **_without_rights())
    folder.chmod(0o700)
    (folder / "events.csv").chmod(0o000)
    assert (1, "", f"{folder} has 1 problem:\n"
                   "  events.csv: the file cannot be read: Permission denied\n") == run(
        "evaluate", str(folder), **_without_rights())
