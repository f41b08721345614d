"""
CSV written so that whoever reads it gets back the rows it was given.

Python's CSV writer quotes a field that holds its delimiter, its quote or a
character of its line terminator. Lines here end in ``"\\n"``, so a note
holding a lone carriage return (pasted from an old Mac program, or typed as
``\\r`` through the API) was written bare, and every reader (forloeb's own,
Excel's, DuckDB's) ended the row there: the rest of the note became a row of
its own, and a register exported from a store no longer loaded. Every CSV
forloeb writes with ``"\\n"`` goes through :class:`Writer`, which quotes such a
field too.

>>> import io
>>> out = io.StringIO()
>>> writer = Writer(out)
>>> writer.writerows([["P1", "ring\\rigen", None, 3], ["P2", "ok", "", 4]])
>>> out.getvalue()
'P1,"ring\\rigen",,3\\nP2,ok,,4\\n'
>>> import csv
>>> list(csv.reader(io.StringIO(out.getvalue(), newline="")))
[['P1', 'ring\\rigen', '', '3'], ['P2', 'ok', '', '4']]
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable
from typing import TextIO

#: Rows written at once by :meth:`Writer.writerows`, at C speed, before their
#: text is searched for a carriage return.
_CHUNK = 4096


class Writer:
    """
    A CSV writer with ``"\\n"`` line ends and ``"`` quotes that quotes a
    field holding a carriage return as it does one holding a line feed.

    Rows without one (nearly all) are written by Python's writer; a row that
    has one is quoted here field by field, exactly as Python's writer would
    quote it if ``"\\r"`` were among its special characters.
    """

    def __init__(self, out: TextIO, *, delimiter: str = ",") -> None:
        self._out = out
        self._delimiter = delimiter
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, delimiter=delimiter, lineterminator="\n")

    def line(self, row: Iterable[object]) -> str:
        """The text of one row, its line end included."""
        cells = list(row)
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._csv.writerow(cells)
        text = buffer.getvalue()
        # Lines end in "\n": a "\r" in the text is in a field.
        return text if "\r" not in text else self._quoted(cells)

    def writerow(self, row: Iterable[object]) -> None:
        self._out.write(self.line(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        rows = iter(rows)
        while chunk := [list(row) for row in itertools.islice(rows, _CHUNK)]:
            buffer = self._buffer
            buffer.seek(0)
            buffer.truncate()
            self._csv.writerows(chunk)
            text = buffer.getvalue()
            if "\r" in text:
                text = "".join(map(self.line, chunk))
            self._out.write(text)

    def _quoted(self, cells: list[object]) -> str:
        special = (self._delimiter, '"', "\n", "\r")
        out = []
        for cell in cells:
            text = "" if cell is None else (repr(cell) if isinstance(cell, float) else str(cell))
            if any(c in text for c in special):
                text = '"' + text.replace('"', '""') + '"'
            out.append(text)
        return self._delimiter.join(out) + "\n"
