"""
XLSX (the ``xlsx`` extra): a summary sheet first (its sentences, and every
agreement's key figures side by side), then one sheet per agreement, then the details (every
figure side by side), each set up to print: A4, one page wide, the title rows
repeated on every page, page numbers, source and time in the page footer.

Figures are written as numbers a spreadsheet can compute with: a share is
its value formatted as percent (``0 %``), with its numerator and denominator
in the two columns beside it; an amount is kroner (``#,##0 "kr."``); a date
is a date cell (``dd.mm.yyyy`` in Danish); a suppressed figure is the text
``<N`` (or "skjult"). One font family throughout; columns as wide as what
they hold; long text wrapped. Every cell holds a value, never a formula:
text goes through :func:`forloeb.escaping.xlsx_text` (a control character,
which a workbook cannot store, is shown as an escape such as ``\\x0b``) and
is stored as text (:func:`forloeb.escaping.as_text_cell`), whatever it starts
with; the page footer through :func:`forloeb.escaping.xlsx_header_text`.
openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from typing import Any

from forloeb.errors import ForloebError
from forloeb.escaping import as_text_cell, xlsx_header_text, xlsx_text
from forloeb.labels import format_moment, label
from forloeb.rendering._cells import Cell, Mean, Money, Share, format_cell, format_share
from forloeb.rendering._report import Card, Part, Report, Summary, Table

#: Characters Excel refuses in a sheet name, and its longest sheet name.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31

#: The one font family of every cell (Excel's own; LibreOffice shows its
#: metric twin, Carlito, where Calibri is not installed).
FONT = "Calibri"

#: Column widths, in characters: the least, the most for a figure and a label,
#: and the most for free text (wrapped beyond it).
_MIN_WIDTH, _MAX_WIDTH, _MAX_LABEL, _MAX_TEXT = 8, 24, 48, 45

#: The height of one line of 11-point text, in points.
_LINE_HEIGHT = 15

#: Number formats per language: a share, an amount of money, a date.
_FORMATS = {
    "da": {"share": "0 %", "money": '#,##0 "kr."', "date": "dd.mm.yyyy"},
    "en": {"share": "0%", "money": '"DKK "#,##0', "date": "yyyy-mm-dd"},
}


class MissingExtraError(ForloebError, ImportError):
    """
    A format needs a package that is installed only with an extra (``forloeb[xlsx]``).
    """


def render_xlsx(report: Report) -> bytes:
    """
    ``report`` as the bytes of an .xlsx workbook: the summary, one sheet per
    part, then the details.

    Raises:
        MissingExtraError: if openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError(
            "the xlsx format needs openpyxl; install it with: pip install 'forloeb[xlsx]'"
        ) from None
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    if report.summary is not None and report.summary.cards:
        sheet = _Sheet(workbook.create_sheet(_sheet_name(report.summary.heading, used)), report)
        sheet.summary(report.summary)
        sheet.finish()
    for part in (*report.parts, *report.details):
        sheet = _Sheet(workbook.create_sheet(_sheet_name(part.sheet, used)), report)
        sheet.part(part)
        sheet.finish()
    if not report.parts and not report.details:
        sheet = _Sheet(workbook.create_sheet(_sheet_name(report.title, used)), report)
        sheet.finish()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _dated(buffer.getvalue(), report.generated_at)


#: The time a workbook made by the library alone says: the zip format's first day.
_NO_TIME = dt.datetime(1980, 1, 1)


def _dated(workbook: bytes, moment: dt.datetime | None) -> bytes:
    """
    The workbook with every time it holds set to ``moment`` (the report's
    time of generation, else 1 January 1980): the time openpyxl stamps on
    each file of the zip and in the document's properties is the clock's,
    and the same report must give the same bytes.
    """
    import zipfile

    utc = _NO_TIME if moment is None else moment.astimezone(dt.UTC).replace(tzinfo=None)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                              rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=max(utc, _NO_TIME).timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    return out.getvalue()


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", xlsx_text(wanted)).strip("'") or "Ark"
    base = base[:_SHEET_NAME_MAX]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _font(**style: Any) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT, **style)


class _Sheet:
    """
    One worksheet being written: rows appended top to bottom, then the
    column widths, wrapping and page setup worked out from what it holds.
    """

    def __init__(self, sheet: Any, report: Report) -> None:
        self.sheet = sheet
        self.report = report
        self.lang = report.lang
        #: Per column (1-based): the widest text it holds, in characters.
        self.widths: dict[int, float] = {}
        self.text_columns: set[int] = set()
        #: Rows of text spanning the sheet (title, headings, sentences): row, text.
        self.spanning: list[tuple[int, str]] = []
        #: Header rows of tables, whose headings wrap at their words.
        self.header_rows: set[int] = set()
        self.title_rows = 0
        self._title()

    # Writing rows.

    def _append(self, values: Sequence[Any]) -> int:
        # The one way a row reaches a sheet: text is stored as text, never a formula.
        from openpyxl.cell import Cell as XlsxCell

        self.sheet.append([as_text_cell(XlsxCell(self.sheet, value=xlsx_text(v)))
                           if isinstance(v, str) else v for v in values])
        row: int = self.sheet.max_row
        for cell in self.sheet[row]:
            cell.font = _font()
        return row

    def _line(self, text: str, **font: Any) -> int:
        row = self._append([text])
        self.sheet.cell(row=row, column=1).font = _font(**font)
        self.spanning.append((row, text))
        return row

    def _blank(self) -> None:
        self._append([])

    def _title(self) -> None:
        report = self.report
        self._line(report.title, bold=True, size=14)
        for line in report.lines:
            if line:
                self._line(line, italic=True)
        if report.source:
            self._line(label("text.source", self.lang).format(source=report.source))
        if report.generated_at is not None:
            self._line(format_moment(report.generated_at, self.lang))
        self.title_rows = self.sheet.max_row

    def summary(self, summary: Summary) -> None:
        """
        The summary sheet: its sentences, then the cards, a column per card
        and a row per key figure; cards with the same rows (the agreements)
        side by side in one table, any other card in a table of its own.
        """
        self._blank()
        self._line(summary.heading, bold=True, size=12)
        for paragraph in summary.paragraphs:
            self._line(paragraph)
        groups = _side_by_side(summary.cards)
        for cards in groups:
            self._blank()
            row = self._header([label("text.key_figures", self.lang),
                                *(c.heading for c in cards)])
            if len(groups) == 1:
                self.title_rows = row  # one table: its header on every printed page
            if any(c.subheading for c in cards):
                self._cells([label("figure.provider", self.lang),
                             *(c.subheading for c in cards)])
            for i, first in enumerate(cards[0].figures.rows):
                self._cells([first[0], *(c.figures.rows[i][1] for c in cards)])
        self._blank()
        for card in summary.cards:
            for paragraph in card.paragraphs:
                self._line(f"{card.heading}: {paragraph}")

    def part(self, part: Part) -> None:
        """
        One agreement (or the comparison): its heading, then each question.
        """
        self._blank()
        if part.heading:
            self._line(part.heading, bold=True, size=12)
            self.title_rows = self.sheet.max_row
        for section in part.sections:
            if section.heading:
                self._blank()
                self._line(section.heading, bold=True)
            for table in section.tables:
                if table.rows:
                    self._table(table)
            for paragraph in section.paragraphs:
                self._line(paragraph)
        for paragraph in part.paragraphs:
            self._blank()
            self._line(paragraph, bold=True)

    def _header(self, headers: Sequence[str]) -> int:
        # A table's header row: bold, and as wide as its longest word (it wraps).
        row = self._append(headers)
        for cell in self.sheet[row]:
            cell.font = _font(bold=True)
        self.header_rows.add(row)
        self._measure([max(str(h).split() or [""], key=len) for h in headers])
        return row

    def _table(self, table: Table) -> None:
        figures = not table.headers
        with_counts = figures and any(isinstance(c, Share) and c.has_counts
                                      for row in table.rows for c in row)
        headers = list(table.headers)
        if figures:
            headers = [label("figure.figure", self.lang), label("figure.value", self.lang)]
            if with_counts:
                headers += [label("figure.numerator", self.lang),
                            label("figure.denominator", self.lang)]
        self._header(headers)
        for column in table.text_columns:
            self.text_columns.add(column + 1)
        for cells in table.rows:
            values: list[Cell] = list(cells)
            if with_counts and isinstance(cells[-1], Share) and cells[-1].has_counts:
                values += [cells[-1].numerator, cells[-1].denominator]
            self._cells(values)

    def _cells(self, cells: Sequence[Cell]) -> None:
        written = [_value(cell, self.lang) for cell in cells]
        row = self._append([value for value, _ in written])
        for cell, (_, number_format) in zip(self.sheet[row], written, strict=False):
            if number_format:
                cell.number_format = number_format
        self._measure([_shown(cell, self.lang) for cell in cells])

    def _measure(self, texts: Sequence[Any]) -> None:
        for column, text in enumerate(texts, start=1):
            longest = max((len(line) for line in str(text or "").splitlines()), default=0)
            self.widths[column] = max(self.widths.get(column, 0), longest)

    # Laying out.

    def finish(self) -> None:
        """
        Column widths, wrapped text and row heights, page setup and footer.
        """
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.page import PageMargins

        sheet = self.sheet
        columns = max(self.widths, default=1)
        widths = {}
        for column in range(1, columns + 1):
            most = _MAX_LABEL if column == 1 else (
                _MAX_TEXT if column in self.text_columns else _MAX_WIDTH)
            # (A column's widest text, a little more for bold and wide letters.)
            widths[column] = min(max(self.widths.get(column, 0) * 1.1 + 2, _MIN_WIDTH), most)
            sheet.column_dimensions[get_column_letter(column)].width = widths[column]
        # Long text wraps in its column (notes, labels, headers) or across the
        # sheet (headings, sentences); rows are made tall enough for it.
        wrap = Alignment(wrap_text=True, vertical="top")
        spanning = {row for row, _ in self.spanning}
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
            lines = 1
            for cell in row:
                if not isinstance(cell.value, str) or cell.row in spanning:
                    continue
                wraps = _lines(cell.value, widths[cell.column])
                if wraps > 1 or cell.column in self.text_columns:
                    cell.alignment = wrap
                    lines = max(lines, wraps)
            if lines > 1:
                sheet.row_dimensions[row[0].row].height = _LINE_HEIGHT * lines
        across = sum(widths.values())
        for row, text in self.spanning:
            if columns > 1:
                sheet.merge_cells(start_row=row, start_column=1, end_row=row,
                                  end_column=columns)
            cell = sheet.cell(row=row, column=1)
            cell.alignment = wrap
            size = cell.font.sz or 11
            lines = _lines(text, across * 11 / size)
            if lines > 1 or size > 11:
                sheet.row_dimensions[row].height = _LINE_HEIGHT * lines * size / 11
        # A4, one page wide, the title rows on every page, numbered.
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.8)
        sheet.print_title_rows = f"1:{max(self.title_rows, 1)}"
        sheet.print_options.horizontalCentered = False
        page_label = label("text.page", self.lang).format(page="&P", pages="&N")
        sheet.oddFooter.right.text = page_label
        sheet.oddFooter.right.size = 8
        sheet.oddFooter.right.font = FONT
        footer = [xlsx_header_text(line) for line in (
            label("text.source", self.lang).format(source=self.report.source)
            if self.report.source else "",
            format_moment(self.report.generated_at, self.lang)
            if self.report.generated_at is not None else "") if line]
        if footer:
            sheet.oddFooter.left.text = " · ".join(footer)
            sheet.oddFooter.left.size = 8
            sheet.oddFooter.left.font = FONT


def _side_by_side(cards: Sequence[Card]) -> list[list[Card]]:
    # Neighbouring cards with the same figures, in their order, as one table each.
    groups: list[list[Card]] = []
    for card in cards:
        if groups and _names(groups[-1][0]) == _names(card):
            groups[-1].append(card)
        else:
            groups.append([card])
    return groups


def _names(card: Card) -> list[Cell]:
    return [row[0] for row in card.figures.rows]


def _lines(text: str, width: float) -> int:
    # How many lines `text` takes in a column `width` characters wide (generously).
    usable = max(width * 0.9, 1.0)
    return sum(max(1, math.ceil(len(line) / usable)) for line in text.splitlines() or [""])


def _shown(cell: Cell, lang: str) -> str:
    # What a cell shows in the sheet (a share without its counts, which have columns).
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Share):
        return format_share(cell, lang, counts=False)
    return format_cell(cell, lang)


def _value(cell: Cell, lang: str) -> tuple[Any, str | None]:
    # The value a spreadsheet should hold, and how to show it.
    formats = _FORMATS[lang]
    if isinstance(cell, Share):
        exact = cell.exact
        if cell.is_suppressed or exact is None:
            return format_share(cell, lang, counts=False), None
        return float(exact), formats["share"]
    if isinstance(cell, Mean):
        if isinstance(cell.value, int | float):
            return cell.value, "+0.0;-0.0;0.0" if cell.signed else "0.0"
        return format_cell(cell, lang), None
    if isinstance(cell, Money):
        if isinstance(cell.value, int | float):
            return cell.value, formats["money"]
        return format_cell(cell, lang), None
    if isinstance(cell, dt.date):
        return cell, formats["date"]
    if isinstance(cell, float):
        return cell, "0.0"
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell, "#,##0"
    return cell, None
