"""Run a random sample of mutmut's mutants and estimate the mutation score.

A run of every mutant of the configured core (``[tool.mutmut]`` in
``pyproject.toml``) takes about half a day on a 2-core machine. A uniform
random sample, drawn with a fixed seed, gives the same score within a stated
margin in an hour or two, and names the survivors to read::

    python -m venv .venv-mutation && . .venv-mutation/bin/activate
    pip install '.[dev]' && pip uninstall -y forloeb   # not forloeb itself
    CI=1 nice -n 19 python tools/mutation_sample.py --size 300 --seed 2026

mutmut first makes the mutants and learns which tests reach which function
(about ten minutes); then the sample runs, and the tally is printed: killed,
survived (with each survivor's name, for ``mutmut show NAME``), and the
share killed with its 95 % Wilson interval. ``--skip`` leaves out modules
already measured on their own (globs over mutant names). With ``--tally``
the sample is not run again, only counted from what ``mutants/`` holds.

Run it from the repository root; it only reads and writes ``mutants/``.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import random
import subprocess
import sys
from pathlib import Path

MUTANTS = Path("mutants")

# mutmut's own reading of a mutant's exit code (mutmut.stats.status_by_exit_code).
KILLED = {1, 3}
SURVIVED = {0}
TIMEOUT = {24, -24, 36, 152, 255}
NOT_RUN = {None}


def all_mutants() -> dict[str, int | None]:
    """Every mutant mutmut has made, with the exit code of its last run."""
    found: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.glob("**/*.meta")):
        found.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return found


def make_mutants(children: int) -> None:
    """Let mutmut make the mutants and trace the tests, running none of them.

    mutmut has no command for this alone: asked to run a name no mutant has,
    it makes them, traces the tests, and then stops on an assertion that
    nothing matched, which is expected here and not shown.
    """
    done = subprocess.run(
        ["mutmut", "run", "--max-children", str(children), "no mutant is named this"],
        capture_output=True, text=True, check=False)
    if not all_mutants():
        sys.exit(f"mutmut made no mutants:\n{done.stdout}{done.stderr}")


def draw(names: list[str], size: int, seed: int) -> list[str]:
    return sorted(random.Random(seed).sample(sorted(names), min(size, len(names))))


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a share."""
    if trials == 0:
        return (0.0, 1.0)
    share = successes / trials
    centre = share + z * z / (2 * trials)
    margin = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    scale = 1 + z * z / trials
    return ((centre - margin) / scale, (centre + margin) / scale)


def tally(sample: list[str], codes: dict[str, int | None]) -> str:
    groups: dict[str, list[str]] = {
        "killed": [], "timeout": [], "survived": [], "not run": [], "other": []}
    for name in sample:
        code = codes.get(name)
        if code in KILLED:
            groups["killed"].append(name)
        elif code in TIMEOUT:
            groups["timeout"].append(name)
        elif code in SURVIVED:
            groups["survived"].append(name)
        elif code in NOT_RUN:
            groups["not run"].append(name)
        else:
            groups["other"].append(f"{name} (exit code {code})")
    detected = len(groups["killed"]) + len(groups["timeout"])
    finished = detected + len(groups["survived"])
    low, high = wilson(detected, finished)
    lines = [f"sample of {len(sample)} mutants"]
    lines += [f"  {status}: {len(names)}" for status, names in groups.items()]
    if finished:
        lines.append(
            f"detected (killed or timed out) {detected} of {finished} that finished: "
            f"{detected / finished:.1%} (95 % interval {low:.1%} to {high:.1%})"
        )
    for status in ("survived", "not run", "other"):
        if groups[status]:
            lines.append(f"{status}:")
            lines += [f"  {name}" for name in groups[status]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300, help="how many mutants (300)")
    parser.add_argument("--seed", type=int, default=2026, help="the sample's seed (2026)")
    parser.add_argument("--skip", action="append", default=[], metavar="GLOB",
                        help="leave out mutants whose names match, e.g. 'forloeb.dates.*'")
    parser.add_argument("--max-children", type=int, default=2, help="mutmut's workers (2)")
    parser.add_argument("--tally", action="store_true",
                        help="only count the sample from what mutants/ holds")
    args = parser.parse_args(argv)
    if not Path("pyproject.toml").is_file():
        parser.error("run it from the repository root")
    if not all_mutants():
        if args.tally:
            parser.error("mutants/ holds no mutants: run it once without --tally")
        make_mutants(args.max_children)
    names = [name for name in all_mutants()
             if not any(fnmatch.fnmatchcase(name, glob) for glob in args.skip)]
    sample = draw(names, args.size, args.seed)
    print(f"{len(sample)} of {len(names)} mutants drawn with seed {args.seed}", flush=True)
    if not args.tally:
        run = subprocess.run(
            ["mutmut", "run", "--max-children", str(args.max_children), *sample], check=False)
        if run.returncode != 0:
            # Its clean run or its tracing of the tests failed: no mutant ran.
            print(f"mutmut failed (exit status {run.returncode}); see what it printed above")
            return 1
    print(tally(sample, all_mutants()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
