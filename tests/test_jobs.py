"""
The jobs of a year (``forloeb.jobs``), the annual report (``forloeb.annual_report``)
and their commands, on the bundled example and on registers made by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from json_schemas import validator

import forloeb
from forloeb.cli import main
from forloeb.errors import InvalidArgument
from forloeb.evaluation import annual_report, jobs, trend_years
from forloeb.rendering import render_annual_report, render_jobs, suppress
from forloeb.testing import registers

D = dt.date
PUBLISHED = Path(__file__).resolve().parents[1] / "examples" / "slagelse-2018" / \
    "published-2018.json"


@pytest.fixture(scope="module")
def example() -> forloeb.Register:
    return forloeb.load_example()


def run(*argv: str) -> tuple[int, str]:
    buffer = io.StringIO()
    status = main(list(argv), stdout=buffer, stderr=buffer)
    return status, buffer.getvalue()


def test_2018_delivered_35_jobs_through_the_jobcenter_against_the_goal_of_30(
        example: forloeb.Register) -> None:
    figures = jobs(example, year=2018, as_of=D(2018, 12, 31))
    assert {"fleksjob": 21, "deltid": 7, "fuldtid": 3, "loentilskud": 4} == dict(
        figures.via_jobcenter)
    assert (35, 30, True, 0, 29) == (figures.total_via_jobcenter, figures.goal,
                                     figures.goal_met, figures.missing, figures.other_channels)
    assert figures.pace is None
    assert 64 == sum(e.total for e in figures.enterprises)


def test_the_mid_year_status_gives_the_pace_needed_to_reach_the_goal(
        example: forloeb.Register) -> None:
    figures = jobs(example, year=2018, as_of=D(2018, 6, 30))
    assert figures.mid_year
    assert (14, False, 16) == (figures.total_via_jobcenter, figures.goal_met, figures.missing)
    assert figures.pace is not None
    assert (Fraction(6), Fraction(6), Fraction(15), False, Fraction(8, 3)) == (
        figures.pace.months_elapsed, figures.pace.months_left, figures.pace.expected_by_now,
        figures.pace.on_track, figures.pace.needed_per_month)


@pytest.mark.parametrize(("goal", "expected_by_now", "on_track"), [
    (27, Fraction(27, 2), True),
    (28, Fraction(14), True),
    (29, Fraction(29, 2), False),
])
def test_the_hires_are_on_track_when_they_reach_those_expected_at_an_even_pace(
        example: forloeb.Register, goal: int, expected_by_now: Fraction,
        on_track: bool) -> None:
    """14 hires through the jobcenter by 30 June, half way through the year."""
    pace = jobs(example, year=2018, as_of=D(2018, 6, 30), goal=goal).pace
    assert pace is not None
    assert (expected_by_now, on_track) == (pace.expected_by_now, pace.on_track)


def test_the_pace_counts_part_of_a_month(example: forloeb.Register) -> None:
    pace = jobs(example, year=2018, as_of=D(2018, 6, 15), goal=30).pace
    assert pace is not None
    assert Fraction(13, 2) == pace.months_left


def test_the_flexjob_of_the_report_rose_from_3_6_to_15_effective_hours(
        example: forloeb.Register) -> None:
    progression = jobs(example, year=2018, as_of=D(2018, 12, 31)).progression
    [path] = [p for p in progression.paths if p.employment_id == "ANS-001"]
    assert (D(2016, 9, 8), Decimal("4.5"), 80, Decimal("3.6")) == (
        path.start.date, path.start.hours_per_week, path.start.intensity,
        path.start.effective_hours)
    assert (Decimal(15), 100, Decimal(15), "up") == (
        path.now.hours_per_week, path.now.intensity, path.now.effective_hours, path.direction)
    assert progression.running == progression.count("up") + progression.count("same") + \
        progression.count("down")
    mean = sum((Fraction(p.change) for p in progression.paths), Fraction(0)) / progression.running
    assert mean == progression.mean_change


def test_the_reviews_due_in_2018_by_status(example: forloeb.Register) -> None:
    reviews = jobs(example, year=2018, as_of=D(2018, 12, 31)).reviews
    assert {"met": 3, "late": 1, "overdue": 1, "missed": 1, "not_due": 1, "pending": 0,
            "exempt": 0} == dict(reviews.by_status)
    assert Fraction(3, 6) == reviews.compliance
    next_year = jobs(example, year=2019, as_of=D(2019, 1, 31)).reviews
    assert 1 == next_year.by_status["pending"]  # the review of ANS-001, due 8 March 2019


def test_the_jobs_as_of_a_date_depend_only_on_facts_dated_by_then(
        example: forloeb.Register) -> None:
    for day in (D(2017, 6, 30), D(2018, 6, 30), D(2018, 9, 1)):
        assert jobs(example, as_of=day).to_dict() == jobs(example.as_of(day),
                                                          as_of=day).to_dict()


@settings(max_examples=25, deadline=None)
@given(registers(max_pathways=6))
def test_the_jobs_of_any_register_add_up(register: forloeb.Register) -> None:
    figures = jobs(register, as_of=D(2018, 6, 30))
    assert figures.total_via_jobcenter + figures.other_channels == sum(
        e.total for e in figures.enterprises)
    assert figures.progression.running == sum(
        figures.progression.count(d) for d in ("up", "same", "down"))
    assert jobs(register, as_of=D(2018, 6, 30)).to_dict() == jobs(
        register.as_of(D(2018, 6, 30)), as_of=D(2018, 6, 30)).to_dict()


@pytest.mark.parametrize(("arguments", "wrong"), [
    ({"as_of": "2018-06-30"}, "as_of must be a datetime.date"),
    ({"as_of": D(2018, 6, 30), "year": 2019}, "lies before the year 2019 begins"),
    ({"as_of": D(2018, 6, 30), "goal": -1}, "goal must be a whole number"),
    ({"as_of": D(2018, 6, 30), "goal": True}, "goal must be a whole number"),
    ({"as_of": D(2101, 1, 1)}, "as_of must be a datetime.date from 1990-01-01 to 2100-12-31"),
])
def test_jobs_refuses_what_it_cannot_count(example: forloeb.Register,
                                           arguments: dict[str, Any], wrong: str) -> None:
    with pytest.raises(InvalidArgument, match=wrong):
        jobs(example, **arguments)


def test_the_annual_report_holds_every_part(example: forloeb.Register) -> None:
    report = annual_report(example, year=2018, published=json.loads(
        PUBLISHED.read_text(encoding="utf-8")))
    document = report.to_dict()
    assert ("2018-12-31", False) == (document["as_of"], document["mid_year"])
    assert "2018-06-30" == document["summer"]["as_of"]
    assert "2018-12-31" == document["year_end"]["as_of"]
    assert "2018-12-31" == document["comparison"]["as_of"]
    assert [2014, 2015, 2016, 2017, 2018] == [y["year"] for y in document["trend"]["years"]]
    assert 35 == document["jobs"]["total_via_jobcenter"]
    assert ["hours_mismatch"] == [d["kind"] for d in document["reconciliation"]
                                  if d["kind"] == "hours_mismatch"]
    # The summer evaluation is the evaluation of 30 June, figure for figure.
    assert forloeb.evaluate(example, as_of=D(2018, 6, 30)).to_dict() == document["summer"]


def test_the_mid_year_report_is_as_of_30_june(example: forloeb.Register) -> None:
    document = annual_report(example, year=2018, mid_year=True).to_dict()
    assert ("2018-06-30", True, None, None) == (document["as_of"], document["mid_year"],
                                               document["year_end"], document["reconciliation"])
    assert 14 == document["jobs"]["total_via_jobcenter"]
    assert [2014, 2015, 2016, 2017] == trend_years(example, 2017)


def test_suppression_hides_small_counts_of_people_and_every_path(
        example: forloeb.Register) -> None:
    document = suppress(jobs(example, year=2018, as_of=D(2018, 6, 30)).to_dict(), below=5)
    assert {"fleksjob": 9, "deltid": "<5", "fuldtid": "<5", "loentilskud": "<5"} == document[
        "via_jobcenter"]
    assert [] == document["flexjob_progression"]["paths"]
    assert (30, 14) == (document["goal"], document["total_via_jobcenter"])
    reviews = document["flexjob_reviews"]
    assert ("<5", "<5") == (reviews["met"], reviews["compliance"])
    assert 5 == document["suppressed_below"]
    report = suppress(annual_report(example, year=2018, mid_year=True).to_dict(), below=5)
    assert "<5" == report["jobs"]["via_jobcenter"]["deltid"]
    assert "<5" == report["summer"]["agreements"][0]["q7_overview"]["stopped"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "xlsx"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_format_renders_the_jobs_and_the_annual_report(
        example: forloeb.Register, fmt: str, lang: str) -> None:
    figures = jobs(example, year=2018, as_of=D(2018, 12, 31)).to_dict()
    rendered = render_jobs(figures, fmt=fmt, lang=lang)
    report = render_annual_report(annual_report(example, year=2018).to_dict(), fmt=fmt,
                                  lang=lang)
    if fmt == "xlsx":
        assert isinstance(rendered, bytes)
        assert isinstance(report, bytes)
        return
    assert isinstance(rendered, str)
    assert isinstance(report, str)
    assert "ANS-001" in rendered
    if fmt != "csv":
        assert ("3,6" if lang == "da" else "3.6") in rendered
        assert ("Årsrapport 2018" if lang == "da" else "Annual report 2018") in report


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "xlsx"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_format_renders_hidden_hires_and_says_whether_the_goal_is_met_is_hidden(
        example: forloeb.Register, fmt: str, lang: str) -> None:
    """Four hires by 28 January 2018: the total, the goal met and the pace are hidden."""
    document = suppress(jobs(example, year=2018, as_of=D(2018, 1, 28)).to_dict(), below=5)
    assert "<5" == document["goal_met"]
    rendered = render_jobs(document, fmt=fmt, lang=lang)
    report = suppress(annual_report(example, year=2018).to_dict(), below=40)
    assert "x" in json.dumps(report["jobs"])
    render_annual_report(report, fmt=fmt, lang=lang)
    if fmt in ("text", "markdown", "html"):  # the web page's summary says it too
        assert isinstance(rendered, str)
        hidden = {"da": "om målet er nået, er skjult", "en": "whether it is met is suppressed"}
        assert hidden[lang] in rendered
        assert {"da": "er nået:", "en": "is met:"}[lang] not in rendered


@pytest.mark.parametrize("as_of", [D(2018, 1, 28), D(2018, 6, 30), D(2018, 12, 31)])
@pytest.mark.parametrize("below", [2, 5, 40])
def test_a_suppressed_jobs_document_follows_the_jobs_schema(
        example: forloeb.Register, as_of: dt.date, below: int) -> None:
    """The "<N" and "x" of every count, and a hidden "goal met", are allowed forms."""
    document = suppress(jobs(example, year=2018, as_of=as_of).to_dict(), below=below)
    validator("jobs").validate(document)


def test_forloeb_jobs_2018_shows_35_of_the_goal_of_30() -> None:
    status, output = run("jobs", "--year", "2018", "--lang", "en")
    assert 0 == status
    lines = [line.split() for line in output.splitlines()]
    for kind, n in (("Flexjob", "21"), ("Part-time", "7"), ("Full-time", "3")):
        assert [kind, n] in lines
    assert ["Wage", "subsidy", "4"] in lines
    assert "The goal of 30 jobs is met: 35 jobs through the jobcentre." in output
    assert ["Total", "29"] in lines  # the hires through other channels


def test_forloeb_jobs_without_a_year_is_the_mid_year_status_of_the_example() -> None:
    status, output = run("jobs", "--format", "json")
    document = json.loads(output)
    assert (0, "2018-06-30", True, 14) == (status, document["as_of"], document["mid_year"],
                                           document["total_via_jobcenter"])


def test_forloeb_jobs_refuses_an_as_of_before_its_year() -> None:
    status, output = run("jobs", "--year", "2019", "--as-of", "2018-06-30")
    assert 2 == status
    assert "--as-of 2018-06-30 lies before the year 2019 begins" in output


def test_forloeb_report_writes_the_annual_report_as_html(tmp_path: Path) -> None:
    target = tmp_path / "aarsrapport.html"
    status, output = run("report", "--year", "2018", "-o", str(target), "--published",
                         str(PUBLISHED))
    assert (0, "") == (status, output)
    html = target.read_text(encoding="utf-8")
    assert "<h1>Årsrapport 2018: socialøkonomi pr. 31. december 2018</h1>" in html
    for heading in ("Job via jobcentret i 2018", "Fleksjob: progression og opfølgning",
                    "Samarbejdsaftale 1 (SA1) – VeteranHaven", "Sammenligning",
                    "Udvikling pr. 30. juni 2014–2018",
                    "Afstemning af de offentliggjorte tal pr. 30. juni 2018"):
        assert f"<h2>{heading}</h2>" in html, heading
    assert "4,5 timer om ugen ved 80 % intensitet er 3,6 effektive timer." in html


def test_forloeb_report_needs_a_year() -> None:
    status, output = run("report")
    assert 2 == status
    assert "--year" in output


def test_forloeb_reconcile_flags_3_5_effective_hours() -> None:
    status, output = run("reconcile", str(PUBLISHED), "--lang", "en")
    assert 1 == status
    assert "4.5 hours a week at 80 % intensity is 3.6 effective hours." in output
    assert "7 discrepancies found." in output


def test_forloeb_sla_all_lists_the_review_of_the_flexjob_of_the_report() -> None:
    status, output = run("sla", "--all", "--format", "json")
    [review] = [f for f in json.loads(output) if f["employment_id"] == "ANS-001"]
    assert (0, "SA1", "SA1-P14", "flexjob_review", "2019-03-08", "pending", 251) == (
        status, review["agreement_id"], review["pathway_id"], review["rule"], review["due"],
        review["status"], review["days_left"])
