"""
Loading a register from a folder of CSV files, a JSON file, an Excel workbook
or a store (an SQLite file or a PostgreSQL URI), with every problem reported
at once.

>>> import forloeb
>>> register = forloeb.load(forloeb.EXAMPLE_REGISTER)
>>> [a.agreement_id for a in register.agreements]
['SA1', 'SA2']
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from forloeb import _arguments as check
from forloeb.errors import ForloebError, InvalidArgument, Problem
from forloeb.loading._assemble import assemble
from forloeb.loading._cells import Caches
from forloeb.model import Register
from forloeb.store._location import is_postgres_uri, names_a_store

_XLSX_SUFFIXES = (".xlsx", ".xlsm")


def load(path: str | os.PathLike[str], *, as_of: dt.date | None = None,
         known_at: dt.datetime | dt.date | None = None) -> Register:
    """
    The register at ``path``: a folder of CSV files, a ``.json``, ``.xlsx``
    or ``.sqlite`` file, or a store in PostgreSQL (a ``postgresql://`` URI).

    Args:
        path: where the register is.
        as_of: if given, the register as it stood on that day (only facts dated
            on or before it; see :meth:`Register.as_of`).
        known_at: for a store only: the register as the store held it at that
            time (a date means the end of that day), before later corrections.

    Raises:
        RegisterError: listing every problem in the register (file, row,
            column, message); nothing is returned from a register with problems.
        ForloebError: if there is nothing at ``path``, it is no kind of register,
            or the system refuses to read it (permissions).
        InvalidArgument: for a ``known_at`` with a source that is not a store,
            a date outside the dates a register may hold, or an argument of
            the wrong kind.
    """
    check.check_path("path", path)
    check.check_date("as_of", as_of, optional=True, bounded=True)
    check.check_moment("known_at", known_at, optional=True)
    if is_postgres_uri(path):
        return _load_store(str(path), as_of=as_of, known_at=known_at)
    path = Path(path)
    try:
        return _load(path, as_of=as_of, known_at=known_at)
    except ForloebError:
        raise  # some are OSErrors too (a store that cannot be opened), and say so already
    except OSError as e:
        # A folder or file the user may not read: say so, without a traceback.
        where = f" ({e.filename})" if e.filename and str(e.filename) != str(path) else ""
        raise ForloebError(f"cannot load {path}: {(e.strerror or str(e)).lower()}{where}"
                           ) from None


def _load(path: Path, *, as_of: dt.date | None,
          known_at: dt.datetime | dt.date | None) -> Register:
    if not path.exists():
        raise ForloebError(f"cannot load {path}: there is no such file or folder")
    if names_a_store(path) and path.is_file():
        return _load_store(path, as_of=as_of, known_at=known_at)
    if known_at is not None:
        raise InvalidArgument(f"known_at={known_at.isoformat()} needs a store (a .sqlite "
                              f"file or a postgresql:// URI); {path} keeps no history of "
                              "corrections")
    register = _load_files(path)
    return register if as_of is None else register.as_of(as_of)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Loading makes millions of objects and no reference cycles; the cyclic
    # collector would only walk them again and again as they pile up.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_files(path: Path) -> Register:
    with _collector_paused():
        return _read_and_check(path)


def _read_and_check(path: Path) -> Register:
    caches = Caches()
    problems: list[Problem] = []
    notes: list[str] = []
    suffix = path.suffix.lower()
    if path.is_dir():
        from forloeb.loading._csv import read_folder

        readers = read_folder(path, caches)
    elif suffix == ".json":
        from forloeb.loading._json import read_json

        readers, problems, notes = read_json(path, caches)
    elif suffix in _XLSX_SUFFIXES:
        from forloeb.loading._xlsx import read_xlsx

        readers, problems, notes = read_xlsx(path, caches)
    elif suffix == ".csv":
        raise ForloebError(f"cannot load {path}: a register in CSV is a folder of files "
                           f"(agreements.csv, pathways.csv, ...); give the folder {path.parent}")
    else:
        raise ForloebError(f"cannot load {path}: a register is a folder of CSV files or a "
                           ".json, .xlsx or .sqlite file")
    caches.clear()
    return assemble(readers, problems=problems, notes=notes, source=str(path))


def _load_store(path: Path | str, *, as_of: dt.date | None,
                known_at: dt.datetime | dt.date | None) -> Register:
    from forloeb.store import Store

    # Read-only: loading never creates, migrates or otherwise changes a store.
    with Store.open(path, read_only=True) as store:
        register: Register = store.load(as_of=as_of, known_at=known_at)
    return register


__all__ = ["load"]
