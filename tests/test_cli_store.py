"""
``forloeb import``, ``forloeb export`` and ``forloeb history`` on the command
line, with a store in each backend (a .sqlite file, a postgresql:// URI).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from by_hand import EXAMPLE_FOR_THE_STORE
from store_backends import StoreBackend

import forloeb
from forloeb import Event, EventType
from forloeb.cli import main
from forloeb.store import Store

EXAMPLE = str(EXAMPLE_FOR_THE_STORE)  # the store holds no employments yet
UTC = dt.UTC


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def store(location: str) -> str:
    """
    A store holding the bundled 2018 example.
    """
    assert 0 == run("import", EXAMPLE, location, "--actor", "test")[0]
    return location


def test_import_loads_a_register_into_a_new_store_and_says_what(location: str) -> None:
    path = location
    register = forloeb.load(EXAMPLE)
    status, out, err = run("import", EXAMPLE, path, "--actor", "anna")
    assert (0, "") == (status, err)
    assert out.startswith(f"Imported 2 agreements, {len(register.pathways)} pathways, "
                          f"{len(register.events)} events and ")
    with Store.open(path) as opened:
        assert register == opened.load()
        first = opened.history(register.pathways[0].pathway_id)[0]
    assert ("anna", "import") == (first.actor, first.action)


def test_a_store_can_be_evaluated_like_any_register(store: str) -> None:
    """
    ``forloeb import`` of the example folder, then ``forloeb evaluate`` of the
    store, gives byte for byte what the folder gives; so do sla, check and compare.
    """
    published = str(forloeb.EXAMPLE_REGISTER / "published-2018.json")
    for command in (["evaluate", "--as-of", "2018-06-30", "--format", "json"],
                    ["sla", "--as-of", "2018-06-30", "--all", "--format", "csv"],
                    ["compare", "--as-of", "2018-06-30", "--format", "json"]):
        expected = run(command[0], EXAMPLE, *command[1:])
        assert 0 == expected[0]
        assert expected == run(command[0], store, *command[1:])
    # The example register differs from the published figures (SA2): status 1.
    expected = run("reconcile", published, EXAMPLE, "--format", "json")
    assert (1, '"agreement_id": "SA2"') == (expected[0], expected[1].split("\n")[2].strip()[:-1])
    assert expected == run("reconcile", published, store, "--format", "json")
    status, out, _ = run("check", store, "--as-of", "2018-06-30")
    assert 0 == status
    assert out == run("check", EXAMPLE, "--as-of", "2018-06-30")[1].replace(EXAMPLE, store)


def test_import_of_a_broken_register_writes_nothing_and_lists_the_problems(
        tmp_path: Path, location: str, store_backend: StoreBackend) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({
        "agreements": [{"agreement_id": "SA1", "start_date": "2018-01-01", "slots": 1,
                        "plan_deadline_weeks": 4, "frame_weeks": 52}],
        "pathways": [{"pathway_id": "P1", "agreement_id": "SA1", "participant_id": "D-1",
                      "start_date": "2018-13-01"},
                     {"pathway_id": "P2", "agreement_id": "SA9", "participant_id": "D-2"}],
    }), encoding="utf-8")
    status, out, err = run("import", str(broken), location)
    assert (1, "") == (status, out)
    assert "2018-13-01" in err
    assert "SA9" in err
    assert [] == store_backend.dump(location)


def test_import_again_is_refused_but_replace_records_the_differences(store: str,
                                                                      tmp_path: Path) -> None:
    status, _, err = run("import", EXAMPLE, store)
    assert 1 == status
    assert "already holds 2 of its agreements (SA1, SA2)" in err
    assert "--replace" in err
    status, out, err = run("import", EXAMPLE, store, "--replace")
    assert (0, f"{store} already held this register; nothing was recorded.\n", "") == \
        (status, out, err)
    # Drop the last pathway (and its events) from a copy and import that.
    register = forloeb.load(EXAMPLE)
    last = register.pathways[-1].pathway_id
    smaller = forloeb.Register(register.agreements, register.pathways[:-1],
                               [e for e in register.events if e.pathway_id != last],
                               register.collaboration)
    from forloeb.writing import write_json

    write_json(smaller, tmp_path / "smaller.json")
    status, out, _ = run("import", str(tmp_path / "smaller.json"), store, "--replace")
    assert 0 == status
    assert out.startswith(f"{store} now holds {tmp_path / 'smaller.json'}: added nothing; "
                          "corrected nothing; retracted 1 pathway")


def test_import_wants_a_store_name_ending_in_sqlite(tmp_path: Path) -> None:
    status, _, err = run("import", EXAMPLE, str(tmp_path / "store.csv"))
    assert 2 == status
    assert "ends in .sqlite" in err


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_export_then_import_gives_an_equal_register(store: str, tmp_path: Path,
                                                    store_backend: StoreBackend,
                                                    kind: str) -> None:
    out_path = tmp_path / ("exported" if kind == "csv" else f"exported.{kind}")
    status, out, err = run("export", store, str(out_path))
    assert (0, "") == (status, err)
    assert out.startswith("Exported 2 agreements, ")
    assert out.endswith(f"({kind}).\n")
    again = store_backend.fresh()
    assert 0 == run("import", str(out_path), again)[0]
    with Store.open(store) as first, Store.open(again) as second:
        assert first.load() == second.load() == forloeb.load(out_path)


def test_export_as_of_and_known_at(store: str, tmp_path: Path) -> None:
    before = dt.datetime.now(UTC)
    with Store.open(store) as opened:
        pathway_id = opened.load().pathways[0].pathway_id
        opened.correct_pathway(pathway_id, participant_id="D-rettet", actor="anna")
        corrected = opened.load()
    assert 0 == run("export", store, str(tmp_path / "none.json"), "--known-at", "2000-01-01")[0]
    assert forloeb.Register([]) == forloeb.load(tmp_path / "none.json")
    assert 0 == run("export", store, str(tmp_path / "then.json"), "--known-at",
                    before.isoformat())[0]
    assert forloeb.load(EXAMPLE) == forloeb.load(tmp_path / "then.json")
    assert 0 == run("export", store, str(tmp_path / "summer"), "--as-of", "2017-06-30",
                    "--format", "csv")[0]
    assert corrected.as_of(dt.date(2017, 6, 30)) == forloeb.load(tmp_path / "summer")


def test_export_of_a_missing_store_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    status, _, err = run("export", str(tmp_path / "none.sqlite"), str(tmp_path / "x.json"))
    assert (1, f"there is no store at {tmp_path / 'none.sqlite'}\n") == (status, err)
    assert not (tmp_path / "none.sqlite").exists()


def test_history_shows_each_change_with_who_and_when(location: str) -> None:
    path = location
    with Store.open(path, create=True) as opened:
        opened.add_agreement(forloeb.Agreement("SA1", dt.date(2018, 1, 1), slots=1,
                                               plan_deadline_weeks=4, frame_weeks=52),
                             actor="jobcenter", recorded_at=dt.datetime(2018, 1, 2, tzinfo=UTC))
        opened.refer("P1", agreement_id="SA1", participant_id="D-1",
                     day=dt.date(2018, 1, 2), actor="jobcenter",
                     recorded_at=dt.datetime(2018, 1, 2, 9, 30, tzinfo=UTC))
        opened.start("P1", day=dt.date(2018, 1, 8), actor="VeteranHaven",
                     recorded_at=dt.datetime(2018, 1, 8, 14, tzinfo=UTC))
        event_id = opened.record_event(
            Event("P1", dt.date(2018, 2, 1), EventType.FOLLOWUP), actor="VeteranHaven",
            recorded_at=dt.datetime(2018, 2, 1, 14, tzinfo=UTC))
        opened.retract_event(event_id, actor="jobcenter",
                             recorded_at=dt.datetime(2018, 2, 2, 8, tzinfo=UTC))
    status, out, err = run("history", "P1", path)
    assert (0, "") == (status, err)
    assert [
        f"Pathway P1 in {path}: 4 changes",
        "2018-01-02 09:30:00 UTC  jobcenter     refer          pathway P1  recorded: "
        "agreement_id SA1, participant_id D-1, referred_date 2018-01-02",
        "2018-01-08 14:00:00 UTC  VeteranHaven  start          pathway P1  "
        "start_date 2018-01-08 (was empty)",
        f"2018-02-01 14:00:00 UTC  VeteranHaven  record_event   event {event_id}     "
        "recorded: date 2018-02-01, type followup",
        f"2018-02-02 08:00:00 UTC  jobcenter     retract_event  event {event_id}     retracted",
    ] == out.splitlines()


def test_history_of_an_unknown_pathway_or_store_is_a_plain_error(store: str,
                                                                  tmp_path: Path) -> None:
    assert (1, "", "the store has never held a pathway with id 'P404'\n") == \
        run("history", "P404", store)
    status, _, err = run("history", "P1", str(tmp_path / "none.sqlite"))
    assert 1 == status
    assert "there is no store" in err


def test_history_shows_an_escape_sequence_in_an_actor_as_text_not_as_a_command(
        store: str) -> None:
    """
    Who recorded a change is whatever a tool said; the terminal must not run it.
    """
    with Store.open(store) as opened:
        opened.record_event(Event("SA1-P27", dt.date(2018, 6, 29), EventType.PLAN_REVISED),
                            actor="case system\x1b[2J")
    status, out, _ = run("history", "SA1-P27", store)
    assert 0 == status
    assert "\x1b" not in out
    assert "case system\\x1b[2J" in out


def test_an_error_message_never_sends_an_escape_sequence_to_the_terminal(
        tmp_path: Path) -> None:
    status, _, err = run("history", "SA1-P27", str(tmp_path / "none\x1b[2J.sqlite"))
    assert 1 == status
    assert "\x1b" not in err
    assert "none\\x1b[2J.sqlite" in err
