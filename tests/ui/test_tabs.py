"""Handlers of the Dokumenter and Evaluering tabs that need no browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from assistant.service import Assistant
from assistant.settings import MAX_K, MIN_K
from evals.evaluator import SuiteEvaluator
from evals.suite import DEFAULT_GOLD
from ui import evaluation
from ui.app import build_app
from ui.corpus import Busy, CorpusKeeper
from ui.documents import delete


def _no_progress(*args: Any, **kwargs: Any) -> None:
    return None


def test_ingest_waits_for_no_one_when_another_change_runs(sample_assistant: Assistant) -> None:
    keeper = CorpusKeeper(sample_assistant)
    keeper._lock.acquire()  # another session's ingest or delete
    try:
        with pytest.raises(Busy):
            keeper.ingest(None)
        assert "En anden indlæsning" in delete(keeper, sample_assistant.documents()[0].path)
    finally:
        keeper._lock.release()
    assert len(sample_assistant.documents()) == 5


def test_delete_needs_a_document_of_the_index(sample_assistant: Assistant) -> None:
    keeper = CorpusKeeper(sample_assistant)
    assert "Intet er slettet" in delete(keeper, None)
    assert "ikke (længere) i indekset" in delete(keeper, "/etc/passwd")
    assert len(sample_assistant.documents()) == 5 and not keeper.busy


def test_evaluation_tab_runs_the_suite(sample_assistant: Assistant, tmp_path: Path) -> None:
    gold = tmp_path / "gold" / "mini.jsonl"
    gold.parent.mkdir()
    gold.write_text("\n".join(DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    evaluator = SuiteEvaluator(gold.parent)
    assert evaluation.gold_choices(evaluator) == [("mini.jsonl", str(gold))]
    settings = ("hybrid", 5, 1.5, "extractive")

    refused, *rest = evaluation.run_evaluation(
        sample_assistant, evaluator, str(DEFAULT_GOLD), [], *settings, progress=_no_progress
    )  # type: ignore[arg-type]
    assert "Vælg en guldfil" in refused and rest[:6] == [None] * 6

    status, intervals, files, *plots, questions, answers, _ = evaluation.run_evaluation(
        sample_assistant,
        evaluator,
        str(gold),
        [],
        *settings,
        progress=_no_progress,  # type: ignore[arg-type]
    )
    assert "3 spørgsmål" in status
    assert {row[0] for row in intervals} >= {"hit@5", "mrr@10", "pass_rate"}
    assert all(row[2].count("[") == 1 for row in intervals)
    assert sorted(Path(f).name for f in files) == ["questions.csv", "report.html", "report.md"]
    assert all(plot and Path(plot).suffix == ".png" and Path(plot).is_file() for plot in plots)
    assert len(questions) == 3 and {row[3] for row in questions} <= {"✔", "✘"}
    assert all(len(row) == len(evaluator.question_headers) for row in questions)
    assert [a["id"] for a in answers] == [
        json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines()
    ]
    assert (sample_assistant.settings.paths.index_dir / "eval-history.jsonl").is_file()


def test_an_upload_with_errors_is_refused_by_line(sample_assistant: Assistant, tmp_path: Path) -> None:
    lines = DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()[:2]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + lines[0] + "\n{oops\n", encoding="utf-8")
    status, uploaded, _ = evaluation.check_upload(sample_assistant, SuiteEvaluator(), str(bad), [])
    assert "line 2: nyc14-01: duplicate id (also on line 1)" in status and "line 3: invalid JSON" in status
    assert uploaded == []
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, uploaded, menu = evaluation.check_upload(sample_assistant, SuiteEvaluator(), str(good), [])
    assert "2 spørgsmål, gyldig" in status and uploaded == [str(good)] and menu["value"] == str(good)


def test_a_review_becomes_gold_items(sample_assistant: Assistant) -> None:
    reply = sample_assistant.ask("Hvad er Greyston Bakerys motto?")
    answer = {
        "id": "q1",
        "question": reply.question,
        "lang": "da",
        "type": "fact",
        "answer": reply.text,
        "found": True,
        "sources": [[c.passage.chunk.doc, c.passage.chunk.text] for c in reply.citations],
    }
    _, judged, rows = evaluation.add_judgement([answer], [], "q1", "correct", "fint", "Greyston\n")
    _, judged, rows = evaluation.add_judgement([answer], judged, "q1", "partly", "mangler noget", "Greyston\n")
    assert rows == [["q1", "Delvist", "mangler noget", "Greyston"]]
    status, path = evaluation.save_judgements(sample_assistant, SuiteEvaluator(), judged)
    [item] = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    assert item["question"] == reply.question and item["key_facts"] == ["Greyston"] and item["evidence"]
    assert "1 guldemner gemt" in status


def test_app_without_an_evaluator_says_the_tab_is_not_set_up(sample_assistant: Assistant) -> None:
    app = build_app(sample_assistant)
    texts = [block.value for block in app.blocks.values() if isinstance(getattr(block, "value", None), str)]
    assert evaluation.UNAVAILABLE in texts


def test_the_chat_slider_offers_the_shared_range_of_k(sample_assistant: Assistant) -> None:
    app = build_app(sample_assistant)
    (slider,) = [block for block in app.blocks.values() if isinstance(block, gr.Slider)]
    assert (slider.minimum, slider.maximum, slider.step) == (MIN_K, MAX_K, 1)
    assert slider.value == sample_assistant.settings.retrieval.k
