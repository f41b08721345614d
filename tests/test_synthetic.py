"""
The synthetic register generator: deterministic, valid, and shaped like 2018.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb import dates
from forloeb.codes import CANCELLED, State
from forloeb.errors import InvalidArgument
from forloeb.loading import load
from forloeb.model import Register
from forloeb.rules import validate
from forloeb.schema import TABLES
from forloeb.sla import check_deadlines
from forloeb.synthetic import _SA1, _SA2, DATA_END, _Calendar, generate, main, write


@pytest.fixture(scope="module")
def register() -> Register:
    return generate(pathways=5000, seed=2)


def _kind(register: Register, agreement_id: str) -> str:
    return "SA1" if register.agreement(agreement_id).frame_weeks == 52 else "SA2"


def test_the_same_seed_writes_the_same_files_byte_for_byte(tmp_path: Path) -> None:
    write(tmp_path / "a", pathways=300, seed=5)
    write(tmp_path / "b", pathways=300, seed=5)
    for table in TABLES.values():
        expected = (tmp_path / "a" / table.file_name).read_bytes()
        assert expected == (tmp_path / "b" / table.file_name).read_bytes()


def test_another_seed_gives_another_register() -> None:
    assert generate(pathways=200, seed=1) != generate(pathways=200, seed=2)


@settings(max_examples=25, deadline=None)
@given(pathways=st.integers(min_value=0, max_value=400),
       seed=st.integers(min_value=0, max_value=2**32))
def test_every_generated_register_keeps_every_rule(pathways: int, seed: int) -> None:
    """
    Capacity, no participant overlap, events inside the pathway, extensions
    while active, dates in order, known codes: rules.validate finds nothing.
    """
    register = generate(pathways=pathways, seed=seed)
    assert pathways == len(register.pathways)
    assert [] == validate(register)


def test_the_large_fixture_register_keeps_every_rule(register: Register) -> None:
    assert [] == validate(register)


def test_a_pathway_has_ten_to_fifteen_events_on_average(register: Register) -> None:
    assert 10 <= len(register.events) / len(register.pathways) <= 15


def test_every_agreement_has_the_terms_of_one_of_the_2018_agreements(
    register: Register,
) -> None:
    terms = {
        (a.slots, a.extra_slots, a.plan_deadline_weeks, a.frame_weeks,
         a.followup_interval_weeks, a.attendance_interval_months)
        for a in register.agreements
    }
    assert {(8, 0, 4, 52, None, 2), (8, 2, 1, 13, 4, 2)} == terms


def test_an_agreement_holds_at_most_sixty_pathways_and_mostly_forty_or_more(
    register: Register,
) -> None:
    """
    An agreement still running when the data ends holds fewer; the rest go to another.
    """
    counts = [len(register.pathways_of(a.agreement_id)) for a in register.agreements]
    assert max(counts) <= 60
    assert sum(1 for n in counts if n >= 40) > 0.6 * len(counts)


@pytest.mark.parametrize("terms", [_SA1, _SA2], ids=["SA1", "SA2"])
def test_outcomes_keep_the_proportions_of_the_2018_overview(
    register: Register, terms: object
) -> None:
    ended = [p.outcome for p in register.pathways
             if p.outcome not in (None, CANCELLED) and _kind(register, p.agreement_id)
             == terms.kind]  # type: ignore[attr-defined]
    counts = collections.Counter(ended)
    published = collections.Counter(terms.outcomes)  # type: ignore[attr-defined]
    for code, n in published.items():
        expected = n / len(terms.outcomes)  # type: ignore[attr-defined]
        assert expected == pytest.approx(counts[code] / len(ended), abs=0.04), code
    assert set(published) == set(counts)


def test_plans_are_mostly_on_time_some_late_and_some_exempt_with_a_reason(
    register: Register,
) -> None:
    kinds: collections.Counter[str] = collections.Counter()
    for p in register.pathways:
        if p.start_date is None or p.end_date is None:
            continue
        due = dates.add_weeks(p.start_date, register.agreement(p.agreement_id)
                              .plan_deadline_weeks)
        if p.plan_date is not None:
            kinds["on time" if p.plan_date <= due else "late"] += 1
        else:
            kinds["exempt" if p.no_plan_reason else "none"] += 1
    total = sum(kinds.values())
    assert 0.6 < kinds["on time"] / total < 0.85
    assert 0.05 < kinds["late"] / total < 0.2
    assert 0.05 < kinds["exempt"] / total < 0.2
    assert 0 < kinds["none"]


def test_sheets_fall_every_two_months_with_some_late_and_some_missing(
    register: Register,
) -> None:
    findings = check_deadlines(register, as_of=dt.date(2024, 6, 30))
    statuses = collections.Counter(f.status.value for f in findings
                                   if f.rule.value == "attendance_report")
    assert statuses["met"] > 0.7 * sum(statuses.values())
    assert statuses["late"] > 0
    assert statuses["overdue"] > 0


def test_pathways_are_extended_often_and_only_while_active(register: Register) -> None:
    extended = {e.pathway_id for e in register.events if e.type == "extension"}
    assert 0.2 < len(extended) / len(register.pathways) < 0.6


def test_starts_spread_over_the_whole_decade(register: Register) -> None:
    years = collections.Counter(p.start_date.year for p in register.pathways if p.start_date)
    decade = range(2014, 2025)
    assert all(years[y] > 0 for y in decade)
    assert max(years[y] for y in decade) < 0.2 * sum(years.values())


def test_nothing_is_dated_after_the_data_ends(register: Register) -> None:
    latest = max(
        [e.date for e in register.events]
        + [d for p in register.pathways
           for d in (p.referred_date, p.start_date, p.end_date, p.plan_date) if d]
        + [n.date for n in register.collaboration]
    )
    assert latest <= DATA_END


def test_at_the_data_end_some_pathways_run_some_wait_and_some_were_cancelled(
    register: Register,
) -> None:
    states = collections.Counter(p.state(as_of=DATA_END) for p in register.pathways)
    assert states[State.ACTIVE] > 0
    assert states[State.REFERRED] > 0
    assert any(p.is_cancelled for p in register.pathways)


def test_some_participants_return_in_a_new_pathway(register: Register) -> None:
    per_person = collections.Counter((p.agreement_id, p.participant_id)
                                     for p in register.pathways)
    assert max(per_person.values()) >= 2


def test_some_sa2_like_agreements_buy_their_extra_slots(register: Register) -> None:
    def peak(agreement_id: str) -> int:
        points = sorted(
            (day, step) for p in register.pathways_of(agreement_id) if p.start_date
            for day, step in ((p.start_date, 1), (p.end_date or dt.date.max, -1))
        )
        active = best = 0
        for _, step in points:
            active += step
            best = max(best, active)
        return best

    peaks = [peak(a.agreement_id) for a in register.agreements if a.extra_slots]
    assert any(p > 8 for p in peaks)


def test_every_agreement_has_collaboration_notes_with_ratings(register: Register) -> None:
    assert all(register.notes_of(a.agreement_id) for a in register.agreements)
    assert {n.rating for n in register.collaboration} <= {2, 3, 4, 5}


def test_no_participant_id_looks_like_a_cpr_number(register: Register) -> None:
    from forloeb.rules import looks_like_cpr

    assert not any(looks_like_cpr(p.participant_id) for p in register.pathways)


def test_the_csv_header_follows_the_schema(tmp_path: Path) -> None:
    write(tmp_path, pathways=10, seed=1)
    for table in TABLES.values():
        header = (tmp_path / table.file_name).read_text(encoding="utf-8").splitlines()[0]
        assert ",".join(table.column_names) == header


def test_the_written_csv_folder_loads_as_the_generated_register(tmp_path: Path) -> None:
    write(tmp_path, pathways=400, seed=3)
    assert generate(pathways=400, seed=3) == load(tmp_path)


def test_the_written_json_file_loads_as_the_generated_register(tmp_path: Path) -> None:
    written = write(tmp_path / "register.json", pathways=300, seed=4, format="json")
    assert tmp_path / "register.json" == written.path
    assert sorted(json.loads(written.path.read_text(encoding="utf-8"))) == sorted(TABLES)
    assert generate(pathways=300, seed=4) == load(written.path)


def test_json_into_a_folder_writes_register_json(tmp_path: Path) -> None:
    written = write(tmp_path / "out", pathways=20, seed=1, format="json")
    assert tmp_path / "out" / "register.json" == written.path
    assert [] == sorted(p.name for p in (tmp_path / "out").iterdir()
                        if p.name != "register.json")


def test_forloeb_check_accepts_the_written_register(tmp_path: Path) -> None:
    import io

    from forloeb import cli

    write(tmp_path, pathways=500, seed=6)
    out = io.StringIO()
    status = cli.main(["check", str(tmp_path), "--as-of", "2024-06-30"], stdout=out,
                      stderr=io.StringIO())
    assert 0 == status, out.getvalue()


def test_the_command_line_writes_the_register_and_says_what(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert 0 == main(["--pathways", "120", "--seed", "9", str(tmp_path / "out")])
    written = capsys.readouterr().out
    assert written.startswith(f"{tmp_path / 'out'}: ")
    assert "120 pathways" in written
    assert (tmp_path / "out" / "events.csv").exists()


def test_zero_pathways_give_an_empty_register() -> None:
    assert Register([]) == generate(pathways=0, seed=1)


@pytest.mark.parametrize("call", [
    lambda tmp: generate(pathways=-1),
    lambda tmp: write(tmp, pathways=-1),
    lambda tmp: write(tmp, pathways=1, format="xlsx"),
])
def test_a_bad_argument_is_refused_with_the_value(call: object, tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match=r"-1|'xlsx'"):
        call(tmp_path)  # type: ignore[operator]


@given(day=st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 12, 31)),
       months=st.integers(min_value=0, max_value=12))
def test_the_generators_month_arithmetic_is_forloebs(day: dt.date, months: int) -> None:
    """
    The table-driven month arithmetic anchors on the day as forloeb.dates does.
    """
    calendar = _CALENDAR
    expected = dates.add_months(day, months)
    assert expected.toordinal() == calendar.add_months(day.toordinal(), months)


_CALENDAR = _Calendar(dt.date(2004, 1, 1), dt.date(2028, 12, 31))


def test_share_of_sa1_like_pathways_is_close_to_2018(register: Register) -> None:
    """
    2018: 29 of the 74 pathways were under SA1 (39 %).
    """
    sa1 = sum(1 for p in register.pathways if _kind(register, p.agreement_id) == "SA1")
    assert float(Fraction(29, 74)) == pytest.approx(sa1 / len(register.pathways), abs=0.08)


def test_python_dash_m_forloeb_synthetic_writes_a_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "forloeb.synthetic", "--pathways", "5", "--seed", "1",
         str(tmp_path)],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "5 pathways" in done.stdout
