"""Feedback lines: a round trip, and appends from many threads that never interleave."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from assistant.feedback import read_feedback, record_feedback
from studietur.core.errors import InputError
from studietur.core.types import Answer, Chunk, Citation, Passage


def _answer() -> Answer:
    text = 'Motto: "We bake brownies to hire people." Mere tekst.'
    chunk = Chunk("a-0053", "000.txt", "Boston", "10. Greyston Bakery › Baggrund", text, 53, 0, len(text), "h")
    citation = Citation(1, Passage(chunk, 0.9, 1), ((7, 41),))
    return Answer(
        "Hvad er mottoet?", "Ifølge rapporterne:\n- We bake brownies to hire people. [1]", True, (citation,), "da"
    )


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "index" / "feedback.jsonl"
    record_feedback(path, question="Hvad er mottoet?", answer=_answer(), rating="up", comment="  godt  ")
    record_feedback(path, question="Hvad er mottoet?", answer=_answer(), rating="down", comment="")
    first, second = read_feedback(path)
    assert first["rating"] == "up" and first["comment"] == "godt" and second["rating"] == "down"
    assert first["question"] == "Hvad er mottoet?" and first["language"] == "da" and first["found"] is True
    assert first["answer"].startswith("Ifølge rapporterne")
    assert first["citations"] == [
        {
            "n": 1,
            "doc": "000.txt",
            "chunk_id": "a-0053",
            "section": "10. Greyston Bakery › Baggrund",
            "quote": '"We bake brownies to hire people."',
        }
    ]
    assert first["time"].endswith("+00:00")


def test_bad_rating_and_long_comment_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    with pytest.raises(InputError):
        record_feedback(path, question="q", answer=_answer(), rating="meh", comment="")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        record_feedback(path, question="q", answer=_answer(), rating="up", comment="x" * 5000)
    assert read_feedback(path) == []


def test_unreadable_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    record_feedback(path, question="q", answer=_answer(), rating="up", comment="")
    with path.open("a", encoding="utf-8") as out:
        out.write("{not json\n\n[1, 2]\n")
    assert len(read_feedback(path)) == 1


def test_concurrent_appends_do_not_interleave(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    threads, per_thread = 8, 40
    start = threading.Barrier(threads)

    def write(worker: int) -> None:
        start.wait()
        for i in range(per_thread):
            # long comments make a torn or interleaved write visible as a broken JSON line
            comment = f"{worker}-{i} " + chr(ord("a") + worker) * 1500
            record_feedback(path, question=f"q{worker}", answer=_answer(), rating="up", comment=comment)

    workers = [threading.Thread(target=write, args=(w,)) for w in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == threads * per_thread
    entries = [json.loads(line) for line in lines]
    seen = {entry["comment"].split(" ")[0] for entry in entries}
    assert seen == {f"{w}-{i}" for w in range(threads) for i in range(per_thread)}
    for entry in entries:
        worker = int(entry["comment"].split("-")[0])
        assert entry["comment"].endswith(chr(ord("a") + worker) * 1500)
