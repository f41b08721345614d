"""
Markdown: the report for a wiki page or an annual-report draft, tables by ``tabulate``.

Every piece of text passes through :func:`forloeb.escaping.markdown_text`, so
a name or note cannot become a link, a heading, HTML or a break in a table.
"""

from __future__ import annotations

from tabulate import tabulate

from forloeb.escaping import markdown_text
from forloeb.labels import label
from forloeb.rendering._cells import format_cell
from forloeb.rendering._report import Report, Table


def render_markdown(report: Report) -> str:
    """
    ``report`` as Markdown: ``#`` title, ``##`` per agreement, ``###`` per
    question, pipe tables.
    """
    blocks = [f"# {markdown_text(report.title)}"]
    blocks.extend(_paragraph(line) for line in report.lines if line)
    for part in report.parts:
        if part.heading:
            blocks.append(f"## {markdown_text(part.heading)}")
        for section in part.sections:
            if section.heading:
                blocks.append(f"### {markdown_text(section.heading)}")
            blocks.extend(_table(table, report.lang) for table in section.tables if table.rows)
            blocks.extend(map(_paragraph, section.paragraphs))
        blocks.extend(map(_paragraph, part.paragraphs))
    return "\n\n".join(blocks) + "\n"


def _paragraph(text: str) -> str:
    return markdown_text(text, block=True)


def _table(table: Table, lang: str) -> str:
    rows = [[markdown_text(format_cell(cell, lang)) for cell in row] for row in table.rows]
    headers = list(table.headers) or [label("figure.figure", lang), label("figure.value", lang)]
    align = tuple("left" if i == 0 or i in table.text_columns else "right"
                  for i in range(len(headers)))
    return tabulate(rows, headers=[markdown_text(h) for h in headers], tablefmt="pipe",
                    colalign=align, disable_numparse=True)
