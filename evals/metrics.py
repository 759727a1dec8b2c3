"""LLM-free metrics: does a passage hold an evidence quote, retrieval ranks, answer checks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from difflib import SequenceMatcher

from evals.gold import GoldItem

MIN_RUN = 0.6


def normalise(text: str) -> str:
    """Lowercase letters and digits only, so cleaning, de-hyphenation and HTML do not matter."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def holds(passage: str, quote: str) -> bool:
    """The passage holds the quote, or a common run of at least 60% of it (a chunk edge may cut a quote)."""
    p, q = normalise(passage), normalise(quote)
    if not q:
        return False
    if q in p:
        return True
    match = SequenceMatcher(None, p, q, autojunk=False).find_longest_match(0, len(p), 0, len(q))
    return match.size >= MIN_RUN * len(q)


def evidence_hits(passages: Sequence[str], item: GoldItem) -> list[set[int]]:
    """For each retrieved passage, the indexes of the evidence quotes it holds."""
    return [{i for i, ev in enumerate(item.evidence) if holds(text, ev.quote)} for text in passages]


def first_hit_rank(hits: list[set[int]]) -> int | None:
    return next((rank for rank, found in enumerate(hits, start=1) if found), None)


def hit_at(hits: list[set[int]], k: int) -> float:
    rank = first_hit_rank(hits)
    return float(rank is not None and rank <= k)


def mrr_at(hits: list[set[int]], k: int = 10) -> float:
    rank = first_hit_rank(hits)
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at(hits: list[set[int]], n_evidence: int, k: int = 10) -> float:
    """Binary gain: a passage counts when it holds an evidence quote not credited higher up."""
    credited: set[int] = set()
    dcg = 0.0
    for rank, found in enumerate(hits[:k], start=1):
        new = found - credited
        if new:
            dcg += 1.0 / math.log2(rank + 1)
            credited |= new
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(n_evidence, k) + 1))
    return dcg / ideal if ideal else 0.0


def evidence_recall_at(hits: list[set[int]], n_evidence: int, k: int = 5) -> float:
    covered = set().union(*hits[:k]) if hits[:k] else set()
    return len(covered) / n_evidence if n_evidence else 0.0


def key_fact_recall(answer: str, key_facts: Sequence[str]) -> float:
    text = normalise(answer)
    return sum(normalise(fact) in text for fact in key_facts) / len(key_facts) if key_facts else 0.0


def citation_precision(cited: Sequence[str], item: GoldItem) -> float | None:
    """Share of cited passages that hold some evidence; None when nothing was cited."""
    if not cited:
        return None
    return sum(bool(found) for found in evidence_hits(cited, item)) / len(cited)
