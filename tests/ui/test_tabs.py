"""Handlers of the Dokumenter and Evaluering tabs that need no browser."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from assistant.service import Assistant
from evals.suite import DEFAULT_GOLD
from ui import evaluation
from ui.documents import Busy, delete, run_ingest


def _no_progress(*args: Any, **kwargs: Any) -> None:
    return None


def test_ingest_waits_for_no_one_when_another_holds_the_lock(sample_assistant: Assistant) -> None:
    lock = threading.Lock()
    with lock, pytest.raises(Busy):
        run_ingest(sample_assistant, lock, None, _no_progress)  # type: ignore[arg-type]


def test_delete_needs_a_document_of_the_index(sample_assistant: Assistant) -> None:
    lock = threading.Lock()
    assert "Intet er slettet" in delete(sample_assistant, lock, None)
    assert "ikke (længere) i indekset" in delete(sample_assistant, lock, "/etc/passwd")
    assert len(sample_assistant.documents()) == 5 and not lock.locked()


def test_evaluation_tab_runs_the_suite(sample_assistant: Assistant, tmp_path: Path, monkeypatch: Any) -> None:
    gold = tmp_path / "gold" / "mini.jsonl"
    gold.parent.mkdir()
    gold.write_text("\n".join(DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    monkeypatch.setattr(evaluation, "GOLD_DIR", gold.parent)
    assert evaluation.gold_choices() == [("mini.jsonl", str(gold))]

    refused, *rest = evaluation.run_evaluation(sample_assistant, str(DEFAULT_GOLD), _no_progress)  # type: ignore[arg-type]
    assert "Vælg en guldfil" in refused and rest == [None] * 5

    status, metrics, *plots, questions = evaluation.run_evaluation(sample_assistant, str(gold), _no_progress)  # type: ignore[arg-type]
    assert "3 spørgsmål" in status
    assert {row[0] for row in metrics} >= {"hit@5", "mrr@10", "pass_rate"}
    assert all(plot and Path(plot).suffix == ".png" and Path(plot).is_file() for plot in plots)
    assert len(questions) == 3 and {row[3] for row in questions} <= {"✔", "✘"}
    assert (sample_assistant.settings.paths.index_dir / "eval-history.jsonl").is_file()
