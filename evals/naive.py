"""The naive llama-index pipeline used as a baseline: default SentenceSplitter + VectorStoreIndex over Chroma."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from llama_index.core import Document, StorageContext, VectorStoreIndex
from llama_index.core.embeddings import BaseEmbedding
from llama_index.core.node_parser import SentenceSplitter

from evals.runner import System, SystemOutput
from studietur.core.errors import StudieturError
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)


class OurEmbedding(BaseEmbedding):
    """Our embedder (same model, same e5 prefixes) behind llama-index's embedding interface."""

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=embedder.settings.batch_size, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [row.tolist() for batch in self._embedder.embed_passages(texts) for row in batch]


def naive_system(corpus_dir: Path, embedder: Embedder, work_dir: Path) -> System:
    """Index the raw report files the default llama-index way, into a Chroma of its own."""
    try:
        import chromadb
        from llama_index.vector_stores.chroma import ChromaVectorStore
    except ImportError as exc:
        raise StudieturError(
            "the naive baseline needs llama-index-vector-stores-chroma: pip install -e '.[compare]'"
        ) from exc
    client = chromadb.PersistentClient(
        path=str(work_dir / "naive-chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection(
        "naive", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    documents = [
        Document(text=p.read_text(encoding="utf-8"), metadata={"doc": p.name}) for p in sorted(corpus_dir.glob("*.txt"))
    ]
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex.from_documents(
        documents, storage_context=storage, embed_model=OurEmbedding(embedder), transformations=[SentenceSplitter()]
    )
    retriever = index.as_retriever(similarity_top_k=10)
    logger.info("naive baseline indexed %d chunks", collection.count())

    def run(question: str) -> SystemOutput:
        return SystemOutput([node.node.get_content() for node in retriever.retrieve(question)])

    return run
