"""
Converters from one cell to a typed value, chosen once per column.

A converter takes the cell as the file holds it (text from CSV; text or a
native value from JSON and Excel) and returns the value the model wants (the
column's default for an empty cell), or raises :class:`ValueError` with a
message that shows the cell. Dates are cached by their text and ids and codes
are interned, because a large register repeats both millions of times.

Whitespace and invisible characters around a cell are dropped
(:data:`forloeb.values.EDGE`); a text cell is checked for characters no
spreadsheet shows (:func:`forloeb.values.check_characters`) only when
:meth:`str.isprintable` says it holds one, so the common cell costs nothing.
In CSV, a text or code cell then loses one leading apostrophe, the mark of text
that forloeb's writer and spreadsheets put before text that starts like a
formula (:func:`forloeb.values.parse_text`); JSON and Excel strings are taken
as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import repeat
from types import MappingProxyType
from typing import Any

import attrs

from forloeb import values
from forloeb.schema import ID_COLUMNS, Column, Kind

#: A converter: cell in, typed value out.
Converter = Callable[[Any], object]

#: The message of a required cell left empty.
MISSING = "a value is required here"

#: Text columns whose values repeat (ids, names) and are worth interning; notes are not.
_INTERNED = frozenset({"agreement_id", "pathway_id", "name", "provider", "author",
                       "employment_id", "enterprise"})

_IDS = ID_COLUMNS

#: What an Excel cell holding a formula without a saved result is read as.
FORMULA_WITHOUT_VALUE = object()
_NO_FORMULA_VALUE = ("a formula with no saved value; open and save the workbook in Excel, "
                     "or paste values")


@attrs.frozen
class ExcelError:
    """
    What an Excel cell holding an error value (``#N/A``, ``#REF!``) is read
    as: openpyxl gives its code as text, which a text column would take as
    a note or a name.
    """

    code: str

    def message(self) -> str:
        return (f"an Excel error value ({self.code}), not a value; correct what the cell "
                "computes, or write the value")

#: The words of a yes/no cell (any case), and what each means.
BOOL_WORDS: MappingProxyType[str, bool] = MappingProxyType({
    **{text: True for text in ("ja", "yes", "true", "1", "x", "sand")},
    **{text: False for text in ("nej", "no", "false", "0", "falsk")},
})
_BOOLS = BOOL_WORDS


class Caches:
    """
    The cell caches shared by every column of one load: cell text to date
    (one with ``""`` meaning absent, for optional columns, one without), the
    cells already read as names and those read as ids (kept apart: a cell
    that is fine as a name may not be fine as an id), and the string table
    that interns the values. A cell cache maps the cell as written to its
    value, the string table a value to itself: kept apart, because a cell is
    not always its value (``''`` is the text ``'``, ``ABC`` the code ``abc``).
    """

    def __init__(self) -> None:
        self.ids: dict[str, object] = {}
        self.texts: dict[str, object] = {}
        self.dates: dict[str, object] = {}
        self.optional_dates: dict[str, object] = {"": None}
        self.strings: dict[str, object] = {}

    def clear(self) -> None:
        """
        Let go of every cached cell once the files are read (they hold millions).
        """
        self.ids.clear()
        self.texts.clear()
        self.dates.clear()
        self.optional_dates.clear()
        self.optional_dates[""] = None
        self.strings.clear()


#: Many cells at once (one column of a chunk of rows) in, typed values out.
ColumnConverter = Callable[[Sequence[str]], list[object]]

def column_converter(column: Column, caches: Caches, *, unique: bool = False
                     ) -> ColumnConverter:
    """
    The converter for a whole column of text cells (a chunk of CSV rows).

    Most columns repeat a few values (dates, codes, ids), so each cell is
    looked up in a cache of converted cells, in C; only cells not seen before
    reach the per-cell converter. A ``unique`` column (a table's own ids) would
    miss every time, so it goes to the converter directly. Raises
    :class:`ValueError` like the per-cell converter.
    """
    convert = text_converter(column, caches)
    kind = column.kind
    if kind is Kind.TEXT and column.name not in _INTERNED:
        return _stripped(identifier=column.name in _IDS)
    if unique or kind in (Kind.DECIMAL, Kind.LIST):
        return lambda cells: list(map(convert, cells))
    if kind is Kind.DATE:
        cache = caches.optional_dates if not column.required else caches.dates
    elif kind is Kind.TEXT:
        cache = caches.ids if column.name in _IDS else caches.texts
    else:
        cache = {}
    lookup = cache.__getitem__

    def cached(cells: Sequence[str]) -> list[object]:
        try:
            return list(map(lookup, cells))
        except KeyError:
            pass
        for cell in set(cells).difference(cache):
            cache[cell] = convert(cell)
        return list(map(lookup, cells))

    if kind is Kind.TEXT and column.required:
        # The cache is shared with optional columns, where an empty cell is a
        # value: "" (a name) or None (an employment's pathway_id).
        def required(cells: Sequence[str]) -> list[object]:
            out = cached(cells)
            if "" in out or None in out:
                raise ValueError(MISSING)
            return out

        return required
    return cached


def _stripped(*, identifier: bool) -> ColumnConverter:
    # Text that is not interned (notes, participant ids): stripped in C, and
    # the chunk's characters tested at once.
    edge = repeat(values.EDGE)
    check = values.check_characters

    def stripped(cells: Sequence[str]) -> list[object]:
        texts = list(map(str.strip, cells, edge))
        if not "".join(texts).isprintable():
            for text in texts:
                check(text, identifier=identifier)
        return _unmarked(texts)

    return stripped


def text_converter(column: Column, caches: Caches) -> Converter:
    """
    The converter for ``column`` when every cell is text (CSV).
    """
    convert = _MAKERS[column.kind](column, caches)
    if column.kind not in _ESCAPED:
        return convert
    parse = values.parse_text
    strip = values.strip_cell
    return lambda cell: convert(parse(strip(cell)))


#: Kinds whose CSV cells may carry the text mark of :func:`forloeb.values.format_text`.
_ESCAPED = frozenset({Kind.TEXT, Kind.CODE})


def _unmarked(texts: list[str]) -> list[object]:
    # Joined, one search in C finds whether any cell starts with the mark.
    joined = "\n".join(texts)
    if joined.startswith(values.TEXT_MARK) or "\n" + values.TEXT_MARK in joined:
        return list(map(values.parse_text, texts))
    return list(texts)


def native_converter(column: Column, caches: Caches) -> Converter:
    """
    The converter for ``column`` when a cell may also be a JSON or Excel value:
    a number, a boolean, a list, a date or ``None``.
    """
    from_text = _MAKERS[column.kind](column, caches)  # strings as they are: no text mark
    from_native = _NATIVE[column.kind]

    def convert(cell: object) -> object:
        if cell is None:
            return from_text("")
        if isinstance(cell, str):
            return from_text(cell)
        if cell is FORMULA_WITHOUT_VALUE:
            raise ValueError(_NO_FORMULA_VALUE)
        if isinstance(cell, ExcelError):
            raise ValueError(cell.message())
        return from_text(from_native(cell))

    return convert


def _empty(column: Column) -> Callable[[], object]:
    if column.required:
        def missing() -> object:
            raise ValueError(MISSING)
        return missing
    default = column.default
    return lambda: default


def _text(column: Column, caches: Caches) -> Converter:
    empty = _empty(column)
    edge = values.EDGE
    check = values.check_characters
    identifier = column.name in _IDS
    if column.name in _INTERNED:
        intern = caches.strings.setdefault

        def interned(cell: str) -> object:
            text = cell.strip(edge)
            if not text:
                return empty()
            if not text.isprintable():
                check(text, identifier=identifier)
            return intern(text, text)

        return interned

    def plain(cell: str) -> object:
        text = cell.strip(edge)
        if not text:
            return empty()
        if not text.isprintable():
            check(text, identifier=identifier)
        return text

    return plain


def _code(column: Column, caches: Caches) -> Converter:
    empty = _empty(column)
    intern = caches.strings.setdefault
    if column.codes is None:
        def free(cell: str) -> object:
            text = cell.strip(values.EDGE).lower()
            return intern(text, text) if text else empty()

        return free
    known: dict[str, object] = {code: code for code in column.codes}
    if column.enum is not None:
        known = {str(t): t for t in column.enum}

    def coded(cell: str) -> object:
        try:
            return known[cell]
        except KeyError:
            pass
        text = cell.strip(values.EDGE).lower()
        if not text:
            return empty()
        if text in known:
            return known[text]
        return column.check_code(text)  # raises, naming the closest code

    return coded


def _date(column: Column, caches: Caches) -> Converter:
    empty = _empty(column)
    cache = caches.dates
    get = cache.get
    parse = values.parse_date

    def date(cell: str) -> object:
        day = get(cell)
        if day is not None:
            return day
        if not cell.strip(values.EDGE):
            return empty()
        day = cache[cell] = parse(cell)
        return day

    return date


def _parsed(parse: Callable[[str], object]) -> Callable[[Column, Caches], Converter]:
    def make(column: Column, caches: Caches) -> Converter:
        empty = _empty(column)

        def convert(cell: str) -> object:
            text = cell.strip(values.EDGE)
            return parse(text) if text else empty()

        return convert

    return make


def _bool(column: Column, caches: Caches) -> Converter:
    empty = _empty(column)

    def boolean(cell: str) -> object:
        text = cell.strip(values.EDGE).lower()
        if not text:
            return empty()
        try:
            return _BOOLS[text]
        except KeyError:
            return values.parse_bool(text)  # raises with the message

    return boolean


def _list(column: Column, caches: Caches) -> Converter:
    empty = _empty(column)
    intern = caches.strings.setdefault

    def items(cell: str) -> object:
        parsed = values.parse_list(cell)
        if not parsed:
            return empty()
        if column.codes is None:
            return parsed
        return tuple(intern(code, code) for code in
                     (column.check_code(item.lower()) for item in parsed))

    return items


_MAKERS: dict[Kind, Callable[[Column, Caches], Converter]] = {
    Kind.TEXT: _text,
    Kind.CODE: _code,
    Kind.DATE: _date,
    Kind.INT: _parsed(values.parse_int),
    Kind.DECIMAL: _parsed(values.parse_decimal),
    Kind.BOOL: _bool,
    Kind.LIST: _list,
}


# Native values are turned into the text the CSV converters read, so both
# paths share one set of rules and messages.

def _show(cell: object) -> str:
    if cell is True or cell is False:
        return "true" if cell else "false"
    return repr(cell)


def _whole(cell: object) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return None


def _native_text(cell: object) -> str:
    whole = _whole(cell)
    if whole is None:
        raise ValueError(f"{_show(cell)} is not text")
    return str(whole)


def _native_date(cell: object) -> str:
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time(0):
            raise ValueError(f"{cell.isoformat(sep=' ')} has a time of day; give only the date")
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    raise ValueError(f"{_show(cell)} is not a date; write it as 2018-06-30 or 30-06-2018")


def _native_int(cell: object) -> str:
    whole = _whole(cell)
    if whole is None:
        raise ValueError(f"{_show(cell)} is not a whole number")
    return str(whole)


def _native_decimal(cell: object) -> str:
    if isinstance(cell, bool) or not isinstance(cell, int | float | Decimal):
        raise ValueError(f"{_show(cell)} is not a number")
    number = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    if not number.is_finite():
        raise ValueError(f"{_show(cell)} is not a number")
    return values.format_decimal(number)


def _native_bool(cell: object) -> str:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int | float) and cell in (0, 1):
        return str(int(cell))
    raise ValueError(f"{_show(cell)} is not yes or no; write ja or nej (or true/false, 1/0, x)")


def _native_list(cell: object) -> str:
    if isinstance(cell, list | tuple) and all(isinstance(item, str) for item in cell):
        return ";".join(cell)
    raise ValueError(f"{_show(cell)} is not a list of codes; write [\"fleksjob\", \"uddannelse\"]"
                     " or fleksjob;uddannelse")


_NATIVE: dict[Kind, Callable[[object], str]] = {
    Kind.TEXT: _native_text,
    Kind.CODE: _native_text,
    Kind.DATE: _native_date,
    Kind.INT: _native_int,
    Kind.DECIMAL: _native_decimal,
    Kind.BOOL: _native_bool,
    Kind.LIST: _native_list,
}
