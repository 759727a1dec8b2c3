"""Turn staff feedback from the UI into draft gold items for a person to complete."""

from __future__ import annotations

import hashlib
from typing import Any

_TODO = "TODO: check the question type, write the answer, the key facts and verbatim evidence"


def draft_items(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One draft per distinct question; 👎 first, since those are the answers to fix."""
    drafts: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: e.get("rating") != "down"):
        question = str(entry.get("question", "")).strip()
        if question and question not in drafts:
            drafts[question] = _draft(question, entry)
    return list(drafts.values())


def _draft(question: str, entry: dict[str, Any]) -> dict[str, Any]:
    liked = entry.get("rating") == "up"
    cited = [c for c in entry.get("citations", []) if c.get("doc") and c.get("quote")]
    return {
        "id": "fb-" + hashlib.sha256(question.encode("utf-8")).hexdigest()[:8],
        "question": question,
        "lang": entry.get("language", "da"),
        "type": "fact" if entry.get("found", True) else "unanswerable",
        "answer": entry.get("answer", "") if liked else "",
        "key_facts": [],
        "evidence": [{"doc": c["doc"], "quote": c["quote"]} for c in cited] if liked else [],
        "_feedback": {"rating": entry.get("rating"), "comment": entry.get("comment", ""), "time": entry.get("time")},
        "_todo": _TODO,
    }
