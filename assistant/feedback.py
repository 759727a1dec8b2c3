"""Staff feedback on answers (👍/👎 and a comment), one JSON line per rating in the index folder."""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from studietur.core.errors import InputError
from studietur.core.types import Answer

logger = logging.getLogger(__name__)

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000
FEEDBACK_FILE = "feedback.jsonl"

# One lock per process; across processes each line goes out in one O_APPEND write, which does not interleave.
_write_lock = threading.Lock()


def feedback_path(index_dir: Path) -> Path:
    """Where the UI and the API store ratings: beside the index they rate."""
    return index_dir / FEEDBACK_FILE


def record_feedback(path: Path, *, question: str, answer: Answer, rating: Rating, comment: str = "") -> dict[str, Any]:
    """Append one rating of an answer to `path` and return the stored entry."""
    if rating not in ("up", "down"):
        raise InputError(f"rating must be 'up' or 'down', not {rating!r}")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise InputError(f"the comment has {len(comment)} characters; keep it under {MAX_COMMENT_CHARS}")
    entry = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "question": question,
        "language": answer.language,
        "answer": answer.text,
        "found": answer.found,
        "citations": [
            {
                "n": c.n,
                "doc": c.passage.chunk.doc,
                "chunk_id": c.passage.chunk.id,
                "section": c.passage.chunk.section,
                "quote": " … ".join(c.passage.chunk.text[start:end] for start, end in c.highlights),
            }
            for c in answer.citations
        ],
        "rating": rating,
        "comment": comment,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _write_lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, line)
        finally:
            os.close(fd)
    if written != len(line):
        logger.error("%s: feedback line cut short (%d of %d bytes)", path, written, len(line))
    return entry


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """Every stored entry, oldest first; unreadable lines are logged and left out."""
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            logger.warning("%s:%d: not a JSON line; skipped", path, number)
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries
