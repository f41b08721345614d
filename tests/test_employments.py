"""
Employments (da: *ansættelser*) and their events: the model, the rules, loading
and writing every format, and the store's refusal to drop them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from by_hand import agreement

import forloeb
from forloeb import recording
from forloeb.codes import EmploymentEventType
from forloeb.errors import RegisterError, RuleViolation
from forloeb.model import Employment, EmploymentEvent, Pathway, Register, effective_hours
from forloeb.rules import validate
from forloeb.store import Store

D = dt.date
CHANGE = EmploymentEventType.CHANGE
REVIEW = EmploymentEventType.REVIEW

_AGREEMENTS = ("agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks\n"
               "SA1,2016-01-01,8,4,52\n")
_PATHWAYS = ("pathway_id,agreement_id,participant_id,start_date,end_date,outcome\n"
             "P1,SA1,D-1,2016-01-04,2016-09-01,fleksjob\n")


def flexjob(**fields: object) -> Employment:
    values: dict[str, object] = {"employment_id": "E1", "participant_id": "D-1",
                                 "enterprise": "Sumak", "kind": "fleksjob",
                                 "start_date": D(2016, 9, 8), "hours_per_week": Decimal("4.5"),
                                 "intensity": 80}
    values.update(fields)
    return Employment(**values)  # type: ignore[arg-type]


def base() -> Register:
    return Register([attrs.evolve(agreement(), start_date=D(2016, 1, 1))],
                    [Pathway("P1", "SA1", "D-1", start_date=D(2016, 1, 4),
                             end_date=D(2016, 9, 1), outcome="fleksjob")])


def folder(tmp_path: Path, employments: str, events: str | None = None) -> Path:
    (tmp_path / "agreements.csv").write_text(_AGREEMENTS, encoding="utf-8")
    (tmp_path / "pathways.csv").write_text(_PATHWAYS, encoding="utf-8")
    (tmp_path / "employments.csv").write_text(employments, encoding="utf-8")
    if events is not None:
        (tmp_path / "employment_events.csv").write_text(events, encoding="utf-8")
    return tmp_path


def problems(path: Path) -> list[str]:
    with pytest.raises(RegisterError) as caught:
        forloeb.load(path)
    return [str(p) for p in caught.value.problems]


# -- the model ---------------------------------------------------------------------


def test_effective_hours_of_4_5_hours_at_80_percent_are_3_6_exactly() -> None:
    assert Decimal("3.6") == flexjob().effective_hours
    assert Decimal("3.6") == effective_hours(Decimal("4.5"), 80)
    assert "3.6" == str(effective_hours(Decimal("4.5"), 80))


def test_an_employment_runs_from_its_start_to_the_day_before_its_end() -> None:
    job = flexjob(end_date=D(2018, 3, 1))
    assert not job.is_running_on(D(2016, 9, 7))
    assert job.is_running_on(D(2016, 9, 8))
    assert job.is_running_on(D(2018, 2, 28))
    assert not job.is_running_on(D(2018, 3, 1))
    assert job.has_ended(as_of=D(2018, 3, 1))
    assert not job.has_ended(as_of=D(2018, 2, 28))


def test_the_register_finds_an_employment_its_events_and_the_pathway_it_followed() -> None:
    events = [EmploymentEvent("E1", D(2017, 6, 1), CHANGE, Decimal(8)),
              EmploymentEvent("E1", D(2017, 1, 2), CHANGE, intensity=90)]
    register = base().replace(employments=[flexjob(pathway_id="P1")],
                              employment_events=events)
    assert "Sumak" == register.employment("E1").enterprise
    assert register.has_employment("E1")
    assert not register.has_employment("E2")
    assert [D(2017, 1, 2), D(2017, 6, 1)] == [
        e.date for e in register.employment_events_of("E1")]
    assert [D(2017, 1, 2)] == [
        e.date for e in register.employment_events_of("E1", until=D(2017, 5, 31))]
    assert ["E1"] == [e.employment_id for e in register.employments_following("P1")]
    with pytest.raises(forloeb.UnknownIdError):
        register.employment("E2")


def test_as_of_keeps_only_the_employments_started_and_the_events_dated_by_then() -> None:
    register = base().replace(
        employments=[flexjob(end_date=D(2018, 1, 31)),
                     flexjob(employment_id="E2", start_date=D(2017, 3, 1))],
        employment_events=[EmploymentEvent("E1", D(2016, 10, 1), CHANGE, Decimal(6)),
                           EmploymentEvent("E1", D(2017, 4, 1), CHANGE, Decimal(8))])
    then = register.as_of(D(2017, 2, 28))
    assert [("E1", None)] == [(e.employment_id, e.end_date) for e in then.employments]
    assert [D(2016, 10, 1)] == [e.date for e in then.employment_events]
    assert validate(then) == []
    assert register.as_of(D(2018, 6, 30)) is register


def test_registers_with_the_same_employments_in_another_order_are_equal() -> None:
    jobs = [flexjob(), flexjob(employment_id="E2")]
    events = [EmploymentEvent("E1", D(2017, 1, 2), CHANGE, Decimal(8)),
              EmploymentEvent("E2", D(2017, 1, 2), CHANGE, Decimal(9))]
    first = base().replace(employments=jobs, employment_events=events)
    second = base().replace(employments=jobs[::-1], employment_events=events[::-1])
    assert first == second
    assert hash(first) == hash(second)
    assert first != base()


def test_as_of_a_day_before_the_pathway_was_referred_the_hire_follows_no_pathway_yet() -> None:
    # A hire may start before the pathway it is later tied to was referred;
    # on a day the pathway is not yet known, the hire is kept, tied to nothing.
    later = Pathway("P2", "SA1", "D-1", referred_date=D(2017, 5, 1))
    register = base().replace(pathways=[*base().pathways, later],
                              employments=[flexjob(start_date=D(2017, 3, 1), pathway_id="P2")])
    then = register.as_of(D(2017, 4, 30))
    assert [("E1", None)] == [(e.employment_id, e.pathway_id) for e in then.employments]
    assert validate(then) == []
    assert ["P2"] == [e.pathway_id for e in register.as_of(D(2017, 5, 1)).employments]


def test_events_told_apart_only_by_an_intensity_left_out_or_of_1_percent_sort_one_way() -> None:
    # Equal registers hold the same facts in any order: a change that leaves
    # the intensity as it was is not the same fact as one that sets it to 1 %.
    events = [EmploymentEvent("E1", D(2017, 1, 2), CHANGE, Decimal(8)),
              EmploymentEvent("E1", D(2017, 1, 2), CHANGE, Decimal(8), intensity=1)]
    first = base().replace(employments=[flexjob()], employment_events=events)
    second = base().replace(employments=[flexjob()], employment_events=events[::-1])
    assert first == second
    assert hash(first) == hash(second)


# -- the rules ---------------------------------------------------------------------


def test_every_broken_rule_of_an_employment_is_reported_at_once() -> None:
    register = base().replace(
        employments=[flexjob(hours_per_week=Decimal(0), intensity=0, pathway_id="P9",
                             end_date=D(2016, 9, 1), kind="vikariat")],
        employment_events=[EmploymentEvent("E1", D(2016, 9, 9), CHANGE),
                           EmploymentEvent("E9", D(2016, 9, 9), REVIEW)])
    messages = [(v.table, v.column) for v in validate(register)]
    assert [("employments", "kind"), ("employments", "end_date"),
            ("employments", "hours_per_week"), ("employments", "intensity"),
            ("employments", "pathway_id"),
            ("employment_events", "hours_per_week"), ("employment_events", "date"),
            ("employment_events", "employment_id")] == messages


@pytest.mark.parametrize(("hours", "wrong"), [
    (Decimal("0"), "it must be more than 0"),
    (Decimal("-4"), "it must be more than 0"),
    (Decimal("80.25"), "it must be at most 80 hours a week"),
    (Decimal("4.125"), "it may have at most 2 decimals"),
])
def test_hours_a_week_are_more_than_0_and_at_most_80_in_quarter_hours(
        hours: Decimal, wrong: str) -> None:
    register = base().replace(employments=[flexjob(hours_per_week=hours)])
    [violation] = validate(register)
    assert wrong in violation.message


def test_80_hours_a_week_at_1_percent_is_allowed() -> None:
    register = base().replace(employments=[flexjob(hours_per_week=Decimal(80), intensity=1)])
    assert [] == validate(register)


def test_a_review_is_held_in_a_flexjob_and_gives_no_hours() -> None:
    register = base().replace(
        employments=[flexjob(kind="deltid")],
        employment_events=[EmploymentEvent("E1", D(2019, 3, 1), REVIEW, intensity=90)])
    assert [("employment_events", "intensity"), ("employment_events", "type")] == [
        (v.table, v.column) for v in validate(register)]


def test_a_cpr_like_participant_or_employment_id_is_refused_and_not_repeated() -> None:
    register = base().replace(
        employments=[flexjob(participant_id="300618-1234"),
                     flexjob(employment_id="0106181234")])
    violations = validate(register)
    assert ["participant_id", "employment_id"] == [v.column for v in violations]
    assert all("1234" not in v.message for v in violations)


def test_a_cpr_like_number_in_the_enterprise_or_a_note_is_refused() -> None:
    register = base().replace(
        employments=[flexjob(enterprise="Sumak 300618-1234")],
        employment_events=[EmploymentEvent("E1", D(2017, 1, 2), CHANGE, Decimal(8),
                                           note="ring 3006181234")])
    assert ["enterprise", "note"] == [v.column for v in validate(register)]


def test_events_on_the_first_and_the_last_day_of_an_employment_are_within_it() -> None:
    register = base().replace(
        employments=[flexjob(end_date=D(2017, 9, 8))],
        employment_events=[EmploymentEvent("E1", D(2016, 9, 8), CHANGE, Decimal(5)),
                           EmploymentEvent("E1", D(2017, 9, 8), CHANGE, intensity=90)])
    assert [] == validate(register)


def test_register_build_refuses_an_employment_that_breaks_a_rule() -> None:
    with pytest.raises(RegisterError, match="employment E1: intensity is 0"):
        Register.build([agreement()], employments=[flexjob(intensity=0)])


# -- recording ---------------------------------------------------------------------


def test_recording_a_hire_a_change_and_an_end() -> None:
    register = recording.hire(base(), flexjob(pathway_id="P1"))
    register = recording.record_employment_event(
        register, EmploymentEvent("E1", D(2017, 3, 1), CHANGE, Decimal(8)))
    register = recording.end_employment(register, "E1", day=D(2018, 1, 31))
    assert D(2018, 1, 31) == register.employment("E1").end_date
    assert 1 == len(register.employment_events)
    assert register.pathways == base().pathways


def test_recording_refuses_what_the_rules_refuse() -> None:
    register = recording.hire(base(), flexjob())
    with pytest.raises(RuleViolation, match="the same employment_id appears twice"):
        recording.hire(register, flexjob())
    with pytest.raises(RuleViolation, match="dated before the start"):
        recording.record_employment_event(
            register, EmploymentEvent("E1", D(2016, 9, 1), CHANGE, Decimal(8)))
    later = recording.record_employment_event(
        register, EmploymentEvent("E1", D(2017, 3, 1), CHANGE, Decimal(8)))
    with pytest.raises(RuleViolation, match="dated after the end"):
        recording.end_employment(later, "E1", day=D(2017, 2, 1))
    with pytest.raises(forloeb.InvalidArgument, match="hours_per_week"):
        recording.hire(base(), flexjob(hours_per_week=4.5))


def test_recording_keeps_the_employments_when_a_pathway_changes() -> None:
    register = recording.hire(base(), flexjob())
    register = recording.refer(register, "P2", agreement_id="SA1", participant_id="D-2",
                               day=D(2018, 1, 2))
    assert ["E1"] == [e.employment_id for e in register.employments]


# -- loading and writing -----------------------------------------------------------


def test_a_register_without_employment_files_has_no_employments(tmp_path: Path) -> None:
    (tmp_path / "agreements.csv").write_text(_AGREEMENTS, encoding="utf-8")
    (tmp_path / "pathways.csv").write_text(_PATHWAYS, encoding="utf-8")
    register = forloeb.load(tmp_path)
    assert () == register.employments
    assert () == register.employment_events


def test_employments_load_with_danish_habits(tmp_path: Path) -> None:
    folder(tmp_path,
           "employment_id;participant_id;enterprise;kind;channel;start_date;end_date;"
           "pathway_id;hours_per_week;intensity\n"
           "E1;D-1;Sumak;Fleksjob;;08-09-2016;;P1;4,5;80\n"
           "E2;D-2;Café Kornet;deltid;other;01.03.2018;30.09.2018;;20;\n",
           "employment_id;date;type;hours_per_week;intensity;note\n"
           "E1;02-01-2019;change;15;100;Fuld tid i fleksjobbet\n"
           "E1;08-03-2019;review;;;Holdt til tiden\n")
    register = forloeb.load(tmp_path)
    first, second = register.employments
    assert (Decimal("4.5"), 80, "jobcenter", "P1") == (
        first.hours_per_week, first.intensity, first.channel, first.pathway_id)
    assert (100, "other", None, D(2018, 9, 30)) == (
        second.intensity, second.channel, second.pathway_id, second.end_date)
    change, review = register.employment_events_of("E1")
    assert (CHANGE, Decimal(15), 100) == (change.type, change.hours_per_week, change.intensity)
    assert (REVIEW, None, None) == (review.type, review.hours_per_week, review.intensity)


def test_every_problem_of_the_employment_files_has_file_row_and_column(
        tmp_path: Path) -> None:
    folder(tmp_path,
           "employment_id,participant_id,enterprise,kind,start_date,pathway_id,"
           "hours_per_week,intensity\n"
           "E1,300618-1234,Sumak,fleksjob,2016-09-08,P1,4.5,80\n"
           "E2,D-2,Sumak,flexjob,2016-13-01,P1,4.5,80\n"
           "E3,D-3,Sumak,deltid,2016-09-08,P7,4.5,180\n",
           "employment_id,date,type,hours_per_week,intensity\n"
           "E3,2016-09-01,change,,\n"
           "E3,2016-10-01,visit,,\n")
    found = problems(tmp_path)
    assert [
        "employments.csv row 2, column participant_id: employment E1: participant_id looks "
        "like a CPR number; record a pseudonym instead (the value is not repeated here)",
        "employments.csv row 3, column kind: 'flexjob' is not a known kind of employment; "
        "did you mean 'fleksjob'?",
        "employments.csv row 3, column start_date: '2016-13-01' is not a date; write it as "
        "2018-06-30 or 30-06-2018",
        "employments.csv row 4, column pathway_id: employment E3: pathway 'P7' does not exist",
        "employments.csv row 4, column intensity: employment E3: intensity is 180; it must "
        "be at most 100",
        "employment_events.csv row 2, column date: employment E3, change on 2016-09-01: "
        "dated before the start of the employment on 2016-09-08",
        "employment_events.csv row 2, column hours_per_week: employment E3, change on "
        "2016-09-01: a change gives new hours_per_week, a new intensity or both; this one "
        "gives neither",
        "employment_events.csv row 3, column type: 'visit' is not a known event type "
        "(change, review)",
    ] == found
    assert not any("1234" in p for p in found)


def test_a_register_with_employments_is_written_and_read_back_equal(tmp_path: Path) -> None:
    register = base().replace(
        employments=[flexjob(pathway_id="P1"),
                     flexjob(employment_id="E2", kind="loentilskud", channel="other",
                             hours_per_week=Decimal("37.25"), intensity=100,
                             end_date=D(2018, 1, 1))],
        employment_events=[EmploymentEvent("E1", D(2017, 3, 1), CHANGE, Decimal(8)),
                           EmploymentEvent("E1", D(2019, 3, 1), REVIEW, note="Holdt")])
    forloeb.write_csv(register, tmp_path / "csv", delimiter=";")
    forloeb.write_json(register, tmp_path / "register.json")
    forloeb.write_xlsx(register, tmp_path / "register.xlsx")
    for path in (tmp_path / "csv", tmp_path / "register.json", tmp_path / "register.xlsx"):
        assert register == forloeb.load(path), path
    written = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    assert "4.5" == written["employments"][0]["hours_per_week"]
    assert "review" == written["employment_events"][1]["type"]


# -- the store ---------------------------------------------------------------------


def test_the_store_holds_a_register_with_employments_and_gives_it_back(
        tmp_path: Path) -> None:
    register = base().replace(employments=[flexjob()])
    path = tmp_path / "register.sqlite"
    summary = Store.import_into(path, register, actor="test")
    assert (1, 0) == (summary.added["employments"], summary.added["employment_events"])
    with Store.open(path) as store:
        assert register == store.load()
        assert flexjob() == store.employment(flexjob().employment_id)


@pytest.mark.parametrize("employment_id", ["106181234", "0106181234.0", "010618:1234"])
def test_an_employment_id_in_any_cpr_like_form_is_not_named_in_its_messages(
        employment_id: str) -> None:
    register = base().replace(
        employments=[flexjob(employment_id=employment_id)],
        employment_events=[EmploymentEvent(employment_id, D(2016, 1, 2), CHANGE, Decimal(8))])
    violations = validate(register)
    assert "employment_id" in {v.column for v in violations}
    for v in violations:
        assert "10618" not in v.message, v.message
        assert "employment [a CPR-like value, not shown]" in v.message
