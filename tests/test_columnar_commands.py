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
