"""
HTML: one self-contained page (inline CSS, no script, no font or image
fetched from anywhere) that reads on screen and prints as an A4 document:
the summary first, each agreement on a page of its own, then the details,
page numbers, source and time of generation in the footer.

The page is a Jinja2 template (``templates/report.html``) with autoescaping,
whose every value passes through :func:`forloeb.escaping.html_text` (the
template's ``finalize``), so no name or note can become markup; the one
other way in, the footer of a printed page, is a CSS string made by
:func:`forloeb.escaping.css_string`.

Charts are drawn as inline SVG (:mod:`forloeb.rendering._drawing`); every
free-text label (an outcome, a rule, an agreement's name) is HTML beside the
drawing, where it wraps at any length in any language, never text inside
the SVG that could be cut off.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
import jinja2
from markupsafe import Markup

from forloeb.escaping import css_string, html_text
from forloeb.labels import format_moment, label
from forloeb.rendering import _drawing
from forloeb.rendering._cells import Cell, Share, format_cell
from forloeb.rendering._report import Chart, Part, Report, Table


def _finalize(value: object) -> object:
    # Every value the template prints, escaped by the one function for HTML.
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return Markup(html_text(value))


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("forloeb.rendering", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = lambda text: Markup(css_string(text))
    return environment


def render_html(report: Report) -> str:
    """
    ``report`` as a complete HTML page in the report's language.
    """
    lang = report.lang
    parts = [_part(p, lang) for p in report.parts]
    details = [_part(p, lang) for p in report.details]
    footer = [line for line in (_source_line(report), _generated_line(report)) if line]
    # Each printed page names the source too, shortened to fit its foot.
    shortened = attrs.evolve(report, source=_shortened(report.source))
    page_footer = [line for line in (_source_line(shortened), _generated_line(report)) if line]
    page_label = label("text.page", lang)
    before, _, rest = page_label.partition("{page}")
    between, _, after = rest.partition("{pages}")
    context = {
        "report": report,
        "summary": _summary(report),
        "parts": parts,
        "details": details,
        "footer": footer,
        "page_footer": " · ".join(page_footer),
        "page_number": (before, between, after),
    }
    return _environment().get_template("report.html").render(context)


#: The longest source a printed page's foot shows in full.
_PAGE_SOURCE = 60


def _shortened(text: str) -> str:
    return text if len(text) <= _PAGE_SOURCE else text[:_PAGE_SOURCE - 1] + "…"


def _source_line(report: Report) -> str:
    return label("text.source", report.lang).format(source=report.source) if report.source \
        else ""


def _generated_line(report: Report) -> str:
    return "" if report.generated_at is None else format_moment(report.generated_at,
                                                                report.lang)


def _summary(report: Report) -> dict[str, Any] | None:
    summary = report.summary
    if summary is None:
        return None
    cards = [{
        "heading": card.heading,
        "subheading": card.subheading,
        "figures": [_key_figure(row, report.lang) for row in card.figures.rows],
        "chart": _chart(card.chart, report.lang) if card.chart else None,
        "paragraphs": card.paragraphs,
    } for card in summary.cards]
    return {
        "heading": summary.heading,
        "cards": cards,
        "charts": [_drawing.draw(c, report.lang, compact=True) for c in summary.charts],
        "paragraphs": summary.paragraphs,
    }


def _key_figure(row: tuple[Cell, ...], lang: str) -> dict[str, Any]:
    # A card's row: the figure's name, its value, and a meter for a rate.
    name, cell = (*row, None)[:2]
    meter = None
    if isinstance(cell, Share) and not cell.is_suppressed:
        exact = cell.exact
        if exact is not None:
            meter = _drawing.percent_width(float(exact))
    return {"label": format_cell(name, lang), "value": _pieces(cell, lang), "meter": meter}


def _part(part: Part, lang: str) -> dict[str, Any]:
    sections = []
    for section in part.sections:
        # Tables, then charts, then sentences; the heading is printed with the first.
        blocks: list[tuple[str, Any]] = [("table", _table(t, lang))
                                         for t in section.tables if t.rows]
        blocks += [("chart", _chart(c, lang)) for c in section.all_charts]
        blocks += [("paragraph", p) for p in section.paragraphs]
        if section.heading or blocks:
            sections.append({"heading": section.heading, "blocks": blocks})
    return {"heading": part.heading, "sections": sections, "paragraphs": part.paragraphs}


def _table(table: Table, lang: str) -> dict[str, Any]:
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0:
                kind = "label"
            elif i in table.text_columns:
                kind = "text"
            else:
                kind = "num"
            cells.append({"kind": kind, "pieces": _pieces(cell, lang),
                          "figure": _drawing.is_figure(cell)})
        rows.append(cells)
    return {"headers": table.headers, "rows": rows,
            "kind": "grid" if table.headers else "figures",
            "numeric_columns": [i for i in range(table.width)
                                if i and i not in table.text_columns]}


def _pieces(cell: Cell, lang: str) -> list[str]:
    """
    A cell's text in pieces that never break inside (``40 %``, ``(10/25)``),
    so a narrow column wraps between them, not inside a number or a date.
    """
    text = format_cell(cell, lang)
    if isinstance(cell, Share) and " (" in text:
        value, _, counts = text.partition(" (")
        return [value, f"({counts}"]
    return [text]


def _chart(chart: Chart, lang: str) -> dict[str, Any]:
    return _drawing.draw(chart, lang)
