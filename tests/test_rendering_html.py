"""
The HTML page: well-formed, self-contained, escaped, with one bar per outcome.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

import forloeb
from forloeb.evaluation import compare, evaluate, trend
from forloeb.rendering import render_comparison, render_evaluation, render_trend, suppress

_VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "wbr", "area", "base",
                   "source", "track", "embed", "rect"})


class _Page(HTMLParser):
    """
    Parses a page, checking that every element is closed in order, and keeps
    the elements with their attributes and the text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.open)))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.open)))

    def handle_endtag(self, tag):
        if tag in _VOID and (not self.open or self.open[-1] != tag):
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]} ")
            return
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)

    def tags(self, name):
        return [(attrs, parents) for tag, attrs, parents in self.elements if tag == name]


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def document():
    return evaluate(forloeb.load_example(), as_of=dt.date(2018, 6, 30)).to_dict()


@pytest.fixture(scope="module")
def page(document):
    return render_evaluation(document, fmt="html")


def test_page_is_well_formed(page):
    parsed = _parse(page)
    assert ([], []) == (parsed.errors, parsed.open)
    assert page.startswith("<!DOCTYPE html>\n")


def test_page_sets_its_language(document, page):
    assert [{"lang": "da"}] == [attrs for attrs, _ in _parse(page).tags("html")]
    english = render_evaluation(document, fmt="html", lang="en")
    assert [{"lang": "en"}] == [attrs for attrs, _ in _parse(english).tags("html")]


def test_page_is_self_contained(page):
    parsed = _parse(page)
    assert [] == parsed.tags("script")
    assert [] == parsed.tags("link")
    sources = [a for tag, a, _ in parsed.elements if {"src", "href"} & set(a)]
    assert [] == sources
    assert "http" not in page
    assert "@import" not in page


def _chart_rows(page: str) -> list[list[str]]:
    # The classes of the bars (not the tracks) of each bar chart, chart by chart.
    charts = []
    for figure in re.findall(r'<figure class="chart bars">.*?</figure>', page, re.DOTALL):
        bars = re.findall(r'<svg class="bar"[^>]*>(.*?)</svg>', figure, re.DOTALL)
        charts.append([c for bar in bars for c in re.findall(r'<rect class="([^"]+)"', bar)
                       if c != "track"])
    return charts


def test_each_outcome_chart_has_a_bar_per_outcome_coloured_by_its_group(document, page):
    charts = _chart_rows(page)
    # Per agreement: the compliance chart, then the outcome chart; the summary's two first.
    outcome_charts = [c for c in charts if any(b.startswith("g-") for b in c)]
    expected = []
    for agreement in document["agreements"]:
        positive = set(agreement["positive_outcomes"])
        bars = [code for code, n in agreement["q7_overview"]["outcomes"].items() if n]
        expected.append(sum(1 for code in bars if code in positive))
    assert expected == [c.count("g-progression") for c in outcome_charts]
    assert [sum(1 for n in a["q7_overview"]["outcomes"].values() if n)
            for a in document["agreements"]] == [len(c) for c in outcome_charts]


def test_a_suppressed_outcome_gets_an_outline_instead_of_a_bar(document):
    page = render_evaluation(suppress(document, below=5), fmt="html")
    first = next(c for c in _chart_rows(page)
             if all(b.startswith("g-") or b == "hidden" for b in c) and c)
    outcomes = document["agreements"][0]["q7_overview"]["outcomes"]
    expected_bars = sum(1 for n in outcomes.values() if n >= 5)
    expected_hidden = sum(1 for n in outcomes.values() if 1 <= n < 5)
    assert (expected_bars, expected_hidden) == (sum(1 for b in first if b.startswith("g-")),
                                                first.count("hidden"))


def test_the_summary_comes_first_with_a_card_per_agreement(document, page):
    parsed = _parse(page)
    sections = [attrs.get("class") for tag, attrs, _ in parsed.elements if tag == "section"]
    assert "summary" == sections[0]
    cards = parsed.tags("article")
    assert len(document["agreements"]) == len(cards)
    text = "".join(parsed.text)
    assert text.index("Sammenfatning") < text.index("1. Er forløbene i brug?")
    assert text.index("Pris pr. progression") < text.index("1. Er forløbene i brug?")


def test_every_agreement_starts_a_new_page(document, page):
    parsed = _parse(page)
    parts = [attrs.get("class") for tag, attrs, _ in parsed.elements
             if tag == "section" and "part" in (attrs.get("class") or "")]
    assert len(document["agreements"]) + 1 == len(parts)  # and the comparison
    assert all("new-page" in p for p in parts)
    assert "@page" in page
    assert "size: A4" in page


def test_danish_page_groups_thousands_and_writes_dates_day_first(page):
    text = "".join(_parse(page).text)
    assert "72 % (2.103/2.920)" in text
    assert "22.08.2017" in text
    assert "2017-08-22" not in text


def test_footer_names_the_source_and_the_time_passed_in(document):
    moment = dt.datetime(2018, 7, 1, 9, 30)
    page = render_evaluation(document, fmt="html", source="register/", generated_at=moment)
    footer = "".join(_parse(page).text).split("Sammenligning")[-1]
    assert "Kilde: register/" in footer
    assert "Dannet 1. juli 2018 kl. 09.30" in footer
    english = render_evaluation(document, fmt="html", lang="en", generated_at=moment)
    assert "Generated 1 July 2018 at 09:30" in "".join(_parse(english).text)
    assert "Dannet" not in render_evaluation(document, fmt="html")


def test_a_source_cannot_break_out_of_the_printed_page_footer(document):
    source = 'x"; } body { display: none } </style><script>alert(1)</script>'
    page = render_evaluation(document, fmt="html", source=source)
    parsed = _parse(page)
    assert ([], []) == (parsed.errors, parsed.open)
    assert [] == parsed.tags("script")
    style = page[page.index("<style>"):page.index("</style>")]
    assert "display: none" not in style
    assert "<" not in style.removeprefix("<style>")


def test_page_has_the_same_tables_as_the_text(page):
    text = "".join(_parse(page).text)
    assert "Er forløbene i brug?" in text
    assert "40 % (10/25)" in text
    assert "61 % (22/36)" in text
    assert "Det betyder at 40 % er gået i uddannelse" in text


def test_page_escapes_every_text(document):
    doc = copy.deepcopy(document)
    doc["agreements"][0]["provider"] = "<script>alert(1)</script> & Co"
    doc["agreements"][0]["q8_collaboration"]["items"][0]["note"] = "<b>fed</b>"
    page = render_evaluation(doc, fmt="html")
    parsed = _parse(page)
    assert [] == parsed.tags("script")
    assert [] == parsed.tags("b")
    assert "<script>alert(1)</script> & Co" in "".join(parsed.text)


def test_comparison_and_trend_pages_are_well_formed():
    register = forloeb.load_example()
    for page in (render_comparison(compare(register, as_of=dt.date(2018, 6, 30)), fmt="html"),
                 render_trend(trend(register, years=[2017, 2018]), fmt="html", lang="en")):
        parsed = _parse(page)
        assert ([], []) == (parsed.errors, parsed.open)
        assert [] == parsed.tags("script")
        assert 1 <= len(parsed.tags("table"))


def test_the_comparison_is_drawn_as_bars_side_by_side():
    register = forloeb.load_example()
    page = render_comparison(compare(register, as_of=dt.date(2018, 6, 30)), fmt="html")
    charts = _chart_rows(page)
    # Five shares, a bar for each of the two agreements; then the price of each.
    assert [["s0", "s1"] * 5, ["s0", "s0"]] == charts


def test_the_trend_is_drawn_as_lines_a_line_per_figure_and_per_agreement():
    register = forloeb.load_example()
    page = render_trend(trend(register, years=[2016, 2017, 2018]), fmt="html", lang="en")
    parsed = _parse(page)
    plots = [a for a, _ in parsed.tags("svg") if a.get("class") == "plot"]
    # The summary: one chart per share, a line per agreement; then per agreement, a line per share.
    assert 5 + 2 == len(plots)
    assert 5 * 2 + 2 * 5 == len(parsed.tags("polyline"))
    assert {"2016", "2017", "2018"} <= set(parsed.text)


def test_every_value_on_the_page_passes_through_the_one_html_escaping(document):
    """
    The template's values go through forloeb.escaping.html_text, which also
    shows control characters: a name with an escape sequence shows it.
    """
    doc = copy.deepcopy(document)
    doc["agreements"][0]["name"] = "Aftale\x1b[2J <i>1</i>"
    page = render_evaluation(doc, fmt="html", source="\x07register")
    assert "\x1b" not in page
    assert "\x07" not in page
    assert "Aftale\\x1b[2J &lt;i&gt;1&lt;/i&gt;" in page
    assert [] == _parse(page).tags("i")


def test_the_templates_mark_nothing_safe_by_hand():
    from pathlib import Path

    import forloeb.rendering

    folder = Path(forloeb.rendering.__file__).parent / "templates"
    for template in folder.iterdir():
        text = template.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), template
        assert "autoescape false" not in text, template
