"""
HTML: one self-contained page (inline CSS, no script, nothing fetched from the
network) with the report's tables and a bar chart of outcomes per agreement
drawn as inline SVG. Every piece of text passes through
:func:`forloeb.escaping.html_text`, so no name or note can become markup.
"""

from __future__ import annotations

from forloeb.escaping import html_text
from forloeb.rendering._cells import format_cell
from forloeb.rendering._report import Bar, Report, Section, Table

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em;
       padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 2px solid #2a6f97; }
h3 { font-size: 1.05em; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { text-align: left; background: #f2f5f7; }
td.num { text-align: right; white-space: nowrap; }
p.note { color: #555; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; fill: #222; }
svg rect.bar { fill: #2a6f97; }
svg rect.hidden { fill: none; stroke: #2a6f97; stroke-dasharray: 4 2; }
"""

#: Chart geometry, in pixels.
_LABEL_WIDTH = 330
_BAR_WIDTH = 300
_ROW = 22
_BAR = 16


def render_html(report: Report) -> str:
    """
    ``report`` as a complete HTML page in the report's language.
    """
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html_text(report.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{html_text(report.title)}</h1>",
    ]
    out.extend(f'<p class="note">{html_text(line)}</p>' for line in report.lines if line)
    for part in report.parts:
        out.append("<section>")
        if part.heading:
            out.append(f"<h2>{html_text(part.heading)}</h2>")
        for section in part.sections:
            out.extend(_section(section, report.lang))
        out.extend(f"<p><strong>{html_text(p)}</strong></p>" for p in part.paragraphs)
        out.append("</section>")
    out.extend(["</body>", "</html>"])
    return "\n".join(out) + "\n"


def _section(section: Section, lang: str) -> list[str]:
    out = []
    if section.heading:
        out.append(f"<h3>{html_text(section.heading)}</h3>")
    out.extend(_table(table, lang) for table in section.tables if table.rows)
    out.extend(f"<p>{html_text(p)}</p>" for p in section.paragraphs)
    if section.chart:
        out.append(_chart(section.chart, section.chart_title))
    return out


def _table(table: Table, lang: str) -> str:
    lines = ["<table>"]
    if table.headers:
        header = "".join(f'<th scope="col">{html_text(h)}</th>' for h in table.headers)
        lines.append(f"<thead><tr>{header}</tr></thead>")
    lines.append("<tbody>")
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            text = html_text(format_cell(cell, lang))
            if i == 0:
                cells.append(f'<th scope="row">{text}</th>')
            elif i in table.text_columns:
                cells.append(f"<td>{text}</td>")
            else:
                cells.append(f'<td class="num">{text}</td>')
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def _chart(bars: tuple[Bar, ...], title: str) -> str:
    """
    Horizontal bars, one per outcome, scaled to the largest count; a
    suppressed count is an outlined bar of no particular length, labelled
    with its ``<N``.
    """
    counts = [b.value for b in bars if isinstance(b.value, int)]
    largest = max(counts, default=1) or 1
    height = _ROW * len(bars) + 4
    width = _LABEL_WIDTH + _BAR_WIDTH + 40
    out = [
        # Inline SVG in HTML needs no namespace, so the page holds no address at all.
        f'<figure><svg role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{html_text(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = i * _ROW + 2
        text_y = y + _BAR - 3
        out.append(f'<text x="{_LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end">'
                   f"{html_text(bar.label)}</text>")
        if isinstance(bar.value, int):
            length = round(_BAR_WIDTH * bar.value / largest)
            out.append(f'<rect class="bar" x="{_LABEL_WIDTH}" y="{y}" width="{length}" '
                       f'height="{_BAR}"><title>{html_text(bar.label)}: {bar.value}</title></rect>')
        else:
            length = _BAR_WIDTH // 10
            out.append(f'<rect class="hidden" x="{_LABEL_WIDTH}" y="{y}" width="{length}" '
                       f'height="{_BAR}"/>')
        out.append(f'<text x="{_LABEL_WIDTH + length + 6}" y="{text_y}">'
                   f"{html_text(str(bar.value))}</text>")
    out.append("</svg>")
    out.append(f"<figcaption>{html_text(title)}</figcaption></figure>")
    return "\n".join(out)
