"""A reviewer's judgements of answers (correct / partly / wrong, with a note and key facts) turned into gold items:
the from-feedback path, finished by a person in the Evaluering tab."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VERDICTS = ("correct", "partly", "wrong")


def gold_item(judgement: dict[str, Any]) -> dict[str, Any]:
    """A gold item from one judgement: the reviewer's key facts, evidence from the cited passages that hold them
    (all cited passages when none does), and as answer the system's when it was right, else the reviewer's note."""
    facts = [fact.strip() for fact in judgement.get("key_facts", []) if fact.strip()]
    sources = [(doc, quote) for doc, quote in judgement.get("sources", []) if doc and quote.strip()]
    holding = [(doc, quote) for doc, quote in sources if any(f.casefold() in quote.casefold() for f in facts)]
    question = str(judgement["question"]).strip()
    answerable = bool(facts)
    right = judgement["verdict"] == "correct"
    return {
        "id": "rv-" + hashlib.sha256(question.encode("utf-8")).hexdigest()[:8],
        "question": question,
        "lang": judgement.get("lang", "da"),
        "type": judgement.get("type", "fact") if answerable else "unanswerable",
        "answer": (judgement.get("answer") if right else judgement.get("note")) or judgement.get("answer") or "–",
        "key_facts": facts,
        "evidence": [{"doc": doc, "quote": quote} for doc, quote in (holding or sources)] if answerable else [],
    }


def save(judgements: list[dict[str, Any]], folder: Path) -> tuple[Path, Path]:
    """Append the judgements (with verdict and note) and their gold items to two JSONL files of `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    judged, gold = folder / "review-judgements.jsonl", folder / "review-gold.jsonl"
    time = datetime.now(UTC).isoformat(timespec="seconds")
    with judged.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps({**j, "time": time}, ensure_ascii=False) + "\n" for j in judgements)
    gold.write_text("".join(json.dumps(gold_item(j), ensure_ascii=False) + "\n" for j in judgements), "utf-8")
    return judged, gold
