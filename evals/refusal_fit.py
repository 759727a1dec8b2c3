"""Fit the refusal policy on gold sets: a logistic regression over the evidence's signals (`assistant.refusal`), its
threshold set for a false-refusal budget, both chosen and reported by cross-validation, with bootstrap intervals
and, from the same run, the hand-set rules it replaces and a relevance threshold alone as baselines.

Questions the catalogue answers never reach the policy: their decisions count as they are. Only gold files meant for
fitting (gold.jsonl, heldout.jsonl) belong here; the validation set (heldout2.jsonl) is only ever measured.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from assistant.refusal import FEATURES, RefusalModel, features
from assistant.service import Assistant
from evals.gold import GoldItem
from evals.uncertainty import estimate

logger = logging.getLogger(__name__)

BUDGET = 0.04  # the largest share of answerable questions the policy may refuse
FOLDS = 5
REPEATS = 20
C = 1.0  # inverse L2 strength: the features are few and standardised, the items about 130
RULE_RELEVANCE = 0.80  # the hand-set rules this policy replaces refused below this dense similarity


@dataclass(frozen=True)
class Sample:
    """One gold question as the assistant examined it: its label, and the policy's inputs when retrieval answers."""

    item: GoldItem
    answerable: bool
    values: dict[str, float] | None  # None: the catalogue decided
    catalogue_refused: bool = False


@dataclass(frozen=True)
class Rates:
    """Refused unanswerable and refused answerable questions, with bootstrap 95% intervals."""

    refused: float
    refused_ci: tuple[float, float]
    false_refusal: float
    false_ci: tuple[float, float]


@dataclass(frozen=True)
class FitReport:
    items: int
    unanswerable: int
    catalogue: int
    cross_validated: Rates
    rules: Rates
    relevance_only: Rates
    in_sample: Rates


def collect(
    bot: Assistant, items: Sequence[GoldItem], progress: Callable[[int, int], None] | None = None
) -> list[Sample]:
    """Examine every gold question as the assistant would (no history, no filters)."""
    samples = []
    for number, item in enumerate(items, start=1):
        exam = bot.examine(item.question)
        answerable = item.type != "unanswerable"
        if exam.quick is not None:
            samples.append(Sample(item, answerable, None, catalogue_refused=not exam.quick.found))
        else:
            assert exam.evidence is not None
            samples.append(Sample(item, answerable, features(exam.question, exam.evidence)))
        if progress:
            progress(number, len(items))
    return samples


def fit(samples: Sequence[Sample], budget: float = BUDGET, seed: int = 0) -> tuple[RefusalModel, FitReport]:
    """The model fitted on every sample, its threshold from out-of-fold probabilities, and the cross-validated
    figures (each outer fold's threshold chosen on its own training part)."""
    retrieval = [s for s in samples if s.values is not None]
    x = np.array([[s.values[name] for name in FEATURES] for s in retrieval if s.values is not None])
    y = np.array([s.answerable for s in retrieval], dtype=int)
    outer = np.mean([_outer_decisions(x, y, budget, seed + r) for r in range(REPEATS)], axis=0)
    oof = np.mean([_oof(x, y, seed + 100 + r) for r in range(REPEATS)], axis=0)
    threshold = _threshold(oof, y, budget)
    scaler, model = _fit(x, y)
    fitted = RefusalModel(
        features=FEATURES,
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) for v in scaler.scale_),
        weights=tuple(float(v) for v in model.coef_[0]),
        bias=float(model.intercept_[0]),
        threshold=threshold,
    )
    in_sample = np.array([fitted.probability(s.values) < threshold for s in retrieval if s.values is not None])
    rules = np.array([_rule(s.values) for s in retrieval if s.values is not None])
    relevance = np.array([s.values["relevance"] < RULE_RELEVANCE for s in retrieval if s.values is not None])
    report = FitReport(
        items=len(samples),
        unanswerable=sum(not s.answerable for s in samples),
        catalogue=len(samples) - len(retrieval),
        cross_validated=_rates(samples, outer),
        rules=_rates(samples, rules.astype(float)),
        relevance_only=_rates(samples, relevance.astype(float)),
        in_sample=_rates(samples, in_sample.astype(float)),
    )
    fitted = RefusalModel(**{**fitted.__dict__, "fitted": _metadata(report, budget)})
    return fitted, report


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    scaler.scale_ = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    return scaler, LogisticRegression(C=C, max_iter=1000).fit(scaler.transform(x), y)


def _probabilities(train: tuple[np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    scaler, model = _fit(*train)
    return model.predict_proba(scaler.transform(x))[:, 1]


def _oof(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold probabilities of being answerable."""
    found = np.zeros(len(y))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, y):
        found[test] = _probabilities((x[train], y[train]), x[test])
    return found


def _outer_decisions(x: np.ndarray, y: np.ndarray, budget: float, seed: int) -> np.ndarray:
    """1.0 where an outer fold's model, thresholded on its training part's out-of-fold probabilities, refuses."""
    refused = np.zeros(len(y))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, y):
        threshold = _threshold(_oof(x[train], y[train], seed + 1000), y[train], budget)
        refused[test] = _probabilities((x[train], y[train]), x[test]) < threshold
    return refused


def _threshold(probabilities: np.ndarray, y: np.ndarray, budget: float) -> float:
    """The threshold that refuses most unanswerable questions while refusing at most `budget` of the answerable;
    midway between the probabilities it separates."""
    candidates = np.unique(np.concatenate([[0.0], probabilities, [1.0]]))
    answerable = probabilities[y == 1]
    best, best_refused = 0.0, -1.0
    for low, high in zip(candidates[:-1], candidates[1:], strict=True):
        t = (low + high) / 2
        if np.mean(answerable < t) > budget:
            break
        refused = float(np.mean(probabilities[y == 0] < t)) if (y == 0).any() else 0.0
        if refused > best_refused:
            best, best_refused = t, refused
    return float(best)


def _rule(values: dict[str, float]) -> bool:
    """The hand-set rules the policy replaces: weak evidence, a name absent, or the kind of fact absent."""
    return values["relevance"] < RULE_RELEVANCE or bool(values["name_absent"]) or bool(values["kind_absent"])


def _rates(samples: Sequence[Sample], retrieval_refused: np.ndarray) -> Rates:
    """Per-item refusal (the share of repeats that refused it), catalogue decisions included."""
    refused = iter(retrieval_refused)
    per_item = [
        (s.answerable, float(s.catalogue_refused) if s.values is None else float(next(refused))) for s in samples
    ]
    unanswerable = np.array([r for answerable, r in per_item if not answerable])
    answerable = np.array([r for answerable, r in per_item if answerable])
    return Rates(float(unanswerable.mean()), _interval(unanswerable), float(answerable.mean()), _interval(answerable))


def _interval(values: np.ndarray) -> tuple[float, float]:
    found = estimate(values)
    return found.low, found.high


def _metadata(report: FitReport, budget: float) -> dict[str, object]:
    cv = report.cross_validated
    return {
        "date": dt.date.today().isoformat(),
        "items": report.items,
        "unanswerable": report.unanswerable,
        "budget": budget,
        "cross_validation": f"{FOLDS}-fold stratified, {REPEATS} repeats, thresholds chosen within each training part",
        "cv_refused": round(cv.refused, 4),
        "cv_false_refusal": round(cv.false_refusal, 4),
    }


def report_lines(report: FitReport) -> list[str]:
    """The report as text lines: the cross-validated policy beside the baselines of the same run."""
    lines = [
        f"{report.items} questions ({report.unanswerable} unanswerable), {report.catalogue} decided by the catalogue",
        f"{'':28} {'unanswerable refused':>26} {'answerable refused':>26}",
    ]
    rows = [
        ("policy, cross-validated", report.cross_validated),
        ("rules it replaces", report.rules),
        ("relevance >= 0.80 alone", report.relevance_only),
        ("policy, in sample", report.in_sample),
    ]
    for name, rates in rows:
        refused = f"{rates.refused:.3f} [{rates.refused_ci[0]:.3f}, {rates.refused_ci[1]:.3f}]"
        false = f"{rates.false_refusal:.3f} [{rates.false_ci[0]:.3f}, {rates.false_ci[1]:.3f}]"
        lines.append(f"{name:28} {refused:>26} {false:>26}")
    return lines
