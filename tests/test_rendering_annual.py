"""
The jobs of a year and the annual report as documents to hand on: the web
page and the workbook open with the year's result in plain words (jobs
against the goal, the progression in flexjobs, the reviews), with cards and
charts; a suppressed count is ``<N`` or ``x`` in tables and charts and
"under N" or "skjult" in a sentence. Text and Markdown stay as they were.
The workbooks are checked in test_rendering_xlsx.py, the printed pages in
test_report_in_browser.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

import forloeb
from forloeb.evaluation import annual_report, jobs
from forloeb.rendering import render_annual_report, render_jobs, suppress

MOMENT = dt.datetime(2019, 1, 2, 8, 15)
PUBLISHED = Path(__file__).resolve().parents[1] / "examples" / "slagelse-2018" / \
    "published-2018.json"


@pytest.fixture(scope="module")
def example() -> forloeb.Register:
    return forloeb.load_example()


@pytest.fixture(scope="module")
def annual(example):
    return annual_report(example, year=2018).to_dict()


@pytest.fixture(scope="module")
def year_jobs(example):
    return jobs(example, year=2018, as_of=dt.date(2018, 12, 31)).to_dict()


def _summary_text(page: str) -> str:
    """
    The summary section of a web page (before the first part), as plain text.
    """
    start = page.index('<section class="summary">')
    end = page.index('<section class="part', start)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start:end])))


def _overview(page: str) -> list[str]:
    return [html.unescape(p) for p in re.findall(r'<p class="overview">(.*?)</p>', page)]


def test_the_annual_web_report_opens_with_the_years_result_in_plain_danish(annual):
    page = render_annual_report(annual, fmt="html")
    assert [
        "Pr. 31. december 2018 har de socialøkonomiske virksomheder skaffet 35 job via "
        "jobcentret i 2018 mod et mål på 30: målet er nået. Fordelt på ansættelsesform: "
        "fleksjob 21, deltid 7, fuldtid 3 og løntilskud 4. Derudover er 29 ansat via "
        "virksomhedernes egne kanaler.",
        "Pr. 31. december 2018 er 27 i fleksjob: 9 har fået flere effektive timer om ugen, "
        "17 har det samme antal, og 1 har færre. I gennemsnit er de gået fra 8,4 til 9,7 "
        "effektive timer (+1,3).",
        "Opfølgningen efter 2½ år forfalder for 7 fleksjob i 2018: 3 overholdt, 1 for sent, "
        "1 overskredet, 1 ikke leveret og 1 ikke forfalden (ansættelsen sluttede før). "
        "Overholdelse: 50 %.",
        "Aftalernes nøgletal står pr. 31. december 2018; sommerevalueringen pr. 30. juni "
        "2018 følger efter job og fleksjob.",
    ] == _overview(page)


def test_the_summary_has_a_card_for_the_jobs_the_flexjobs_the_reviews_and_each_agreement(
        annual):
    summary = _summary_text(render_annual_report(annual, fmt="html"))
    for heading in ("Job via jobcentret i 2018", "Progression i fleksjob",
                    "Opfølgning efter 2½ år", "Samarbejdsaftale 1 (SA1)",
                    "Samarbejdsaftale 2 (SA2)"):
        assert f" {heading} " in summary, heading
    for chart in ("Job via jobcentret mod målet", "Ansættelsesform",
                  "Ansættelser pr. virksomhed"):
        assert chart in summary, chart
    assert "Overholdelse 50 % (3/6)" in summary


def test_the_english_annual_report_says_the_result_in_english(annual):
    overview = _overview(render_annual_report(annual, fmt="html", lang="en"))
    assert overview[0].startswith(
        "As of 31 December 2018 the social-economy enterprises have delivered 35 jobs "
        "through the jobcentre in 2018 against a goal of 30: the goal is met. By kind of "
        "employment: flexjob 21, part-time 7, full-time 3 and wage subsidy 4.")
    assert "Compliance: 50 %." in overview[2]


def test_a_goal_not_reached_says_how_many_are_missing_and_its_bar_is_not_green(example):
    short = jobs(example, year=2018, as_of=dt.date(2018, 12, 31), goal=40).to_dict()
    page = render_jobs(short, fmt="html")
    assert "mod et mål på 40: der mangler 5." in _overview(page)[0]
    assert ["g-other", "g-stopped"] == _goal_bars(page)
    met = render_jobs(jobs(example, year=2018, as_of=dt.date(2018, 12, 31)).to_dict(),
                      fmt="html")
    assert ["g-other", "g-progression"] == _goal_bars(met)


def _goal_bars(page: str) -> list[str]:
    # The colours of the bars of the first chart of the jobs against the goal.
    start = page.index("<figcaption>Job via jobcentret mod målet</figcaption>")
    chart = page[start:page.index("</figure>", start)]
    return re.findall(r'<rect class="(g-[a-z]+)"', chart)


def test_the_mid_year_summary_gives_the_pace_and_what_reconciliation_found(example):
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    document = annual_report(example, year=2018, mid_year=True, published=published)
    overview = _overview(render_annual_report(document.to_dict(), fmt="html"))
    assert "der mangler 16." in overview[0]
    assert overview[1].startswith("Halvårsstatus pr. 30. juni 2018: 14 job via jobcentret.")
    assert ("Afstemning af de offentliggjorte tal pr. 30. juni 2018: 7 uoverensstemmelser "
            "fundet.") == overview[-2]
    assert ("Aftalernes nøgletal står pr. 30. juni 2018; hele sommerevalueringen følger "
            "efter job og fleksjob.") == overview[-1]


def test_each_part_of_the_annual_report_starts_a_printed_page(annual):
    page = render_annual_report(annual, fmt="html")
    parts = re.findall(r'<section class="part([^"]*)">\s*<h2>(.*?)</h2>', page)
    assert [
        (" new-page", "Job via jobcentret i 2018"),
        (" new-page", "Fleksjob: progression og opfølgning"),
        (" new-page", "Samarbejdsaftale 1 (SA1) – VeteranHaven"),
        (" new-page", "Samarbejdsaftale 2 (SA2) – Sumak"),
        (" new-page", "Sammenligning"),
        (" new-page", "Udvikling pr. 30. juni 2014–2018"),
    ] == parts


def test_the_trend_of_the_annual_report_keeps_its_charts(annual):
    page = render_annual_report(annual, fmt="html")
    trend = page[page.index("<h2>Udvikling pr. 30. juni 2014–2018</h2>"):]
    assert 2 == trend.count('<figure class="chart lines')


def test_text_and_markdown_have_no_summary_page(annual, year_jobs):
    for fmt in ("text", "markdown"):
        assert "Sammenfatning" not in render_annual_report(annual, fmt=fmt)
        assert "Sammenfatning" not in render_jobs(year_jobs, fmt=fmt)


def test_each_persons_path_is_dated_the_way_the_reader_writes_dates(year_jobs):
    assert "08.09.2016" in render_jobs(year_jobs, fmt="text")
    assert "2016-09-08" in render_jobs(year_jobs, fmt="text", lang="en")


def test_the_footer_names_the_source_and_the_time(annual):
    page = render_annual_report(annual, fmt="html", source="register/", generated_at=MOMENT)
    colophon = page[page.index('<footer class="colophon">'):]
    assert "Kilde: register/" in colophon
    assert "Dannet 2. januar 2019 kl. 08.15" in colophon


# Suppression.


@pytest.fixture(scope="module")
def suppressed(annual):
    return suppress(annual, below=5)


def test_suppressed_counts_are_under_n_in_a_sentence_and_lt_n_in_tables_and_charts(suppressed):
    page = render_annual_report(suppressed, fmt="html")
    overview = _overview(page)
    assert "fleksjob 21, deltid 7, fuldtid under 5 og løntilskud under 5." in overview[0]
    assert "og under 5 har færre." in overview[1]
    assert "Overholdelse: skjult." in overview[2]
    summary = _summary_text(page)
    assert "Færre effektive timer <5" in summary
    assert 'class="hidden"' in page.split('<section class="part')[0]  # a hidden bar
    assert "<5" not in page.replace("&lt;5", "")  # escaped, never markup


def test_a_count_hidden_as_x_is_x_in_tables_and_suppressed_in_a_sentence(suppressed):
    document = copy.deepcopy(suppressed)
    document["jobs"]["via_jobcenter"]["deltid"] = "x"
    document["jobs"]["flexjob_progression"]["same"] = "x"
    page = render_annual_report(document, fmt="html")
    overview = _overview(page)
    assert "deltid skjult" in overview[0]
    assert "17 har" not in overview[1]
    assert "skjult har det samme antal" in overview[1]
    assert "Uændret x" in _summary_text(page)
    text = render_annual_report(document, fmt="text")
    assert re.search(r"^Deltid +x$", text, re.MULTILINE)


def test_the_suppressed_annual_report_leaves_out_every_persons_path(suppressed):
    page = render_annual_report(suppressed, fmt="html")
    assert "ANS-001" not in page


def test_what_is_missing_to_a_hidden_goal_is_hidden_in_words_not_as_a_small_count(year_jobs):
    # 27 of a goal of 30 are missing when 3 jobs came through the jobcenter: a
    # "<5" beside it would say fewer than 5 are missing.
    document = {**copy.deepcopy(year_jobs), "goal": year_jobs["total_via_jobcenter"] + 27}
    document["missing"] = 27
    document["goal_met"] = False
    hidden = suppress(document, below=year_jobs["total_via_jobcenter"] + 1)
    assert hidden["missing"] == hidden["total_via_jobcenter"]  # "<N" in the data
    for fmt, row in (("text", r"^Mangler for at nå målet +skjult$"),
                     ("markdown", r"^\| Mangler for at nå målet +\| +skjult \|$")):
        assert re.search(row, render_jobs(hidden, fmt=fmt), re.MULTILINE), fmt


def test_each_agreements_closing_sentence_says_which_day_its_shares_are_of(annual):
    # The sentence closes the part, after the year-end figures: without its
    # day it read as the year end's while it gave the summer's shares.
    document = annual
    text = render_annual_report(document, fmt="text", lang="da")
    summer = {a["agreement_id"]: a["q7_overview"] for a in document["summer"]["agreements"]}
    year_end = {a["agreement_id"]: a["q7_overview"] for a in document["year_end"]["agreements"]}
    for agreement_id, day, shares in (("SA1", "30. juni 2018", summer),
                                      ("SA1", "31. december 2018", year_end),
                                      ("SA2", "31. december 2018", year_end)):
        progression = round(shares[agreement_id]["progression_share"] * 100)
        stopped = round(shares[agreement_id]["stopped_share"] * 100)
        assert (f"Status pr. {day}: Det betyder at {progression} % er gået i uddannelse, job "
                f"eller fleksjob efter endt forløb, og {stopped} % er stoppet") in text
    assert "Status pr. 30. juni 2018: Det betyder at 40 %" in text
    assert "Status pr. 31. december 2018: Det betyder at 41 %" in text
