"""Is bf16 embedding faster on this CPU, and how close are its vectors to float32's? (A measurement only.)"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.measure import forget_query_embeddings

logger = logging.getLogger(__name__)


def run(config: dict[str, Any]) -> dict[str, Any]:
    import torch

    from assistant.settings import load_settings
    from vectorstore.embedder import load_embedder
    from vectorstore.index import DocumentIndex

    settings = load_settings(Path(config["settings"]) if config.get("settings") else None, config["overrides"])
    embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    index = DocumentIndex.open(settings.chroma, settings.paths.index_dir)
    passages = [chunk.embed_text() for chunk in index.store.chunks()][: config.get("passages", 200)]
    questions: list[str] = config["questions"][: config.get("precision_questions", 40)]
    embed_passages = lambda: np.concatenate(list(embedder.embed_passages(passages)))  # noqa: E731

    def queries() -> np.ndarray:
        forget_query_embeddings(embedder)
        return np.stack([embedder.embed_query(q) for q in questions])

    embedder.embed_batch(["passage: opvarmning"])  # first call pays one-off costs
    fp32, fp32_s = _timed(embed_passages)
    fp32_q = queries()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        auto, auto_s = _timed(embed_passages)
        auto_q = queries()
    embedder.model.to(torch.bfloat16)
    try:
        cast, cast_s = _timed(embed_passages)
        cast_q = queries()
    finally:
        embedder.model.to(torch.float32)
    return {
        "passages": len(passages),
        "questions": len(questions),
        "cpu_bf16_flags": _bf16_flags(),
        "fp32": {"s": fp32_s, "passages_per_s": round(len(passages) / fp32_s, 2)},
        "autocast_bf16": {
            "s": auto_s,
            "passages_per_s": round(len(passages) / auto_s, 2),
            **_closeness(fp32, fp32_q, auto, auto_q),
        },
        "model_bf16": {
            "s": cast_s,
            "passages_per_s": round(len(passages) / cast_s, 2),
            **_closeness(fp32, fp32_q, cast, cast_q),
        },
    }


def _timed(call: Any) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    out = call()
    return out, round(time.perf_counter() - started, 2)


def _closeness(ref: np.ndarray, ref_q: np.ndarray, other: np.ndarray, other_q: np.ndarray) -> dict[str, Any]:
    """Cosine of each bf16 vector to its float32 twin, and what it does to question-passage rankings."""
    other = other / np.linalg.norm(other, axis=1, keepdims=True)
    other_q = other_q / np.linalg.norm(other_q, axis=1, keepdims=True)
    twins = np.sum(ref * other, axis=1)
    sims_ref, sims_other = ref_q @ ref.T, other_q @ other.T
    top5_ref = np.argsort(-sims_ref, axis=1)[:, :5]
    top5_other = np.argsort(-sims_other, axis=1)[:, :5]
    overlap = [len(set(a) & set(b)) / 5 for a, b in zip(top5_ref, top5_other, strict=True)]
    return {
        "cosine_to_fp32_mean": round(float(twins.mean()), 5),
        "cosine_to_fp32_min": round(float(twins.min()), 5),
        "similarity_abs_diff_max": round(float(np.abs(sims_ref - sims_other).max()), 4),
        "top1_same": round(float(np.mean(top5_ref[:, 0] == top5_other[:, 0])), 3),
        "top5_overlap": round(float(np.mean(overlap)), 3),
    }


def _bf16_flags() -> list[str]:
    try:
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags"))
    except (OSError, StopIteration):
        return []
    return sorted({flag for flag in flags.split() if "bf16" in flag or flag.startswith("amx")})
