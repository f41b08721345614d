"""
Where a command writes, in one mechanism for every command that writes.

- ``-o FILE`` (``-o -`` is standard output) picks the format from FILE's
  suffix unless ``--format`` says it; a suffix that contradicts ``--format``
  is a usage error.
- An existing file is replaced only with ``--force``.
- A file is written whole or not at all: into a temporary file beside it,
  renamed over FILE when complete. An interrupted or failed write leaves FILE
  as it was and no temporary file behind.
- A device or pipe (``/dev/null``, ``/dev/full``, a named pipe) is written in
  place: there is nothing to replace.
- What the system refuses (a full disk, a read-only folder, a folder where a
  file should be) is one sentence naming the target, exit status 1.

Everything is checked before the work starts, so a long evaluation is not
run only to find that its report cannot be written.
"""

from __future__ import annotations

import argparse
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

from forloeb.cli import _progress_bar, usage_error
from forloeb.errors import ForloebError
from forloeb.rendering import BINARY_FORMATS

#: The format a file's suffix means.
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
}

#: ``-o -``: standard output.
STDOUT = "-"

#: Written in slices: a text file encodes what it is given in one piece, and a
#: report of twenty thousand agreements is tens of megabytes.
_SLICE = 1 << 20


class OutputError(ForloebError, OSError):
    """
    The output cannot be written where it was asked for (exit status 1).
    """


def add_output_arguments(parser: argparse.ArgumentParser, formats: Sequence[str], *,
                         default: str = "text") -> None:
    """
    ``--format``, ``-o FILE`` and ``--force``, settled by :func:`settle`
    before the command runs.
    """
    binary = [f for f in formats if f in BINARY_FORMATS]
    needs_file = f"; {', '.join(binary)} needs -o FILE" if binary else ""
    suffixes = ", ".join(s for s, f in SUFFIX_FORMATS.items() if f in formats and s != ".htm")
    parser.add_argument("--format", choices=formats,
                        help=f"output format (default: the one the suffix of -o FILE names, "
                        f"else {default}{needs_file})")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help=f"write to FILE instead of standard output (- is standard "
                        f"output); its suffix ({suffixes}) gives the format")
    parser.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (it is never half-written)")
    if "csv" in formats:
        parser.add_argument("--excel", action="store_true",
                            help="with csv: write it for Danish Excel (; between cells, UTF-8 "
                            "with BOM, CRLF, day-first dates, ja/nej, decimal comma, headings "
                            "in --lang)")
    parser.set_defaults(output_formats=tuple(formats), default_format=default, excel=False)


def settle(args: argparse.Namespace) -> None:
    """
    Fix ``args.format`` from ``--format`` and ``-o FILE``, and check that the
    output can be written, before the command does its work.

    Raises:
        _UsageError: for a format FILE's suffix contradicts, one the command
            does not write, or a binary format without a file.
        OutputError: for a target that exists (without ``--force``) or cannot
            be written.
    """
    path = _file_of(args)
    args.format = format_for(path, given=args.format, formats=args.output_formats,
                             default=args.default_format)
    if args.format in BINARY_FORMATS and path is None:
        raise usage_error(f"--format {args.format} writes a binary file; give one with -o FILE")
    if args.excel and args.format != "csv":
        raise usage_error(f"--excel writes CSV for Danish Excel; it does not go with "
                          f"--format {args.format}")
    if path is not None:
        check_target(path, force=args.force)


def format_for(path: Path | None, *, given: str | None, formats: Sequence[str],
               default: str) -> str:
    """
    The format to write: ``given`` if any, else the one ``path``'s suffix
    names, else ``default``.

    >>> format_for(Path("rapport.html"), given=None, formats=("text", "html"), default="text")
    'html'
    >>> format_for(Path("rapport"), given=None, formats=("text", "html"), default="text")
    'text'
    """
    suffix = "" if path is None else path.suffix.lower()
    implied = SUFFIX_FORMATS.get(suffix)
    if path is not None and suffix and implied is None and given is None:
        known = ", ".join(s for s, f in SUFFIX_FORMATS.items() if f in formats and s != ".htm")
        raise usage_error(f"cannot tell the format from {str(path)!r}; name the file "
                          f"{known}, or give --format")
    if implied is not None and implied not in formats:
        raise usage_error(f"{str(path)!r} asks for {implied}, which this command does not "
                          f"write; it writes {', '.join(formats)}")
    if given is not None and implied is not None and implied != given:
        raise usage_error(f"--format {given} contradicts {str(path)!r}, whose suffix means "
                          f"{implied}; leave out --format or name the file for {given}")
    return given or implied or default


def check_target(path: Path, *, force: bool, folder: bool = False,
                 replaceable: Collection[str] = ()) -> None:
    """
    Whether ``path`` can be written (a file, or with ``folder`` a folder of
    files named in ``replaceable``), without writing anything.

    Raises:
        OutputError: saying why not.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise _cannot(path, e) from None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        if folder:
            raise OutputError(f"cannot write {path}: it is a device or a pipe, and a "
                              "register in CSV is a folder of files")
        return  # a device or a pipe: written in place
    if mode is not None and stat.S_ISDIR(mode) != folder:
        what = "a folder" if stat.S_ISDIR(mode) else "a file"
        raise OutputError(f"cannot write {path}: it is {what}"
                          + (", and a register in CSV is a folder of files" if folder else ""))
    if mode is not None and folder:
        try:
            held = sorted(entry.name for entry in os.scandir(path))
        except OSError as e:
            raise _cannot(path, e) from None
        other = [name for name in held if name not in replaceable]
        if other:
            raise OutputError(
                f"cannot write {path}: the folder holds other files than a register's "
                f"({', '.join(other[:3])}{', ...' if len(other) > 3 else ''}); forloeb "
                "replaces only a folder that holds nothing but "
                f"{', '.join(sorted(replaceable))}")
        if held and not force:
            raise OutputError(f"{path} already holds a register; give --force to replace it")
    elif mode is not None and not force:
        raise OutputError(f"{path} already exists; give --force to replace it")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: there is no folder {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: the folder {parent} is not writable")


@contextmanager
def replacing(path: Path, *, force: bool, folder: bool = False,
              replaceable: Collection[str] = ()) -> Iterator[Path]:
    """
    A temporary path beside ``path`` to write into; when the block ends
    without an error, it becomes ``path`` in one rename. On any error (or
    Ctrl-C) it is removed and ``path`` is left as it was.

    A device or pipe is yielded itself, to be written in place.

    Raises:
        OutputError: if ``path`` cannot be written, or the system refuses.
    """
    _progress_bar.clear()
    check_target(path, force=force, folder=folder, replaceable=replaceable)
    if path.exists() and not (path.is_file() or path.is_dir()):
        with _translated(path):
            yield path
        return
    with _translated(path):
        temp = _reserve(path, folder=folder)
        try:
            yield temp
            _sync(temp)
            # Checked again: the target may have appeared while the work ran.
            check_target(path, force=force, folder=folder, replaceable=replaceable)
            _swap(temp, path, folder=folder)
        except BaseException:
            _remove(temp)
            raise


@contextmanager
def opened(args: argparse.Namespace, out: TextIO) -> Iterator[IO[Any]]:
    """
    The stream a report goes to: ``-o FILE`` (text or binary, as the format
    is), or standard output.
    """
    _progress_bar.clear()
    path = _file_of(args)
    if path is None:
        with _translated(None):
            yield out
        return
    binary = args.format in BINARY_FORMATS
    with replacing(path, force=args.force) as temp:
        if binary:
            with open(temp, "wb") as raw:
                yield raw
        else:
            with open(temp, "w", encoding="utf-8", newline="") as text:
                yield text


def write(rendered: str | bytes, args: argparse.Namespace, out: TextIO) -> None:
    """
    Write a rendered report where ``args`` says (see :func:`opened`).
    """
    with opened(args, out) as target:
        for start in range(0, len(rendered), _SLICE):
            target.write(rendered[start:start + _SLICE])


def _file_of(args: argparse.Namespace) -> Path | None:
    return None if args.output in (None, STDOUT) else Path(args.output)


@contextmanager
def _translated(path: Path | None) -> Iterator[None]:
    # What the system refuses becomes one sentence naming the target. A closed
    # pipe on standard output is not an error: the reader has what it wanted.
    try:
        yield
    except ForloebError:
        raise  # says what is wrong already (some are OSErrors too)
    except BrokenPipeError:
        if path is None:
            raise
        raise _cannot(path, OSError(errno.EPIPE, "")) from None
    except OSError as e:
        raise _cannot(path, e) from None


def _cannot(path: Path | None, error: OSError) -> OutputError:
    where = "standard output" if path is None else str(path)
    return OutputError(f"cannot write {where}: {reason(error)}")


#: Plain words for what the system says most often.
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "there is no such file or folder",
    errno.EPIPE: "the reader has gone",
}


def reason(error: OSError) -> str:
    """
    Why the system refused, in words: ``the disk is full``.
    """
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def _reserve(path: Path, *, folder: bool) -> Path:
    # A hidden name beside the target, made by us alone (O_EXCL): the rename
    # at the end is then atomic, within one file system.
    for _ in range(100):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            if folder:
                temp.mkdir()
            else:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp
    raise OutputError(f"cannot write {path}: no free temporary name beside it")


def _sync(temp: Path) -> None:
    # On disk before the rename, so a crash leaves the old file or the new one.
    for file in (sorted(temp.iterdir()) if temp.is_dir() else [temp]):
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _swap(temp: Path, path: Path, *, folder: bool) -> None:
    if path.exists():
        shutil.copymode(path, temp)
    if not (folder and path.is_dir() and any(path.iterdir())):
        os.replace(temp, path)
        return
    # A folder is renamed over only an empty one: move the old one aside first.
    aside = _reserve(path, folder=True)
    os.rmdir(aside)
    os.rename(path, aside)
    try:
        os.rename(temp, path)
    except BaseException:
        os.rename(aside, path)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _remove(temp: Path) -> None:
    try:
        if temp.is_dir():
            shutil.rmtree(temp)
        else:
            temp.unlink()
    except FileNotFoundError:
        pass


__all__ = [
    "STDOUT",
    "SUFFIX_FORMATS",
    "OutputError",
    "add_output_arguments",
    "check_target",
    "format_for",
    "opened",
    "reason",
    "replacing",
    "settle",
    "write",
]
