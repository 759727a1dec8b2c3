"""Fitting the refusal policy: the threshold keeps to its budget, cross-validation runs on made-up samples, and the
validation set is never fitted on."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.refusal import FEATURES
from evals.gold import GoldItem
from evals.refusal_fit import Sample, _threshold, fit, report_lines
from ui.cli.main import main


def test_the_threshold_refuses_most_within_the_budget() -> None:
    probabilities = np.array([0.05, 0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97])
    labels = np.array([0, 0, 1, 0, 1, 1, 1, 1, 1, 1])
    strict = _threshold(probabilities, labels, budget=0.0)
    assert 0.1 < strict < 0.2  # refusing the third unanswerable would refuse an answerable one first
    loose = _threshold(probabilities, labels, budget=0.15)
    assert 0.3 < loose < 0.6 and np.mean(probabilities[labels == 1] < loose) <= 0.15


def _samples(seed: int = 1) -> list[Sample]:
    rng = np.random.default_rng(seed)
    samples = []
    for n in range(80):
        answerable = n % 4 != 0
        values = dict.fromkeys(FEATURES, 0.0)
        values["relevance"] = float(rng.normal(0.88 if answerable else 0.84, 0.02))
        values["name_absent"] = float(not answerable and rng.random() < 0.5)
        item = GoldItem(id=f"q{n}", question="?", answer="…", lang="da", type="fact" if answerable else "unanswerable")
        samples.append(Sample(item, answerable, values))
    samples.append(Sample(GoldItem(id="cat", question="?", answer="…", lang="da", type="planning"), True, None))
    return samples


def test_fit_reports_cross_validated_figures_beside_the_baselines() -> None:
    model, report = fit(_samples(), budget=0.05)
    assert report.items == 81 and report.catalogue == 1 and report.unanswerable == 20
    assert report.cross_validated.false_refusal <= 0.1
    assert report.cross_validated.refused > report.relevance_only.refused
    assert model.fitted["cv_refused"] == round(report.cross_validated.refused, 4)
    low, high = report.cross_validated.refused_ci
    assert low <= report.cross_validated.refused <= high
    assert any(line.startswith("policy, cross-validated") for line in report_lines(report))


def test_calibrate_refuses_to_fit_on_the_validation_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "calibrate", "evals/gold/heldout2.jsonl"]) == 2
    assert "validation set" in capsys.readouterr().err
