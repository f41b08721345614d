"""
Plain text: the report as a reader sees it in a terminal, tables by ``tabulate``.

Every piece of text passes through :func:`forloeb.escaping.terminal_text`, so
a name or note holding an escape sequence (``\\x1b[2J`` clears the screen)
is shown as the escape, never acted on by the terminal.
"""

from __future__ import annotations

from tabulate import tabulate

from forloeb.escaping import terminal_text
from forloeb.rendering._cells import format_cell
from forloeb.rendering._report import Report, Table


def render_text(report: Report) -> str:
    """
    ``report`` as plain text: underlined title and agreement headings, a
    heading line per question, aligned tables, sentences as paragraphs.
    """
    blocks = [_underlined(report.title, "=")]
    lines = [terminal_text(line) for line in report.lines if line]
    if lines:
        blocks.append("\n".join(lines))
    for part in report.parts:
        if part.heading:
            blocks.append(_underlined(part.heading, "-"))
        for section in part.sections:
            if section.heading:
                blocks.append(terminal_text(section.heading))
            blocks.extend(_table(table, report.lang) for table in section.tables if table.rows)
            blocks.extend(map(terminal_text, section.paragraphs))
        blocks.extend(map(terminal_text, part.paragraphs))
    return "\n\n".join(blocks) + "\n"


def _underlined(text: str, rule: str) -> str:
    text = terminal_text(text)
    return f"{text}\n{rule * len(text)}"


def _table(table: Table, lang: str) -> str:
    rows = [[terminal_text(format_cell(cell, lang)) for cell in row] for row in table.rows]
    align = _alignment(table)
    if table.headers:
        return tabulate(rows, headers=[terminal_text(h) for h in table.headers],
                        tablefmt="simple", colalign=align, disable_numparse=True)
    return tabulate(rows, tablefmt="plain", colalign=align, disable_numparse=True)


def _alignment(table: Table) -> tuple[str, ...]:
    # Labels and free text left, figures right.
    return tuple("left" if i == 0 or i in table.text_columns else "right"
                 for i in range(table.width))
