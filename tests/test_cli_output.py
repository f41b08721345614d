"""
Where every command writes: the format from ``-o FILE``'s suffix, ``-o -``,
``--force``, and a report that is written whole or not at all.

These run in the test's own process; the cases that need a real process
(pipes, Ctrl-C, ``/dev/full``, permissions) are in ``test_cli_processes.py``.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
from pathlib import Path

import openpyxl
import pytest

import forloeb
from forloeb.cli import _output, main

PUBLISHED = str(Path(__file__).resolve().parent.parent / "examples" / "slagelse-2018"
                / "published-2018.json")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("name", "starts"), [
    ("rapport.txt", "Evaluering af samarbejdsaftalerne pr. 30. juni 2018\n"),
    ("rapport", "Evaluering af samarbejdsaftalerne pr. 30. juni 2018\n"),
    ("rapport.md", "# Evaluering af samarbejdsaftalerne"),
    ("rapport.html", "<!DOCTYPE html>"),
    ("rapport.HTM", "<!DOCTYPE html>"),
    ("rapport.json", '{\n  "as_of": "2018-06-30"'),
    ("rapport.csv", "agreement_id,"),
])
def test_the_suffix_of_the_output_file_gives_the_format(tmp_path: Path, name: str,
                                                        starts: str) -> None:
    status, out, err = run("evaluate", "-o", str(tmp_path / name))
    assert (0, "", "") == (status, out, err)
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)
    assert [name] == _files(tmp_path)


def test_an_xlsx_suffix_writes_a_workbook(tmp_path: Path) -> None:
    assert 0 == run("compare", "-o", str(tmp_path / "sammenligning.xlsx"))[0]
    assert 1 == len(openpyxl.load_workbook(tmp_path / "sammenligning.xlsx").sheetnames)


@pytest.mark.parametrize("command", [
    ("evaluate",), ("evaluate", "--years", "2017..2018"), ("compare",), ("sla",),
    ("reconcile", PUBLISHED),
])
def test_every_command_that_writes_a_report_takes_the_format_from_the_suffix(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "out.json"
    status, out, _ = run(*command, "-o", str(target))
    assert ("", True) == (out, status in (0, 1))  # reconcile: 1, the example has discrepancies
    json.loads(target.read_text(encoding="utf-8"))


def test_a_suffix_that_agrees_with_the_format_is_fine(tmp_path: Path) -> None:
    assert 0 == run("sla", "--format", "csv", "-o", str(tmp_path / "frister.csv"))[0]
    with open(tmp_path / "frister.csv", encoding="utf-8", newline="") as f:
        assert "agreement_id" == next(csv.reader(f))[0]


def test_a_suffix_that_contradicts_the_format_is_a_usage_error(tmp_path: Path) -> None:
    status, out, err = run("evaluate", "--format", "json", "-o", str(tmp_path / "x.csv"))
    assert (2, "") == (status, out)
    assert f"--format json contradicts '{tmp_path / 'x.csv'}', whose suffix means csv" in err
    assert [] == _files(tmp_path)


def test_an_unknown_suffix_needs_a_format(tmp_path: Path) -> None:
    status, _, err = run("evaluate", "-o", str(tmp_path / "rapport.pdf"))
    assert 2 == status
    assert "cannot tell the format from" in err
    assert "or give --format" in err
    assert 0 == run("evaluate", "--format", "text", "-o", str(tmp_path / "rapport.log"))[0]
    assert ["rapport.log"] == _files(tmp_path)


@pytest.mark.parametrize(("command", "name"), [
    (("sla",), "frister.html"),
    (("reconcile", PUBLISHED), "afvigelser.csv"),
])
def test_a_suffix_for_a_format_the_command_does_not_write_is_a_usage_error(
        tmp_path: Path, command: tuple[str, ...], name: str) -> None:
    status, _, err = run(*command, "-o", str(tmp_path / name))
    assert 2 == status
    assert "which this command does not write" in err
    assert [] == _files(tmp_path)


def test_dash_is_standard_output() -> None:
    status, out, _ = run("evaluate", "-o", "-", "--format", "json")
    assert (0, "2018-06-30") == (status, json.loads(out)["as_of"])
    assert run("evaluate") == run("evaluate", "-o", "-")


def test_a_binary_format_to_standard_output_is_a_usage_error() -> None:
    for argv in (("--format", "xlsx"), ("--format", "xlsx", "-o", "-")):
        status, out, err = run("evaluate", *argv)
        assert (2, "") == (status, out)
        assert "give one with -o FILE" in err


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "rapport.txt"
    target.write_text("last year's report\n", encoding="utf-8")
    status, out, err = run("evaluate", "-o", str(target))
    assert (1, "", f"{target} already exists; give --force to replace it\n") == (
        status, out, err)
    assert "last year's report\n" == target.read_text(encoding="utf-8")
    assert 0 == run("evaluate", "-o", str(target), "--force")[0]
    assert target.read_text(encoding="utf-8").startswith("Evaluering")
    assert ["rapport.txt"] == _files(tmp_path)


def test_the_target_is_checked_before_the_work_starts(tmp_path: Path) -> None:
    """
    An existing file is refused before the register is read: a long evaluation
    is not run only to find that its report cannot be written.
    """
    target = tmp_path / "rapport.txt"
    target.touch()
    status, _, err = run("evaluate", str(tmp_path / "no-register"), "-o", str(target))
    assert (1, f"{target} already exists; give --force to replace it\n") == (status, err)


def test_a_new_report_gets_the_usual_permissions(tmp_path: Path) -> None:
    """
    Not the owner-only permissions of a temporary file: the umask decides.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    run("evaluate", "-o", str(tmp_path / "rapport.txt"))
    assert 0o666 & ~umask == stat.S_IMODE((tmp_path / "rapport.txt").stat().st_mode)


def test_replacing_a_report_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "rapport.txt"
    target.touch()
    target.chmod(0o640)
    assert 0 == run("evaluate", "-o", str(target), "--force")[0]
    assert 0o640 == stat.S_IMODE(target.stat().st_mode)


def _failing_write(after: str, error: BaseException):
    def write_json(document: object, out: io.TextIOBase) -> None:
        out.write(after)
        out.flush()
        raise error
    return write_json


@pytest.mark.parametrize(("error", "status", "message"), [
    (OSError(errno.ENOSPC, "No space left on device"), 1, "cannot write {}: the disk is full"),
    (KeyboardInterrupt(), 130, "forloeb: interrupted"),
])
def test_a_write_that_fails_halfway_leaves_the_old_report_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, status: int,
        message: str) -> None:
    target = tmp_path / "rapport.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    monkeypatch.setattr("forloeb.rendering.json.write_json",
                        _failing_write('{"as_of": "2018-', error))
    assert (status, "", message.format(target) + "\n") == run(
        "evaluate", "-o", str(target), "--force")
    assert '{"old": true}\n' == target.read_text(encoding="utf-8")
    assert ["rapport.json"] == _files(tmp_path)


def test_a_new_report_that_fails_halfway_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("forloeb.rendering.json.write_json",
                        _failing_write("{", OSError(errno.EDQUOT, "Disk quota exceeded")))
    status, _, err = run("evaluate", "-o", str(tmp_path / "rapport.json"))
    assert (1, f"cannot write {tmp_path / 'rapport.json'}: the disk quota is used up\n") == (
        status, err)
    assert [] == _files(tmp_path)


def test_output_onto_a_folder_is_one_sentence_and_status_1(tmp_path: Path) -> None:
    status, out, err = run("evaluate", "-o", str(tmp_path))
    assert (1, "", f"cannot write {tmp_path}: it is a folder\n") == (status, out, err)
    status, _, err = run("evaluate", "-o", str(tmp_path), "--force", "--format", "text")
    assert (1, f"cannot write {tmp_path}: it is a folder\n") == (status, err)


def test_output_into_a_missing_folder_is_one_sentence_and_status_1(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "report.txt"
    status, _, err = run("sla", "-o", str(target))
    assert (1, f"cannot write {target}: there is no folder {tmp_path / 'nowhere'}\n") == (
        status, err)


def test_output_to_a_device_is_written_in_place(tmp_path: Path) -> None:
    """
    ``/dev/null`` exists, but there is nothing to replace: no ``--force``.
    """
    assert (0, "", "") == run("evaluate", "--format", "json", "-o", os.devnull)


# -- export ----------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = str(tmp_path / "2018.sqlite")
    assert 0 == run("import", str(forloeb.EXAMPLE_REGISTER), path, "--actor", "test")[0]
    return path


def test_export_onto_an_existing_file_needs_force(store: str, tmp_path: Path) -> None:
    target = tmp_path / "register.json"
    target.write_text("{}\n", encoding="utf-8")
    status, out, err = run("export", store, str(target))
    assert (1, "", f"{target} already exists; give --force to replace it\n") == (
        status, out, err)
    assert "{}\n" == target.read_text(encoding="utf-8")
    assert 0 == run("export", store, str(target), "--force")[0]
    assert forloeb.load_example() == forloeb.load(target)


def test_export_onto_an_existing_register_folder_needs_force(store: str,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "register"
    assert 0 == run("export", store, str(target))[0]
    (target / "events.csv").write_text("not what the store holds\n", encoding="utf-8")
    status, _, err = run("export", store, str(target))
    assert (1, f"{target} already holds a register; give --force to replace it\n") == (
        status, err)
    assert "not what the store holds\n" == (target / "events.csv").read_text(encoding="utf-8")
    assert 0 == run("export", store, str(target), "--force")[0]
    assert forloeb.load_example() == forloeb.load(target)
    assert ["2018.sqlite", "register"] == _files(tmp_path)


def test_export_into_an_empty_folder_needs_no_force(store: str, tmp_path: Path) -> None:
    (tmp_path / "register").mkdir()
    assert 0 == run("export", store, str(tmp_path / "register"))[0]
    assert forloeb.load_example() == forloeb.load(tmp_path / "register")


def test_export_never_replaces_a_folder_that_holds_other_files(store: str,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "documents"
    target.mkdir()
    (target / "budget.xlsx").write_text("mine", encoding="utf-8")
    status, _, err = run("export", store, str(target), "--force")
    assert 1 == status
    assert f"cannot write {target}: the folder holds other files than a register's " \
           "(budget.xlsx)" in err
    assert ["budget.xlsx"] == _files(target)


@pytest.mark.parametrize(("argv", "message"), [
    (("--format", "csv", "--force"), "it is a file, and a register in CSV is a folder"),
    (("--format", "json"), "already exists; give --force"),
])
def test_export_onto_a_file_of_another_kind_is_one_sentence(
        store: str, tmp_path: Path, argv: tuple[str, ...], message: str) -> None:
    target = tmp_path / "register"
    target.write_text("a file\n", encoding="utf-8")
    status, _, err = run("export", store, str(target), *argv)
    assert 1 == status
    assert message in err
    assert "a file\n" == target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("out", "argv", "message"), [
    ("-", (), "not standard output"),
    ("register.md", (), "asks for markdown, which this command does not write"),
    ("register.xlsx", ("--format", "json"), "--format json contradicts"),
])
def test_export_usage_mistakes_exit_2(store: str, tmp_path: Path, out: str,
                                      argv: tuple[str, ...], message: str) -> None:
    status, _, err = run("export", store, str(tmp_path / out) if out != "-" else out, *argv)
    assert 2 == status
    assert message in err


def test_export_to_a_folder_that_is_missing_is_one_sentence(store: str, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "register.json"
    status, _, err = run("export", store, str(target))
    assert (1, f"cannot write {target}: there is no folder {target.parent}\n") == (status, err)


# -- the mechanism itself ----------------------------------------------------------


def test_a_folder_replaced_is_swapped_whole(tmp_path: Path) -> None:
    target = tmp_path / "register"
    target.mkdir()
    (target / "agreements.csv").write_text("old", encoding="utf-8")
    (target / "events.csv").write_text("old", encoding="utf-8")
    with _output.replacing(target, force=True, folder=True,
                           replaceable={"agreements.csv", "events.csv"}) as temp:
        (temp / "agreements.csv").write_text("new", encoding="utf-8")
    assert ["agreements.csv"] == _files(target)
    assert "new" == (target / "agreements.csv").read_text(encoding="utf-8")
    assert ["register"] == _files(tmp_path)


def test_what_the_system_says_is_put_in_plain_words() -> None:
    assert "the disk is full" == _output.reason(OSError(errno.ENOSPC, "No space left"))
    assert "input/output error" == _output.reason(OSError(errno.EIO, "Input/output error"))


def test_ctrl_c_during_a_query_of_the_columnar_engine_is_an_interruption(monkeypatch):
    # DuckDB turns Ctrl-C during a query into RuntimeError("Query interrupted").
    # (The real signal is sent in tests/test_cli_processes.py for the reference
    # engine; the moment a query runs is too short to hit reliably.)
    from forloeb.cli import _common

    def interrupted(*args, **kwargs):
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(_common, "open_columns", interrupted)
    out, err = io.StringIO(), io.StringIO()
    assert 130 == main(["check", "--engine", "columnar"], stdout=out, stderr=err)
    assert ("", "forloeb: interrupted\n") == (out.getvalue(), err.getvalue())


def test_another_runtime_error_is_not_taken_for_an_interruption(monkeypatch):
    from forloeb.cli import _common

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(_common, "open_columns", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["check", "--engine", "columnar"], stdout=io.StringIO(), stderr=io.StringIO())
