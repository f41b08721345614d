"""
``forloeb sla``: the work list on the command line, in every format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from forloeb.cli import _common, main

#: A small register: SA1 (plan in 4 weeks, sheets every 2 months, 1 slot + 1 extra).
_REGISTER = {
    "agreements": [
        {"agreement_id": "SA1", "name": "Samarbejdsaftale 1", "provider": "VeteranHaven",
         "start_date": "2018-01-01", "slots": 1, "extra_slots": 1, "plan_deadline_weeks": 4,
         "frame_weeks": 13},
        {"agreement_id": "SA2", "start_date": "2018-01-01", "slots": 2,
         "plan_deadline_weeks": 1, "frame_weeks": 13},
    ],
    "pathways": [
        {"pathway_id": "P1", "agreement_id": "SA1", "participant_id": "D-001",
         "start_date": "2018-01-08", "plan_date": "2018-02-01"},
        {"pathway_id": "P2", "agreement_id": "SA1", "participant_id": "D-002",
         "start_date": "2018-03-01"},
        {"pathway_id": "P3", "agreement_id": "SA2", "participant_id": "D-003",
         "start_date": "2018-04-02", "no_plan_reason": "kort_forloeb"},
    ],
    "events": [
        {"pathway_id": "P1", "date": "2018-03-07", "type": "attendance_report"},
    ],
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def register(tmp_path: Path) -> str:
    path = tmp_path / "register.json"
    path.write_text(json.dumps(_REGISTER), encoding="utf-8")
    return str(path)


def test_work_list_of_the_bundled_example_opens_with_compliance_per_rule() -> None:
    status, out, err = run("sla")
    assert (0, "") == (status, err)
    lines = out.splitlines()
    assert "Frister pr. 30. juni 2018" == lines[0]
    assert ("Overholdelse: overholdt / (overholdt + for sent + overskredet + ikke leveret)"
            in lines)
    assert any(line.startswith("Frist for individuel plan ") and "%" in line for line in lines)
    assert "SA1 – Samarbejdsaftale 1 (VeteranHaven)" in lines


def test_default_work_list_of_the_bundled_example_fits_one_screen() -> None:
    """
    What needs doing as of 30 June 2018, SA1-P27's sheet due 4 July among it:
    the two agreements, and the enterprise whose flexjob review is overdue.
    """
    _, out, _ = run("sla")
    lines = out.splitlines()
    assert len(lines) <= 46
    assert ("Det, der skal gøres: de overskredne frister og dem, der falder til og med "
            "14. juli 2018.") in lines
    p27 = [line.split() for line in lines if line.startswith("SA1-P27 ")]
    assert [["SA1-P27", "Fremmødeseddel", "2018-07-04", "Ikke", "forfalden", "endnu", "4",
             "seddel", "5"]] == p27


def test_default_work_list_lists_only_overdue_and_what_falls_due_in_the_window() -> None:
    _, out, _ = run("sla", "--format", "json")
    findings = json.loads(out)
    # No pathway has anything overdue on 30 June; one flexjob's review is.
    assert {"pending"} == {f["status"] for f in findings if f["pathway_id"]}
    assert [("ANS-004", "flexjob_review", "2018-05-16", 45)] == [
        (f["employment_id"], f["rule"], f["due"], f["days_overdue"]) for f in findings
        if f["status"] == "overdue"]
    assert max(f["due"] for f in findings) <= "2018-07-14"
    assert {("SA1-P27", "attendance_report", "2018-07-04", 4)} <= {
        (f["pathway_id"], f["rule"], f["due"], f["days_left"]) for f in findings}
    assert {"plan_deadline", "attendance_report", "frame", "followup", "flexjob_review"} == {
        f["rule"] for f in findings}


def test_due_within_sets_the_window_and_0_lists_only_what_is_due_already() -> None:
    _, days3, _ = run("sla", "--due-within", "3", "--format", "json")
    overdue = ("ANS-004", "flexjob_review", "2018-05-16")
    assert [("SA1-P28", "plan_deadline", "2018-07-02"), ("SA2-P46", "plan_deadline",
                                                        "2018-07-03"), overdue] == [
        (f["pathway_id"] or f["employment_id"], f["rule"], f["due"])
        for f in json.loads(days3)]
    _, none, _ = run("sla", "--due-within", "0", "--format", "json")
    assert [overdue] == [(f["employment_id"], f["rule"], f["due"]) for f in json.loads(none)]


def test_a_sheet_sent_before_it_falls_due_is_not_a_deadline_to_chase() -> None:
    """SA2-P38 sent its second sheet on 29 June; it is due on 1 July."""
    _, out, _ = run("sla", "--all", "--format", "json")
    assert [] == [f for f in json.loads(out) if f["pathway_id"] == "SA2-P38"
                  and f["rule"] == "attendance_report" and f["due"] > "2018-06-30"]


def test_the_compliance_summary_is_the_same_whatever_the_window() -> None:
    summaries = []
    for days in ("0", "14", "90"):
        lines = run("sla", "--due-within", days)[1].splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith("Regel "))
        summaries.append(lines[first:lines.index("SA1 – Samarbejdsaftale 1 (VeteranHaven)")])
    assert summaries[0] == summaries[1] == summaries[2]


def test_all_in_json_gives_missed_never_overdue_for_ended_pathways() -> None:
    """SA1-P16 ended on 22 July 2016: its fifth sheet, due 24 June 2016, is 28 days missed."""
    _, out, _ = run("sla", "--all", "--format", "json")
    findings = json.loads(out)
    p16 = [f for f in findings if f["pathway_id"] == "SA1-P16"
           and f["rule"] == "attendance_report" and f["due"] == "2016-06-24"]
    assert [("missed", 28, None, None)] == [(f["status"], f["days_overdue"], f["days_left"],
                                             f["done"]) for f in p16]
    assert all((f["days_left"] is not None) == (f["status"] == "pending") for f in findings)
    assert 500 < len(findings)


def test_json_csv_and_text_list_the_same_findings(register: str) -> None:
    for selection in ((), ("--all",), ("--status", "overdue", "--status", "met")):
        argv = ("sla", register, "--as-of", "2018-04-20", *selection)
        listed = [(f["pathway_id"] or "", f["rule"], f["due"])
                  for f in json.loads(run(*argv, "--format", "json")[1])]
        rows = list(csv.DictReader(io.StringIO(run(*argv, "--format", "csv")[1])))
        assert listed == [(r["pathway_id"], r["rule"], r["due"]) for r in rows]
        text = run(*argv, "--lang", "en")[1]
        shown = [line.split()[0] for line in text.splitlines() if line[:2] in ("P1", "P2",
                                                                               "P3")]
        assert [pathway for pathway, rule, _ in listed if rule != "capacity"] == shown


def test_json_of_the_bundled_example_lists_findings_most_urgent_first() -> None:
    status, out, _ = run("sla", "--all", "--format", "json")
    findings = json.loads(out)
    assert 0 == status
    required = {"agreement_id", "pathway_id", "rule", "due", "status", "done", "days_overdue"}
    assert all(required <= set(f) for f in findings)
    groups: dict[object, list[dict[str, object]]] = {}
    for f in findings:
        groups.setdefault(f["agreement_id"] or ("enterprise", f["enterprise"]), []).append(f)
    # Each group comes in one run: the agreements, then the enterprises.
    keys = [f["agreement_id"] or ("enterprise", f["enterprise"]) for f in findings]
    assert keys == [key for key, group in groups.items() for _ in group]
    assert ["SA1", "SA2"] == list(groups)[:2]
    for group in groups.values():
        ranks = [{"overdue": 0, "pending": 1}.get(f["status"], 2) for f in group]
        assert sorted(ranks) == ranks
        overdue = [f["days_overdue"] for f in group if f["status"] == "overdue"]
        assert sorted(overdue, reverse=True) == overdue


def test_work_list_of_a_register_as_of_a_date(register: str) -> None:
    status, out, _ = run("sla", register, "--as-of", "2018-04-20", "--lang", "en")
    expected = """\
Deadlines as of 20 April 2018
=============================

What needs doing: the overdue deadlines and those falling due up to 4 May 2018.

Compliance: met / (met + late + overdue + missed)

Rule                          On time
------------------------  -----------
Individual plan deadline   50 % (1/2)
Attendance sheet          100 % (1/1)
Frame of the pathway        0 % (0/1)

SA1 – Samarbejdsaftale 1 (VeteranHaven)
---------------------------------------

Pathway    Rule                             Due  Status      Done    Days over    Days left  Detail
---------  ------------------------  ----------  --------  ------  -----------  -----------  --------
P2         Individual plan deadline  2018-03-29  Overdue                    22
P1         Frame of the pathway      2018-04-09  Overdue                    11               13 weeks
P2         Attendance sheet          2018-05-01  Pending                                 11  sheet 1

Capacity: peak 2 of 1+1 slots (1 March 2018); 51 days on extra slots.

SA2
---

Capacity: peak 1 of 2+0 slots (2 April 2018); 0 days on extra slots.

No deadlines to show.
"""  # noqa: E501 - the work list as it is printed
    assert 0 == status
    assert expected == "\n".join(line.rstrip() for line in out.splitlines()) + "\n"


def test_register_without_as_of_is_checked_as_of_today(
    register: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_common, "today", lambda: dt.date(2018, 2, 1))
    _, out, _ = run("sla", register, "--all", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [("SA1", "P1", "frame", "pending", "67"), ("SA1", "P1", "plan_deadline", "met", ""),
            ("SA1", "", "capacity", "met", ""), ("SA2", "", "capacity", "met", "")] == [
        (r["agreement_id"], r["pathway_id"], r["rule"], r["status"], r["days_left"])
        for r in rows]


def test_status_filter_and_agreement_filter(register: str) -> None:
    status, out, _ = run("sla", register, "--as-of", "2018-04-20", "--format", "json",
                         "--status", "overdue", "--status", "exempt", "--agreement", "SA1")
    findings = json.loads(out)
    assert 0 == status
    assert [("P2", "plan_deadline", "overdue", 22), ("P1", "frame", "overdue", 11)] == [
        (f["pathway_id"], f["rule"], f["status"], f["days_overdue"]) for f in findings]


def test_status_filter_is_named_in_the_text_and_keeps_the_compliance_of_all(
    register: str
) -> None:
    _, out, _ = run("sla", register, "--as-of", "2018-04-20", "--status", "late")
    assert "Viser kun: For sent." in out
    assert "50 % (1/2)" in out
    assert out.count("Ingen frister at vise.") == 2


def test_due_within_lists_the_deadlines_of_the_coming_days(register: str) -> None:
    _, out, _ = run("sla", register, "--as-of", "2018-04-20", "--due-within", "50",
                    "--status", "pending", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    upcoming = [(r["pathway_id"], r["rule"], r["due"], r["days_left"], r["detail"])
                for r in rows]
    assert [("P2", "attendance_report", "2018-05-01", "11", "sheet 1"),
            ("P1", "attendance_report", "2018-05-08", "18", "sheet 2"),
            ("P2", "frame", "2018-05-31", "41", "13 weeks"),
            ("P3", "attendance_report", "2018-06-02", "43", "sheet 1"),
            ("P3", "frame", "2018-07-02", "73", "13 weeks")] == upcoming
    _, text, _ = run("sla", register, "--as-of", "2018-04-20", "--all", "--due-within", "14")
    assert "Med de kommende frister til og med 4. maj 2018." in text


def test_markdown_work_list_has_headings_and_pipe_tables(register: str) -> None:
    _, out, _ = run("sla", register, "--as-of", "2018-04-20", "--format", "markdown")
    assert out.startswith("# Frister pr. 20. april 2018\n")
    assert "## SA1 – Samarbejdsaftale 1 (VeteranHaven)" in out
    assert "| Forløb" in out


def test_work_list_written_to_a_file(register: str, tmp_path: Path) -> None:
    target = tmp_path / "frister.json"
    status, out, _ = run("sla", register, "--as-of", "2018-04-20", "--all", "--format", "json",
                         "-o", str(target))
    assert (0, "") == (status, out)
    assert 10 == len(json.loads(target.read_text(encoding="utf-8")))


def test_unknown_agreement_is_named_and_exits_1(register: str) -> None:
    status, out, err = run("sla", register, "--agreement", "SA9")
    assert (1, "", "no agreement with id 'SA9'\n") == (status, out, err)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--due-within", "-3"), "'-3' is not a whole number of days"),
        (("--status", "done"), "invalid choice: 'done'"),
        (("--as-of", "2018-13-01"), "'2018-13-01' is not a date"),
        (("--format", "xlsx"), "invalid choice: 'xlsx'"),
        (("--all", "--status", "met"), "not allowed with argument --all"),
    ],
)
def test_usage_mistakes_exit_2_with_a_sentence(argv: tuple[str, ...], message: str) -> None:
    status, out, err = run("sla", *argv)
    assert (2, "") == (status, out)
    assert message in err
