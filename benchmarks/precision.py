"""Embedding paths side by side on this CPU, in one process: the raw model's throughput in float32 and under bf16
autocast, bf16's fidelity (cosine to float32 over every sample passage; the gold retrieval metrics with each path's
vectors), the fidelity gate's verdict, and batch sizes and thread counts measured on the chosen path.

The gate's verdict is written to the models folder's precision record for this CPU, so a bf16 path that fails here
is not chosen by later loads (vectorstore/precision.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.measure import forget_query_embeddings
from vectorstore.precision import MIN_COSINE, PrecisionChoice, bf16_hardware, cosines, record

logger = logging.getLogger(__name__)

PATHS = ("fp32", "bf16")
MAX_METRIC_DROP = 0.005
RETRIEVAL_METRICS = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "evidence_recall@5")
TUNING_PASSAGES = 48


def run(config: dict[str, Any]) -> dict[str, Any]:
    from assistant.settings import load_settings
    from vectorstore.embedder import load_embedder
    from vectorstore.index import DocumentIndex

    settings = load_settings(Path(config["settings"]) if config.get("settings") else None, config["overrides"])
    embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    chosen = embedder.precision
    index = DocumentIndex.open(settings.chroma, settings.paths.index_dir)
    chunks = sorted(index.store.chunks(), key=lambda chunk: len(chunk.embed_text()))
    del index
    texts = [settings.embedding.passage_prefix + chunk.embed_text() for chunk in chunks]
    embedder.embed_as(texts[:2], bf16=False)  # the first call pays one-off costs
    vectors, speed = {}, {}
    for path in PATHS:
        vectors[path], speed[path] = throughput(embedder, texts, path == "bf16", settings.embedding.batch_size)
    twins = cosines(vectors["fp32"], vectors["bf16"])
    retrieval = _retrieval(config, settings, embedder, chunks, vectors)
    drops = {m: round(retrieval["fp32"][m] - retrieval["bf16"][m], 4) for m in retrieval["fp32"]}
    holds = float(twins.min()) >= MIN_COSINE and all(drop <= MAX_METRIC_DROP for drop in drops.values())
    _record_verdict(settings, embedder, holds, float(twins.min()), drops)
    return {
        "passages": len(texts),
        "chosen": {"path": chosen.path, "reason": chosen.reason} if chosen else None,
        "gate_holds": holds,
        "fp32": {"passages_per_s": speed["fp32"]},
        "bf16": {
            "passages_per_s": speed["bf16"],
            "speedup": round(speed["bf16"] / speed["fp32"], 2),
            "cosine_to_fp32_min": round(float(twins.min()), 6),
            "cosine_to_fp32_mean": round(float(twins.mean()), 6),
            "largest_metric_drop": max(drops.values()) if drops else 0.0,
        },
        "retrieval": retrieval,
        "tuning": tune(embedder, texts, chosen.bf16 if chosen else False),
    }


def throughput(
    embedder: Any, texts: Sequence[str], bf16: bool, batch: int, repeats: int = 1
) -> tuple[np.ndarray, float]:
    """The raw model over length-sorted texts in batches (what ingest embeds); vectors and the best passages/s."""
    best, out = float("inf"), np.zeros((0, 0), dtype=np.float32)
    for _ in range(repeats):
        started = time.perf_counter()
        out = np.concatenate([embedder.embed_as(texts[i : i + batch], bf16) for i in range(0, len(texts), batch)])
        best = min(best, time.perf_counter() - started)
    return out, round(len(texts) / best, 2)


def tune(embedder: Any, texts: Sequence[str], bf16: bool) -> list[dict[str, Any]]:
    """passages/s for batch sizes and thread counts, each setting measured twice (best kept), over an even sample
    of the passages; other processes on the machine make single figures noisy."""
    import torch

    sample = list(texts[:: max(1, len(texts) // TUNING_PASSAGES)])[:TUNING_PASSAGES]
    before = torch.get_num_threads()
    rows = []
    try:
        for threads in sorted({1, os.cpu_count() or 1, before}):
            torch.set_num_threads(threads)
            for batch in (8, 16, 32):
                _, rate = throughput(embedder, sample, bf16, batch, repeats=2)
                rows.append({"threads": threads, "batch": batch, "passages_per_s": rate})
    finally:
        torch.set_num_threads(before)
    return rows


def _retrieval(
    config: dict[str, Any], settings: Any, embedder: Any, chunks: list[Any], vectors: dict[str, np.ndarray]
) -> dict[str, dict[str, float]]:
    """The gold retrieval metrics (hybrid, as served) on copies of the index holding each path's vectors, the
    questions embedded on the same path."""
    from assistant.service import Assistant
    from evals.gold import load_gold
    from evals.runner import run_system, summarise
    from evals.suite import DEFAULT_GOLD
    from evals.systems import assistant_system

    items = load_gold(Path(config["gold"]) if config.get("gold") else DEFAULT_GOLD)
    chosen = embedder.precision
    out = {}
    for path in PATHS:
        folder = Path(config["work_dir"]) / f"index-{path}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(settings.paths.index_dir, folder)
        tree = settings.model_copy(update={"paths": settings.paths.model_copy(update={"index_dir": folder})})
        embedder.precision = PrecisionChoice(path, "benchmark")
        forget_query_embeddings(embedder)
        bot = Assistant.open(tree, embedder=embedder)
        bot.index.store.upsert(chunks, vectors[path])
        summary = summarise(run_system(assistant_system(bot, answer=False), items))
        out[path] = {m: summary[m] for m in RETRIEVAL_METRICS if m in summary}
        shutil.rmtree(folder, ignore_errors=True)
    embedder.precision = chosen
    forget_query_embeddings(embedder)
    return out


def _record_verdict(settings: Any, embedder: Any, holds: bool, cosine: float, drops: dict[str, float]) -> None:
    """Keep the full gate's verdict for this CPU, so later loads follow it (only where bf16 runs natively)."""
    native, evidence = bf16_hardware()
    if settings.embedding.precision != "auto" or not native:
        return
    worst = max(drops, key=lambda m: drops[m]) if drops else "-"
    figures = f"cosine to fp32 ≥ {cosine:.6f} over the sample passages, largest gold metric drop {drops.get(worst, 0):+.4f} ({worst})"
    verdict = "and bf16 passed the benchmark's gate" if holds else "but bf16 failed the benchmark's gate"
    choice = PrecisionChoice("bf16" if holds else "fp32", f"{evidence}, {verdict}: {figures}", round(cosine, 6))
    record(settings.paths.models_dir, settings.embedding.model, choice)
    logger.warning("precision gate: %s", choice.reason)
