"""
The command-line examples in README.md and docs/*.md are run and compared.

Every fenced block marked ``console`` holds commands on lines starting with
``$ forloeb`` followed by their exact output. Each command runs in-process from
the repository root; its stdout and stderr together must equal the lines that
follow it (trailing spaces ignored; a line that is exactly ``...`` matches any
number of lines). Files written with ``-o`` land in a scratch folder. Other
shell commands belong in ``sh`` blocks, which are not run. The ``>>>``
examples in the same files run as doctests through ``--doctest-glob``.
"""

from __future__ import annotations

import io
import os
import re
import shlex
from pathlib import Path

import pytest

from forloeb.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _examples() -> list[tuple[str, str, list[str]]]:
    """
    (document:line, command, expected output lines) for every console example.
    """
    found = []
    for document in DOCUMENTS:
        if not document.exists():
            continue
        text = document.read_text(encoding="utf-8")
        for block in _BLOCK.finditer(text):
            first_line = text.count("\n", 0, block.start()) + 2
            command: str | None = None
            where = ""
            expected: list[str] = []
            for offset, line in enumerate(block.group(1).splitlines()):
                if line.startswith("$ "):
                    if command is not None:
                        found.append((where, command, expected))
                    where = f"{document.relative_to(ROOT)}:{first_line + offset}"
                    command, expected = line[2:], []
                elif command is not None:
                    expected.append(line)
            if command is not None:
                found.append((where, command, expected))
    return found


def _matches(expected: list[str], actual: list[str]) -> bool:
    pattern = "".join(
        r"(?:.*\n)*?" if line == "..." else re.escape(line.rstrip()) + r"\n" for line in expected
    )
    text = "".join(line.rstrip() + "\n" for line in actual)
    return re.fullmatch(pattern, text) is not None


EXAMPLES = _examples()


@pytest.mark.parametrize(("where", "command", "expected"), EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_command_line_example_prints_what_the_docs_show(
    where: str, command: str, expected: list[str], tmp_path: Path
) -> None:
    argv = shlex.split(command)
    assert argv[0] == "forloeb", f"{where}: only forloeb commands run here: {command}"
    # Run where files written with -o land in a scratch folder, beside the
    # repository's examples, tests and docs that commands read.
    for name in ("examples", "tests", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    buffer = io.StringIO()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        main(argv[1:], stdout=buffer, stderr=buffer)
    finally:
        os.chdir(cwd)
    actual = buffer.getvalue().splitlines()
    while expected and not expected[-1].strip():
        expected = expected[:-1]
    assert _matches(expected, actual), (
        f"{where}: `{command}` printed\n" + "\n".join(actual)
    )


def test_every_document_example_block_has_a_command() -> None:
    """
    A console block without a ``$ forloeb`` line would silently test nothing.
    """
    for document in DOCUMENTS:
        if document.exists():
            for block in _BLOCK.finditer(document.read_text(encoding="utf-8")):
                assert "$ forloeb" in block.group(1), f"{document.name}: {block.group(0)[:80]}"
