"""
Markdown: the report for a wiki page or an annual-report draft, tables by ``tabulate``.
"""

from __future__ import annotations

import re

from tabulate import tabulate

from forloeb.labels import label
from forloeb.rendering._cells import format_cell
from forloeb.rendering._report import Report, Table

_SPECIAL = re.compile(r"[\\|*]|(?<![0-9A-Za-zÆØÅæøå])_|_(?![0-9A-Za-zÆØÅæøå])|<(?=[A-Za-z/!?])")


def render_markdown(report: Report) -> str:
    """
    ``report`` as Markdown: ``#`` title, ``##`` per agreement, ``###`` per
    question, pipe tables.
    """
    blocks = [f"# {_escape(report.title)}"]
    blocks.extend(_escape(line) for line in report.lines if line)
    for part in report.parts:
        if part.heading:
            blocks.append(f"## {_escape(part.heading)}")
        for section in part.sections:
            if section.heading:
                blocks.append(f"### {_escape(section.heading)}")
            blocks.extend(_table(table, report.lang) for table in section.tables if table.rows)
            blocks.extend(_escape(p) for p in section.paragraphs)
        blocks.extend(_escape(p) for p in part.paragraphs)
    return "\n\n".join(blocks) + "\n"


def _escape(text: str) -> str:
    """
    Escape only what would change the layout: a backslash, a pipe (it splits a
    table cell), '*', '_' that is not inside a word, '<' that could open a tag.

    >>> print(_escape("<5 | q7_overview *ok* _x_ <b>"))
    <5 \\| q7_overview \\*ok\\* \\_x\\_ \\<b>
    """
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _table(table: Table, lang: str) -> str:
    rows = [[_escape(format_cell(cell, lang)) for cell in row] for row in table.rows]
    headers = list(table.headers) or [label("figure.figure", lang), label("figure.value", lang)]
    align = tuple("left" if i == 0 or i in table.text_columns else "right"
                  for i in range(len(headers)))
    return tabulate(rows, headers=[_escape(h) for h in headers], tablefmt="pipe",
                    colalign=align, disable_numparse=True)
