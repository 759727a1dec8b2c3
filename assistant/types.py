"""What the assistant hands to its callers: answers with citations, never pre-formatted strings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from vectorstore.types import Passage

Language = Literal["da", "en"]


@dataclass(frozen=True)
class Citation:
    """Passage [n] of an answer and the spans of its text (start, end) that support the answer."""

    n: int
    passage: Passage
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...]
    language: Language
    related: tuple[Passage, ...] = ()
    relevance: float = 0.0
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"
    dropped: int = 0  # generated sentences removed because no passage they cite supports them
    fallback: str = ""  # why a generative request was answered extractively: "llm-error", "unverified", ""
