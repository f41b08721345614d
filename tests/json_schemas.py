"""
The JSON Schemas shipped in ``forloeb/schemas/``, ready to validate with.

Each schema has an ``$id`` (``urn:forloeb:schema:<command>``); the annual
report's refers to the others by it, so every validator knows them all.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SCHEMAS = Path(str(resources.files("forloeb") / "schemas"))


def schema_files() -> list[Path]:
    """
    Every shipped schema file, by name.
    """
    return sorted(SCHEMAS.glob("*.schema.json"))


def validator(command: str) -> Draft202012Validator:
    """
    The validator of what ``forloeb <command> --format json`` writes, dates checked too.
    """
    contents = {path.name.removesuffix(".schema.json"):
                json.loads(path.read_text(encoding="utf-8")) for path in schema_files()}
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in contents.values())
    Draft202012Validator.check_schema(contents[command])
    return Draft202012Validator(contents[command], registry=registry,
                                format_checker=FormatChecker())
