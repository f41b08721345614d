"""
The command line answers alike with either engine (``--engine reference``
and ``--engine columnar``): every format of ``sla``, ``evaluate``,
``compare`` and ``check``, on the bundled example (which has employments,
whose flexjob reviews the columnar engine finds by the reference's own rule),
on generated registers with and without employments, and on a register
whose ids need quoting or could be taken for formulas (the findings the
columnar engine does not write in SQL).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from forloeb import load_example
from forloeb.cli import main
from forloeb.model import Register
from forloeb.testing import TYPICAL_AS_OF, registers
from forloeb.writing import write_csv

_SLA_OPTIONS = (
    (), ("--all",), ("--status", "met", "--status", "overdue"), ("--due-within", "0"),
    ("--due-within", "60"),
)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _alike(*argv: str) -> None:
    reference = _run(*argv, "--engine", "reference")
    assert reference == _run(*argv, "--engine", "columnar")


def _every_command(source: list[str], as_of: dt.date, *,
                   sla_options: tuple[tuple[str, ...], ...] = _SLA_OPTIONS) -> None:
    day = ["--as-of", as_of.isoformat()]
    for fmt in ("text", "markdown", "json", "csv"):
        for options in sla_options:
            _alike("sla", *source, *day, "--format", fmt, *options)
    for fmt in ("text", "json", "csv"):
        _alike("evaluate", *source, *day, "--format", fmt)
        _alike("compare", *source, *day, "--format", fmt)
    for command in ("sla", "evaluate"):  # CSV for Danish Excel
        _alike(command, *source, *day, "--format", "csv", "--excel")
    _alike("check", *source, *day)


@pytest.mark.parametrize("as_of", [dt.date(2018, 6, 30), dt.date(2019, 3, 1)])
def test_every_command_on_the_bundled_example_with_its_employments_is_alike(
        as_of: dt.date) -> None:
    assert load_example().employments
    _every_command([], as_of)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(registers(max_pathways=8, max_events_per_pathway=4))
def test_every_command_on_a_generated_register_is_alike(
        tmp_path_factory: pytest.TempPathFactory, register: Register) -> None:
    folder = tmp_path_factory.mktemp("register")
    write_csv(register, folder)
    # Fewer selections than above, as each example costs every command twice.
    _every_command([str(folder)], TYPICAL_AS_OF, sla_options=((), ("--all",)))


def test_ids_that_need_quoting_or_look_like_formulas_are_written_alike(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    (folder / "agreements.csv").write_text(
        "agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks,name\n"
        '"SA,1",2018-01-01,1,4,13,Aftale\n'
        "=SA2,2018-01-01,2,2,13,\n", encoding="utf-8")
    (folder / "pathways.csv").write_text(
        "pathway_id,agreement_id,participant_id,referred_date,start_date\n"
        '"P ""1""","SA,1",D-001,2018-01-02,2018-01-08\n'
        "+P2,=SA2,D-002,2018-02-01,2018-03-01\n"
        "P3,=SA2,D-003,2018-02-01,2018-03-05\n", encoding="utf-8")
    _every_command([str(folder)], dt.date(2018, 6, 30))


def _employment_register(folder: Path) -> None:
    # Two agreements with employments after their pathways, one without;
    # employments after no pathway at enterprises whose first finding comes
    # in another order than their names; reviews due on the day of a
    # pathway's deadline; ids and enterprises needing quoting or escaping.
    folder.mkdir()
    (folder / "agreements.csv").write_text(
        "agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks,name\n"
        "SA1,2014-01-01,3,4,52,Aftale 1\n"
        '"SA,2",2014-01-01,3,4,52,Aftale 2\n'
        "SA3,2014-01-01,2,4,52,Aftale 3\n", encoding="utf-8")
    (folder / "pathways.csv").write_text(
        "pathway_id,agreement_id,participant_id,referred_date,start_date,end_date,outcome\n"
        "P1,SA1,D-001,2014-01-02,2014-01-08,2015-01-05,fleksjob\n"
        "P2,SA1,D-002,2014-02-01,2014-02-03,2015-02-02,fleksjob\n"
        # Its plan falls due on 2018-07-02, the day E3's review does.
        "P3,SA1,D-003,2018-05-20,2018-06-04,,\n"
        '"P,4","SA,2",D-004,2014-03-01,2014-03-03,2015-03-02,fleksjob\n'
        "P5,SA3,D-005,2018-01-02,2018-01-08,,\n", encoding="utf-8")
    (folder / "employments.csv").write_text(
        "employment_id,participant_id,enterprise,kind,start_date,end_date,pathway_id,"
        "hours_per_week\n"
        # Overdue, after P1; pending on the day P3's plan is due.
        "E1,D-001,Sumak,fleksjob,2015-06-01,,P1,10\n"
        "E3,D-002,Sumak,fleksjob,2016-01-02,,P2,10\n"
        # Two after P2 due the same day (30 months from 31 and 30 August).
        "E5,D-002,Café Kornet,fleksjob,2016-08-31,,P2,10\n"
        "E4,D-002,Café Kornet,fleksjob,2016-08-30,,P2,10\n"
        # An ordinary job: no finding.
        "E6,D-001,Sumak,fuldtid,2015-01-06,,P1,37\n"
        '"=cmd","D-004","Haven, Nord",fleksjob,2015-04-01,,"P,4",10\n'
        # After no pathway: Zeta's first, by register order, then Alfa's.
        "O1,D-010,Zeta,fleksjob,2015-05-01,,,10\n"
        "O2,D-011,Alfa,fleksjob,2015-02-01,,,10\n"
        '"O,3",D-012,"=Alfa",fleksjob,2016-01-02,,,10\n'
        "O4,D-013,Zeta,fleksjob,2014-06-01,2016-01-01,,10\n"
        "O5,D-014,Alfa,fleksjob,2016-02-01,,,10\n", encoding="utf-8")
    (folder / "employment_events.csv").write_text(
        "employment_id,date,type\n"
        "O2,2017-07-15,review\n", encoding="utf-8")


_EMPLOYMENT_SLA_OPTIONS = (
    (), ("--all",), ("--status", "pending"), ("--status", "met", "--status", "not_due"),
    ("--due-within", "0"), ("--agreement", "SA,2", "--agreement", "SA1", "--all"),
    ("--agreement", "SA3"),
)


@pytest.mark.parametrize("as_of", [dt.date(2018, 6, 30), dt.date(2016, 6, 30)])
def test_the_work_list_with_employments_is_alike(tmp_path: Path, as_of: dt.date) -> None:
    folder = tmp_path / "register"
    _employment_register(folder)
    assert _run("check", str(folder))[0] == 0
    day = ["--as-of", as_of.isoformat()]
    for fmt in ("text", "markdown", "json", "csv"):
        for options in _EMPLOYMENT_SLA_OPTIONS:
            _alike("sla", str(folder), *day, "--format", fmt, *options)
    _alike("sla", str(folder), *day, "--format", "csv", "--excel", "--all")


def test_the_work_list_with_employments_lists_them_in_the_reference_order(
        tmp_path: Path) -> None:
    # The comparison above is only as good as the cases it meets: these do.
    folder = tmp_path / "register"
    _employment_register(folder)
    status, out, err = _run("sla", str(folder), "--as-of", "2018-06-30", "--all",
                            "--format", "json", "--engine", "columnar")
    assert (status, err) == (0, "")
    listed = [(f["agreement_id"], f["pathway_id"], f["employment_id"], f["enterprise"])
              for f in json.loads(out)]
    sa1 = [row for row in listed if row[0] == "SA1"]
    # E3 (after P2) and P3 are due alike: by pathway; E4 and E5 alike: by employment.
    assert [r[2] for r in sa1 if r[2]] == ["E1", "E3", "E4", "E5"]
    assert ("SA,2", "P,4", "=cmd", "Haven, Nord") in listed
    orphans = [row[3] for row in listed if row[0] is None]
    assert orphans == ["Zeta", "Zeta", "Alfa", "Alfa", "=Alfa"]
    assert not any(row[2] == "E6" for row in listed)
