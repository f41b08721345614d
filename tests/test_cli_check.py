"""
``forloeb check``: every problem listed with file, row and column, or a
one-screen summary of a valid register.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from forloeb.cli import main

BROKEN = Path(__file__).parent / "data" / "broken"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_a_register_with_problems_lists_each_on_stdout_and_the_count_on_stderr() -> None:
    status, out, err = run(str(BROKEN / "three-problems"), "--as-of", "2018-06-30")
    assert 1 == status
    assert [
        "pathways.csv row 4, column start_date: '2017-13-01' is not a date; "
        "write it as 2018-06-30 or 30-06-2018",
        "pathways.csv row 5, column agreement_id: pathway P4: agreement 'SA9' does not exist",
        "pathways.csv row 6, column end_date: pathway P5: end_date 2017-05-01 is before "
        "referred_date 2017-06-01 (rule 2: referred <= start <= end)",
    ] == out.splitlines()
    assert f"{BROKEN / 'three-problems'}: 3 problems found\n" == err


def test_one_problem_is_counted_in_the_singular() -> None:
    status, _, err = run(str(BROKEN / "cpr-number"))
    assert (1, f"{BROKEN / 'cpr-number'}: 1 problem found\n") == (status, err)


def test_a_valid_register_is_summarised_as_of_the_date() -> None:
    status, out, err = run(str(BROKEN / "danish-excel"), "--as-of", "2017-06-30")
    assert (0, "") == (status, err)
    assert f"""\
{BROKEN / 'danish-excel'}: valid, as of 2017-06-30

Agreements: 1
  SA1  2 slots  (Samarbejdsaftale 1, Værkstedet Ø)

Pathways: 2
       referred  active  ended  later  total
  SA1         0       2      0      0      2
  (later: not yet referred or started as of the date)

Events: 3
  followup                 1
  attendance_report        1
  extension                1

Collaboration notes: 1
""" == out


def test_the_summary_counts_pathways_not_yet_known_as_later() -> None:
    _, out, _ = run(str(BROKEN / "danish-excel"), "--as-of", "2017-02-10")
    assert "  SA1         1       0      0      1      2" in out.splitlines()


def test_warnings_go_to_stderr_and_leave_the_summary_alone() -> None:
    status, out, err = run(str(BROKEN / "extra-column"), "--as-of", "2018-06-30")
    assert (0, "warning: pathways.csv: unknown column 'sagsbehandler' is ignored\n") == (
        status, err)
    assert "Collaboration notes: 0" == out.splitlines()[-1]
    assert "warning" not in out


def test_warnings_of_a_register_with_problems_go_to_stderr_after_the_count(
        tmp_path: Path) -> None:
    folder = tmp_path / "register"
    shutil.copytree(BROKEN / "extra-column", folder)
    with open(folder / "pathways.csv", "a", encoding="utf-8") as f:
        f.write("P9,SA1,D-009,lab_2_3,2017-13-01,2018-01-15,,,,Hanne\n")
    status, out, err = run(str(folder), "--as-of", "2018-06-30")
    assert 1 == status
    assert ["pathways.csv row 4, column referred_date: '2017-13-01' is not a date; "
            "write it as 2018-06-30 or 30-06-2018"] == out.splitlines()
    assert [f"{folder}: 1 problem found",
            "warning: pathways.csv: unknown column 'sagsbehandler' is ignored"] == (
        err.splitlines())


def test_without_a_register_the_bundled_example_is_checked_as_of_its_own_date() -> None:
    status, out, _ = run()
    assert 0 == status
    assert "the bundled example: valid, as of 2018-06-30" == out.splitlines()[0]


def test_without_as_of_a_given_register_is_checked_as_of_today(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from forloeb.cli import _common

    monkeypatch.setattr(_common, "today", lambda: dt.date(2019, 1, 2))
    _, out, _ = run(str(BROKEN / "danish-excel"))
    assert out.splitlines()[0].endswith("valid, as of 2019-01-02")


def test_a_path_that_is_not_there_is_a_plain_sentence_with_status_1(tmp_path: Path) -> None:
    status, out, err = run(str(tmp_path / "nowhere"))
    assert (1, "") == (status, out)
    assert f"cannot load {tmp_path / 'nowhere'}: there is no such file or folder\n" == err


def test_a_bad_as_of_is_a_usage_error() -> None:
    status, _, err = run("--as-of", "06/30/2018")
    assert 2 == status
    assert "'06/30/2018' is not a date" in err


def test_a_usage_error_of_a_sub_command_shows_that_sub_commands_usage() -> None:
    status, _, err = run("--as-of", "06/30/2018")
    assert 2 == status
    assert err.startswith("usage: forloeb check [-h]")
