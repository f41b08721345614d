"""
The user-facing labels: every code has a Danish and an English label, and the
Danish ones are the paradigm's and domain.md's own words.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from forloeb import labels
from forloeb.codes import EFFECT_DOMAINS, NO_PLAN_REASONS, OUTCOMES, TARGET_GROUPS
from forloeb.errors import InvalidArgument, UnknownIdError
from forloeb.labels import code_label, figure_label, format_date, has_label, label

STATUSES = ("met", "late", "pending", "overdue", "missed", "exempt", "not_due")
RULES = ("plan_deadline", "attendance_report", "frame", "followup", "capacity")
DELIVERIES = ("plan_sent", "meeting_offer", "rehab_description", "attendance_sheet", "other")
QUESTIONS = ("q1_in_use", "q2_plan", "q3_ownership", "q4_followup", "q5_caseworker",
             "q6_effects", "q7_overview", "q8_collaboration")

CODE_LISTS = [
    ("outcome", tuple(OUTCOMES)),
    ("status", STATUSES),
    ("rule", RULES),
    ("reason", NO_PLAN_REASONS),
    ("effect", EFFECT_DOMAINS),
    ("delivery", DELIVERIES),
    ("target", TARGET_GROUPS),
]


def test_danish_and_english_have_the_same_keys():
    expected = set(labels._DA)
    actual = set(labels._EN)
    assert expected == actual


@pytest.mark.parametrize(("kind", "codes"), CODE_LISTS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_code_has_a_label_in_both_languages(kind, codes, lang):
    missing = [code for code in codes if not has_label(f"{kind}.{code}", lang)]
    assert [] == missing


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_question_has_a_heading_in_both_languages(question):
    assert has_label(f"question.{question}", "da")
    assert has_label(f"question.{question}", "en")


def test_question_headings_are_the_paradigms_own_words():
    expected = [
        "Er forløbene i brug?",
        "Har deltageren en plan?",
        "Har deltageren ejerskab til planen?",
        "Sker opfølgningen og foretages opfølgningsmøderne?",
        "Får sagsbehandlere, hvad der er aftalt?",
        "Hvad opnår deltagerne i forløbene – effekter i den praktiske hverdag "
        "(adfærd/holdning)?",
        "Overblik, herunder efter endt forløb?",
        "Samarbejdet med virksomhederne?",
    ]
    actual = [label(f"question.{q}", "da") for q in QUESTIONS]
    assert expected == actual


@pytest.mark.parametrize(
    ("code", "danish", "english"),
    [
        ("fleksjob", "Fleksjob", "Flexjob"),
        ("ordinaert_job", "I ordinært job", "Ordinary job"),
        ("praktik_foer_rehab", "2. praktik før rehabiliteringsteam",
         "Second internship before rehabilitation team"),
        ("rehab_afklaring", "Afklaring af forsørgelsesgrundlag via rehabiliteringsteam",
         "Support basis being clarified by the rehabilitation team"),
        ("stoppet_massive_udfordringer", "Stoppet pga. massive udfordringer",
         "Stopped due to massive challenges"),
        ("annulleret", "Annulleret før start", "Cancelled before start"),
    ],
)
def test_outcome_labels_are_those_of_the_domain_table(code, danish, english):
    assert (danish, english) == (code_label("outcome", code, "da"),
                                 code_label("outcome", code, "en"))


def _fields(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


def test_both_languages_fill_in_the_same_fields():
    different = [key for key in labels._DA
                 if _fields(labels._DA[key]) != _fields(labels._EN[key])]
    assert [] == different


def test_english_labels_hold_no_danish_letters():
    danish = [key for key, text in labels._EN.items() if re.search("[æøåÆØÅ]", text)]
    assert [] == danish


def test_an_unknown_language_is_refused_with_the_languages_there_are():
    with pytest.raises(InvalidArgument, match=r"'de'.*da, en"):
        label("status.met", "de")


def test_an_unknown_key_is_refused_naming_it():
    with pytest.raises(UnknownIdError, match=r"status\.nonsense"):
        label("status.nonsense", "da")


def test_an_extra_figure_without_a_label_keeps_its_own_name():
    assert "pathways_per_week" == figure_label("q1_in_use", "pathways_per_week", "da")


def test_a_question_figure_label_wins_over_the_key_figure_label():
    assert "Overholdelse af planfristen" == figure_label("q2_plan", "plan_compliance", "da")
    assert "Købte pladser" == figure_label("anything", "slots", "da")


def test_dates_in_running_text_are_written_in_each_language():
    day = dt.date(2017, 7, 1)
    assert ("1. juli 2017", "1 July 2017") == (format_date(day, "da"), format_date(day, "en"))


def test_labels_do_not_import_tabulate():
    with open(labels.__file__, encoding="utf-8") as f:
        source = f.read()
    assert not re.search(r"^\s*(import|from)\s+tabulate", source, re.MULTILINE)
