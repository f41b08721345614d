"""
The JSON Schemas shipped in ``forloeb/schemas/``: one per command that
writes ``--format json``, each checked against that command's real output.

Every ``<command>.schema.json`` present is picked up: its output is what
``forloeb <command> --format json`` writes on the bundled example, with each
set of options in :data:`OPTIONS` (none, unless listed). A command added with
a schema is checked without touching this file; listing options for it
checks more of its shape.
"""

from __future__ import annotations

import io
import json
import typing
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator, FormatChecker

import forloeb
import forloeb.typing
from forloeb.cli import main
from forloeb.testing import TYPICAL_AS_OF, registers

SCHEMAS = Path(str(resources.files("forloeb") / "schemas"))

#: The options each command's output is made with, beyond ``--format json``.
OPTIONS: dict[str, list[list[str]]] = {
    "evaluate": [
        [],
        ["--suppress-below", "5"],
        ["--agreement", "SA2", "--as-of", "2018-03-31", "--since", "2017-12-31"],
        ["--years", "2016..2018"],
        ["--years", "2017..2018", "--suppress-below", "3"],
        ["--known-at", "2018-07-01"],
    ],
    "sla": [
        [],
        ["--all"],
        ["--status", "missed", "--status", "exempt"],
        ["--due-within", "60", "--as-of", "2018-03-31", "--agreement", "SA1"],
    ],
}


def _schema_files() -> list[Path]:
    return sorted(SCHEMAS.glob("*.schema.json"))


def _validator(command: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _output(argv: list[str], tmp_path: Path) -> object:
    register = []
    if "--known-at" in argv:
        # --known-at needs a store: the bundled example, imported into one.
        store = tmp_path / "example.sqlite"
        forloeb.Store.import_into(store, forloeb.load_example(), actor="test")
        register = [str(store)]
    out, err = io.StringIO(), io.StringIO()
    status = main([argv[0], *register, *argv[1:], "--format", "json"], stdout=out, stderr=err)
    assert 0 == status, err.getvalue()
    return json.loads(out.getvalue())


def _runs() -> list[tuple[str, list[str]]]:
    return [(path.name.removesuffix(".schema.json"), options)
            for path in _schema_files()
            for options in OPTIONS.get(path.name.removesuffix(".schema.json"), [[]])]


def test_the_schemas_of_evaluate_and_sla_ship_with_the_package() -> None:
    assert {"evaluate.schema.json", "sla.schema.json"} <= {p.name for p in _schema_files()}


def test_every_schema_is_for_a_command_that_writes_json() -> None:
    for path in _schema_files():
        command = path.name.removesuffix(".schema.json")
        out, err = io.StringIO(), io.StringIO()
        assert 0 == main([command, "--help"], stdout=out, stderr=err)
        assert "json" in out.getvalue(), command


@pytest.mark.parametrize(("command", "options"), _runs())
def test_the_real_output_of_the_command_is_valid_under_its_schema(
        command: str, options: list[str], tmp_path: Path) -> None:
    document = _output([command, *options], tmp_path)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in _validator(command).iter_errors(document)]
    assert [] == errors
    assert document  # something was written to check


def test_the_schemas_refuse_what_the_commands_never_write(tmp_path: Path) -> None:
    evaluation: Any = _output(["evaluate"], tmp_path)
    q7 = evaluation["agreements"][0]["q7_overview"]
    validator = _validator("evaluate")
    for key, wrong in [("progression", -1), ("progression_share", 1.5), ("progresion", 10),
                       ("completed", "25")]:
        broken = json.loads(json.dumps(evaluation))
        broken["agreements"][0]["q7_overview"] = {**q7, key: wrong}
        assert not validator.is_valid(broken), key
    findings: Any = _output(["sla"], tmp_path)
    assert not _validator("sla").is_valid([{**findings[0], "status": "late-ish"}])


@settings(max_examples=15, deadline=None)
@given(registers(max_pathways=12))
def test_evaluations_and_findings_of_generated_registers_are_valid(
        register: forloeb.Register) -> None:
    evaluation = forloeb.evaluate(register, as_of=TYPICAL_AS_OF).to_dict()
    assert [] == [e.message for e in _validator("evaluate").iter_errors(evaluation)]
    findings = [f.to_dict() for f in forloeb.check_deadlines(register, as_of=TYPICAL_AS_OF)]
    assert [] == [e.message for e in _validator("sla").iter_errors(findings)]


def _typed_dicts() -> dict[str, type]:
    return {name: value for name, value in vars(forloeb.typing).items()
            if typing.is_typeddict(value)}


@pytest.mark.parametrize("path", _schema_files(), ids=lambda p: p.name)
def test_the_schema_definitions_name_the_keys_of_their_typed_dicts(path: Path) -> None:
    """
    A definition named after a TypedDict of ``forloeb.typing`` has exactly its keys.
    """
    definitions = json.loads(path.read_text(encoding="utf-8"))["$defs"]
    typed = _typed_dicts()
    named = [name for name in definitions if name.endswith("Dict")]
    assert named, f"{path.name}: name its object definitions after forloeb.typing's TypedDicts"
    for name in named:
        assert name in typed, f"{path.name}: {name} is no TypedDict of forloeb.typing"
        keys = typed[name].__required_keys__ | typed[name].__optional_keys__  # type: ignore[attr-defined]
        assert keys == set(definitions[name]["properties"]), name
        assert typed[name].__required_keys__ == set(definitions[name]["required"]), name  # type: ignore[attr-defined]
