"""
The HTML page: well-formed, self-contained, escaped, with one bar per outcome.
"""

from __future__ import annotations

import copy
import datetime as dt
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


def test_page_has_one_outcome_chart_per_agreement_with_one_bar_per_nonzero_outcome(
        document, page):
    parsed = _parse(page)
    assert 2 == len(parsed.tags("svg"))
    bars_per_chart: dict[int, int] = {}
    svg_index = -1
    for tag, attrs, _ in parsed.elements:
        if tag == "svg":
            svg_index += 1
        elif tag == "rect" and attrs.get("class") == "bar":
            bars_per_chart[svg_index] = bars_per_chart.get(svg_index, 0) + 1
    expected = [sum(1 for n in a["q7_overview"]["outcomes"].values() if n)
                for a in document["agreements"]]
    assert expected == [bars_per_chart[i] for i in range(2)]


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


def test_a_suppressed_outcome_gets_an_outline_instead_of_a_bar(document):
    page = render_evaluation(suppress(document, below=5), fmt="html")
    parsed = _parse(page)
    first_chart = []
    in_first = False
    for tag, attrs, _ in parsed.elements:
        if tag == "svg":
            if in_first:
                break
            in_first = True
        elif tag == "rect" and in_first:
            first_chart.append(attrs.get("class"))
    outcomes = document["agreements"][0]["q7_overview"]["outcomes"]
    expected_bars = sum(1 for n in outcomes.values() if n >= 5)
    expected_hidden = sum(1 for n in outcomes.values() if 1 <= n < 5)
    assert (expected_bars, expected_hidden) == (first_chart.count("bar"),
                                                first_chart.count("hidden"))


def test_comparison_and_trend_pages_are_well_formed():
    register = forloeb.load_example()
    for page in (render_comparison(compare(register, as_of=dt.date(2018, 6, 30)), fmt="html"),
                 render_trend(trend(register, years=[2017, 2018]), fmt="html", lang="en")):
        parsed = _parse(page)
        assert ([], []) == (parsed.errors, parsed.open)
        assert [] == parsed.tags("script")
        assert 1 <= len(parsed.tags("table"))
