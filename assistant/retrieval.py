"""Hybrid retrieval as a llama-index retriever: dense (Chroma) + Danish BM25 + the candidates' best sentences, their
scores fused (see `fuse`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.settings import Fusion, RetrievalSettings
from studietur.core.types import NO_FILTERS, Chunk, Filters, Passage
from vectorstore.embedder import Embedder
from vectorstore.index import DocumentIndex
from vectorstore.unit_vectors import unpack

logger = logging.getLogger(__name__)

Ranking = Sequence[tuple[Chunk, float]]


class HybridRetriever(BaseRetriever):
    """Retrieves `settings.k` nodes; node metadata carries our Chunk and per-retriever scores."""

    def __init__(
        self,
        index: DocumentIndex,
        embedder: Embedder,
        settings: RetrievalSettings,
        filters: Filters = NO_FILTERS,
        bm25_weight: float = 1.0,
    ) -> None:
        super().__init__()
        self._index = index
        self._embedder = embedder
        self._settings = settings
        self._filters = filters
        self._bm25_weight = bm25_weight
        self.timings: dict[str, float] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        query = query_bundle.query_str
        vector = self._embed(query) if self._settings.mode != "bm25" else None
        dense = self._dense(vector) if vector is not None else []
        lexical = self._lexical(query) if self._settings.mode != "dense" and self._bm25_weight > 0 else []
        started = time.perf_counter()
        sentences = self._sentences(vector, dense + lexical)
        fused = fuse(
            dense,
            lexical,
            sentences,
            bm25_weight=self._bm25_weight,
            sentence_weight=self._settings.sentence_weight,
            method=self._settings.fusion,
            rrf_k=self._settings.rrf_k,
        )
        self.timings["fusion"] = _ms(started)
        return [_to_node(item) for item in fused[: self._settings.k]]

    def _embed(self, query: str) -> np.ndarray:
        started = time.perf_counter()
        vector = self._embedder.embed_query(query)
        self.timings["embed"] = _ms(started)
        return vector

    def _dense(self, vector: np.ndarray) -> list[tuple[Chunk, float]]:
        started = time.perf_counter()
        hits = self._index.dense(vector, self._settings.candidates, self._filters)
        self.timings["dense"] = _ms(started)
        return hits

    def _sentences(self, vector: np.ndarray | None, candidates: list[tuple[Chunk, float]]) -> list[tuple[Chunk, float]]:
        """The candidates ranked by their best sentence's closeness to the question: a passage whose one sentence
        answers it can rank above one that is on the topic throughout. The vectors are those ingest stored."""
        if vector is None or self._settings.mode != "hybrid" or self._settings.sentence_weight <= 0:
            return []  # "dense" and "bm25" are the single retrievers, the baselines hybrid is measured against
        best: dict[str, tuple[Chunk, float]] = {}
        for chunk, _ in candidates:
            if chunk.id not in best:
                stored = unpack(chunk)
                if stored:
                    best[chunk.id] = (chunk, float(np.max(np.stack(list(stored.values())) @ vector)))
        return sorted(best.values(), key=lambda item: -item[1])

    def _lexical(self, query: str) -> list[tuple[Chunk, float]]:
        started = time.perf_counter()
        hits = self._index.lexical(query, self._settings.candidates, self._filters)
        self.timings["bm25"] = _ms(started)
        return hits


class _Fused:
    __slots__ = ("chunk", "score", "dense", "bm25")

    def __init__(self, chunk: Chunk) -> None:
        self.chunk = chunk
        self.score = 0.0
        self.dense: float | None = None
        self.bm25: float | None = None


def fuse(
    dense: Ranking,
    lexical: Ranking,
    sentences: Ranking = (),
    *,
    bm25_weight: float = 1.0,
    sentence_weight: float = 0.0,
    method: Fusion = "convex",
    rrf_k: int = 60,
) -> list[_Fused]:
    """The candidates dense or BM25 found, ordered by their fused score (dense weighs 1); the best-sentence ranking
    re-weighs those candidates and adds none. Ties keep the dense order.

    "convex" adds each retriever's scores, min-max scaled over its own candidates (a candidate it did not find gets
    0): it keeps how far apart the scores are, which ranks throw away, and its weights carried over to held-out
    questions better than reciprocal-rank fusion's did (Bruch et al., "An Analysis of Fusion Functions for Hybrid
    Retrieval", 2023; `studietur eval tune`). "rrf" adds weight / (rrf_k + rank)."""
    fused: dict[str, _Fused] = {}
    for chunk, similarity in dense:
        fused.setdefault(chunk.id, _Fused(chunk)).dense = similarity
    for chunk, score in lexical:
        fused.setdefault(chunk.id, _Fused(chunk)).bm25 = score
    sentences = [(chunk, score) for chunk, score in sentences if chunk.id in fused]
    weighted = ((dense, 1.0), (lexical, bm25_weight), (sentences, sentence_weight))
    for ranking, weight in weighted:
        if weight > 0:
            for chunk_id, share in _shares(ranking, method, rrf_k):
                fused[chunk_id].score += weight * share
    return sorted(fused.values(), key=lambda item: -item.score)


def _shares(ranking: Ranking, method: Fusion, rrf_k: int) -> Iterator[tuple[str, float]]:
    """Each candidate's part of one retriever's vote: its min-max scaled score, or its reciprocal rank."""
    if method == "rrf":
        ordered = sorted(ranking, key=lambda hit: -hit[1])
        yield from ((chunk.id, 1.0 / (rrf_k + rank + 1)) for rank, (chunk, _) in enumerate(ordered))
        return
    scores = [score for _, score in ranking]
    if not scores:
        return
    low, spread = min(scores), max(scores) - min(scores)
    yield from ((chunk.id, (score - low) / spread if spread else 1.0) for chunk, score in ranking)


def _to_node(item: _Fused) -> NodeWithScore:
    node = TextNode(id_=item.chunk.id, text=item.chunk.text)
    node.metadata = {"chunk": item.chunk, "dense": item.dense, "bm25": item.bm25}
    node.excluded_embed_metadata_keys = node.excluded_llm_metadata_keys = ["chunk", "dense", "bm25"]
    return NodeWithScore(node=node, score=item.score)


def to_passages(nodes: list[NodeWithScore]) -> list[Passage]:
    """The edge: llama-index nodes become our Passage type, carrying their chunk's stored sentence vectors."""
    passages = []
    for rank, node in enumerate(nodes, start=1):
        meta = node.node.metadata
        passages.append(
            Passage(
                chunk=meta["chunk"],
                score=float(node.score or 0.0),
                rank=rank,
                dense_score=meta["dense"],
                bm25_score=meta["bm25"],
                sentence_vectors=unpack(meta["chunk"]),
            )
        )
    return passages


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
