"""The naive llama-index pipeline (evals/naive.py) on the same corpus, questions and embedder."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from benchmarks.measure import folder_mb, forget_query_embeddings, stopwatch, summarize
from benchmarks.query_phase import WARMUP, timed

logger = logging.getLogger(__name__)


def run(config: dict[str, Any]) -> dict[str, Any]:
    import chromadb

    from assistant.settings import load_settings
    from evals.naive import naive_system
    from vectorstore.embedder import load_embedder

    settings = load_settings(Path(config["settings"]) if config.get("settings") else None, config["overrides"])
    work_dir = Path(config["work_dir"])
    with stopwatch() as model:
        embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    with stopwatch() as ingest:
        retrieve = naive_system(settings.paths.corpus_dir, embedder, work_dir)
    client = chromadb.PersistentClient(
        path=str(work_dir / "naive-chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    chunks = client.get_collection("naive").count()
    for question in WARMUP:
        retrieve(question)
    forget_query_embeddings(embedder)

    search_ms = timed(config["questions"], retrieve, "naive search")
    return {
        "chunks": chunks,
        "model_load_s": model["s"],
        "ingest_s": ingest["s"],
        "chunks_per_s": round(chunks / ingest["s"], 2) if ingest["s"] else 0.0,
        "index_mb": folder_mb(work_dir / "naive-chroma"),
        "search_ms": summarize(search_ms),
    }
