"""Fusion of the dense, BM25 and best-sentence rankings: convex (scaled scores) and reciprocal rank."""

from __future__ import annotations

import pytest

from assistant.retrieval import fuse
from studietur.core.types import Chunk


def _chunk(name: str) -> Chunk:
    return Chunk(name, "doc.txt", "Rapport", "", f"tekst {name}", 0, 0, 7, name)


A, B, C, D = (_chunk(name) for name in "abcd")


def _ids(fused: list) -> list[str]:
    return [item.chunk.id for item in fused]


@pytest.mark.parametrize("method", ["convex", "rrf"])
def test_the_best_sentence_ranking_can_lift_a_candidate_above_the_dense_leader(method: str) -> None:
    dense = [(A, 0.9), (B, 0.89), (C, 0.8)]
    assert _ids(fuse(dense, [], method=method))[:2] == ["a", "b"]
    lifted = fuse(dense, [], [(B, 0.95), (C, 0.9), (A, 0.7)], sentence_weight=1.0, method=method)
    assert _ids(lifted)[:2] == ["b", "a"]


@pytest.mark.parametrize("method", ["convex", "rrf"])
def test_the_best_sentence_ranking_adds_no_candidate_and_weight_zero_changes_nothing(method: str) -> None:
    dense, lexical = [(A, 0.9), (B, 0.8)], [(C, 3.0)]
    plain = fuse(dense, lexical, method=method)
    assert set(_ids(fuse(dense, lexical, [(D, 0.99)], sentence_weight=1.0, method=method))) == {"a", "b", "c"}
    unweighted = fuse(dense, lexical, [(B, 0.99)], sentence_weight=0.0, method=method)
    assert _ids(unweighted) == _ids(plain)


@pytest.mark.parametrize("method", ["convex", "rrf"])
def test_bm25_counts_by_its_weight(method: str) -> None:
    dense, lexical = [(A, 0.9), (B, 0.8)], [(B, 5.0), (A, 1.0)]
    assert _ids(fuse(dense, lexical, bm25_weight=0.0, method=method))[0] == "a"
    assert _ids(fuse(dense, lexical, bm25_weight=2.0, method=method))[0] == "b"


def test_convex_fusion_keeps_how_far_apart_the_scores_are() -> None:
    """Ranks make a near tie and a landslide alike; scaled scores do not: a passage far ahead in dense similarity
    stays ahead of one BM25 prefers by a hair, and a near tie in dense is decided by BM25."""
    landslide = fuse([(A, 0.95), (B, 0.70), (C, 0.69)], [(B, 10.0), (A, 9.9), (C, 1.0)], method="convex")
    assert _ids(landslide)[0] == "a"
    near_tie = fuse([(A, 0.95), (B, 0.949), (C, 0.69)], [(B, 10.0), (A, 1.0), (C, 0.5)], method="convex")
    assert _ids(near_tie)[0] == "b"


def test_a_retriever_whose_candidates_score_alike_gives_each_its_full_weight() -> None:
    fused = fuse([(A, 0.9)], [(B, 2.0), (C, 2.0)], method="convex")
    assert {item.chunk.id: item.score for item in fused} == {"a": 1.0, "b": 1.0, "c": 1.0}
    assert _ids(fused)[0] == "a"  # ties keep the dense order
