"""Choosing settings by grouped cross-validation: each fold chooses on its training part; questions of one document
part never sit on both sides of a fold."""

from __future__ import annotations

import numpy as np
import pytest

from evals.tuning import cross_validate
from ui.cli.main import main


def _first_best(table: dict[str, np.ndarray]) -> int:
    return int(np.argmax(table["score"].mean(axis=1)))


def test_a_setting_better_everywhere_is_chosen_by_every_fold() -> None:
    table = {"score": np.array([[0.0] * 20, [1.0] * 20])}
    scores, chosen = cross_validate(table, [f"g{i % 5}" for i in range(20)], _first_best, repeats=3)
    assert chosen == {1: 15}
    assert scores["score"].tolist() == [1.0] * 20


def test_a_setting_that_only_fits_one_group_wins_no_fold_holding_that_group() -> None:
    # Setting 1 is perfect on group "a" and worthless elsewhere; setting 0 is fair everywhere. In sample, setting 1
    # wins (its mean is 0.55 against 0.5); a fold that holds out group "a" cannot see that.
    groups = ["a"] * 10 + [f"b{i}" for i in range(10)]
    table = {"score": np.array([[0.5] * 20, [1.0] * 10 + [0.1] * 10])}
    assert _first_best(table) == 1
    scores, _ = cross_validate(table, groups, _first_best, repeats=4)
    assert scores["score"][:10].mean() == pytest.approx(0.5)  # group "a" scored by the setting chosen without it


def test_tune_refuses_to_fit_on_the_validation_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "tune", "evals/gold/heldout2.jsonl"]) == 2
    assert "validation set" in capsys.readouterr().err
