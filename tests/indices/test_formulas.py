"""The 766 formulas by hand: threshold and linear indicators, zero denominators, the total on
the points it could be computed on, bands and what-if."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.indices.formulas import Kind, Result, Status, band, gain_if, score, total

D = Decimal


def test_a_threshold_indicator_scores_max_from_the_threshold_and_in_proportion_below():
    half = Fraction(1, 2)
    assert score(Kind.THRESHOLD, D(6), 45, 100, half).points == D("5.40")  # 0.45 / 0.5 × 6
    assert score(Kind.THRESHOLD, D(6), 50, 100, half).points == D(6)  # at the threshold
    assert score(Kind.THRESHOLD, D(6), 99, 100, half).points == D(6)
    assert score(Kind.THRESHOLD, D(8), 1, 3, Fraction(9, 10)).points == D("2.96")  # 0.333/0.9×8


def test_a_linear_indicator_is_rate_times_max():
    result = score(Kind.LINEAR, D(20), 119, 124)
    assert result.rate == Fraction(119, 124)
    assert result.points == D("19.19")  # 0.95968 × 20
    assert result.status is Status.SCORED


def test_no_data_is_never_a_zero():
    nothing = score(Kind.LINEAR, D(6), 0, 0)  # nothing to count in the period
    assert (nothing.points, nothing.status) == (None, Status.NO_DATA)
    assert score(Kind.NO_DATA, D(6), None, None).points is None
    assert score(Kind.LINEAR, D(6), 0, 10).points == D(0)  # a real zero: 0 of 10
    with pytest.raises(ValueError, match="not a rate"):
        score(Kind.LINEAR, D(6), 11, 10)


def test_the_total_says_on_how_many_points_it_is_computed():
    results = [(D(20), Result(1, 1, Fraction(1), D("19.19"), Status.SCORED)),
               (D(6), Result(None, None, None, None, Status.NO_DATA)),
               (D(6), Result(0, 10, Fraction(0), D(0), Status.SCORED))]  # fmt: skip
    whole = total(results)
    assert (whole.points, whole.computed_on, whole.maximum) == (D("19.19"), D(26), D(32))
    assert band(D(95), D(100)) == "excellent"
    assert band(D(45), D(100)) == "weak"
    assert band(D("19.19"), D(26)) == "good"  # 73.8 % of what could be computed
    assert band(D(0), D(0)) == ""


def test_what_if():
    # 119 of 124 on time: 5 more on time → 20.00 − 19.19 = +0.81 points
    assert gain_if(Kind.LINEAR, D(20), 119, 124, None, 5) == D("0.81")
    assert gain_if(Kind.THRESHOLD, D(6), 0, 132, Fraction(1, 2), 66) == D(6)
    assert gain_if(Kind.LINEAR, D(6), 0, 0, None, 1) is None
