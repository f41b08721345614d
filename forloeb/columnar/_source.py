"""
Opening a source (a CSV folder, a JSON file, a workbook, a store) as :class:`Columns`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from forloeb import _progress
from forloeb.columnar._register import Columns, connect, disconnect
from forloeb.errors import InvalidArgument


def open_source(source: str | os.PathLike[str], *,
                known_at: dt.datetime | dt.date | None = None) -> Columns:
    """
    The register at ``source`` as :class:`Columns`, with every problem and
    every warning the reference loader (:func:`forloeb.load`) would give.

    A CSV folder is read by DuckDB directly when the fast path can vouch for
    it (see :mod:`forloeb.columnar._from_csv`); otherwise, and for JSON,
    workbooks and stores (with ``known_at``), the reference loader reads it
    and the objects become columns.

    Raises:
        RegisterError: listing every problem in the register, as
            :func:`forloeb.load` does; nothing is returned.
        ForloebError: if there is nothing at ``source``, or it is no kind of
            register, or it cannot be read.
        InvalidArgument: as :func:`forloeb.load`.
    """
    from forloeb.loading import load

    if not isinstance(source, str | os.PathLike):
        raise InvalidArgument(f"source must be a file or folder name, not {source!r}")
    path = Path(source)
    if known_at is None and path.is_dir():
        opened = _fast(path)
        if opened is not None:
            return opened
    register = load(source, known_at=known_at)
    _progress.report("preparing the columns", 0, unit="tables")
    return Columns.of(register)


def _fast(folder: Path) -> Columns | None:
    """
    The CSV folder read by DuckDB, or ``None`` where the reference must read it.
    """
    from forloeb.columnar._from_csv import Unvouched, read_folder
    from forloeb.loading._assemble import warn

    temp = Path(tempfile.mkdtemp(prefix="forloeb-"))
    con = None
    try:
        con = connect(temp)
        _progress.report(f"reading {folder} with DuckDB", 0, unit="tables")
        agreements, notes, employed = read_folder(con, folder, temp)
    except (Unvouched, OSError):
        if con is not None:
            disconnect(con)
        shutil.rmtree(temp, ignore_errors=True)
        return None
    except BaseException:
        if con is not None:
            disconnect(con)
        shutil.rmtree(temp, ignore_errors=True)
        raise
    warn(notes)
    return Columns(con, agreements, temp, read_by="duckdb", register=employed)
