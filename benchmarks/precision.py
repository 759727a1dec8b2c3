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

from vectorstore.embedder import Embedder
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
    chunks = chunks[:: max(1, len(chunks) // config["max_passages"])] if config.get("max_passages") else chunks
    del index
    texts = [settings.embedding.passage_prefix + chunk.embed_text() for chunk in chunks]
    embedder.embed_as(texts[:2], bf16=False)  # the first call pays one-off costs
    paths = {name: _OnePath(embedder, name == "bf16") for name in PATHS}
    paths.update(_onnx_paths(embedder, Path(config["work_dir"]) / "onnx"))
    figures: dict[str, dict[str, Any]] = {}
    vectors: dict[str, np.ndarray] = {}
    for name, path in paths.items():
        vectors[name], rate = throughput(path, texts, False, settings.embedding.batch_size)
        twins = cosines(vectors["fp32"], vectors[name])
        figures[name] = {
            "passages_per_s": rate,
            "cosine_to_fp32_min": round(float(twins.min()), 6),
            "cosine_to_fp32_mean": round(float(twins.mean()), 6),
        }
    retrieval = _retrieval(config, settings, chunks, {name: (vectors[name], paths[name]) for name in paths})
    for name, item in figures.items():
        item["speedup"] = round(item["passages_per_s"] / figures["fp32"]["passages_per_s"], 2)
        drops = {m: round(retrieval["fp32"][m] - retrieval[name][m], 4) for m in retrieval["fp32"]}
        item["largest_metric_drop"] = max(drops.values()) if drops else 0.0
        item["gate_holds"] = item["cosine_to_fp32_min"] >= MIN_COSINE and item["largest_metric_drop"] <= MAX_METRIC_DROP
    _record_verdict(settings, figures["bf16"])
    return {
        "passages": len(texts),
        "chosen": {"path": chosen.path, "reason": chosen.reason} if chosen else None,
        "gate_holds": figures["bf16"]["gate_holds"],
        "paths": figures,
        "onnx": "measured" if "onnx_int8" in figures else _onnx_missing(),
        "retrieval": retrieval,
        "tuning": tune(embedder, texts, chosen.bf16 if chosen else False),
    }


class _OnePath:
    """The torch embedder held to one precision (for the throughput loop and for the questions of an evaluation)."""

    def __init__(self, embedder: Any, bf16: bool) -> None:
        self.embedder, self.bf16 = embedder, bf16

    def embed_as(self, texts: Sequence[str], bf16: bool = False) -> np.ndarray:
        return self.embedder.embed_as(texts, self.bf16)


def _onnx_paths(embedder: Any, folder: Path) -> dict[str, Any]:
    from benchmarks import onnx_paths

    if onnx_paths.available():
        return {}
    files = onnx_paths.export(embedder, folder)
    return {name: onnx_paths.OnnxEmbedder(embedder, file) for name, file in files.items()}


def _onnx_missing() -> str:
    from benchmarks import onnx_paths

    return onnx_paths.available()


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
    config: dict[str, Any], settings: Any, chunks: list[Any], paths: dict[str, tuple[np.ndarray, Any]]
) -> dict[str, dict[str, float]]:
    """The gold retrieval metrics (hybrid, as served) on copies of the index holding each path's vectors, the
    questions embedded on the same path."""
    from assistant.service import Assistant
    from evals.gold import load_gold
    from evals.runner import run_system, summarise
    from evals.suite import DEFAULT_GOLD
    from evals.systems import assistant_system

    items = load_gold(Path(config["gold"]) if config.get("gold") else DEFAULT_GOLD)
    out = {}
    for name, (vectors, path) in paths.items():
        folder = Path(config["work_dir"]) / f"index-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(settings.paths.index_dir, folder)
        tree = settings.model_copy(update={"paths": settings.paths.model_copy(update={"index_dir": folder})})
        bot = Assistant.open(tree, embedder=_QueryEmbedder(settings.embedding, path))
        bot.index.store.upsert(chunks, vectors)
        summary = summarise(run_system(assistant_system(bot, answer=False), items))
        out[name] = {m: summary[m] for m in RETRIEVAL_METRICS if m in summary}
        shutil.rmtree(folder, ignore_errors=True)
    return out


class _QueryEmbedder(Embedder):
    """Questions embedded on one path (an Embedder of its own, so its query cache is its own too)."""

    def __init__(self, settings: Any, path: Any) -> None:
        super().__init__(settings)
        self.path = path

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.path.embed_as(texts)


def _record_verdict(settings: Any, bf16: dict[str, Any]) -> None:
    """Keep the full gate's verdict on bf16 for this CPU, so later loads follow it (only where bf16 runs natively)."""
    native, evidence = bf16_hardware()
    if settings.embedding.precision != "auto" or not native:
        return
    cosine = bf16["cosine_to_fp32_min"]
    figures = f"cosine to fp32 ≥ {cosine:.6f} over the sample passages, largest gold metric drop {bf16['largest_metric_drop']:+.4f}"
    holds = bf16["gate_holds"]
    verdict = "and bf16 passed the benchmark's gate" if holds else "but bf16 failed the benchmark's gate"
    choice = PrecisionChoice("bf16" if holds else "fp32", f"{evidence}, {verdict}: {figures}", cosine)
    record(settings.paths.models_dir, settings.embedding.model, choice)
    logger.warning("precision gate: %s", choice.reason)
