"""Bootstrap intervals and paired differences: the uncertainty every reported figure carries."""

from __future__ import annotations

import numpy as np
import pytest

from evals.uncertainty import estimate, paired


def test_an_interval_holds_its_mean_and_narrows_with_more_questions() -> None:
    rng = np.random.default_rng(1)
    few, many = rng.integers(0, 2, 40), rng.integers(0, 2, 400)
    small, large = estimate(few), estimate(many)
    assert small.low <= small.mean <= small.high and large.low <= large.mean <= large.high
    assert large.high - large.low < small.high - small.low
    assert small.n == 40


def test_a_constant_figure_has_no_spread() -> None:
    found = estimate([1.0, 1.0, 1.0])
    assert (found.low, found.mean, found.high) == (1.0, 1.0, 1.0)


def test_a_paired_difference_sees_what_two_overlapping_means_hide() -> None:
    rng = np.random.default_rng(2)
    baseline = rng.random(60)
    ours = baseline + 0.05  # better on every question by a little
    assert estimate(ours).low < estimate(baseline).high  # the means' intervals overlap
    difference = paired(ours, baseline)
    assert difference.excludes_zero and difference.mean == pytest.approx(0.05)
    assert not paired(baseline, baseline).excludes_zero


def test_paired_figures_need_the_same_questions() -> None:
    with pytest.raises(ValueError, match="same questions"):
        paired([1.0, 0.0], [1.0])
