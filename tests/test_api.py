"""
The public facade: what other municipal tools import.
"""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys

import pytest

import forloeb
import forloeb.loading


def test_all_is_sorted_and_names_exactly_the_public_names() -> None:
    public = {
        name for name in dir(forloeb)
        if not name.startswith("_") and not inspect.ismodule(getattr(forloeb, name))
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


def test_load_at_the_top_level_is_the_loader_itself_with_its_signature() -> None:
    assert forloeb.loading.load is forloeb.load
    assert "(path: 'str | os.PathLike[str]', *, as_of: 'dt.date | None' = None, " \
        "known_at: 'dt.datetime | dt.date | None' = None) -> 'Register'" \
        == str(inspect.signature(forloeb.load))


def test_importing_forloeb_does_not_import_the_loaders() -> None:
    """
    ``forloeb.load`` is imported when first used, so ``import forloeb`` stays quick.
    """
    code = ("import sys, forloeb; print('forloeb.loading' in sys.modules); "
            "forloeb.load; print('forloeb.loading' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert ["False", "True"] == run.stdout.split()


def test_a_misspelt_name_of_the_package_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'forloeb' has no attribute 'evalute'$"):
        forloeb.evalute  # type: ignore[attr-defined]  # noqa: B018
