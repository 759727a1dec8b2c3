"""How sure a figure is: bootstrap 95% intervals over questions, and paired differences between two systems.

At 40-100 questions one question moves a mean by 0.01-0.025, so every figure the suite and the fits report comes
with its interval, and a comparison of two systems is made question by question (paired), not mean against mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

RESAMPLES = 2000


@dataclass(frozen=True)
class Estimate:
    """A mean over questions with its bootstrap 95% interval."""

    mean: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.3f} [{self.low:.3f}, {self.high:.3f}]"

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


def estimate(values: Sequence[float] | np.ndarray) -> Estimate:
    """The mean of per-question values and its percentile-bootstrap 95% interval."""
    data = np.asarray(values, dtype=float)
    if len(data) == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    mean = float(data.mean())
    if len(data) < 2 or np.all(data == data[0]):
        return Estimate(mean, mean, mean, len(data))
    result = stats.bootstrap((data,), np.mean, n_resamples=RESAMPLES, method="percentile", random_state=0)
    interval = result.confidence_interval
    return Estimate(mean, float(interval.low), float(interval.high), len(data))


def paired(ours: Sequence[float], baseline: Sequence[float]) -> Estimate:
    """Ours minus the baseline, question by question, with the interval of the mean difference."""
    if len(ours) != len(baseline):
        raise ValueError(f"paired figures need the same questions: {len(ours)} against {len(baseline)}")
    return estimate(np.asarray(ours, dtype=float) - np.asarray(baseline, dtype=float))
