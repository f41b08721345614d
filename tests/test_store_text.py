"""
Text that enters a store through the recording API is held to the rules a
register file is loaded with (docs/register-format.md, "Characters"): what
the loader refuses in a cell, the API refuses in the loader's words; what
the loader would read back as another value (whitespace or invisible
characters at either end) the API refuses; and whatever the store accepts
exports and loads back equal.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    EmploymentEventType,
    Event,
    EventType,
    ForloebError,
    InvalidArgument,
    Pathway,
    Register,
    RegisterError,
    RuleViolation,
    recording,
)
from forloeb.cli import main
from forloeb.schema import TABLES, Record, to_row
from forloeb.store import Store
from forloeb.values import EDGE
from forloeb.writing import write_csv, write_json

D = dt.date

SA1 = Agreement("SA1", D(2018, 1, 1), slots=5, plan_deadline_weeks=4, frame_weeks=52,
                name="Aftale", provider="Udbyder")
BASE = Register.build(
    [SA1],
    [Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2), start_date=D(2018, 1, 8))],
    [Event("P1", D(2018, 2, 1), EventType.FOLLOWUP, note="fint")],
    [CollaborationNote("SA1", D(2018, 2, 1), author="anna", rating=4, note="godt")],
    [Employment("E1", "D-1", "Café", "fleksjob", D(2018, 3, 5), Decimal("4.5"),
                pathway_id="P1")],
    [EmploymentEvent("E1", D(2018, 4, 1), EmploymentEventType.CHANGE,
                     hours_per_week=Decimal(10), note="flere timer")],
)

#: A new item of each table, recorded with one text field replaced.
NEW: dict[str, Record] = {
    "agreements": Agreement("SA2", D(2018, 1, 1), slots=2, plan_deadline_weeks=4,
                            frame_weeks=52, name="Ny", provider="Anden"),
    "pathways": Pathway("P9", "SA1", "D-9", referred_date=D(2018, 1, 3)),
    "events": Event("P1", D(2018, 2, 2), EventType.FOLLOWUP, note="ny"),
    "collaboration": CollaborationNote("SA1", D(2018, 2, 2), author="bo", note="ny"),
    "employments": Employment("E9", "D-9", "Ent", "deltid", D(2018, 3, 5), Decimal(10)),
    "employment_events": EmploymentEvent("E1", D(2018, 5, 1), EmploymentEventType.CHANGE,
                                         intensity=90, note="ny"),
}

#: Id columns (an invisible character or a line break inside is refused) and
#: free-text columns (kept), per table.
ID_CELLS = [("agreements", "agreement_id"), ("pathways", "pathway_id"),
            ("pathways", "agreement_id"), ("pathways", "participant_id"),
            ("events", "pathway_id"), ("collaboration", "agreement_id"),
            ("employments", "employment_id"), ("employments", "participant_id"),
            ("employments", "pathway_id"), ("employment_events", "employment_id")]
TEXT_CELLS = [("agreements", "name"), ("agreements", "provider"), ("events", "note"),
              ("collaboration", "author"), ("collaboration", "note"),
              ("employments", "enterprise"), ("employment_events", "note")]

#: Values the loader refuses in every cell.
REFUSED_EVERYWHERE = ["Ent\x1b[2J", "bip\x07", "\x9b2J", "a\x00b", "a\x7fb", "a\x85b",
                      "a\ufffeb", "\ufdd0", "a\ud800b", "\udfff"]
#: Values the loader refuses in an id, but keeps in free text.
REFUSED_IN_IDS = ["P\u200b1", "Q\u00a01", "P\t3", "P\n4", "P\r5", "A\u2060B", "A\u00adB",
                  "A\u202eB"]


def json_register(path: Path, register: Register) -> Path:
    """
    ``register`` as a JSON register file, written as it is (no check; lone
    surrogates as JSON escapes).
    """
    def value(v: object) -> object:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, Decimal):
            return f"{v:f}"
        return list(v) if isinstance(v, tuple) else v

    data = {table: [{k: value(v) for k, v in to_row(r).items()}
                    for r in getattr(register, table)] for table in TABLES}
    path.write_text(json.dumps(data), encoding="ascii")
    return path


def with_new(table: str, column: str, text: str) -> tuple[Record, Register]:
    """
    The new item of ``table`` with ``column`` set to ``text``, and BASE with it
    added (not checked).
    """
    item = attrs.evolve(NEW[table], **{column: text})  # type: ignore[misc]
    return item, BASE.replace(**{table: (*getattr(BASE, table), item)})  # type: ignore[misc]


def loader_says(tmp_path: Path, table: str, column: str, text: str) -> str:
    """
    What loading a register file with ``text`` in that cell says of it.
    """
    _, register = with_new(table, column, text)
    with pytest.raises(RegisterError) as refused:
        forloeb.load(json_register(tmp_path / "r.json", register))
    said = [p.message for p in refused.value.problems
            if p.file.endswith(f"({table})") and p.column == column]
    assert len(said) == 1, refused.value.problems
    return said[0]


def record(store: Store, item: Record) -> None:
    """
    ``item`` recorded through the store's API as a new item.
    """
    actor = "anna"
    if isinstance(item, Agreement):
        store.add_agreement(item, actor=actor)
    elif isinstance(item, Pathway):
        store.refer(item.pathway_id, agreement_id=item.agreement_id,
                    participant_id=item.participant_id, day=item.referred_date,  # type: ignore[arg-type]
                    actor=actor)
    elif isinstance(item, Event):
        store.record_event(item, actor=actor)
    elif isinstance(item, CollaborationNote):
        store.add_note(item, actor=actor)
    elif isinstance(item, Employment):
        store.hire(item, actor=actor)
    else:
        store.record_employment_event(item, actor=actor)  # type: ignore[arg-type]


def recorded_purely(item: Record) -> Register:
    """
    ``item`` recorded into BASE through :mod:`forloeb.recording` (or, for an
    agreement, which it has no function for, :meth:`Register.build`).
    """
    if isinstance(item, Agreement):
        return Register.build([*BASE.agreements, item])
    if isinstance(item, Pathway):
        return recording.refer(BASE, item.pathway_id, agreement_id=item.agreement_id,
                               participant_id=item.participant_id,
                               day=item.referred_date)  # type: ignore[arg-type]
    if isinstance(item, Event):
        return recording.record_event(BASE, item)
    if isinstance(item, CollaborationNote):
        return recording.add_note(BASE, item)
    if isinstance(item, Employment):
        return recording.hire(BASE, item)
    return recording.record_employment_event(BASE, item)  # type: ignore[arg-type]


#: How each cell of BASE's first items is corrected through the store, if it can be.
CORRECTIONS: dict[tuple[str, str], Callable[[Store, str], None]] = {
    ("agreements", "name"): lambda s, v: s.correct_agreement("SA1", name=v, actor="a"),
    ("agreements", "provider"): lambda s, v: s.correct_agreement("SA1", provider=v, actor="a"),
    ("pathways", "agreement_id"): lambda s, v: s.correct_pathway("P1", agreement_id=v,
                                                                 actor="a"),
    ("pathways", "participant_id"): lambda s, v: s.correct_pathway("P1", participant_id=v,
                                                                   actor="a"),
    ("events", "note"): lambda s, v: s.correct_event(1, note=v, actor="a"),
    ("collaboration", "author"): lambda s, v: s.correct_note(1, author=v, actor="a"),
    ("collaboration", "note"): lambda s, v: s.correct_note(1, note=v, actor="a"),
    ("employments", "participant_id"): lambda s, v: s.correct_employment(
        "E1", participant_id=v, actor="a"),
    ("employments", "enterprise"): lambda s, v: s.correct_employment("E1", enterprise=v,
                                                                     actor="a"),
    ("employments", "pathway_id"): lambda s, v: s.correct_employment("E1", pathway_id=v,
                                                                     actor="a"),
    ("employment_events", "note"): lambda s, v: s.correct_employment_event(1, note=v,
                                                                           actor="a"),
}


@pytest.fixture
def store(tmp_path: Path) -> Any:
    """
    An SQLite store holding BASE.
    """
    with Store.open(tmp_path / "store.sqlite", create=True) as opened:
        opened.import_register(BASE, actor="setup")
        yield opened


def _refused_alike(attempt: Callable[[], object], expected: str) -> None:
    # A lone surrogate is not text at all: refused as an argument, before
    # anything is read. Every other value breaks the rule of a cell.
    kind = InvalidArgument if "half of a character" in expected else RuleViolation
    with pytest.raises((kind, RegisterError)) as refused:
        attempt()
    assert expected in str(refused.value)


@pytest.mark.parametrize(("table", "column", "text"), [
    *((t, c, v) for t, c in ID_CELLS for v in REFUSED_EVERYWHERE + REFUSED_IN_IDS),
    *((t, c, v) for t, c in TEXT_CELLS for v in REFUSED_EVERYWHERE),
])
def test_what_the_loader_refuses_the_recording_api_refuses_in_its_words(
        store: Store, tmp_path: Path, table: str, column: str, text: str) -> None:
    said = loader_says(tmp_path, table, column, text)
    expected = f"{column} {said}"
    item, register = with_new(table, column, text)
    _refused_alike(lambda: record(store, item), expected)
    _refused_alike(lambda: recorded_purely(item), expected)
    _refused_alike(lambda: Register.build(*(getattr(register, t) for t in TABLES)), expected)
    correct = CORRECTIONS.get((table, column))
    if correct is not None:
        _refused_alike(lambda: correct(store, text), expected)
    assert BASE == store.load()


def test_the_audits_values_are_refused_and_a_surrogate_never_escapes_raw(store: Store) -> None:
    day = D(2018, 1, 3)
    for pathway_id, participant_id in (("P\u200b1", "Q1"), ("P2", "Q\u00a01"), ("P\t3", "Q3"),
                                       ("P\n4", "Q4"), ("  P6  ", "Q6"), ("P8", "Q\ud800")):
        with pytest.raises(ForloebError):
            store.refer(pathway_id, agreement_id="SA1", participant_id=participant_id,
                        day=day, actor="anna")
    with pytest.raises(InvalidArgument, match=r"participant_id 'Q\\ud800' holds U\+D800, "
                                              "half of a character"):
        store.refer("P8", agreement_id="SA1", participant_id="Q\ud800", day=day, actor="anna")
    for lookup in (lambda: store.start("P\ud800", day=day, actor="anna"),
                   lambda: store.pathway("P\ud800"), lambda: store.history("P\ud800"),
                   lambda: store.employment("E\udc00")):
        with pytest.raises(InvalidArgument, match="half of a character"):
            lookup()
    with pytest.raises(InvalidArgument, match=r"actor 'anna\\udc80' holds U\+DC80"):
        store.refer("P7", agreement_id="SA1", participant_id="Q7", day=day,
                    actor="anna\udc80")
    assert BASE == store.load()


@pytest.mark.parametrize(("table", "column", "text", "read_back"), [
    ("pathways", "pathway_id", "  P6  ", "P6"),
    ("pathways", "participant_id", "Q6\u00a0", "Q6"),
    ("employments", "employment_id", "\ufeffE6", "E6"),
    ("pathways", "pathway_id", "\u200bP6", "P6"),
    ("employments", "participant_id", "Q6\t", "Q6"),
    ("events", "note", "godt\n", "godt"),
    ("collaboration", "author", " anna", "anna"),
    ("employments", "enterprise", "Café\u200b", "Café"),
    ("agreements", "name", "\u3000Aftale", "Aftale"),
])
def test_what_the_loader_reads_as_another_value_the_recording_api_refuses(
        store: Store, tmp_path: Path, table: str, column: str, text: str,
        read_back: str) -> None:
    item, register = with_new(table, column, text)
    loaded = forloeb.load(json_register(tmp_path / "r.json", register))
    assert read_back == getattr(getattr(loaded, table)[-1], column)
    expected = (f"{column} {text!r} has whitespace or invisible characters at its start or "
                f"end, which a register file does not keep: it would be read back as "
                f"{read_back!r}; remove them")
    _refused_alike(lambda: record(store, item), expected)
    _refused_alike(lambda: recorded_purely(item), expected)
    _refused_alike(lambda: Register.build(*(getattr(register, t) for t in TABLES)), expected)
    assert BASE == store.load()


@pytest.mark.parametrize("text", ["a\u200bb", "a\u00a0b", "linje\nlinje", "a\tb", "a\r\nb",
                                  "'=1+1", "=HYPERLINK(A1)", "-2 dage", "æøå \u202fkr"])
@pytest.mark.parametrize(("table", "column"), TEXT_CELLS)
def test_what_free_text_may_hold_inside_is_kept_and_exports_as_recorded(
        store: Store, tmp_path: Path, table: str, column: str, text: str) -> None:
    item, register = with_new(table, column, text)
    record(store, item)
    held = store.load()
    assert register == held
    _exports_and_loads_back(held, tmp_path)


def _exports_and_loads_back(held: Register, folder: Path) -> None:
    write_csv(held, folder / "csv")
    write_json(held, folder / "register.json")
    assert held == forloeb.load(folder / "csv")
    assert held == forloeb.load(folder / "register.json")


#: Characters a value is drawn from: every kind, with the ones the rules are
#: about (controls, invisible characters, surrogates, marks of CSV) often.
_CHARACTERS = st.one_of(
    st.sampled_from([*EDGE, "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\t", "\n", "\r",
                     "\ud800", "\udfff", "\ufffe", "\u2028", "\u202e", "'", "=", '"', ",", ";",
                     "-"]),
    st.characters(exclude_categories=()),
    st.sampled_from("PQEa1 "),
)
#: The cells whose new item is valid whatever text (of the right characters) they hold.
_FREE_CELLS = [("agreements", "agreement_id"), ("pathways", "pathway_id"),
               ("pathways", "participant_id"), ("employments", "employment_id"),
               ("employments", "participant_id"), *TEXT_CELLS]


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cell=st.sampled_from(_FREE_CELLS), text=st.text(_CHARACTERS, min_size=1, max_size=8))
def test_what_the_store_accepts_exports_and_loads_back_equal(
        tmp_path_factory: pytest.TempPathFactory, cell: tuple[str, str], text: str) -> None:
    table, column = cell
    folder = tmp_path_factory.mktemp("text")
    item, register = with_new(table, column, text)
    with Store.open(folder / "store.sqlite", create=True) as store:
        store.import_register(BASE, actor="setup")
        try:
            record(store, item)
        except (RuleViolation, InvalidArgument):
            accepted = False
        else:
            accepted = True
        held = store.load()
    try:
        loaded = forloeb.load(json_register(folder / "given.json", register))
    except RegisterError:
        loaded = None
    # The store takes a value exactly when a register file holding it gives it back.
    assert accepted == (loaded == register), (accepted, loaded)
    assert held == (register if accepted else BASE)
    _exports_and_loads_back(held, folder)


def test_check_of_a_store_reports_what_checking_its_export_would(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # As an older forloeb recorded them, or a hand with the database.
    path = tmp_path / "old.sqlite"
    with Store.open(path, create=True) as opened:
        opened.import_register(BASE, actor="setup")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE agreements SET name = 'X' || char(27) || '[2J'")
    connection.execute("UPDATE events SET note = 'a' || char(7)")
    connection.execute("UPDATE employments SET enterprise = '  Café'")
    connection.execute("UPDATE pathways SET participant_id = 'D' || char(8203) || '1'")
    connection.commit()
    connection.close()
    status = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert 1 == status
    for words in ("agreement SA1: name 'X\\x1b[2J' holds a control character (U+001B), which "
                  "no spreadsheet shows; delete it",
                  "pathway P1, followup on 2018-02-01: note 'a\\x07' holds a control character "
                  "(U+0007)",
                  "employment E1: enterprise '  Café' has whitespace or invisible characters",
                  "pathway P1: participant_id 'D\\u200b1' holds an invisible character "
                  "(U+200B ZERO WIDTH SPACE) inside it"):
        assert words in out + err
    assert "\x1b" not in out + err
    assert "\x07" not in out + err
    # What was recorded so is corrected through the API, one row at a time.
    with Store.open(path) as opened:
        opened.correct_agreement("SA1", name="X", actor="anna")
        opened.correct_event(1, note="a", actor="anna")
        opened.correct_employment("E1", enterprise="Café", actor="anna")
        opened.correct_pathway("P1", participant_id="D-1", actor="anna")
        assert [] == forloeb.validate(opened.load())

