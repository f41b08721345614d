"""
``forloeb reconcile``: a published summary checked against the register.
"""

from __future__ import annotations

import io
import json

import pytest

from forloeb.cli import main

PUBLISHED = "examples/slagelse-2018/published-2018.json"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch, request):
    # The shipped example is named relative to the repository root, as in the docs.
    monkeypatch.chdir(request.config.rootpath)


def test_the_2018_report_fails_the_check_on_sa2():
    status, out, err = run("reconcile", PUBLISHED)
    assert (1, "") == (status, err)
    rows = [line for line in out.splitlines() if line.startswith("SA")]
    assert {"SA2"} == {line.split()[0] for line in rows}
    assert "De offentliggjorte kategorier summer til 36." in out
    assert "22 af 34 er 65 %" in out
    assert "22 af 36 er 61 %" in out


def test_the_2018_report_discrepancies_as_json():
    status, out, _ = run("reconcile", PUBLISHED, "--format", "json")
    found = {(d["agreement_id"], d["path"], d["kind"]) for d in json.loads(out)}
    assert 1 == status
    assert {("SA2", "q7_overview.completed", "sum_mismatch"),
            ("SA2", "q7_overview.completed", "differs"),
            ("SA2", "q7_overview.progression_share", "share_mismatch")} <= found
    assert not any(agreement == "SA1" for agreement, _, _ in found)


def test_the_2018_report_in_english():
    status, out, _ = run("reconcile", PUBLISHED, "--lang", "en")
    assert 1 == status
    assert "The published categories add up to 36." in out


def test_figures_that_match_pass_the_check(tmp_path):
    _, out, _ = run("evaluate", "--format", "json")
    published = tmp_path / "published.json"
    published.write_text(out, encoding="utf-8")
    status, out, _ = run("reconcile", str(published))
    assert 0 == status
    assert "Ingen uoverensstemmelser" in out


def test_a_published_file_that_is_not_json_is_refused_naming_it(tmp_path):
    published = tmp_path / "published.json"
    published.write_text("completed: 34\n", encoding="utf-8")
    status, out, err = run("reconcile", str(published))
    assert (1, "") == (status, out)
    assert f"{published} is not JSON" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[1, 2]", "must hold a JSON object"),
        ('{"as_of": "2018-06-30"}', "must have a list 'agreements'"),
        ('{"agreements": [{"q7_overview": {}}]}', "agreement number 1"),
        ('{"as_of": "30 June", "agreements": []}', "as_of must be a date"),
    ],
)
def test_a_published_file_of_the_wrong_shape_is_refused_naming_it(tmp_path, content,
                                                                  expected):
    published = tmp_path / "summary.json"
    published.write_text(content, encoding="utf-8")
    status, _, err = run("reconcile", str(published))
    assert 1 == status
    assert str(published) in err
    assert expected in err


def test_a_published_file_that_does_not_exist_is_refused_naming_it(tmp_path):
    status, _, err = run("reconcile", str(tmp_path / "nothing.json"))
    assert 1 == status
    assert "nothing.json" in err


def test_reconcile_needs_the_published_file():
    status, _, _ = run("reconcile")
    assert 2 == status


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("content", [
    '{"agreements": [{"agreement_id": "3006181234", "q7_overview": {"completed": 3}}]}',
    '{"agreements": [{"agreement_id": "106181234", "q7_overview": {"completed": 3}}]}',
    '{"agreements": [{"agreement_id": "SA1", "q7_overview": {"completed": 106181234}}]}',
    '{"agreements": [{"agreement_id": "SA1", "q7_overview": {"106181234": 3}}]}',
    '{"agreements": [{"agreement_id": 106181234}]}',
    '{"as_of": "106181234", "agreements": []}',
])
def test_no_cpr_like_value_of_a_published_file_is_repeated(tmp_path, content, fmt):
    published = tmp_path / "summary.json"
    published.write_text(content, encoding="utf-8")
    status, out, err = run("reconcile", str(published), "--as-of", "2018-06-30",
                           "--format", fmt)
    assert 1 == status
    assert "106181234" not in out + err
    assert "[a CPR-like value, not shown]" in out + err
