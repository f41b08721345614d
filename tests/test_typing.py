"""
The API as a type checker sees it: ``mypy --strict`` over a client written
from the documentation (``tests/typing/client.py``), which must pass, and over
the classic mistakes (``tests/typing/mistakes.py``), each of which must be
reported on its line with the error its ``# E:`` comment names.

mypy is in the ``test`` extra, so CI runs this; it is never skipped.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "tests" / "typing" / "client.py"
MISTAKES = ROOT / "tests" / "typing" / "mistakes.py"

#: ``path:line: error: message  [code]``, as mypy reports an error.
_ERROR = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): error: (?P<message>.*?)  \[(?P<code>[a-z-]+)\]$")
#: ``# E: code: text`` comments; a line may hold more than one.
_EXPECTED = re.compile(r"# E: (?P<code>[a-z-]+): (?P<text>.*?)\s*(?=# E:|$)")

Error = tuple[int, str, str]  # line, code, message (or the text a message must hold)


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Error]]:
    """
    The errors mypy reports in each of the two files, from one run over both.
    """
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--no-error-summary", "--show-error-codes", "--hide-error-context",
         "--cache-dir", str(tmp_path_factory.mktemp("mypy-cache")),
         str(CLIENT.relative_to(ROOT)), str(MISTAKES.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert "No module named mypy" not in run.stderr, "mypy is in the test extra: install it"
    found: dict[str, list[Error]] = {CLIENT.name: [], MISTAKES.name: []}
    for line in run.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            found[Path(match["path"]).name].append(
                (int(match["line"]), match["code"], match["message"]))
        else:
            assert ": note: " in line, f"mypy said something unexpected: {line}\n{run.stderr}"
    assert run.returncode == (1 if found[MISTAKES.name] else 0), run.stderr
    return found


def _expected_errors() -> list[Error]:
    expected = []
    for number, line in enumerate(MISTAKES.read_text(encoding="utf-8").splitlines(), 1):
        expected.extend((number, m["code"], m["text"]) for m in _EXPECTED.finditer(line))
    return expected


def test_a_client_written_from_the_docs_type_checks_strictly(
        reported: dict[str, list[Error]]) -> None:
    assert [] == reported[CLIENT.name]


def test_the_client_written_from_the_docs_also_runs() -> None:
    spec = importlib.util.spec_from_file_location("forloeb_typing_client", CLIENT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    main: Callable[[], None] = module.main
    main()


def test_each_classic_mistake_is_a_type_error_on_its_line(
        reported: dict[str, list[Error]]) -> None:
    expected = _expected_errors()
    actual = reported[MISTAKES.name]
    assert sorted((line, code) for line, code, _ in expected) \
        == sorted((line, code) for line, code, _ in actual)
    for line, code, text in expected:
        messages = [m for n, c, m in actual if (n, c) == (line, code)]
        assert any(text in m for m in messages), (line, text, messages)


def test_the_mistakes_file_names_a_mistake_in_every_function() -> None:
    source = MISTAKES.read_text(encoding="utf-8")
    functions = re.findall(r"^def (\w+)\(", source, flags=re.MULTILINE)
    assert len(functions) >= 6
    assert len(_expected_errors()) >= 20
