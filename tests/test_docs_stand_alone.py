"""
The documentation stands alone: it links only to files in the repository,
and every ``forloeb`` command line it shows exists: it parses with the real
argument parser (nothing is run).

Command lines are taken from README.md, docs/*.md and examples/**/*.md:

- in ``console`` blocks, the lines that start with ``$``;
- in ``sh`` blocks and blocks without a language, every line (a line that
  starts with spaces and ``[`` or ``-`` continues the one before);
- in inline code that starts with ``forloeb``.

A shell line is cut at ``|``, ``&&``, ``;`` and redirections, and each piece
that starts with ``forloeb`` is checked. A concrete line must parse, and the
format its ``-o FILE`` implies must agree with ``--format``. A synopsis (one
with ``[optional]`` parts, ``a|b`` alternatives or upper-case placeholders
such as ``REGISTER`` or ``DATE``) is checked for what it names: the
sub-command, each option, and each alternative among the option's choices.
Inline code of just ``forloeb COMMAND`` names a command, which must exist.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from forloeb.cli import _output, _UsageError, build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"),
                    *(ROOT / "examples").glob("**/*.md")])

_FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`(forloeb(?: [^`]+)?)`")
_SHELL_LIKE = {"", "sh", "bash", "shell", "console"}
#: An alternative bar inside a word (text|json), not a shell pipe.
_ALTERNATIVE = re.compile(r"(?<=[^\s|])\|(?=[^\s|])")
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*(?:\.\.[A-Z]+)?(?:[.\-][\w.\-]*)?$")
_SHELL_OPERATORS = {"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "(", ")"}


def _fenced_lines(language: str, body: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for offset, line in enumerate(body.splitlines()):
        if language == "console":
            if line.startswith("$ "):
                lines.append((offset, line[2:]))
            continue
        text = line.removeprefix("$ ")
        if lines and (lines[-1][1].endswith("\\") or re.match(r"^\s+[\[-]", text)):
            lines[-1] = (lines[-1][0], lines[-1][1].removesuffix("\\") + " " + text.strip())
        elif text.strip() and not text.lstrip().startswith("#"):
            lines.append((offset, text))
    return lines


def _commands(line: str) -> list[list[str]]:
    """
    The ``forloeb`` commands in one shell line, each as its words.
    """
    guarded = _ALTERNATIVE.sub("\0", line)
    lexer = shlex.shlex(guarded, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    found: list[list[str]] = []
    current: list[str] = []
    for token in [*lexer, ";"]:
        if token in _SHELL_OPERATORS or set(token) <= set("|&;<>()"):
            if current and current[0] == "forloeb":
                found.append(current)
            current = []
        else:
            current.append(token.replace("\0", "|"))
    return found


def _command_lines() -> list[tuple[str, list[str], bool]]:
    """
    (document:line, words, inline) for every forloeb command line in the docs.
    """
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        name = document.relative_to(ROOT)
        fenced = []
        for block in _FENCE.finditer(text):
            fenced.append(block.span())
            language = block.group(1)
            if language not in _SHELL_LIKE:
                continue
            first = text.count("\n", 0, block.start()) + 2
            for offset, line in _fenced_lines(language, block.group(2)):
                for words in _commands(line):
                    found.append((f"{name}:{first + offset}", words, False))
        for span in _INLINE.finditer(text):
            if any(start <= span.start() < end for start, end in fenced):
                continue
            where = f"{name}:{text.count(chr(10), 0, span.start()) + 1}"
            for words in _commands(span.group(1)):
                found.append((where, words, True))
    return found


COMMAND_LINES = _command_lines()


def _is_synopsis(words: list[str]) -> bool:
    return any("[" in w or "]" in w or w == "..." or "|" in w or _PLACEHOLDER.match(w)
               for w in words)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _check_synopsis(parser: argparse.ArgumentParser, words: list[str], where: str) -> None:
    commands = _subparsers(parser)
    words = [w.removesuffix("...").strip("[]") for w in words[1:]]
    words = [w for w in words if w]
    assert words[0] in commands, f"{where}: no command {words[0]!r} ({' '.join(words)})"
    sub = commands[words[0]]
    options = {**parser._option_string_actions, **sub._option_string_actions}
    for i, word in enumerate(words[1:], start=1):
        if not word.startswith("-"):
            continue
        assert word in options, f"{where}: forloeb {words[0]} has no option {word}"
        action = options[word]
        following = words[i + 1] if i + 1 < len(words) else ""
        if action.choices is not None and "|" in following:
            unknown = set(following.split("|")) - set(action.choices)
            assert not unknown, f"{where}: {word} has no choice {', '.join(sorted(unknown))}"


def _check_concrete(parser: argparse.ArgumentParser, words: list[str], where: str) -> None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # --help
            args = parser.parse_args(words[1:])
    except SystemExit:
        return
    except _UsageError as e:
        raise AssertionError(f"{where}: `{shlex.join(words)}` does not parse: {e}") from None
    if hasattr(args, "output_formats"):
        path = None if args.output in (None, "-") else Path(args.output)
        try:
            _output.format_for(path, given=args.format, formats=args.output_formats,
                               default=args.default_format)
        except _UsageError as e:
            raise AssertionError(f"{where}: `{shlex.join(words)}`: {e}") from None


def test_the_docs_show_command_lines() -> None:
    """
    The extraction finds them: a broken pattern would silently test nothing.
    """
    assert len(COMMAND_LINES) > 50
    assert {"check", "sla", "evaluate", "compare", "reconcile", "import", "export",
            "history"} <= {words[1] for _, words, _ in COMMAND_LINES if len(words) > 1}


@pytest.mark.parametrize(("where", "words", "inline"), COMMAND_LINES,
                         ids=[f"{w}:{' '.join(c)}" for w, c, _ in COMMAND_LINES])
def test_every_command_line_in_the_docs_exists(where: str, words: list[str],
                                               inline: bool) -> None:
    parser = build_parser()
    if inline and len(words) == 2 and not words[1].startswith("-"):
        assert words[1] in _subparsers(parser), f"{where}: no command {words[1]!r}"
    elif _is_synopsis(words):
        _check_synopsis(parser, words, where)
    else:
        _check_concrete(parser, words, where)


@pytest.mark.parametrize(("line", "expected"), [
    ("pip install . && forloeb evaluate", [["forloeb", "evaluate"]]),
    ("forloeb evaluate --format json | head -1", [["forloeb", "evaluate", "--format", "json"]]),
    ("forloeb sla [--format text|json] > frister.txt",
     [["forloeb", "sla", "[--format", "text|json]"]]),
    ('forloeb import x 2018.sqlite --actor "Anna Jensen"',
     [["forloeb", "import", "x", "2018.sqlite", "--actor", "Anna Jensen"]]),
    ("ruff check forloeb tests && mypy", []),
])
def test_command_lines_are_cut_from_shell_lines(line: str, expected: list[list[str]]) -> None:
    assert expected == _commands(line)


@pytest.mark.parametrize("words", [
    ["forloeb", "store", "--help"],
    ["forloeb", "evaluate", "--formt", "json"],
    ["forloeb", "evaluate", "--format", "json", "-o", "x.csv"],
    ["forloeb", "sla", "--as-of", "2018-13-01"],
])
def test_a_command_line_that_does_not_exist_is_caught(words: list[str]) -> None:
    with pytest.raises(AssertionError):
        _check_concrete(build_parser(), words, "here")


@pytest.mark.parametrize("words", [
    ["forloeb", "sla", "[--statuses", "STATUS]..."],
    ["forloeb", "sla", "[--format", "text|html]"],
    ["forloeb", "store", "[REGISTER]"],
])
def test_a_synopsis_that_names_what_does_not_exist_is_caught(words: list[str]) -> None:
    with pytest.raises(AssertionError):
        _check_synopsis(build_parser(), words, "here")


_LINK = re.compile(r"\]\(([^)\s]+)\)")
#: Code, inline or fenced, shows text as it is: a ``[text](address)`` there is no link.
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


@pytest.mark.parametrize("document", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_the_docs_link_only_to_files_in_the_repository(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    assert "domain.md" not in text, f"{document.name} cites a file outside the repository"
    for link in _LINK.findall(_CODE.sub("", text)):
        if re.match(r"^[a-z]+:", link) or link.startswith("#"):
            continue  # a web address, or a heading on the same page
        target = (document.parent / link.split("#")[0]).resolve()
        where = f"{document.relative_to(ROOT)} links to {link}"
        assert target.is_relative_to(ROOT), f"{where}, outside the repository"
        assert target.exists(), f"{where}, which does not exist"
