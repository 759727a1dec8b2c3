"""Reciprocal-rank fusion of dense, BM25 and best-sentence rankings."""

from __future__ import annotations

from assistant.retrieval import fuse
from studietur.core.types import Chunk


def _chunk(name: str) -> Chunk:
    return Chunk(name, "doc.txt", "Rapport", "", f"tekst {name}", 0, 0, 7, name)


A, B, C, D = (_chunk(name) for name in "abcd")


def test_the_best_sentence_ranking_can_lift_a_candidate_above_the_dense_leader() -> None:
    dense = [(A, 0.9), (B, 0.89), (C, 0.8)]
    assert [item.chunk.id for item in fuse(dense, [], 60)][:2] == ["a", "b"]
    lifted = fuse(dense, [], 60, sentences=[(B, 0.95), (C, 0.9), (A, 0.7)], sentence_weight=1.0)
    assert [item.chunk.id for item in lifted][:2] == ["b", "a"]


def test_the_best_sentence_ranking_adds_no_candidate_and_weight_zero_changes_nothing() -> None:
    dense, lexical = [(A, 0.9), (B, 0.8)], [(C, 3.0)]
    plain = fuse(dense, lexical, 60)
    assert {item.chunk.id for item in fuse(dense, lexical, 60, sentences=[(D, 0.99)], sentence_weight=1.0)} == {
        "a",
        "b",
        "c",
    }
    unweighted = fuse(dense, lexical, 60, sentences=[(B, 0.99)], sentence_weight=0.0)
    assert [item.chunk.id for item in unweighted] == [item.chunk.id for item in plain]


def test_bm25_ranks_count_by_their_weight() -> None:
    dense, lexical = [(A, 0.9), (B, 0.8)], [(B, 5.0)]
    assert fuse(dense, lexical, 60, bm25_weight=0.0)[0].chunk.id == "a"
    assert fuse(dense, lexical, 60, bm25_weight=1.0)[0].chunk.id == "b"
