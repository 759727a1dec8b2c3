"""Run the gold set through a system (ours or a baseline) and score every item."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from evals import metrics
from evals.gold import GoldItem

logger = logging.getLogger(__name__)

K_VALUES = (1, 3, 5, 10)


@dataclass(frozen=True)
class SystemOutput:
    """What one system returns for one question: ranked passage texts, and an answer when it answers."""

    passages: list[str]
    answer: str | None = None
    found: bool | None = None
    cited: list[str] = field(default_factory=list)
    language: str | None = None
    route: str | None = None  # what answered: "catalogue" or "retrieval" (None for a retriever alone)
    sources: list[tuple[str, str]] = field(default_factory=list)  # each citation's (document, quoted span)
    seconds: float = 0.0


System = Callable[[str], SystemOutput]


@dataclass
class ItemResult:
    item: GoldItem
    output: SystemOutput
    scores: dict[str, float]

    @property
    def passed(self) -> bool:
        """Answerable: evidence in the top 5 and, when answered, most key facts; unanswerable: refused."""
        if self.item.type == "unanswerable":
            return self.output.found is False or (self.output.found is None)
        ok = self.scores.get("hit@5", 0.0) == 1.0
        if self.output.answer is not None:
            ok = ok and bool(self.output.found) and self.scores.get("key_fact_recall", 0.0) >= 0.5
        return ok


def run_system(system: System, items: Sequence[GoldItem]) -> list[ItemResult]:
    results = []
    for item in items:
        started = time.perf_counter()
        output = system(item.question)
        output = SystemOutput(**{**output.__dict__, "seconds": time.perf_counter() - started})
        results.append(ItemResult(item, output, score_item(item, output)))
    return results


def score_item(item: GoldItem, output: SystemOutput) -> dict[str, float]:
    scores: dict[str, float] = {}
    if item.type != "unanswerable":
        hits = metrics.evidence_hits(output.passages[:10], item)
        scores.update({f"hit@{k}": metrics.hit_at(hits, k) for k in K_VALUES})
        scores["mrr@10"] = metrics.mrr_at(hits)
        scores["ndcg@10"] = metrics.ndcg_at(hits, len(item.evidence))
        if item.type == "multi":
            scores["evidence_recall@5"] = metrics.evidence_recall_at(hits, len(item.evidence))
    if output.answer is not None:
        scores.update(_answer_scores(item, output))
    return scores


def _answer_scores(item: GoldItem, output: SystemOutput) -> dict[str, float]:
    scores = {"language_ok": float(output.language == item.lang)}
    if item.type == "unanswerable":
        scores["refused"] = float(not output.found)
        return scores
    scores["false_refusal"] = float(not output.found)
    if output.found:
        scores["key_fact_recall"] = metrics.key_fact_recall(output.answer or "", item.key_facts)
        precision = metrics.citation_precision(output.cited, item)
        if precision is not None:
            scores["citation_precision"] = precision
        scores["cites_evidence"] = float(bool(precision))
    return scores


def summarise(results: Iterable[ItemResult]) -> dict[str, float]:
    """Mean of every score over the items that have it, plus latency percentiles and the pass rate."""
    results = list(results)
    names = sorted({name for r in results for name in r.scores})
    summary = {name: _mean([r.scores[name] for r in results if name in r.scores]) for name in names}
    latencies = sorted(r.output.seconds * 1000 for r in results)
    summary["latency_p50_ms"] = _percentile(latencies, 50)
    summary["latency_p95_ms"] = _percentile(latencies, 95)
    summary["pass_rate"] = _mean([float(r.passed) for r in results])
    summary["items"] = float(len(results))
    return summary


def summarise_by(results: Sequence[ItemResult], key: Callable[[ItemResult], str | None]) -> dict[str, dict[str, float]]:
    """The summary of each group of results; a result whose key is None belongs to none."""
    groups: dict[str, list[ItemResult]] = {}
    for result in results:
        name = key(result)
        if name is not None:
            groups.setdefault(name, []).append(result)
    return {name: summarise(group) for name, group in sorted(groups.items())}


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else float("nan")


def _percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(pct / 100 * (len(values) - 1))))
    return round(values[index], 1)
