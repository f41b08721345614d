"""
Reading the rows of one table into model objects, collecting every problem.

Each row takes a fast path (one converter per column, the object built
directly) and only a row that fails it is read again, column by column, to
say exactly what is wrong. A row with a problem never becomes an object, but
the reader remembers its id, so the rules are not asked about references to it
(the row's own problem is the one worth reporting).
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any

import attrs

from forloeb import _progress
from forloeb.errors import Problem
from forloeb.loading._cells import (
    Caches,
    ColumnConverter,
    Converter,
    column_converter,
    native_converter,
    text_converter,
)
from forloeb.schema import Record, Table
from forloeb.values import EDGE

#: Rows converted at once: large enough to spend the time in C, small enough
#: to keep the columns of one chunk in memory.
_CHUNK = 4096


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip(EDGE))


def _placeholder(cell: object) -> object:
    # Stands in for a missing required column; the table is broken anyway.
    return None


def _absent(default: object) -> Converter:
    return lambda cell: default


ColumnBuilder = Callable[[int, Sequence[Iterable[object]]], list[Record]]


def read_header(table: Table, label: str, header: Sequence[object], problems: list[Problem],
                warnings: list[str], *, header_row: int | None = 1) -> dict[str, int]:
    """
    Where each column of ``table`` is in ``header`` (names matched without
    case or surrounding space), adding to ``problems`` a column named twice
    and to ``warnings`` each column the table does not know (it is ignored).
    Unnamed columns, as spreadsheets leave at the right edge, are skipped.
    """
    position: dict[str, int] = {}
    known = table.column_names
    for i, written in enumerate(header_names(header)):
        name = written.lower()
        if not name:
            continue
        if name not in known:
            warnings.append(f"{label}: unknown column {written!r} is ignored")
        elif name in position:
            problems.append(Problem(label, header_row, name,
                                    "the column appears twice; keep one of them"))
        else:
            position[name] = i
    return position


def header_names(header: Sequence[object]) -> list[str]:
    """
    The names of a header as written, without surrounding space ("" for an
    unnamed column).
    """
    return ["" if cell is None else str(cell).strip(EDGE) for cell in header]


def _header_shape(table: Table, header: Sequence[object]) -> tuple[str | None, int]:
    # The first name that is no column of ``table``, and the width up to the last name.
    names = header_names(header)
    named = [i for i, name in enumerate(names) if name]
    unknown = next((names[i] for i in named if names[i].lower() not in table.column_names),
                   None)
    return unknown, (named[-1] + 1 if named else 0)


def _column_builder(model: type[Record]) -> ColumnBuilder:
    """
    How to build ``size`` objects of ``model`` from their columns of converted
    values, in field order.

    A frozen attrs class refuses ``setattr`` but not the slot descriptors its
    ``__init__`` itself goes through; filling each slot column by column from
    C (``map``) makes an object in half the time of calling the class once
    per row, which counts at ten million events. Only a class whose
    ``__init__`` does nothing but set its fields is built this way.
    """
    fields = attrs.fields(model)
    plain = (
        "__slots__" in vars(model)
        and not hasattr(model, "__attrs_post_init__")
        and not hasattr(model, "__attrs_pre_init__")
        and all(f.init and f.converter is None and f.validator is None for f in fields)
    )
    if not plain:
        return lambda size, columns: list(map(model, *columns))
    setters = [getattr(model, f.name).__set__ for f in fields]
    new = object.__new__

    def build(size: int, columns: Sequence[Iterable[object]]) -> list[Record]:
        made = list(map(new, repeat(model, size)))
        for set_slot, column in zip(setters, columns, strict=True):
            deque(map(set_slot, made, column), maxlen=0)
        return made

    return build


class TableReader:
    """
    The objects, problems and row numbers of one table, filled row by row.

    ``label`` names the table in problems (``pathways.csv``, ``register.json
    (pathways)``). ``header`` is the column names in file order; a column the
    table does not know is ignored with a warning, a required column that is
    missing makes the table *broken*: its rows are still checked, but none
    becomes an object.
    """

    def __init__(self, table: Table, label: str, header: Sequence[object], caches: Caches, *,
                 native: bool = False, header_row: int | None = 1) -> None:
        self.table = table
        # Built from a positional list of converted cells, in field order.
        self._model: Callable[..., Record] = table.model
        self._build = _column_builder(table.model)
        self.label = label
        # Objects in row order: whole chunks, then the rows read one by one.
        self._chunks: list[list[Record]] = []
        self.objects: list[Record] = []
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.failed_ids: set[str] = set()
        self.broken = False
        self._skipped: list[int] = []
        self._first_row = (header_row or 0) + 1
        self.width = len(header)
        position = read_header(table, label, header, self.problems, self.warnings,
                               header_row=header_row)
        self._header_row = header_row
        #: The first name of the header that is no column, the header's width
        #: up to its last name, and the widest row read: what shows a header
        #: that ran into the first row when its line end was lost.
        self._unknown, self._named_width = _header_shape(table, header)
        self._widest = 0
        make = native_converter if native else text_converter
        fields = [a.name for a in attrs.fields(table.model)]
        # Model field order, so an object is built from a positional list.
        plan: list[tuple[str, int, Converter]] = []
        for field in fields:
            column = table.column(field)
            if field in position:
                plan.append((field, position[field], make(column, caches)))
            elif column.required:
                self.problems.append(Problem(label, None, field,
                                             "the required column is missing"))
                self.broken = True
                plan.append((field, -1, _placeholder))
            else:
                plan.append((field, -1, _absent(column.default)))
        self._plan = plan
        self._fast = [(i, convert) for _, i, convert in plan]
        key = table.key
        self._key_position = position.get(key) if key else None
        # Per field: the cell position, a converter for a whole column of text
        # cells (None: the column is absent, so every row gets the default).
        self._columns: list[tuple[int, ColumnConverter | None, object]] | None = None
        if not native:
            self._columns = []
            for field in fields:
                column = table.column(field)
                convert = (column_converter(column, caches, unique=field == key)
                           if field in position else None)
                self._columns.append((position.get(field, -1), convert, column.default))

    @classmethod
    def unusable(cls, table: Table, label: str, problem: str) -> TableReader:
        """
        A broken, empty table whose file cannot be read at all, with the reason.
        """
        reader = cls(table, label, table.column_names, Caches())
        reader.broken = True
        reader.problems.append(Problem(label, None, None, problem))
        return reader

    def read(self, rows: Iterable[Sequence[Any]]) -> None:
        """
        Read every row; the first is the row after the header.
        """
        model = self._model
        fast = self._fast
        width = -1 if self.broken else self.width
        append = self.objects.append
        slow = self._read_slowly
        rows = _progress.tracked(rows, f"reading {self.label}", unit="rows", every=_CHUNK)
        for number, row in enumerate(rows, start=self._first_row):
            if len(row) == width:
                try:
                    append(model(*[convert(row[i]) for i, convert in fast]))
                    continue
                except ValueError:
                    pass
            slow(number, row)

    def read_text(self, rows: Iterable[Sequence[str]]) -> None:
        """
        Read every row of text cells (CSV), a chunk of rows at a time.

        A chunk is converted column by column (see
        :func:`~forloeb.loading._cells.column_converter`); a chunk with any
        irregular row is read again row by row, to find each problem. If
        ``rows`` raises, the rows before are read and the error is raised
        again, so :attr:`next_row` is the row it was raised in.
        """
        if self.broken or self._columns is None:
            self.read(rows)
            return
        it = iter(rows)
        build = self._build
        width = self.width
        plan = self._columns
        read = 0
        broke: Exception | None = None
        while broke is None:
            chunk: list[Sequence[str]] = []
            try:
                chunk.extend(itertools.islice(it, _CHUNK))
            except Exception as e:  # the source broke (a quote never closed): keep
                broke = e           # the rows before it, so its row number is right
            if not chunk:
                break
            size = len(chunk)
            read += size
            _progress.report(f"reading {self.label}", read, unit="rows")
            if set(map(len, chunk)) == {width}:
                columns = list(zip(*chunk, strict=True))
                try:
                    fields = [repeat(default, size) if convert is None else convert(columns[i])
                              for i, convert, default in plan]
                except ValueError:
                    pass
                else:
                    self._flush()
                    self._chunks.append(build(size, fields))
                    self._widest = width
                    continue
            first = self.next_row
            for number, row in enumerate(chunk, start=first):
                self.read_row(number, row)
        self._check_header_width()
        if broke is not None:
            raise broke

    def _check_header_width(self) -> None:
        # A header whose line end was lost holds the first row: it names more
        # columns than any row has values, and where the two ran together a
        # name is no column ("no_plan_reasonP1"). Its row would be lost.
        unknown = self._unknown
        if unknown is None or self._widest >= self._named_width:
            return
        glued = any(unknown.lower().startswith(name) and unknown.lower() != name
                    for name in self.table.column_names)
        if self._widest == 0 and not glued:
            return  # no rows: an extra column of an empty table says nothing
        self.problems.append(Problem(
            self.label, self._header_row, None,
            f"the header names {self._named_width} columns, but "
            + (f"no row has more than {self._widest} values" if self._widest else "no row follows")
            + f", and {unknown!r} is no column: has the header run into the first row "
            "(a lost line end)? Put the first row back on a line of its own"))

    def read_row(self, number: int, row: Sequence[Any]) -> None:
        """
        Read one row whose number is known (JSON positions, Excel rows).
        """
        if len(row) == self.width and not self.broken:
            try:
                self.objects.append(self._model(*[c(row[i]) for i, c in self._fast]))
                self._widest = self.width
                return
            except ValueError:
                pass
        self._read_slowly(number, row)

    def skip(self, number: int, problem: str | None = None) -> None:
        """
        Note that row ``number`` gives no object, with the problem if there is one.
        """
        self._skipped.append(number)
        if problem is not None:
            self.problems.append(Problem(self.label, number, None, problem))

    def refuse(self, number: int, problems: Iterable[tuple[str | None, str]],
               row: Sequence[Any]) -> None:
        """
        Row ``number`` (cells in header order) gives no object, for these
        ``(column, message)`` problems found before its cells were read.
        """
        self.problems.extend(Problem(self.label, number, column, message)
                             for column, message in problems)
        self._skipped.append(number)
        self._remember_failed_id(row)

    def _read_slowly(self, number: int, row: Sequence[Any]) -> None:
        size = len(row)
        if size > self._widest and not all(_is_blank(cell) for cell in row):
            self._widest = size
        cells = [row[i] if 0 <= i < size else None for _, i, _ in self._plan]
        extra = [cell for cell in row[self.width:] if not _is_blank(cell)]
        if all(_is_blank(cell) for cell in row):
            self._skipped.append(number)  # a blank line, as spreadsheets leave them
            return
        problems = []
        if extra:
            problems.append(Problem(self.label, number, None,
                                    f"the row has {size} values but the header names only "
                                    f"{self.width} columns (is a value out of place?)"))
        made = []
        for (name, _, convert), cell in zip(self._plan, cells, strict=True):
            try:
                made.append(convert("" if cell is None else cell))
            except ValueError as e:
                problems.append(Problem(self.label, number, name, str(e)))
        if problems or self.broken:
            self.problems.extend(problems)
            self._skipped.append(number)
            self._remember_failed_id(row)
            return
        self.objects.append(self._model(*made))

    def reads_as_row(self, row: Sequence[Any]) -> bool:
        """
        Whether ``row`` has the header's width and every cell of it converts:
        a row of this table as far as its cells can tell.
        """
        if len(row) != self.width or self.broken or all(map(_is_blank, row)):
            return False
        try:
            for _, i, convert in self._plan:
                if i >= 0:
                    convert(row[i])
        except ValueError:
            return False
        return True

    def line_breaks(self, fields: Sequence[str]) -> Iterator[tuple[int, str, str]]:
        """
        ``(index, field, text)`` of each text of ``fields`` with a line break in
        it, over the objects read so far, in row order.
        """
        chunks = [*self._chunks, self.objects]
        offset = 0
        for chunk in chunks:
            for field in fields:
                texts = list(map(operator.attrgetter(field), chunk))
                joined = "\x00".join(texts)
                if "\n" not in joined and "\r" not in joined:
                    continue
                for i, text in enumerate(texts):
                    if "\n" in text or "\r" in text:
                        yield offset + i, field, text
            offset += len(chunk)

    def _remember_failed_id(self, row: Sequence[Any]) -> None:
        i = self._key_position
        if i is not None and i < len(row) and row[i] is not None:
            self.failed_ids.add(str(row[i]).strip(EDGE))

    @property
    def next_row(self) -> int:
        """
        The number of the row after the last one read.
        """
        made = sum(map(len, self._chunks)) + len(self.objects)
        return self._first_row + made + len(self._skipped)

    def _flush(self) -> None:
        if self.objects:
            self._chunks.append(self.objects)
            self.objects = []

    def take(self) -> tuple[Record, ...]:
        """
        Every object read, in row order, leaving the reader empty.

        Each chunk is let go as soon as it is copied, so a table of millions
        of rows is never held twice.
        """
        self._flush()
        chunks = self._chunks
        self._chunks = []

        def drained() -> Iterator[list[Record]]:
            chunks.reverse()
            while chunks:
                yield chunks.pop()

        return tuple(itertools.chain.from_iterable(drained()))

    def row_of(self, index: int) -> int:
        """
        The row number of the ``index``-th object read.
        """
        row = self._first_row + index
        skipped = self._skipped
        if not skipped:
            return row
        # Each skipped row on or before the candidate pushes it one further down.
        while True:
            candidate = self._first_row + index + bisect.bisect_right(skipped, row)
            if candidate == row:
                return row
            row = candidate
