"""Thin Chroma adapter: explicit embeddings on every call, batched writes, our own types out."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from studietur.core.errors import IndexStoreError
from studietur.core.types import Chunk
from vectorstore.config import ChromaSettings

logger = logging.getLogger(__name__)

Where = dict[str, Any]


class ChromaStore:
    """One Chroma collection holding our chunks and their vectors (cosine space)."""

    def __init__(self, collection: Any, max_batch: int) -> None:
        self._collection = collection
        self._max_batch = max_batch

    @classmethod
    def from_settings(cls, settings: ChromaSettings, index_dir: Path) -> ChromaStore:
        client = _make_client(settings, index_dir)
        try:
            collection = client.get_or_create_collection(
                settings.collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
            max_batch = min(settings.batch_size, client.get_max_batch_size())
        except Exception as exc:  # chromadb raises many unrelated types here
            raise IndexStoreError(f"cannot open Chroma collection {settings.collection!r}: {exc}") from exc
        return cls(collection, max_batch)

    def count(self) -> int:
        return int(self._collection.count())

    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray) -> None:
        for start, stop in batch_bounds(len(chunks), self._max_batch):
            part = chunks[start:stop]
            self._collection.upsert(
                ids=[chunk.id for chunk in part],
                embeddings=embeddings[start:stop],
                documents=[chunk.text for chunk in part],
                metadatas=[chunk.metadata() for chunk in part],
            )

    def update_metadata(self, chunks: Sequence[Chunk]) -> None:
        for start, stop in batch_bounds(len(chunks), self._max_batch):
            part = chunks[start:stop]
            self._collection.update(ids=[c.id for c in part], metadatas=[c.metadata() for c in part])

    def delete(self, ids: Sequence[str]) -> None:
        for start, stop in batch_bounds(len(ids), self._max_batch):
            self._collection.delete(ids=list(ids[start:stop]))

    def ids(self) -> set[str]:
        return {chunk_id for batch in self._pages(include=[]) for chunk_id in batch["ids"]}

    def chunks(self) -> Iterator[Chunk]:
        for batch in self._pages(include=["documents", "metadatas"]):
            for chunk_id, text, meta in zip(batch["ids"], batch["documents"], batch["metadatas"], strict=True):
                yield Chunk.from_metadata(chunk_id, text, meta)

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        if not ids:
            return []
        found = self._collection.get(ids=list(ids), include=["documents", "metadatas"])
        by_id = {
            chunk_id: Chunk.from_metadata(chunk_id, text, meta)
            for chunk_id, text, meta in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
        }
        return [by_id[chunk_id] for chunk_id in ids if chunk_id in by_id]

    def query(self, embedding: np.ndarray, k: int, where: Where | None = None) -> list[tuple[Chunk, float]]:
        """Nearest chunks with their cosine similarity (1 - cosine distance)."""
        from chromadb.errors import ChromaError  # loaded already: the collection came from chromadb

        k = min(k, self.count())
        if k <= 0:
            return []
        try:
            found = self._collection.query(
                query_embeddings=[embedding],
                n_results=k,
                where=where or None,
                include=["documents", "metadatas", "distances"],
            )
        except ChromaError as exc:
            # Seen when another process wrote a collection this process opened empty: embedded Chroma serves
            # one process; its vector index is read from disk once.
            raise IndexStoreError(
                f"vector search failed ({exc}); if another process ingested meanwhile, restart this one, or run "
                "Chroma as a server (chroma.mode: http) when several processes share the index"
            ) from exc
        rows = zip(found["ids"][0], found["documents"][0], found["metadatas"][0], found["distances"][0], strict=True)
        return [(Chunk.from_metadata(cid, text, meta), 1.0 - float(dist)) for cid, text, meta, dist in rows]

    def _pages(self, include: list[str], page: int = 1000) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            batch = self._collection.get(include=include, limit=page, offset=offset)
            if not batch["ids"]:
                return
            yield batch
            offset += len(batch["ids"])


def batch_bounds(total: int, size: int) -> Iterator[tuple[int, int]]:
    """(start, stop) pairs cutting `total` items into batches of at most `size`."""
    for start in range(0, total, size):
        yield start, min(start + size, total)


def where_clause(docs: Sequence[str] = (), years: Sequence[int] = (), doc_types: Sequence[str] = ()) -> Where | None:
    """A Chroma `where` filter from our filter fields; None when nothing is filtered."""
    parts: list[Where] = []
    for field, values in (("doc", docs), ("year", years), ("doc_type", doc_types)):
        if values:
            parts.append({field: {"$in": list(values)}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _make_client(settings: ChromaSettings, index_dir: Path) -> Any:
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    try:
        if settings.mode == "http":
            return chromadb.HttpClient(host=settings.host, port=settings.port, settings=chroma_settings)
        path = index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # connection and on-disk errors come in many types
        where = f"{settings.host}:{settings.port}" if settings.mode == "http" else str(index_dir)
        raise IndexStoreError(f"cannot open Chroma ({settings.mode}) at {where}: {exc}") from exc
