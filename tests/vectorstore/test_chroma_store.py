from pathlib import Path

import numpy as np

from studietur.core.types import Chunk
from vectorstore.chroma_store import ChromaStore, batch_bounds, where_clause
from vectorstore.config import ChromaSettings


def _chunks(n: int) -> list[Chunk]:
    return [
        Chunk(
            id=f"c{i}",
            doc=f"d{i % 2}.txt",
            doc_title="T",
            section="S",
            text=f"tekst {i}",
            position=i,
            char_start=0,
            char_end=7,
            content_hash=str(i),
            year=2020 + i % 2,
        )
        for i in range(n)
    ]


def test_batches_cover_everything() -> None:
    assert list(batch_bounds(5, 2)) == [(0, 2), (2, 4), (4, 5)]
    assert list(batch_bounds(0, 2)) == []


def test_where_clause() -> None:
    assert where_clause() is None
    assert where_clause(docs=["a"]) == {"doc": {"$in": ["a"]}}
    assert where_clause(docs=["a"], years=[2023]) == {"$and": [{"doc": {"$in": ["a"]}}, {"year": {"$in": [2023]}}]}


def test_round_trip_query_filter_delete(tmp_path: Path) -> None:
    store = ChromaStore.from_settings(ChromaSettings(batch_size=3), tmp_path)
    chunks = _chunks(7)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(7, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.upsert(chunks, vectors)
    assert store.count() == 7
    hits = store.query(vectors[3], 2)
    assert hits[0][0] == chunks[3] and abs(hits[0][1] - 1.0) < 1e-4
    filtered = store.query(vectors[3], 7, where_clause(docs=["d0.txt"]))
    assert {c.doc for c, _ in filtered} == {"d0.txt"}
    store.delete(["c0", "c1"])
    reopened = ChromaStore.from_settings(ChromaSettings(), tmp_path)
    assert reopened.ids() == {f"c{i}" for i in range(2, 7)}
    assert [c.id for c in reopened.get(["c5", "c2", "gone"])] == ["c5", "c2"]
