"""Calibrate the refusal threshold on a gold set: balance wrong refusals against wrong answers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.service import Assistant
from evals.gold import GoldItem

logger = logging.getLogger(__name__)

MAX_FALSE_REFUSAL = 0.10


@dataclass(frozen=True)
class Point:
    threshold: float
    refusal_rate: float
    false_refusal_rate: float


def sweep(bot: Assistant, items: list[GoldItem]) -> list[Point]:
    """Refusal and false-refusal rates for every useful threshold on the evidence score."""
    never = bot.settings.model_copy(update={"answer": bot.settings.answer.model_copy(update={"min_relevance": -1.0})})
    probe = Assistant(never, bot.index, bot.embedder)
    observed = []
    for item in items:
        answer = probe.ask(item.question)
        observed.append((item.type == "unanswerable", answer.found, answer.relevance))
    candidates = sorted({round(rel, 4) for _, _, rel in observed} | {0.0})
    return [_point(observed, t) for t in candidates]


def best(points: list[Point]) -> Point:
    """Most refusals of unanswerable questions while at most 10% of answerable ones are refused."""
    allowed = [p for p in points if p.false_refusal_rate <= MAX_FALSE_REFUSAL] or points
    return max(allowed, key=lambda p: (p.refusal_rate - p.false_refusal_rate, -p.threshold))


def _point(observed: list[tuple[bool, bool, float]], threshold: float) -> Point:
    unanswerable = [(found, rel) for unans, found, rel in observed if unans]
    answerable = [(found, rel) for unans, found, rel in observed if not unans]

    def refused(found: bool, rel: float) -> bool:
        return not found or rel < threshold

    return Point(
        threshold,
        sum(refused(f, r) for f, r in unanswerable) / max(len(unanswerable), 1),
        sum(refused(f, r) for f, r in answerable) / max(len(answerable), 1),
    )
