"""
The web reports in a real browser (headless Chromium): no text runs out of
its box or its drawing, on a wide screen, a phone or A4 paper, in Danish and
English, with names of any length and in a wide font; printed to PDF they
are A4 pages, the summary first, each agreement on a page of its own, and
no page ends with a heading.

Skipped, with the reason, where Chromium or Playwright is missing, except
when ``FORLOEB_REQUIRE_BROWSER=1`` (as ``.ci/run`` sets it): then they fail.
One browser serves the whole session.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re

import browser
import pytest

import forloeb
from forloeb.evaluation import annual_report, compare, evaluate, jobs, trend
from forloeb.rendering import (
    render_annual_report,
    render_comparison,
    render_evaluation,
    render_jobs,
    render_trend,
    suppress,
)

SUMMER = dt.date(2018, 6, 30)
MOMENT = dt.datetime(2018, 7, 1, 9, 30)

#: Widths the page is checked at: a desktop, a half screen, a phone, and A4's printed area.
SCREENS = (1280, 680, 390)

#: Forces the widest common sans-serif, to show that nothing fits by luck of the font.
WIDE_FONT = "* { font-family: 'DejaVu Sans' !important; }"


@pytest.fixture(scope="session")
def chromium():
    reason = browser.unavailable()
    if reason is not None:
        if os.environ.get("FORLOEB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FORLOEB_REQUIRE_BROWSER=1, but {reason}")
        pytest.skip(reason)
    with browser.chromium() as running:
        yield running


@pytest.fixture(scope="module")
def register():
    return forloeb.load_example()


@pytest.fixture(scope="module")
def evaluation(register):
    return evaluate(register, as_of=SUMMER).to_dict()


def _long(document):
    """
    The evaluation with every name, provider and note far longer than any
    real one, one of them a single word of 150 letters.
    """
    doc = copy.deepcopy(document)
    word = "Rehabiliteringsteamsafklaringsforløbsbeskrivelse" * 3
    for n, agreement in enumerate(doc["agreements"]):
        agreement["name"] = ("Samarbejdsaftale om beskæftigelsesrettede forløb for borgere i "
                             f"ressourceforløb og jobafklaringsforløb nummer {n + 1} " * 2).strip()
        agreement["provider"] = word if n == 0 else "Socialøkonomisk virksomhed " * 6
        for item in agreement["q8_collaboration"]["items"]:
            item["note"] = f"{word} " + "Godt samarbejde om forlængelserne. " * 8
    return doc


def _long_enterprises(document):
    """
    The annual report with every enterprise's name far longer than any real one.
    """
    doc = copy.deepcopy(document)
    name = "Socialøkonomisk virksomhed og beskæftigelsesinitiativ for udsatte ledige "
    for n, row in enumerate(doc["jobs"]["enterprises"]):
        row["enterprise"] = f"{name * 2}nummer {n + 1}"
    for n, path in enumerate(doc["jobs"]["flexjob_progression"]["paths"]):
        path["enterprise"] = f"{name}nummer {n + 1}"
    return doc


def _reports(register, evaluation):
    years = trend(register, years=[2014, 2015, 2016, 2017, 2018])
    comparison = compare(register, as_of=SUMMER)
    annual = annual_report(register, year=2018).to_dict()
    year_jobs = jobs(register, year=2018, as_of=dt.date(2018, 12, 31)).to_dict()
    for lang in ("da", "en"):
        yield f"evaluate-{lang}", render_evaluation(evaluation, fmt="html", lang=lang,
                                                    source="register/", generated_at=MOMENT)
        yield f"compare-{lang}", render_comparison(comparison, fmt="html", lang=lang,
                                                   generated_at=MOMENT)
        yield f"trend-{lang}", render_trend(years, fmt="html", lang=lang, generated_at=MOMENT)
        yield f"annual-{lang}", render_annual_report(annual, fmt="html", lang=lang,
                                                     source="register/", generated_at=MOMENT)
    yield "jobs-da", render_jobs(year_jobs, fmt="html", generated_at=MOMENT)
    yield "annual-suppressed-da", render_annual_report(suppress(annual, below=5), fmt="html",
                                                       generated_at=MOMENT)
    yield "annual-long-da", render_annual_report(_long_enterprises(annual), fmt="html",
                                                 generated_at=MOMENT)
    yield "evaluate-long-da", render_evaluation(_long(evaluation), fmt="html",
                                                source="x" * 300, generated_at=MOMENT)


@pytest.fixture(scope="module")
def pages(chromium, register, evaluation):
    """
    Each report once in a browser page: what did not fit where, its headings,
    and its PDF's pages.
    """
    found = {}
    context = chromium.new_context()
    page = context.new_page()
    for name, html in _reports(register, evaluation):
        page.emulate_media(media="screen")
        page.set_content(html)
        problems = []
        for width in SCREENS:
            page.set_viewport_size({"width": width, "height": 900})
            problems += [f"{width}px: {p}" for p in page.evaluate(browser.OVERFLOW_CHECK)]
        page.emulate_media(media="print")
        page.set_viewport_size({"width": browser.A4_CONTENT_PX, "height": 1000})
        problems += [f"print: {p}" for p in page.evaluate(browser.OVERFLOW_CHECK)]
        headings = page.evaluate(browser.HEADINGS)
        printed = page.pdf(prefer_css_page_size=True)
        pdf = browser.pdf_pages(printed)
        lines = browser.pdf_lines(printed)
        if "-long" in name:
            page.add_style_tag(content=WIDE_FONT)
            problems += [f"print, wide font: {p}" for p in page.evaluate(browser.OVERFLOW_CHECK)]
        found[name] = {"problems": problems, "headings": headings, "pdf": pdf, "lines": lines}
    context.close()
    return found


REPORTS = ["evaluate-da", "evaluate-en", "compare-da", "compare-en", "trend-da", "trend-en",
           "annual-da", "annual-en", "jobs-da", "annual-suppressed-da", "annual-long-da",
           "evaluate-long-da"]


@pytest.mark.parametrize("name", REPORTS)
def test_no_text_runs_out_of_its_box_or_its_drawing(pages, name):
    assert [] == pages[name]["problems"]


@pytest.mark.parametrize("name", REPORTS)
def test_printing_gives_a4_pages(pages, name):
    sizes = {size for size, _ in pages[name]["pdf"]}
    assert all(abs(w - browser.A4_POINTS[0]) < 1.5 and abs(h - browser.A4_POINTS[1]) < 1.5
               for w, h in sizes), sizes


_PAGE_NUMBER = re.compile(r"(Side|Page) (\d+) (af|of) (\d+)$")


def _content(lines):
    # A page's lines without the page footer (source, time and page number).
    return [(text, bold) for text, bold in lines if not _PAGE_NUMBER.search(text)]


def _is_heading(line, headings):
    # Headings are set in bold; a legend or a table may hold the same words.
    text, bold = line
    return bold and any(text == h or (len(text) > 12 and h.endswith(text)) for h in headings)


@pytest.mark.parametrize("name", REPORTS)
def test_no_printed_page_ends_with_a_heading(pages, name):
    report = pages[name]
    ends = [(number, _content(lines)[-1]) for number, (_, lines)
            in enumerate(report["lines"], 1) if _content(lines)]
    assert [] == [(number, line) for number, line in ends if _is_heading(line, report["headings"])]


def test_the_heading_test_sees_a_heading_at_the_foot_of_a_page(chromium):
    """
    The check above can fail: a page forced to break after a heading is caught.
    """
    html = ("<style>@page { size: A4 } h3 { break-after: page; }</style>"
            "<h3>Overblik, herunder efter endt forløb?</h3><p>Afsluttede forløb 25</p>")
    page = chromium.new_page()
    page.set_content(html)
    lines = browser.pdf_lines(page.pdf(prefer_css_page_size=True))
    headings = page.evaluate(browser.HEADINGS)
    page.close()
    assert _is_heading(_content(lines[0][1])[-1], headings)


@pytest.mark.parametrize("name", REPORTS)
def test_every_printed_page_is_numbered(pages, name):
    report = pages[name]
    total = len(report["pdf"])
    numbers = [_PAGE_NUMBER.search(lines[-1]) for _, lines in report["pdf"]]
    assert [(str(n), str(total)) for n in range(1, total + 1)] == [
        (m.group(2), m.group(4)) if m else None for m in numbers]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_evaluation_prints_its_summary_first_and_each_agreement_on_a_page_of_its_own(
        pages, evaluation, lang):
    pdf = pages[f"evaluate-{lang}"]["pdf"]
    first = " ".join(pdf[0][1])
    summary = {"da": "Sammenfatning", "en": "Summary"}[lang]
    question = {"da": "1. Er forløbene i brug?", "en": "1. Are the pathways in use?"}[lang]
    assert summary in first
    assert question not in first
    # Each agreement's heading opens a page; its first question is on that page.
    openings = [lines[0] for _, lines in pdf[1:]]
    for agreement in evaluation["agreements"]:
        heading = f"{agreement['name']} ({agreement['agreement_id']}) – {agreement['provider']}"
        assert heading in openings
    # Every card, with its price per progression, is on the first page.
    for agreement in evaluation["agreements"]:
        assert f"({agreement['agreement_id']})" in first
    currency = {"da": " kr.", "en": "DKK "}[lang]
    assert first.count(currency) >= 2 * len(evaluation["agreements"])  # cards and chart


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_annual_report_prints_the_years_result_first_and_each_part_on_a_page_of_its_own(
        pages, lang):
    pdf = pages[f"annual-{lang}"]["pdf"]
    first = " ".join(pdf[0][1])
    result = {"da": "35 job via jobcentret i 2018 mod et mål på 30: målet er nået.",
              "en": "35 jobs through the jobcentre in 2018 against a goal of 30: the goal is "
                    "met."}[lang]
    assert result in " ".join(first.split())
    openings = [lines[0] for _, lines in pdf[1:]]
    parts = {"da": ["Job via jobcentret i 2018", "Fleksjob: progression og opfølgning",
                    "Samarbejdsaftale 1 (SA1) – VeteranHaven", "Samarbejdsaftale 2 (SA2) – Sumak",
                    "Sammenligning", "Udvikling pr. 30. juni 2014–2018"],
             "en": ["Jobs through the jobcentre in 2018", "Flexjobs: progression and reviews",
                    "Samarbejdsaftale 1 (SA1) – VeteranHaven", "Samarbejdsaftale 2 (SA2) – Sumak",
                    "Comparison", "Trend as of 30 June 2014–2018"]}[lang]
    assert parts == [line for line in openings if line in parts]


def test_the_printed_footer_names_source_and_time(pages):
    footer = pages["evaluate-da"]["pdf"][0][1][-1]
    assert "Kilde: register/" in footer
    assert "Dannet 1. juli 2018 kl. 09.30" in footer
