"""
Rounding half up, everywhere a figure is shown or compared: checked against
the standard library's ``decimal`` with ``ROUND_HALF_UP`` over many values.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from forloeb.evaluation import percent, round_half_up
from forloeb.rendering._cells import Mean, Money, Share, format_cell, format_share

#: Counts as an evaluation has them: numerator at most the denominator, or a
#: rate (meetings per participant, utilisation) above 1.
COUNTS = st.integers(0, 5000)
DENOMINATORS = st.integers(1, 5000)

#: Values written with a few decimals, halves included (2.25, -0.05, 3.75).
DECIMALS = st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False,
                       allow_infinity=False)

_CONTEXT = decimal.Context(prec=60)


def _reference(value: Fraction | Decimal, places: int) -> Decimal:
    # decimal's own ROUND_HALF_UP, on an exact decimal of the value.
    if isinstance(value, Fraction):
        value = _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CONTEXT)


@given(COUNTS, DENOMINATORS)
def test_percent_of_a_share_is_decimal_round_half_up(numerator, denominator):
    share = Fraction(numerator, denominator)
    expected = int(_reference(share * 100, 0))
    assert expected == percent(share)
    # The same share read back from a JSON document as a float.
    assert expected == percent(numerator / denominator)


@given(DECIMALS, st.integers(0, 3))
def test_round_half_up_is_decimal_round_half_up(value, places):
    expected = Fraction(_reference(value, places))
    assert expected == round_half_up(Fraction(value), places)
    assert expected == round_half_up(float(value), places)


@given(COUNTS, DENOMINATORS, st.integers(0, 3))
def test_round_half_up_of_a_fraction_is_decimal_round_half_up(numerator, denominator, places):
    share = Fraction(numerator, denominator)
    assert Fraction(_reference(share, places)) == round_half_up(share, places)


def test_reconcile_no_longer_takes_3_7_for_3_75():
    assert Fraction(38, 10) == round_half_up(3.75, 1)
    assert round_half_up(3.7, 1) != round_half_up(3.75, 1)


@given(COUNTS, DENOMINATORS)
def test_every_share_is_shown_as_decimal_round_half_up(numerator, denominator):
    expected = _reference(Fraction(numerator, denominator) * 100, 0)
    shown = format_share(Share(numerator / denominator, numerator, denominator), "da")
    assert f"{expected} % ({numerator}/{denominator})" == shown
    # A share of the comparison or the trend, shown without its counts.
    assert f"{expected} %" == format_cell(Share(numerator / denominator), "en")


@given(DECIMALS)
def test_every_mean_is_shown_with_one_decimal_rounded_half_up(value):
    expected = _reference(value, 1)
    sign = "-" if expected < 0 else ("+" if expected > 0 else "")
    assert f"{sign}{abs(expected)}" == format_cell(Mean(float(value), signed=True), "en")
    assert str(abs(expected)).replace(".", ",") == \
        format_cell(Mean(abs(float(value))), "da")


@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False,
                   allow_infinity=False))
def test_every_amount_is_shown_in_whole_kroner_rounded_half_up(value):
    expected = int(_reference(value, 0))
    assert f"DKK {expected:,}" == format_cell(Money(float(value)), "en")
