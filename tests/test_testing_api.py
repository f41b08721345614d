"""
The public face of ``forloeb.testing``: its names, what its strategies promise
to tools that reuse them, and the example in ``examples/property-testing/``
(whose tests are collected here, so the repository's pytest runs them).
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import importlib.util
import subprocess
import sys
import types
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import forloeb.testing
from forloeb.codes import State
from forloeb.errors import InvalidArgument
from forloeb.model import Agreement, Register
from forloeb.rules import looks_like_cpr, validate
from forloeb.testing import (
    FIRST_DAY,
    LAST_DAY,
    TYPICAL_AS_OF,
    Cancel,
    End,
    Extend,
    RecordEvent,
    Refer,
    Start,
    agreements,
    collaboration_notes,
    events,
    identifiers,
    labels,
    notes,
    pathways,
    registers,
)
from forloeb.testing.broken import broken_registers

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "property-testing"


# -- names --------------------------------------------------------------------------


_MODULES = ["forloeb.testing", "forloeb.testing.strategies", "forloeb.testing.stateful",
            "forloeb.testing.changes", "forloeb.testing.broken"]


def _isort_style(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def _public_names(module: types.ModuleType) -> set[str]:
    """
    The public names a module defines at top level (for the package: imports
    from its own submodules).
    """
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(module.__name__):
            names.update(alias.asname or alias.name for alias in node.names)
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("module_name", _MODULES)
def test_all_is_sorted_and_lists_exactly_the_public_names(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert sorted(module.__all__, key=_isort_style) == module.__all__
    assert _public_names(module) == set(module.__all__)


def test_the_package_exports_the_names_of_strategies_stateful_and_changes() -> None:
    from forloeb.testing import changes, stateful, strategies

    expected = {*strategies.__all__, *stateful.__all__, *changes.__all__}
    assert expected == set(forloeb.testing.__all__)


# -- what the strategies promise ------------------------------------------------------


def _spreadsheet_safe(text: str) -> bool:
    return (text == text.strip()
            and not any(unicodedata.category(c).startswith("C") for c in text)
            and ";" not in text)


@given(labels())
def test_labels_survive_a_spreadsheet(text: str) -> None:
    assert _spreadsheet_safe(text)


@given(notes())
def test_notes_survive_a_spreadsheet(text: str) -> None:
    assert _spreadsheet_safe(text)


@given(identifiers("P"))
def test_ids_start_with_a_letter_and_never_look_like_cpr(value: str) -> None:
    assert value[0].isalpha()
    assert _spreadsheet_safe(value)
    assert not looks_like_cpr(value)


@pytest.mark.parametrize("strategy", [labels(), notes()], ids=["labels", "notes"])
@pytest.mark.parametrize("start", ["=", "@", "-", "'"])
def test_labels_and_notes_may_start_like_a_spreadsheet_formula(strategy, start) -> None:
    assert find(strategy, lambda text: text.startswith(start),
                settings=settings(database=None)).startswith(start)


def test_notes_may_hold_commas_quotes_and_danish_letters() -> None:
    for needle in (",", '"', "ø"):
        assert needle in find(notes(), lambda text, needle=needle: needle in text,
                              settings=settings(database=None))


@settings(max_examples=50)
@given(agreements())
def test_agreements_are_valid_and_dated_in_the_window(agreement: Agreement) -> None:
    assert [] == validate(Register([agreement]))
    assert FIRST_DAY <= agreement.start_date <= LAST_DAY


@settings(max_examples=50)
@given(st.data())
def test_pathways_events_and_notes_of_an_agreement_are_valid_together(
        data: st.DataObject) -> None:
    agreement = data.draw(agreements())
    pathway = data.draw(pathways(agreement))
    drawn_events = data.draw(st.lists(events(pathway, agreement), max_size=4))
    drawn_notes = data.draw(st.lists(collaboration_notes(agreement), max_size=2))
    register = Register([agreement], [pathway], drawn_events, drawn_notes)
    assert [] == validate(register)


def _seen_in_registers(describe: Callable[[Register], set[str]]) -> set[str]:
    """
    Everything ``describe`` finds in a fixed sample of generated registers.
    """
    seen: set[str] = set()

    # A sample, not a search: on a loaded machine outside the CI profile
    # (which already allows it), generating 30 registers can be slow enough
    # for Hypothesis's too_slow health check to fail the test.
    @settings(max_examples=30, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(registers())
    def look(register: Register) -> None:
        seen.update(describe(register))

    look()
    return seen


def test_registers_spread_pathways_over_every_state_as_of_the_typical_date() -> None:
    def states(register: Register) -> set[str]:
        found = {p.state(as_of=TYPICAL_AS_OF).value for p in register.pathways}
        return {"all three"} if found == {s.value for s in State} else set()

    assert {"all three"} == _seen_in_registers(states)


def test_registers_hold_returning_participants_and_full_agreements() -> None:
    def shapes(register: Register) -> set[str]:
        found = set()
        started = [(p.agreement_id, p.participant_id) for p in register.pathways
                   if p.start_date is not None]
        if len(started) > len(set(started)):
            found.add("returning participant")
        for a in register.agreements:
            pathways_of_a = register.pathways_of(a.agreement_id)
            if sum(p.is_active_on(TYPICAL_AS_OF) for p in pathways_of_a) == a.capacity:
                found.add("full agreement")
        if any(p.is_cancelled for p in register.pathways):
            found.add("cancelled")
        return found

    assert {"returning participant", "full agreement", "cancelled"} == _seen_in_registers(shapes)


def test_pathways_refuse_an_as_of_outside_the_agreement() -> None:
    agreement = Agreement("SA1", D(2018, 1, 1), slots=1, plan_deadline_weeks=1, frame_weeks=13)
    with pytest.raises(InvalidArgument) as refused:
        pathways(agreement, as_of=D(2017, 6, 30))
    assert str(refused.value) == (
        "as_of must be a datetime.date from the start of agreement 'SA1' (2018-01-01) to "
        "2020-12-31 or None, not the date datetime.date(2017, 6, 30)")


@pytest.mark.parametrize(
    "make",
    [
        lambda: registers(min_agreements=3, max_agreements=2),
        lambda: registers(as_of=D(2030, 6, 30)),
        lambda: broken_registers(["no_such_break"]),
    ],
)
def test_bad_strategy_arguments_are_refused(make: object) -> None:
    with pytest.raises(InvalidArgument):
        make()  # type: ignore[operator]


# -- the changes the state machine makes ------------------------------------------------


def test_each_change_applies_through_forloeb_recording() -> None:
    from forloeb.codes import EventType
    from forloeb.model import Event

    sa1 = Agreement("SA1", D(2018, 1, 1), slots=2, plan_deadline_weeks=4, frame_weeks=52)
    register = Register([sa1])
    for change in (
        Refer("P1", "SA1", "D-1", D(2018, 1, 2)),
        Start("P1", D(2018, 1, 8)),
        RecordEvent(Event("P1", D(2018, 2, 1), EventType.FOLLOWUP, code="held")),
        Extend("P1", D(2018, 3, 1), 4),
        End("P1", D(2018, 6, 1), "fleksjob"),
        Refer("P2", "SA1", "D-2", D(2018, 1, 3)),
        Cancel("P2", D(2018, 1, 20)),
    ):
        register = change.apply_to(register)
    assert ["fleksjob", "annulleret"] == [p.outcome for p in register.pathways]
    assert 2 == len(register.events)
    assert "annulleret" == Cancel("P2", D(2018, 1, 20)).outcome


# -- the example another municipal tool copies -------------------------------------------


def _load_example(name: str) -> types.ModuleType:
    # The example imports its case system as a top-level module, as it would
    # in the tool that copies it; load both under their own names.
    spec = importlib.util.spec_from_file_location(name, EXAMPLE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_load_example("casesystem")
_example = _load_example("test_casesystem")

TestExampleCaseSystemLifecycle = _example.TestCaseSystemLifecycle
test_example_case_status_matches_the_pathway_state = (
    _example.test_case_status_matches_the_pathway_state)
test_example_exported_cases_pass_forloebs_rules = _example.test_exported_cases_pass_forloebs_rules


# -- without Hypothesis ------------------------------------------------------------------


_WITHOUT_HYPOTHESIS = """
import importlib.abc, sys

class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
import forloeb
print(forloeb.evaluate(forloeb.load_example(), as_of=forloeb.EXAMPLE_AS_OF)
      .agreement("SA1").q7_overview.progression)
import forloeb.testing.strategies
"""


def test_forloeb_testing_without_hypothesis_says_what_to_install() -> None:
    """
    The rest of forloeb works without Hypothesis; ``forloeb.testing`` says how to get it.
    """
    run = subprocess.run([sys.executable, "-c", _WITHOUT_HYPOTHESIS], capture_output=True,
                         text=True, check=False)
    assert "10" == run.stdout.strip()
    assert 1 == run.returncode
    assert run.stderr.rstrip().endswith(
        "ModuleNotFoundError: forloeb.testing needs Hypothesis, which is not installed: "
        "pip install 'forloeb[test]' (or pip install hypothesis)")
