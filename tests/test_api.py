"""
The public facade: what other municipal tools import.
"""

from __future__ import annotations

import datetime as dt
import inspect

import forloeb


def test_all_is_sorted_and_names_exactly_the_public_names() -> None:
    public = {
        name for name, value in vars(forloeb).items()
        if not name.startswith("_") and not inspect.ismodule(value)
        and name not in {"annotations"}
    }
    assert sorted(forloeb.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)) \
        == forloeb.__all__
    assert public == set(forloeb.__all__)


def test_another_tool_reads_a_pathway_state_and_its_next_deadline() -> None:
    register = forloeb.load_example()
    as_of = dt.date(2018, 6, 30)
    active = [
        p for p in register.pathways_of("SA1") if p.state(as_of=as_of) is forloeb.State.ACTIVE
    ]
    assert 4 == len(active)
    for pathway in active:
        upcoming = forloeb.next_due(register, pathway.pathway_id, as_of=as_of)
        assert upcoming is not None
        assert pathway.pathway_id == upcoming.pathway_id
        assert (upcoming.status is forloeb.Status.PENDING) == (as_of <= upcoming.due)


def test_the_facade_functions_take_their_dates_as_keywords_only() -> None:
    for function in (forloeb.evaluate, forloeb.check_deadlines, forloeb.next_due):
        parameters = inspect.signature(function).parameters
        assert parameters["as_of"].kind is inspect.Parameter.KEYWORD_ONLY
