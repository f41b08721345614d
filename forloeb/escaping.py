"""
Output that cannot hurt the reader: one escaping function per format.

Everything forloeb writes for a person to open passes through one of these,
so no renderer or writer can forget it:

- :func:`csv_cell`: a cell of a report's CSV (``evaluate``, ``compare``, the
  trend, the work list); text that starts like a formula is marked as text
  with a leading apostrophe (:func:`forloeb.values.format_text`, which the
  register export uses for its text columns and the loader undoes);
- :func:`xlsx_text` and :func:`as_text_cell`: text of a workbook cell, always
  stored as a text value (never a formula), marked so that editing it in
  Excel keeps it text; :func:`xlsx_header_text` for a printed page's footer;
- :func:`markdown_text`: text that cannot become a link, an image, a heading,
  a list, HTML or a break in a table;
- :func:`terminal_text`: text that cannot move the cursor, clear the screen
  or reorder what a terminal shows;
- :func:`html_text`: text that cannot become markup;
- :func:`css_string`: text as a CSS string (the page footer of a printed
  report), which cannot end the string, the rule or the style element.

Control characters (other than tab and line feed) and the Unicode characters
that reorder text are shown in every report as an escape such as ``\\x1b``,
so a stray character in a note is visible rather than acted on. A workbook
cannot store most control characters at all: reports show them escaped, and
the register export refuses them (:func:`unstorable_in_workbook`), because
an export must give back exactly what it was given.
"""

from __future__ import annotations

import html
import re
from typing import Any

from forloeb.values import format_text, starts_like_formula

# C0 controls but tab and line feed, DEL, the C1 controls, and the Unicode
# formatting characters that reorder text (bidirectional embeddings,
# overrides and isolates) or break lines outside the text's own lines, and
# the two noncharacters no XML document (a workbook, a web page) may hold.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

# What a workbook's XML cannot hold at all: what openpyxl refuses
# (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE), and U+FFFE and U+FFFF, which it
# lets through into a workbook that no program then opens.
_NOT_IN_WORKBOOK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """
    ``text`` with every control character written as an escape.

    >>> visible("Godt\\x1b[2J samarbejde"), visible("tab\\tand\\nline"), visible("\\u202eabc")
    ('Godt\\\\x1b[2J samarbejde', 'tab\\tand\\nline', '\\\\u202eabc')
    """
    if text.isprintable():  # the usual case, checked in C: nothing to escape
        return text
    return _CONTROL.sub(_escape_control, text)


def terminal_text(text: str) -> str:
    """
    Text for a terminal: no escape sequence reaches it (see :func:`visible`).

    >>> print(terminal_text("Sumak\\x1b[2J\\x07"))
    Sumak\\x1b[2J\\x07
    """
    return visible(text)


def html_text(text: object) -> str:
    """
    Text for an HTML page: markup characters as entities, control characters visible.

    >>> html_text('<script>alert("x")</script> & co')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
    """
    return html.escape(visible(str(text)), quote=True)


def css_string(text: object) -> str:
    r"""
    ``text`` as a quoted CSS string: every character other than an ASCII
    letter, digit or space is written as a six-digit CSS escape, so nothing
    in it can close the string, the rule or the ``<style>`` element, and the
    result holds no character that HTML would read in a style element.

    >>> print(css_string('Kilde: "x" </style>'))
    "Kilde\00003a  \000022 x\000022  \00003c \00002f style\00003e "
    """
    # The space after each escape ends it (CSS reads it as part of the escape).
    escaped = "".join(ch if (ch.isascii() and ch.isalnum()) or ch == " "
                      else f"\\{ord(ch):06x} " for ch in visible(str(text)))
    return f'"{escaped}"'


def csv_cell(value: Any) -> Any:
    """
    A cell of a report's CSV: text cannot run as a formula (or move a
    terminal's cursor), numbers stay numbers.

    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell(-0.5), csv_cell("<5"), csv_cell("SA1")
    ("'=cmd|' /C calc'!A0", -0.5, '<5', 'SA1')
    """
    if isinstance(value, str):
        try:
            return _CSV_CELLS[value]
        except KeyError:
            pass
        cell = format_text(visible(value))
        if len(_CSV_CELLS) >= _CSV_CELLS_HELD:
            _CSV_CELLS.clear()  # the values of a work list repeat close together
        _CSV_CELLS[value] = cell
        return cell
    return value


#: Text cells already escaped, by their text: a work list of millions of
#: findings writes the same dates, rules, statuses and ids over and over.
_CSV_CELLS: dict[str, str] = {}
_CSV_CELLS_HELD = 1 << 16


def xlsx_text(text: str) -> str:
    """
    Text of a report's workbook cell: what a workbook cannot store is escaped.

    >>> xlsx_text("Godt\\x0bsamarbejde")
    'Godt\\\\x0bsamarbejde'
    """
    return visible(text)


def xlsx_header_text(text: str) -> str:
    """
    Text of a workbook's page header or footer, where ``&`` starts a code
    (``&P`` is the page number): written ``&&``, so it shows as itself.

    >>> xlsx_header_text("Kilde: A&B register/")
    'Kilde: A&&B register/'
    """
    return xlsx_text(text).replace("&", "&&")


def unstorable_in_workbook(text: str) -> str | None:
    """
    The first character of ``text`` that a workbook cannot store, or ``None``.

    >>> unstorable_in_workbook("ok\\ttab"), unstorable_in_workbook("bell\\x07")
    (None, '\\x07')
    """
    if text.isprintable():
        return None
    match = _NOT_IN_WORKBOOK.search(text)
    return match.group(0) if match else None


def as_text_cell(cell: Any) -> Any:
    """
    Make the openpyxl ``cell`` (holding a string) a text value, never a
    formula or an error code; text that starts like a formula is also marked
    with Excel's "quote prefix", so editing the cell keeps it text.

    openpyxl itself stores a string that starts with ``=`` as a formula and
    ``#N/A`` as an error; this undoes both.
    """
    cell.data_type = "s"
    if starts_like_formula(cell.value):
        cell.quotePrefix = True
    return cell


_MARKDOWN_INLINE = re.compile(
    r"[\\`*\[\]|#]"                            # code, emphasis, links and images, tables, headings
    r"|(?<![0-9A-Za-zÆØÅæøå])_|_(?![0-9A-Za-zÆØÅæøå])"  # '_' that is not inside a word
    r"|<(?=[A-Za-z/!?])"                       # '<' that could open a tag or an autolink
    r"|~(?=~)"                                 # strikethrough
)
_MARKDOWN_BLOCK = re.compile(r"^(?:([-+>~])|(\d+)([.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def markdown_text(text: str, *, block: bool = False) -> str:
    """
    Text for Markdown that shows as itself: it cannot become a link or an
    image, a heading, emphasis, code, HTML, or break a table; line breaks
    become spaces, so the text stays in its paragraph, heading or table cell.
    With ``block``, the text starts a paragraph of its own, so what would
    start a list, a quote or a rule there is escaped too.

    >>> print(markdown_text("<5 | q7_overview *ok* _x_ <b>"))
    <5 \\| q7_overview \\*ok\\* \\_x\\_ \\<b>
    >>> print(markdown_text("[klik her](http://example.org)\\n# Overskrift"))
    \\[klik her\\](http://example.org) \\# Overskrift
    >>> print(markdown_text("- punkt", block=True), markdown_text("1. punkt", block=True))
    \\- punkt 1\\. punkt
    >>> print(markdown_text("-0,5"))
    -0,5
    """
    text = _LINE_BREAKS.sub(" ", visible(text)).strip()
    text = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(0), text)
    if block:
        # What starts a block (a list, a quote, a rule) is only read at its start.
        text = _MARKDOWN_BLOCK.sub(_escape_block_start, text, count=1)
    return text


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


__all__ = [
    "as_text_cell",
    "css_string",
    "csv_cell",
    "html_text",
    "markdown_text",
    "terminal_text",
    "unstorable_in_workbook",
    "visible",
    "xlsx_header_text",
    "xlsx_text",
]
