"""
Every user-facing label, in Danish (the default) and English: one place per language.

Keys are dotted: ``question.q7_overview`` (the paradigm's headings),
``figure.<section>.<name>`` and ``figure.<name>`` (figure names),
``outcome.<code>``, ``status.<status>``, ``rule.<rule>``, ``reason.<code>``
(no-plan reasons), ``effect.<domain>``, ``delivery.<kind>``, ``kind.<kind>``
(kinds of employment), ``channel.<channel>``, ``direction.<up|same|down>``,
``target.<group>``, ``author.<author>``, ``group.<outcome group>``,
``month.<1-12>`` and ``text.<name>``
(titles and sentences, some with ``str.format`` fields).

>>> label("question.q2_plan", "da")
'Har deltageren en plan?'
>>> label("outcome.stoppet_massive_udfordringer", "en")
'Stopped due to massive challenges'
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from forloeb.errors import InvalidArgument, UnknownIdError

#: The languages labels exist in; the first is the default.
LANGUAGES: tuple[str, ...] = ("da", "en")

_DA: dict[str, str] = {
    # The eight questions, as the paradigm words them (docs/questions.md).
    "question.q1_in_use": "Er forløbene i brug?",
    "question.q2_plan": "Har deltageren en plan?",
    "question.q3_ownership": "Har deltageren ejerskab til planen?",
    "question.q4_followup": "Sker opfølgningen og foretages opfølgningsmøderne?",
    "question.q5_caseworker": "Får sagsbehandlere, hvad der er aftalt?",
    "question.q6_effects": (
        "Hvad opnår deltagerne i forløbene – effekter i den praktiske hverdag (adfærd/holdning)?"
    ),
    "question.q7_overview": "Overblik, herunder efter endt forløb?",
    "question.q8_collaboration": "Samarbejdet med virksomhederne?",
    # Question 1.
    "figure.q1_in_use.slots": "Købte pladser",
    "figure.q1_in_use.extra_slots": "Ekstra pladser (option)",
    "figure.q1_in_use.active": "I forløb på evalueringsdagen",
    "figure.q1_in_use.utilisation": "Udnyttelse (i forløb / pladser)",
    "figure.q1_in_use.occupancy": "Belægning i perioden (forløbsdage / pladsdage)",
    "figure.q1_in_use.pathway_days": "Forløbsdage i perioden",
    "figure.q1_in_use.slot_days": "Pladsdage i perioden",
    "figure.q1_in_use.started_in_period": "Startet i perioden",
    "figure.q1_in_use.active_in_period": "I forløb mindst én dag i perioden",
    "figure.q1_in_use.ended_in_period": "Afsluttet i perioden",
    "figure.q1_in_use.upcoming_starts": "Aftalte kommende starter",
    # Question 2.
    "figure.q2_plan.participants": "Deltagere, der er startet",
    "figure.q2_plan.met": "Plan inden for fristen",
    "figure.q2_plan.late": "Plan efter fristen",
    "figure.q2_plan.exempt": "Ingen plan, med begrundelse",
    "figure.q2_plan.pending": "Nye, fristen er ikke nået endnu",
    "figure.q2_plan.overdue": "Ingen plan, fristen er overskredet",
    "figure.q2_plan.not_due": "Sluttede før fristen",
    "figure.q2_plan.missed": "Ingen plan, sluttede efter fristen",
    "figure.q2_plan.plan_compliance": "Overholdelse af planfristen",
    "figure.q2_plan.exempt_reasons": "Begrundelse for ingen plan",
    # Question 3.
    "figure.q3_ownership.plans": "Planer lavet",
    "figure.q3_ownership.co_created": "Skrevet af mentor og deltager sammen",
    "figure.q3_ownership.own_goals": "Bygger på deltagerens egne mål",
    "figure.q3_ownership.revised": "Revideret mindst én gang",
    # Question 4.
    "figure.q4_followup.meetings_held": "Opfølgningsmøder holdt i perioden",
    "figure.q4_followup.participants": "Deltagere i forløb i perioden",
    "figure.q4_followup.meetings_per_participant": "Møder pr. deltager",
    "figure.q4_followup.meeting_requests": "Møder ønsket af sagsbehandleren",
    "figure.q4_followup.followup": "Opfølgningsmøder",
    "figure.q4_followup.attendance_report": "Fremmødesedler",
    "figure.q4_followup.compliance": "Overholdelse",
    # Question 5.
    "figure.q5_caseworker.deliveries": "Leveret til sagsbehandleren",
    "figure.q5_caseworker.meetings_requested": "Møder ønsket af sagsbehandleren",
    "figure.q5_caseworker.requests_followed_by_meeting": (
        "Ønsker fulgt af et møde inden for 14 dage"
    ),
    # Question 6.
    "figure.q6_effects.participants_with_effect": "Deltagere med mindst én registreret effekt",
    "figure.q6_effects.by_domain": "Effektområde",
    "figure.q6_effects.participants": "Deltagere i perioden",
    "figure.q6_effects.score_change": "Ændring i score (gns., til dato)",
    # Question 7.
    "figure.q7_overview.completed": "Afsluttede forløb",
    "figure.q7_overview.continuing": "Fortsat i forløb",
    "figure.q7_overview.progression": "Progression (uddannelse, job eller fleksjob)",
    "figure.q7_overview.progression_share": "Andel med progression",
    "figure.q7_overview.stopped": "Stoppet pga. massive udfordringer",
    "figure.q7_overview.stopped_share": "Andel stoppet",
    "figure.q7_overview.outcomes": "Udfald",
    "figure.q7_overview.total": "I alt",
    # Question 8.
    "figure.q8_collaboration.notes": "Samarbejdsnotater i perioden",
    "figure.q8_collaboration.mean_rating": "Gennemsnitlig vurdering (1-5)",
    "figure.q8_collaboration.date": "Dato",
    "figure.q8_collaboration.author": "Afsender",
    "figure.q8_collaboration.rating": "Vurdering",
    "figure.q8_collaboration.note": "Notat",
    # Key figures, the comparison and the trend.
    "figure.agreement_id": "Aftale",
    "figure.question": "Spørgsmål",
    "figure.pathway_id": "Forløb",
    "figure.rule": "Regel",
    "figure.due": "Frist",
    "figure.done": "Udført",
    "figure.days_overdue": "Dage over",
    "figure.days_left": "Dage tilbage",
    "figure.reason": "Begrundelse",
    "figure.detail": "Bemærkning",
    "figure.employment_id": "Ansættelse",
    "figure.enterprise": "Virksomhed",
    "figure.followup_compliance": "Overholdelse af opfølgningsmøder",
    "figure.name": "Navn",
    "figure.provider": "Virksomhed",
    "figure.slots": "Købte pladser",
    "figure.extra_slots": "Ekstra pladser (option)",
    "figure.active": "I forløb på evalueringsdagen",
    "figure.occupancy": "Belægning i perioden",
    "figure.plan_compliance": "Overholdelse af planfristen",
    "figure.attendance_compliance": "Overholdelse af fremmødesedler",
    "figure.completed": "Afsluttede forløb",
    "figure.progression": "Progression",
    "figure.progression_share": "Andel med progression",
    "figure.stopped": "Stoppet pga. massive udfordringer",
    "figure.stopped_share": "Andel stoppet",
    "figure.price_per_pathway": "Pris pr. forløb",
    "figure.price_per_progression": "Pris pr. progression",
    "figure.figure": "Nøgletal",
    "figure.value": "Værdi",
    "figure.count": "Antal",
    "figure.numerator": "Tæller",
    "figure.denominator": "Nævner",
    "figure.status": "Status",
    "figure.year": "År",
    # Outcomes (docs/user-guide.md, "The rules").
    "outcome.fleksjob": "Fleksjob",
    "outcome.ordinaert_job": "I ordinært job",
    "outcome.loentilskud": "Løntilskud",
    "outcome.uddannelse": "Startet i uddannelse",
    "outcome.sprogskole": "Startet i sprogskole",
    "outcome.praktik_foer_rehab": "2. praktik før rehabiliteringsteam",
    "outcome.arbejdsproevning_2": "Startet i arbejdsprøvning nr. 2",
    "outcome.afventer_rehab": "Afventer rehabiliteringsteamet",
    "outcome.rehab_afklaring": "Afklaring af forsørgelsesgrundlag via rehabiliteringsteam",
    "outcome.foertidspension": "Tilkendt førtidspension",
    "outcome.stoppet_massive_udfordringer": "Stoppet pga. massive udfordringer",
    "outcome.barsel": "Afsluttet grundet barsel",
    "outcome.faengsel": "I fængsel",
    "outcome.jobsoegende": "Jobsøgende",
    "outcome.annulleret": "Annulleret før start",
    # Deadline statuses and rules (docs/deadlines.md).
    "status.met": "Overholdt",
    "status.late": "For sent",
    "status.pending": "Ikke forfalden endnu",
    "status.overdue": "Overskredet",
    "status.missed": "Ikke leveret",
    "status.exempt": "Undtaget",
    "status.not_due": "Ikke forfalden (forløbet sluttede før)",
    "rule.plan_deadline": "Frist for individuel plan",
    "rule.attendance_report": "Fremmødeseddel",
    "rule.frame": "Rammen for forløbet",
    "rule.followup": "Opfølgningsmøde",
    "rule.flexjob_review": "Opfølgning efter 2½ år i fleksjob",
    "rule.capacity": "Kapacitet",
    # Why a pathway has no plan.
    "reason.behandling_backup": "Bruges som backup sideløbende med behandling",
    "reason.kort_forloeb": "Kort forløb",
    "reason.massive_udfordringer": "Massive udfordringer og meget fravær",
    "reason.arbejdsproevning": "I arbejdsprøvning",
    "reason.andet": "Anden begrundelse",
    # Everyday effects (question 6).
    "effect.moedestabilitet": "Mødestabilitet",
    "effect.regelmaessighed": "Regelmæssighed",
    "effect.overblik": "Overblik over det, der skal håndteres",
    "effect.ro_og_egenmaerkning": "Ro og egenmærkning",
    "effect.tillid": "Tillid",
    "effect.sprog": "Sprog",
    "effect.arbejdsmarkedsnormer": "Skrevne og uskrevne regler på en arbejdsplads",
    "effect.selvstaendighed": "Selvstændighed i opgaveløsningen",
    # What the caseworker receives (question 5).
    "delivery.plan_sent": "Individuel plan sendt",
    "delivery.meeting_offer": "Tilbud om opfølgningsmøde",
    "delivery.rehab_description": "Afklaringsbeskrivelse til rehabiliteringsteamet",
    "delivery.attendance_sheet": "Fremmødeseddel",
    "delivery.other": "Andet",
    # Target groups.
    "target.ressourceforloeb": "Borgere i ressourceforløb",
    "target.lab_2_3": "Borgere efter LAB §2.3",
    "target.integration": "Borgere efter integrationsloven",
    "target.aegtefaelleforsoerget": "Ægtefælleforsørgede",
    "target.andet": "Anden målgruppe",
    # Authors of collaboration notes.
    "author.jobcenter": "Jobcenter",
    "author.enterprise": "Virksomhed",
    # Months, for dates in running text.
    "month.1": "januar",
    "month.2": "februar",
    "month.3": "marts",
    "month.4": "april",
    "month.5": "maj",
    "month.6": "juni",
    "month.7": "juli",
    "month.8": "august",
    "month.9": "september",
    "month.10": "oktober",
    "month.11": "november",
    "month.12": "december",
    "text.date": "{day}. {month} {year}",
    # Titles and sentences.
    "text.evaluation_title": "Evaluering af samarbejdsaftalerne pr. {as_of}",
    "text.period": "Periode: {first} – {last}",
    "text.agreement_heading": "{name} ({agreement_id})",
    "text.agreement_heading_provider": "{name} ({agreement_id}) – {provider}",
    "text.summary_heading": "Sammenfatning",
    "text.summary": (
        "Det betyder at {progression} er gået i uddannelse, job eller fleksjob efter endt "
        "forløb, og {stopped} er stoppet pga. massive udfordringer."
    ),
    "text.summary_none_completed": "Ingen forløb er afsluttet endnu.",
    "text.fewer_than": "under {n}",
    "text.nobody": "ingen",
    "text.suppressed": "skjult",
    "text.suppression_note": (
        "Tal fra 1 til {last} er vist som <{n} (det kan også være et 0 i en lille sum), og x er "
        "et tal, der er skjult, fordi det ellers ville afsløre et af dem. Andele beregnet af "
        "skjulte tal er skjult, så ingen enkeltperson kan genkendes."
    ),
    "text.outcome_chart": "Udfald efter endt forløb",
    "text.no_agreements": "Ingen samarbejdsaftaler var startet pr. {as_of}.",
    "text.compare_title": "Sammenligning af samarbejdsaftalerne pr. {as_of}",
    "text.compare_heading": "Sammenligning",
    "text.trend_title": "Udvikling pr. 30. juni {first}–{last}",
    "text.trend_not_started": "ikke startet",
    "text.reconcile_title": "Afstemning af de offentliggjorte tal pr. {as_of}",
    "text.reconcile_heading": "Afstemning",
    "text.reconcile_none": (
        "Ingen uoverensstemmelser: de offentliggjorte tal svarer til registeret."
    ),
    "text.reconcile_count": "{n} uoverensstemmelser fundet.",
    "text.reconcile_one": "1 uoverensstemmelse fundet.",
    "text.reconcile_agreement": "Aftale",
    "text.reconcile_figure": "Tal",
    "text.reconcile_published": "Offentliggjort",
    "text.reconcile_explanation": "Forklaring",
    "text.reconcile_differs": "Registeret giver {computed}.",
    "text.reconcile_sum_mismatch": "De offentliggjorte kategorier summer til {sum}.",
    "text.reconcile_share_mismatch": "{numerator} af {denominator} er {percent} ({source}).",
    "text.reconcile_missing_agreement": "Aftalen findes ikke i registeret pr. {as_of}.",
    "text.reconcile_outcome_sum": "summen af udfaldene",
    "text.reconcile_progression_outcomes": "progressionsudfaldene",
    "text.reconcile_stopped_outcome": "udfaldet stoppet",
    "figure.as_of": "Evalueringsdato",
    "figure.since": "Dagen før perioden",
    # The summary page, the charts and the footer.
    "group.progression": "Progression",
    "group.rehabilitation": "Rehabiliteringsspor",
    "group.stopped": "Stoppet",
    "group.other": "Andet udfald",
    "group.hidden": "Skjult",
    "text.details_heading": "Detaljer",
    "text.key_figures": "Nøgletal",
    "text.compliance_chart": "Overholdelse pr. regel",
    "text.compare_chart": "Effekt og kvalitet",
    "text.price_chart": "Pris pr. progression",
    "text.trend_chart": "Udvikling i andele",
    "text.source": "Kilde: {source}",
    "text.generated": "Dannet {date} kl. {time}",
    "text.page": "Side {page} af {pages}",
    "text.example_source": "det medfølgende eksempel (syntetisk, Slagelse 2018)",
    # Jobs, flexjobs and the annual report.
    "kind.fleksjob": "Fleksjob",
    "kind.deltid": "Deltid",
    "kind.fuldtid": "Fuldtid",
    "kind.loentilskud": "Løntilskud",
    "channel.jobcenter": "Via jobcentret",
    "channel.other": "Andre kanaler",
    "direction.up": "Op",
    "direction.same": "Uændret",
    "direction.down": "Ned",
    "figure.jobs.year": "År",
    "figure.jobs.goal": "Mål (job via jobcentret)",
    "figure.jobs.via_jobcenter": "Job via jobcentret",
    "figure.jobs.total_via_jobcenter": "Job via jobcentret i alt",
    "figure.jobs.goal_met": "Målet er nået",
    "figure.jobs.missing": "Mangler for at nå målet",
    "figure.jobs.other_channels": "Ansat via andre kanaler",
    "figure.jobs.other_channels_by_kind": "Ansat via andre kanaler",
    "figure.jobs.total": "Ansættelser i alt",
    "figure.jobs.by_enterprise": "Ansættelser pr. virksomhed",
    "figure.jobs.flexjob_progression": "Progression i fleksjob",
    "figure.jobs.flexjob_reviews": "Opfølgning efter 2½ år",
    "figure.jobs.enterprise": "Virksomhed",
    "figure.jobs.kind": "Ansættelsesform",
    "figure.jobs.running": "Fleksjob i gang på datoen",
    "figure.jobs.up": "Flere effektive timer",
    "figure.jobs.same": "Uændret",
    "figure.jobs.down": "Færre effektive timer",
    "figure.jobs.mean_start_hours": "Effektive timer ved start (gns.)",
    "figure.jobs.mean_hours": "Effektive timer på datoen (gns.)",
    "figure.jobs.mean_change": "Ændring i effektive timer (gns.)",
    "figure.jobs.employment_id": "Ansættelse",
    "figure.jobs.date": "Dato",
    "figure.jobs.hours_per_week": "Timer pr. uge",
    "figure.jobs.intensity": "Intensitet (%)",
    "figure.jobs.effective_hours": "Effektive timer",
    "figure.jobs.start": "Ved start",
    "figure.jobs.now": "På datoen",
    "figure.jobs.change": "Ændring",
    "figure.jobs.direction": "Retning",
    "figure.jobs.due": "Forfalder i året",
    "figure.jobs.compliance": "Overholdelse",
    "figure.jobs.paths": "Forløb i fleksjob",
    "figure.jobs.steps": "Trin",
    "text.yes": "ja",
    "text.no": "nej",
    "text.jobs_title": "Job i {year} pr. {as_of}",
    "text.jobs_heading": "Job via jobcentret i {year}",
    "text.jobs_goal_met": "Målet på {goal} job er nået: {total} job via jobcentret.",
    "text.jobs_goal_missing": (
        "{total} af målet på {goal} job via jobcentret; der mangler {missing}."
    ),
    "text.jobs_goal_hidden": (
        "{total} job via jobcentret af målet på {goal}; om målet er nået, er skjult."
    ),
    "text.jobs_mid_year": (
        "Halvårsstatus pr. {as_of}: {total} job via jobcentret. Ved et jævnt tempo skulle "
        "der være {expected} på denne dato; for at nå målet på {goal} skal der {needed} job "
        "til om måneden i de {months} måneder, der er tilbage."
    ),
    "text.jobs_pace": (
        "Status pr. {as_of}: ved et jævnt tempo skulle der være {expected} job via "
        "jobcentret på denne dato; for at nå målet på {goal} skal der {needed} job til om "
        "måneden i de {months} måneder, der er tilbage."
    ),
    "text.jobs_other_heading": "Ansat via andre kanaler",
    "text.jobs_enterprise_heading": "Pr. virksomhed",
    "text.flexjob_heading": "Fleksjob: progression og opfølgning",
    "text.flexjob_progression_heading": "Progression i timer og intensitet pr. {as_of}",
    "text.flexjob_paths_heading": "Den enkeltes forløb i fleksjob (efter ansættelse)",
    "text.flexjob_reviews_heading": "Opfølgning efter 2½ år, der forfalder i {year}",
    "text.flexjob_none": "Ingen fleksjob er i gang pr. {as_of}.",
    "text.annual_title": "Årsrapport {year}: socialøkonomi pr. {as_of}",
    "text.mid_year_title": "Halvårsstatus {year}: socialøkonomi pr. {as_of}",
    "text.annual_summer": "Sommerevalueringen pr. {as_of} (de otte spørgsmål)",
    "text.annual_year_end": "Status pr. {as_of}",
    "text.annual_trend_heading": "Udvikling pr. 30. juni",
    "text.reconcile_hours_mismatch": (
        "{hours} timer om ugen ved {intensity} % intensitet er {effective} effektive timer."
    ),
    "text.and": "og",
    "figure.section": "Afsnit",
    "figure.part": "Del",
    "text.goal_chart": "Job via jobcentret mod målet",
    "text.jobs_summary_hidden": (
        "Pr. {as_of} har de socialøkonomiske virksomheder skaffet {total} job via "
        "jobcentret i {year} mod et mål på {goal}; om målet er nået, er skjult."
    ),
    "text.jobs_summary_met": (
        "Pr. {as_of} har de socialøkonomiske virksomheder skaffet {total} job via "
        "jobcentret i {year} mod et mål på {goal}: målet er nået."
    ),
    "text.jobs_summary_missing": (
        "Pr. {as_of} har de socialøkonomiske virksomheder skaffet {total} job via "
        "jobcentret i {year} mod et mål på {goal}: der mangler {missing}."
    ),
    "text.jobs_summary_kinds": "Fordelt på ansættelsesform: {kinds}.",
    "text.jobs_summary_other": (
        "Derudover er {other} ansat via virksomhedernes egne kanaler."
    ),
    "text.flexjob_summary": (
        "Pr. {as_of} er {running} i fleksjob: {up} har fået flere effektive timer om ugen, "
        "{same} har det samme antal, og {down} har færre. I gennemsnit er de gået fra "
        "{start} til {now} effektive timer ({change})."
    ),
    "text.reviews_summary": (
        "Opfølgningen efter 2½ år forfalder for {due} fleksjob i {year}: {statuses}. "
        "Overholdelse: {compliance}."
    ),
    "text.reviews_summary_none": "Ingen opfølgning efter 2½ år forfalder i {year}.",
    "text.review_not_due": "Ikke forfalden (ansættelsen sluttede før)",
    "text.jobs_sheet": "Job {year}",
    "text.flexjob_sheet": "Fleksjob",
    "text.annual_summary_agreements": (
        "Aftalernes nøgletal står pr. {as_of}; sommerevalueringen pr. {summer} følger "
        "efter job og fleksjob."
    ),
    "text.annual_summary_summer": (
        "Aftalernes nøgletal står pr. {as_of}; hele sommerevalueringen følger efter job og "
        "fleksjob."
    ),
}

_EN: dict[str, str] = {
    "question.q1_in_use": "Are the pathways in use?",
    "question.q2_plan": "Does the participant have a plan?",
    "question.q3_ownership": "Does the participant own the plan?",
    "question.q4_followup": "Do follow-ups happen and are follow-up meetings held?",
    "question.q5_caseworker": "Do caseworkers get what was agreed?",
    "question.q6_effects": (
        "What do participants achieve — effects in everyday life (behaviour/attitude)?"
    ),
    "question.q7_overview": "Overview, including after the pathway ends?",
    "question.q8_collaboration": "How is the collaboration with the enterprise?",
    "figure.q1_in_use.slots": "Purchased slots",
    "figure.q1_in_use.extra_slots": "Extra slots (option)",
    "figure.q1_in_use.active": "Active on the evaluation date",
    "figure.q1_in_use.utilisation": "Utilisation (active / slots)",
    "figure.q1_in_use.occupancy": "Occupancy over the period (pathway-days / slot-days)",
    "figure.q1_in_use.pathway_days": "Pathway-days in the period",
    "figure.q1_in_use.slot_days": "Slot-days in the period",
    "figure.q1_in_use.started_in_period": "Started in the period",
    "figure.q1_in_use.active_in_period": "Active on at least one day of the period",
    "figure.q1_in_use.ended_in_period": "Ended in the period",
    "figure.q1_in_use.upcoming_starts": "Agreed upcoming starts",
    "figure.q2_plan.participants": "Participants started",
    "figure.q2_plan.met": "Plan within the deadline",
    "figure.q2_plan.late": "Plan after the deadline",
    "figure.q2_plan.exempt": "No plan, with a reason",
    "figure.q2_plan.pending": "New, deadline not reached yet",
    "figure.q2_plan.overdue": "No plan, deadline passed",
    "figure.q2_plan.not_due": "Ended before the deadline",
    "figure.q2_plan.missed": "No plan, ended after the deadline",
    "figure.q2_plan.plan_compliance": "Plan deadline compliance",
    "figure.q2_plan.exempt_reasons": "Reason for no plan",
    "figure.q3_ownership.plans": "Plans made",
    "figure.q3_ownership.co_created": "Written by mentor and participant together",
    "figure.q3_ownership.own_goals": "Built on the participant's own goals",
    "figure.q3_ownership.revised": "Revised at least once",
    "figure.q4_followup.meetings_held": "Follow-up meetings held in the period",
    "figure.q4_followup.participants": "Participants active in the period",
    "figure.q4_followup.meetings_per_participant": "Meetings per participant",
    "figure.q4_followup.meeting_requests": "Meetings requested by the caseworker",
    "figure.q4_followup.followup": "Follow-up meetings",
    "figure.q4_followup.attendance_report": "Attendance sheets",
    "figure.q4_followup.compliance": "Compliance",
    "figure.q5_caseworker.deliveries": "Delivered to the caseworker",
    "figure.q5_caseworker.meetings_requested": "Meetings requested by the caseworker",
    "figure.q5_caseworker.requests_followed_by_meeting": (
        "Requests followed by a meeting within 14 days"
    ),
    "figure.q6_effects.participants_with_effect": "Participants with at least one recorded effect",
    "figure.q6_effects.by_domain": "Effect domain",
    "figure.q6_effects.participants": "Participants in the period",
    "figure.q6_effects.score_change": "Score change (mean, to date)",
    "figure.q7_overview.completed": "Completed pathways",
    "figure.q7_overview.continuing": "Continuing",
    "figure.q7_overview.progression": "Progression (education, job or flexjob)",
    "figure.q7_overview.progression_share": "Progression share",
    "figure.q7_overview.stopped": "Stopped due to massive challenges",
    "figure.q7_overview.stopped_share": "Stopped share",
    "figure.q7_overview.outcomes": "Outcome",
    "figure.q7_overview.total": "Total",
    "figure.q8_collaboration.notes": "Collaboration notes in the period",
    "figure.q8_collaboration.mean_rating": "Mean rating (1-5)",
    "figure.q8_collaboration.date": "Date",
    "figure.q8_collaboration.author": "Author",
    "figure.q8_collaboration.rating": "Rating",
    "figure.q8_collaboration.note": "Note",
    "figure.agreement_id": "Agreement",
    "figure.question": "Question",
    "figure.pathway_id": "Pathway",
    "figure.rule": "Rule",
    "figure.due": "Due",
    "figure.done": "Done",
    "figure.days_overdue": "Days over",
    "figure.days_left": "Days left",
    "figure.reason": "Reason",
    "figure.detail": "Detail",
    "figure.employment_id": "Employment",
    "figure.enterprise": "Enterprise",
    "figure.followup_compliance": "Follow-up meeting compliance",
    "figure.name": "Name",
    "figure.provider": "Enterprise",
    "figure.slots": "Purchased slots",
    "figure.extra_slots": "Extra slots (option)",
    "figure.active": "Active on the evaluation date",
    "figure.occupancy": "Occupancy over the period",
    "figure.plan_compliance": "Plan deadline compliance",
    "figure.attendance_compliance": "Attendance sheet compliance",
    "figure.completed": "Completed pathways",
    "figure.progression": "Progression",
    "figure.progression_share": "Progression share",
    "figure.stopped": "Stopped due to massive challenges",
    "figure.stopped_share": "Stopped share",
    "figure.price_per_pathway": "Price per pathway",
    "figure.price_per_progression": "Price per progression",
    "figure.figure": "Figure",
    "figure.value": "Value",
    "figure.count": "Count",
    "figure.numerator": "Numerator",
    "figure.denominator": "Denominator",
    "figure.status": "Status",
    "figure.year": "Year",
    "outcome.fleksjob": "Flexjob",
    "outcome.ordinaert_job": "Ordinary job",
    "outcome.loentilskud": "Wage-subsidy job",
    "outcome.uddannelse": "Started education",
    "outcome.sprogskole": "Started language school",
    "outcome.praktik_foer_rehab": "Second internship before rehabilitation team",
    "outcome.arbejdsproevning_2": "Started second work trial",
    "outcome.afventer_rehab": "Awaiting the rehabilitation team",
    "outcome.rehab_afklaring": "Support basis being clarified by the rehabilitation team",
    "outcome.foertidspension": "Awarded early-retirement pension",
    "outcome.stoppet_massive_udfordringer": "Stopped due to massive challenges",
    "outcome.barsel": "Ended due to maternity leave",
    "outcome.faengsel": "In prison",
    "outcome.jobsoegende": "Job seeking",
    "outcome.annulleret": "Cancelled before start",
    "status.met": "Met",
    "status.late": "Late",
    "status.pending": "Pending",
    "status.overdue": "Overdue",
    "status.missed": "Missed",
    "status.exempt": "Exempt",
    "status.not_due": "Not due (the pathway ended first)",
    "rule.plan_deadline": "Individual plan deadline",
    "rule.attendance_report": "Attendance sheet",
    "rule.frame": "Frame of the pathway",
    "rule.followup": "Follow-up meeting",
    "rule.flexjob_review": "Flexjob review after 2.5 years",
    "rule.capacity": "Capacity",
    "reason.behandling_backup": "Used as back-up alongside treatment",
    "reason.kort_forloeb": "Short pathway",
    "reason.massive_udfordringer": "Massive challenges and much absence",
    "reason.arbejdsproevning": "In a work trial",
    "reason.andet": "Other reason",
    "effect.moedestabilitet": "Attending steadily",
    "effect.regelmaessighed": "Regularity",
    "effect.overblik": "Overview of what must be handled",
    "effect.ro_og_egenmaerkning": "Finding calm and sensing oneself",
    "effect.tillid": "Trust",
    "effect.sprog": "Language",
    "effect.arbejdsmarkedsnormer": "Written and unwritten workplace rules",
    "effect.selvstaendighed": "Handling tasks independently",
    "delivery.plan_sent": "Individual plan sent",
    "delivery.meeting_offer": "Offer of a follow-up meeting",
    "delivery.rehab_description": "Clarification description for the rehabilitation team",
    "delivery.attendance_sheet": "Attendance sheet",
    "delivery.other": "Other",
    "target.ressourceforloeb": "Citizens in resource pathways",
    "target.lab_2_3": "Citizens under LAB §2.3",
    "target.integration": "Citizens under the Integration Act",
    "target.aegtefaelleforsoerget": "Spouse-supported citizens",
    "target.andet": "Other target group",
    "author.jobcenter": "Jobcentre",
    "author.enterprise": "Enterprise",
    "month.1": "January",
    "month.2": "February",
    "month.3": "March",
    "month.4": "April",
    "month.5": "May",
    "month.6": "June",
    "month.7": "July",
    "month.8": "August",
    "month.9": "September",
    "month.10": "October",
    "month.11": "November",
    "month.12": "December",
    "text.date": "{day} {month} {year}",
    "text.evaluation_title": "Evaluation of the cooperation agreements as of {as_of}",
    "text.period": "Period: {first} – {last}",
    "text.agreement_heading": "{name} ({agreement_id})",
    "text.agreement_heading_provider": "{name} ({agreement_id}) – {provider}",
    "text.summary_heading": "Summary",
    "text.summary": (
        "This means that {progression} have gone into education, a job or a flexjob after "
        "the pathway ended, and {stopped} stopped due to massive challenges."
    ),
    "text.summary_none_completed": "No pathway has ended yet.",
    "text.fewer_than": "fewer than {n}",
    "text.nobody": "none",
    "text.suppressed": "suppressed",
    "text.suppression_note": (
        "Counts from 1 to {last} are shown as <{n} (so may a 0 in a small total), and x is a "
        "count hidden because it would give one of them away. Shares computed from hidden "
        "counts are suppressed, so that no single person can be recognised."
    ),
    "text.outcome_chart": "Outcomes after the pathway ended",
    "text.no_agreements": "No cooperation agreement had started as of {as_of}.",
    "text.compare_title": "Comparison of the cooperation agreements as of {as_of}",
    "text.compare_heading": "Comparison",
    "text.trend_title": "Trend as of 30 June {first}–{last}",
    "text.trend_not_started": "not started",
    "text.reconcile_title": "Reconciliation of the published figures as of {as_of}",
    "text.reconcile_heading": "Reconciliation",
    "text.reconcile_none": "No discrepancies: the published figures match the register.",
    "text.reconcile_count": "{n} discrepancies found.",
    "text.reconcile_one": "1 discrepancy found.",
    "text.reconcile_agreement": "Agreement",
    "text.reconcile_figure": "Figure",
    "text.reconcile_published": "Published",
    "text.reconcile_explanation": "Explanation",
    "text.reconcile_differs": "The register gives {computed}.",
    "text.reconcile_sum_mismatch": "The published categories add up to {sum}.",
    "text.reconcile_share_mismatch": "{numerator} of {denominator} is {percent} ({source}).",
    "text.reconcile_missing_agreement": "The agreement is not in the register as of {as_of}.",
    "text.reconcile_outcome_sum": "the sum of the outcomes",
    "text.reconcile_progression_outcomes": "the progression outcomes",
    "text.reconcile_stopped_outcome": "the outcome stopped",
    "figure.as_of": "Evaluation date",
    "figure.since": "Day before the period",
    "group.progression": "Progression",
    "group.rehabilitation": "Rehabilitation track",
    "group.stopped": "Stopped",
    "group.other": "Other outcome",
    "group.hidden": "Suppressed",
    "text.details_heading": "Details",
    "text.key_figures": "Key figures",
    "text.compliance_chart": "Compliance per rule",
    "text.compare_chart": "Effect and quality",
    "text.price_chart": "Price per progression",
    "text.trend_chart": "Shares over the years",
    "text.source": "Source: {source}",
    "text.generated": "Generated {date} at {time}",
    "text.page": "Page {page} of {pages}",
    "text.example_source": "the bundled example (synthetic, Slagelse 2018)",
    "kind.fleksjob": "Flexjob",
    "kind.deltid": "Part-time",
    "kind.fuldtid": "Full-time",
    "kind.loentilskud": "Wage subsidy",
    "channel.jobcenter": "Through the jobcentre",
    "channel.other": "Other channels",
    "direction.up": "Up",
    "direction.same": "Same",
    "direction.down": "Down",
    "figure.jobs.year": "Year",
    "figure.jobs.goal": "Goal (jobs through the jobcentre)",
    "figure.jobs.via_jobcenter": "Jobs through the jobcentre",
    "figure.jobs.total_via_jobcenter": "Jobs through the jobcentre, total",
    "figure.jobs.goal_met": "Goal met",
    "figure.jobs.missing": "Missing to reach the goal",
    "figure.jobs.other_channels": "Hired through other channels",
    "figure.jobs.other_channels_by_kind": "Hired through other channels",
    "figure.jobs.total": "Hires, total",
    "figure.jobs.by_enterprise": "Hires per enterprise",
    "figure.jobs.flexjob_progression": "Progression in flexjobs",
    "figure.jobs.flexjob_reviews": "Review after 2.5 years",
    "figure.jobs.enterprise": "Enterprise",
    "figure.jobs.kind": "Kind of employment",
    "figure.jobs.running": "Flexjobs running on the date",
    "figure.jobs.up": "More effective hours",
    "figure.jobs.same": "Same",
    "figure.jobs.down": "Fewer effective hours",
    "figure.jobs.mean_start_hours": "Effective hours at the start (mean)",
    "figure.jobs.mean_hours": "Effective hours on the date (mean)",
    "figure.jobs.mean_change": "Change in effective hours (mean)",
    "figure.jobs.employment_id": "Employment",
    "figure.jobs.date": "Date",
    "figure.jobs.hours_per_week": "Hours a week",
    "figure.jobs.intensity": "Intensity (%)",
    "figure.jobs.effective_hours": "Effective hours",
    "figure.jobs.start": "At the start",
    "figure.jobs.now": "On the date",
    "figure.jobs.change": "Change",
    "figure.jobs.direction": "Direction",
    "figure.jobs.due": "Due in the year",
    "figure.jobs.compliance": "Compliance",
    "figure.jobs.paths": "Paths in flexjobs",
    "figure.jobs.steps": "Steps",
    "text.yes": "yes",
    "text.no": "no",
    "text.jobs_title": "Jobs in {year} as of {as_of}",
    "text.jobs_heading": "Jobs through the jobcentre in {year}",
    "text.jobs_goal_met": "The goal of {goal} jobs is met: {total} jobs through the jobcentre.",
    "text.jobs_goal_missing": (
        "{total} of the goal of {goal} jobs through the jobcentre; {missing} are missing."
    ),
    "text.jobs_goal_hidden": (
        "{total} jobs through the jobcentre against the goal of {goal}; whether it is met "
        "is suppressed."
    ),
    "text.jobs_mid_year": (
        "Mid-year status as of {as_of}: {total} jobs through the jobcentre. At an even pace "
        "there would be {expected} by this date; reaching the goal of {goal} takes {needed} "
        "jobs a month in the {months} months left."
    ),
    "text.jobs_pace": (
        "Status as of {as_of}: at an even pace there would be {expected} jobs through the "
        "jobcentre by this date; reaching the goal of {goal} takes {needed} jobs a month in "
        "the {months} months left."
    ),
    "text.jobs_other_heading": "Hired through other channels",
    "text.jobs_enterprise_heading": "Per enterprise",
    "text.flexjob_heading": "Flexjobs: progression and reviews",
    "text.flexjob_progression_heading": "Progression in hours and intensity as of {as_of}",
    "text.flexjob_paths_heading": "Each person's path in a flexjob (by employment)",
    "text.flexjob_reviews_heading": "Reviews after 2.5 years falling due in {year}",
    "text.flexjob_none": "No flexjob is running as of {as_of}.",
    "text.annual_title": "Annual report {year}: social economy as of {as_of}",
    "text.mid_year_title": "Mid-year status {year}: social economy as of {as_of}",
    "text.annual_summer": "The summer evaluation as of {as_of} (the eight questions)",
    "text.annual_year_end": "Status as of {as_of}",
    "text.annual_trend_heading": "Trend as of 30 June",
    "text.reconcile_hours_mismatch": (
        "{hours} hours a week at {intensity} % intensity is {effective} effective hours."
    ),
    "text.and": "and",
    "figure.section": "Section",
    "figure.part": "Part",
    "text.goal_chart": "Jobs through the jobcentre against the goal",
    "text.jobs_summary_hidden": (
        "As of {as_of} the social-economy enterprises have delivered {total} jobs through "
        "the jobcentre in {year} against a goal of {goal}; whether it is met is suppressed."
    ),
    "text.jobs_summary_met": (
        "As of {as_of} the social-economy enterprises have delivered {total} jobs through "
        "the jobcentre in {year} against a goal of {goal}: the goal is met."
    ),
    "text.jobs_summary_missing": (
        "As of {as_of} the social-economy enterprises have delivered {total} jobs through "
        "the jobcentre in {year} against a goal of {goal}: {missing} are missing."
    ),
    "text.jobs_summary_kinds": "By kind of employment: {kinds}.",
    "text.jobs_summary_other": (
        "A further {other} were hired through the enterprises' own channels."
    ),
    "text.flexjob_summary": (
        "As of {as_of}, {running} people are in a flexjob: {up} have more effective hours a "
        "week, {same} the same and {down} fewer. On average they went from {start} to "
        "{now} effective hours ({change})."
    ),
    "text.reviews_summary": (
        "The review after 2.5 years falls due for {due} flexjobs in {year}: {statuses}. "
        "Compliance: {compliance}."
    ),
    "text.reviews_summary_none": "No review after 2.5 years falls due in {year}.",
    "text.review_not_due": "Not due (the employment ended first)",
    "text.jobs_sheet": "Jobs {year}",
    "text.flexjob_sheet": "Flexjobs",
    "text.annual_summary_agreements": (
        "The agreements' key figures are as of {as_of}; the summer evaluation as of "
        "{summer} follows the jobs and flexjobs."
    ),
    "text.annual_summary_summer": (
        "The agreements' key figures are as of {as_of}; the whole summer evaluation follows "
        "the jobs and flexjobs."
    ),
}

_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {"da": MappingProxyType(_DA), "en": MappingProxyType(_EN)}
)


def label(key: str, lang: str) -> str:
    """
    The label ``key`` in language ``lang`` (``"da"`` or ``"en"``).

    Raises:
        InvalidArgument: if ``lang`` is not one of :data:`LANGUAGES`.
        UnknownIdError: if there is no label ``key``.

    >>> label("status.overdue", "da")
    'Overskredet'
    >>> label("status.overdue", "fr")
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: no labels in language 'fr'; use one of da, en
    """
    labels = _labels(lang)
    try:
        return labels[key]
    except KeyError:
        raise UnknownIdError(f"no {lang} label for {key!r}") from None


def has_label(key: str, lang: str) -> bool:
    """
    Whether there is a label ``key`` in language ``lang``.

    >>> has_label("outcome.fleksjob", "en"), has_label("outcome.nonsense", "en")
    (True, False)
    """
    return key in _labels(lang)


def figure_label(section: str, name: str, lang: str) -> str:
    """
    The name of figure ``name`` of question ``section``, or of the key figure
    ``name``; the raw name if neither has a label (an extra figure).

    >>> figure_label("q7_overview", "completed", "da")
    'Afsluttede forløb'
    >>> figure_label("q1_in_use", "plan_compliance", "en")
    'Plan deadline compliance'
    >>> figure_label("q1_in_use", "something_new", "en")
    'something_new'
    """
    labels = _labels(lang)
    return labels.get(f"figure.{section}.{name}") or labels.get(f"figure.{name}") or name


def code_label(kind: str, code: str, lang: str) -> str:
    """
    The label of ``code`` of a code list (``outcome``, ``status``, ``reason``,
    ``effect``, ``delivery``, ``target``, ``rule``, ``author``); the code
    itself if the list has no label for it.

    >>> code_label("reason", "kort_forloeb", "da")
    'Kort forløb'
    >>> code_label("author", "Anne (mentor)", "da")
    'Anne (mentor)'
    """
    return _labels(lang).get(f"{kind}.{code}", code)


def format_date(day: dt.date, lang: str) -> str:
    """
    ``day`` as running text writes it.

    >>> format_date(dt.date(2018, 6, 30), "da"), format_date(dt.date(2018, 6, 30), "en")
    ('30. juni 2018', '30 June 2018')
    """
    return label("text.date", lang).format(
        day=day.day, month=label(f"month.{day.month}", lang), year=day.year
    )


def format_moment(moment: dt.datetime, lang: str) -> str:
    """
    When a report was made, as its footer says it (local time, to the minute).

    >>> format_moment(dt.datetime(2018, 7, 1, 9, 5), "da")
    'Dannet 1. juli 2018 kl. 09.05'
    >>> format_moment(dt.datetime(2018, 7, 1, 9, 5), "en")
    'Generated 1 July 2018 at 09:05'
    """
    separator = "." if lang == "da" else ":"
    return label("text.generated", lang).format(
        date=format_date(moment.date(), lang),
        time=f"{moment.hour:02}{separator}{moment.minute:02}")


def _labels(lang: str) -> MappingProxyType[str, str]:
    try:
        return _LABELS[lang]
    except KeyError:
        raise InvalidArgument(
            f"no labels in language {lang!r}; use one of {', '.join(LANGUAGES)}"
        ) from None
