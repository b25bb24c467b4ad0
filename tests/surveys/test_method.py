"""The survey's method by hand: Cochran's sample size, proportional allocation, a reproducible
draw, Wilson's interval and a unit's index."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.surveys import method


def test_the_sample_size_follows_cochran_with_the_finite_population_correction():
    # n0 = 1.96² × 0.25 / 0.05² = 384.16; n = n0 / (1 + (n0 − 1) / N), rounded up
    assert method.sample_size(100) == 80  # 384.16 / 4.8316 = 79.51
    assert method.sample_size(10_000) == 370  # 384.16 / 1.038316 = 369.98
    assert method.sample_size(20) == 20  # a small unit: everyone
    assert method.sample_size(0) == 0
    assert method.sample_size(100, margin=0.1) == 50  # 96.04 / 1.9504 = 49.24
    with pytest.raises(ValueError, match="margin"):
        method.sample_size(100, margin=0)


def test_wilson_interval_by_hand():
    low, high = method.wilson(3, 4)  # p = 0.75, n = 4
    assert (round(low, 4), round(high, 4)) == (0.3006, 0.9544)
    assert method.wilson(0, 0) == (0.0, 1.0)


@given(st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 500), min_size=1),
       st.integers(0, 2000))  # fmt: skip
def test_the_sample_is_split_in_proportion(sizes, total):
    counts = method.allocate(sizes, total)
    population = sum(sizes.values())
    assert sum(counts.values()) == min(total, population)
    for key, size in sizes.items():
        exact = min(total, population) * size / population if population else 0
        assert abs(counts[key] - exact) < 1  # each stratum within one of its exact share
        assert counts[key] <= size


@given(st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 60), min_size=1),
       st.integers(0, 100), st.integers(0, 2**48))  # fmt: skip
def test_the_same_seed_draws_the_same_sample(sizes, total, seed):
    strata = {key: list(range(size)) for key, size in sizes.items()}
    counts = method.allocate(sizes, total)
    first = method.draw(strata, counts, seed)
    assert first == method.draw(strata, counts, seed)
    for key, drawn in first.items():
        assert len(drawn) == counts[key]
        assert len(set(drawn)) == len(drawn)  # nobody asked twice
        assert set(drawn) <= set(strata[key])


def test_a_unit_index_by_hand():
    people = [
        method.Respondent({1: 5, 2: 4, 3: 4, 4: 5, 5: 3}, {1: 5}),
        method.Respondent({1: 4, 2: 4, 3: 2, 4: 5, 5: 4}, {1: 5}),
        method.Respondent({1: 3, 2: 5, 3: 4, 4: 4, 5: 4}, {1: 4}),
        method.Respondent({1: 5, 2: 2, 3: 4, 4: 3, 5: 5}, {1: 4}),
    ]
    result = method.unit_index(people, factors=[1, 2, 3, 4, 5], minimum=3)
    access = result.factors[0]
    assert (access.n, access.satisfied, access.mean, access.expectation) == (4, 3, 4.25, 4.5)
    assert access.gap == 0.25  # expectation 4.5 − satisfaction 4.25: what to improve first
    assert result.index == 0.75  # each factor 3 of 4 satisfied
    # respondents' own shares .8 .8 .8 .6: sd 0.1, half-width 1.96 × 0.1 / 2 = 0.098
    assert result.ci is not None
    assert (round(result.ci[0], 3), round(result.ci[1], 3)) == (0.652, 0.848)
    assert result.enough
    assert not method.unit_index(people[:2], factors=[1], minimum=3).enough
    with pytest.raises(ValueError, match="scale"):
        method.unit_index([method.Respondent({1: 6})], factors=[1], minimum=1)
