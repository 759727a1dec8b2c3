from __future__ import annotations

from pathlib import Path

from assistant.feedback import read_feedback, record_feedback
from assistant.service import Assistant
from evals.feedback import draft_items


def test_feedback_becomes_draft_items(sample_assistant: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    liked = sample_assistant.ask("Hvad er Greyston Bakerys motto?")
    record_feedback(path, question=liked.question, answer=liked, rating="up", comment="godt")
    record_feedback(path, question=liked.question, answer=liked, rating="down", comment="mangler motto")
    refused = sample_assistant.ask("Hvad koster en pizza margherita i Rom?")
    record_feedback(path, question=refused.question, answer=refused, rating="down")
    drafts = draft_items(read_feedback(path))
    assert len(drafts) == 2
    assert all(d["_feedback"]["rating"] == "down" for d in drafts)
    by_question = {d["question"]: d for d in drafts}
    assert by_question[refused.question]["type"] == "unanswerable"
    assert by_question[liked.question]["evidence"] == []
    assert all(d["id"].startswith("fb-") and d["_todo"] for d in drafts)


def test_liked_answer_keeps_its_cited_quotes(sample_assistant: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    answer = sample_assistant.ask("Hvad er Greyston Bakerys motto?")
    record_feedback(path, question=answer.question, answer=answer, rating="up")
    [draft] = draft_items(read_feedback(path))
    assert draft["answer"] == answer.text
    assert draft["evidence"] and all(e["doc"] == answer.citations[0].passage.chunk.doc for e in draft["evidence"])
