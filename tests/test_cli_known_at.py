"""
``--known-at``: an evaluation published from a store can be reproduced after
later corrections.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from by_hand import EXAMPLE_FOR_THE_STORE

import forloeb
from forloeb.cli import main


def _evaluate_json(*args: str) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    assert 0 == main(["evaluate", *args, "--format", "json"], stdout=out, stderr=err), \
        err.getvalue()
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _sa1_outcomes(document: dict[str, object]) -> dict[str, int]:
    return document["agreements"][0]["q7_overview"]["outcomes"]  # type: ignore[index,no-any-return]


def test_the_summer_evaluation_is_reproduced_after_an_outcome_is_corrected(
    location: str,
) -> None:
    store_path = location
    published = dt.datetime(2018, 8, 1, 12, 0)
    with forloeb.Store.open(store_path, create=True) as store:
        # The store holds no employments yet.
        store.import_register(forloeb.load(EXAMPLE_FOR_THE_STORE), actor="import",
                              recorded_at=dt.datetime(2018, 7, 15, 9, 0))
        fleksjob = next(p for p in store.load().pathways_of("SA1")
                        if p.outcome == "fleksjob" and p.end_date
                        and p.end_date <= dt.date(2018, 6, 30))
        store.correct_pathway(fleksjob.pathway_id, actor="caseworker",
                              recorded_at=dt.datetime(2018, 9, 1, 9, 0),
                              outcome="ordinaert_job")

    as_published = _evaluate_json(store_path, "--as-of", "2018-06-30",
                                  "--known-at", published.isoformat())
    corrected = _evaluate_json(store_path, "--as-of", "2018-06-30")

    assert 5 == _sa1_outcomes(as_published)["fleksjob"]
    assert 4 == _sa1_outcomes(corrected)["fleksjob"]
    assert _sa1_outcomes(as_published)["ordinaert_job"] + 1 == \
        _sa1_outcomes(corrected)["ordinaert_job"]


def test_known_at_on_a_csv_register_is_a_plain_error() -> None:
    out, err = io.StringIO(), io.StringIO()
    status = main(["evaluate", str(forloeb.EXAMPLE_REGISTER), "--known-at", "2018-08-01"],
                  stdout=out, stderr=err)
    assert 1 == status
    assert "store" in err.getvalue()
    assert "Traceback" not in err.getvalue()
