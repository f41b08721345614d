"""
The benchmark script keeps working: a tiny run prints the table.

No timing is asserted; the figures belong in benchmarks/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("floor", "load", "check", "sla", "evaluate", "whole from CSV", "work list",
          "work list all CSV", "check command", "columnar check", "columnar evaluate",
          "columnar work list", "columnar work list all CSV", "columnar work list all JSON",
          "store import", "whole from store", "columnar from store", "next_due from store",
          "next_due after load", "pg import", "whole from pg", "next_due from pg",
          "rule 6: one participant")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    data = tmp_path_factory.mktemp("benchmark-data")
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--data", str(data)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.slow
def test_a_quick_run_finishes_without_a_failing_stage(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    assert 0 == quick_run.returncode, quick_run.stdout + quick_run.stderr


@pytest.mark.slow
def test_a_quick_run_prints_a_row_per_stage_for_a_thousand_pathways(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    out = quick_run.stdout
    assert "## 1,000 pathways" in out
    for column in ("| stage ", "| wall s |", "| CPU s |", "| µs/pathway |", "| peak MB |",
                   "| x floor |", "| x floor CPU |"):
        assert column in out
    rows = {line.split("|")[1].strip(): line for line in out.splitlines()
            if line.startswith("| ") and not line.startswith("| stage ")}
    assert set(STAGES) == set(rows)
    floor = [cell.strip() for cell in rows["floor"].split("|")]
    assert ["1.0x", "1.0x"] == floor[6:8]
    assert floor[8].endswith(" rows")


@pytest.mark.slow
def test_a_quick_run_reports_the_targets(quick_run: subprocess.CompletedProcess[str]) -> None:
    assert "## Targets (issue 6) at 1,000 pathways" in quick_run.stdout
    assert "peak memory under 2 GB" in quick_run.stdout
    assert "## Targets (issue 15) at 1,000 pathways" in quick_run.stdout
    assert "- columnar evaluate: " in quick_run.stdout


@pytest.mark.slow
def test_an_unknown_stage_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--data",
         str(tmp_path), "--only", "lunch"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert 2 == done.returncode
    assert "unknown stage 'lunch'" in done.stderr
