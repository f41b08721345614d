"""
The public facade: what other municipal tools import.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

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


# -- docs/api.md lists the public API -------------------------------------------------

_API_DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"

#: The modules whose names are the public API, each a section of docs/api.md.
_PUBLIC_MODULES = ["forloeb", "forloeb.evaluation", "forloeb.sla", "forloeb.store",
                   "forloeb.testing", "forloeb.typing"]


def _documented() -> dict[str, list[str]]:
    """
    The names each section of docs/api.md lists, as written (``name`` or ``name(...)``).
    """
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _API_DOC.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"## `([\w.]+)\.__all__`", line)
        if heading:
            current = sections.setdefault(heading[1], [])
        elif line.startswith("## "):
            current = None
        elif current is not None and line.startswith("- `"):
            listed, _, _ = line[2:].partition(" — ")
            current.extend(re.findall(r"`([^`]+)`", listed))
    return sections


def _shape(parameters: str) -> list[str]:
    # "a, b=1, *, c" -> ["a", "b=", "*", "c"]: names, kinds and which have defaults.
    tree = ast.parse(f"def documented({parameters}): pass").body[0]
    assert isinstance(tree, ast.FunctionDef)
    arguments = tree.args
    shape = [a.arg for a in arguments.args]
    for i in range(len(arguments.defaults)):
        shape[len(shape) - 1 - i] += "="
    if arguments.kwonlyargs:
        shape.append("*")
    shape.extend(a.arg + ("=" if d is not None else "")
                 for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
    return shape


def _real_shape(function: object) -> list[str]:
    shape: list[str] = []
    for p in inspect.signature(function).parameters.values():  # type: ignore[arg-type]
        if p.kind is p.KEYWORD_ONLY and "*" not in shape:
            shape.append("*")
        shape.append(p.name + ("=" if p.default is not p.empty else ""))
    return shape


def test_the_api_page_lists_every_public_module() -> None:
    assert _PUBLIC_MODULES == list(_documented())


@pytest.mark.parametrize("module_name", _PUBLIC_MODULES)
def test_the_api_page_lists_exactly_the_names_of_each_module(module_name: str) -> None:
    module = importlib.import_module(module_name)
    listed = [entry.partition("(")[0] for entry in _documented()[module_name]]
    assert sorted(module.__all__) == sorted(listed)


@pytest.mark.parametrize("module_name", _PUBLIC_MODULES)
def test_the_api_page_shows_each_function_with_its_parameters(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for entry in _documented()[module_name]:
        name, paren, parameters = entry.partition("(")
        value = getattr(module, name)
        if inspect.isfunction(value):
            assert paren, f"{module_name}.{name} is a function: show its parameters"
            assert _real_shape(value) == _shape(parameters.removesuffix(")")), name
        else:
            assert not paren, f"{module_name}.{name} is no function"


# -- precise signatures ------------------------------------------------------------------

#: Parameters typed ``Any`` on purpose, and why.
_ANY_ON_PURPOSE = {
    # A published summary is JSON of any shape (read from a file); reconcile checks it.
    ("forloeb.evaluation._reconcile.reconcile", "published"),
    ("forloeb.evaluation._reconcile.reconcile", "computed"),
    ("forloeb.evaluation._annual.annual_report", "published"),
    ("forloeb.evaluation._annual.reconcile_register", "published"),
}


def _public_callables() -> dict[str, object]:
    found: dict[str, object] = {}
    for module_name in _PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                found[f"{value.__module__}.{value.__qualname__}"] = value
            elif inspect.isclass(value) and not issubclass(value, BaseException):
                for attribute, member in vars(value).items():
                    function = getattr(member, "__func__", getattr(member, "fget", member))
                    if inspect.isfunction(function) and (
                            not attribute.startswith("_") or attribute == "__init__"):
                        found[f"{value.__module__}.{value.__qualname__}.{attribute}"] = function
    return found


def test_every_public_function_and_method_is_annotated_without_any() -> None:
    loose = []
    for qualified, function in _public_callables().items():
        signature = inspect.signature(function)  # type: ignore[arg-type]
        annotations = [(p.name, p.annotation) for p in signature.parameters.values()
                       if p.name not in ("self", "cls")]
        annotations.append(("return", signature.return_annotation))
        for name, annotation in annotations:
            text = annotation if isinstance(annotation, str) else repr(annotation)
            vague = (annotation is inspect.Parameter.empty
                     or re.search(r"\bAny\b|^object$", text) is not None)
            if vague and (qualified, name) not in _ANY_ON_PURPOSE:
                loose.append(f"{qualified}: {name}: {text}")
    assert [] == loose
    assert len(_public_callables()) > 80
