"""Small measuring tools: percentiles, peak memory, folder sizes, timing."""

from __future__ import annotations

import logging
import math
import os
import resource
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def percentiles(values: Sequence[float], points: Sequence[int] = (50, 95, 99)) -> dict[str, float]:
    """Nearest-rank percentiles, e.g. {"p50": …, "p95": …, "p99": …}; empty when there are no values."""
    if not values:
        return {}
    ordered = sorted(values)
    out = {}
    for point in points:
        rank = max(1, math.ceil(point / 100 * len(ordered)))
        out[f"p{point}"] = round(ordered[rank - 1], 2)
    return out


def summarize(values: Sequence[float]) -> dict[str, Any]:
    """Count, mean and p50/p95/p99 of a list of milliseconds."""
    if not values:
        return {"n": 0}
    return {"n": len(values), "mean": round(sum(values) / len(values), 2), **percentiles(values)}


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of a process in MB; ru_maxrss when /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1) if pid == "self" else 0.0


def reset_peak_rss() -> bool:
    """Start a new peak (Linux ≥ 4.0: write 5 to clear_refs); False where that is not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def folder_mb(path: Path) -> float:
    """Bytes on disk of every file under path, in MB."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                continue
    return round(total / 2**20, 2)


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """`with stopwatch() as t: …` then t["s"] holds the seconds taken."""
    timing = {"s": 0.0}
    started = time.perf_counter()
    try:
        yield timing
    finally:
        timing["s"] = round(time.perf_counter() - started, 3)


def ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def forget_query_embeddings(embedder: object) -> None:
    """Empty the embedder's cache of question vectors, so each timed pass embeds its questions again."""
    cached = getattr(type(embedder), "_cached_query", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
