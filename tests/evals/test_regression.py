"""The evaluation suite on the sample corpus must stay above the floors in evals/thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from evals.gold import load_gold
from evals.runner import run_system
from evals.suite import DEFAULT_GOLD, language_rows, run_suite
from evals.systems import assistant_system
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


def test_retrieval_is_reported_for_danish_and_english_questions_apart(sample_assistant: Assistant) -> None:
    items = load_gold(DEFAULT_GOLD)
    results = run_system(assistant_system(sample_assistant, mode="bm25", answer=False), items)
    rows = language_rows({"bm25_only": results})
    assert rows[0][:3] == ["system", "lang", "n"]
    assert [row[1] for row in rows[1:]] == ["da", "en"]
    answerable = [item for item in items if item.type != "unanswerable"]
    assert sum(int(row[2]) for row in rows[1:]) == len(answerable)
    assert all(0.0 <= float(cell) <= 1.0 for row in rows[1:] for cell in row[3:])
