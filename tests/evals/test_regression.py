"""The evaluation suite on the sample corpus must stay above the floors in evals/thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from evals.suite import run_suite
from evals.thresholds import load_thresholds, violations


def test_metrics_stay_above_their_floors(sample_assistant: Assistant, tmp_path: Path) -> None:
    result = run_suite(sample_assistant, out_dir=tmp_path / "report", history=tmp_path / "history.jsonl")
    ours = result.summaries["ours"]
    assert ours["items"] >= 60
    assert violations(ours, load_thresholds()) == []
    assert (tmp_path / "report" / "report.md").read_text(encoding="utf-8").startswith("# Studietur evaluation")
    assert (tmp_path / "report" / "hit_at_k.png").stat().st_size > 1000
    assert len((tmp_path / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_a_floor_above_the_result_is_reported() -> None:
    summary = {"hit@5": 0.9, "false_refusal": 0.2}
    gates = {"min": {"hit@5": 0.95}, "max": {"false_refusal": 0.1}}
    assert len(violations(summary, gates)) == 2
    assert violations(summary, {"min": {"hit@5": 0.9}, "max": {"false_refusal": 0.2}}) == []
