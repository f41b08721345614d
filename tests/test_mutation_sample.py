"""The sampled mutation run (tools/mutation_sample.py): its draw and its tally."""

from __future__ import annotations

import math

import pytest

from tools.mutation_sample import draw, tally, wilson


def test_the_draw_is_the_same_for_a_seed_whatever_order_the_names_come_in() -> None:
    names = [f"forloeb.m.x_f__mutmut_{i}" for i in range(100)]
    first = draw(names, 10, seed=7)
    assert first == draw(list(reversed(names)), 10, seed=7)
    assert first != draw(names, 10, seed=8)
    assert 10 == len(set(first))
    assert sorted(first) == first


def test_a_sample_larger_than_the_mutants_takes_them_all() -> None:
    assert ["a", "b"] == draw(["b", "a"], 5, seed=1)


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Worked out from the formula by hand (Wilson 1927, z = 1.96).
        (50, 100, 0.40383, 0.59617),
        (95, 100, 0.88825, 0.97846),
        (100, 100, 0.96301, 1.0),
        (0, 10, 0.0, 0.27754),
    ],
)
def test_the_wilson_interval(successes: int, trials: int, low: float, high: float) -> None:
    got_low, got_high = wilson(successes, trials)
    assert math.isclose(low, got_low, abs_tol=5e-5)
    assert math.isclose(high, got_high, abs_tol=5e-5)


def test_no_trial_says_nothing() -> None:
    assert (0.0, 1.0) == wilson(0, 0)


def test_the_tally_counts_timeouts_as_detected_and_names_the_survivors() -> None:
    codes = {"k1": 1, "k2": 3, "t": 36, "s": 0, "n": None, "q": 33}
    text = tally(sorted(codes), codes)
    assert "  killed: 2" in text
    assert "  timeout: 1" in text
    assert "  survived: 1" in text
    assert "  not run: 1" in text
    assert "detected (killed or timed out) 3 of 4 that finished: 75.0%" in text
    assert "survived:\n  s" in text
    assert "  q (exit code 33)" in text
