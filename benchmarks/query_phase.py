"""Warm search and ask latency over a fixed question list, the cache's hit latency, and a profile."""

from __future__ import annotations

import cProfile
import io
import logging
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks.measure import forget_query_embeddings, ms_since, stopwatch, summarize

logger = logging.getLogger(__name__)

WARMUP = (
    "Hvad handlede studieturen om?",
    "Which cities did the committee visit?",
    "Hvordan arbejder man med beskæftigelse?",
)
COMPONENTS = ("embed", "bm25", "dense", "fusion", "answer", "catalogue", "total")


def run(config: dict[str, Any]) -> dict[str, Any]:
    from assistant.cache import CacheSettings
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from vectorstore.embedder import load_embedder

    settings = load_settings(Path(config["settings"]) if config.get("settings") else None, config["overrides"])
    questions: list[str] = config["questions"]
    with stopwatch() as model:
        embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    with stopwatch() as opening:
        bot = Assistant.open(settings, embedder=embedder)
    for question in WARMUP:
        bot.ask(question)

    forget_query_embeddings(embedder)
    search_ms = timed(questions, bot.search, "search")
    forget_query_embeddings(embedder)
    ask_ms: list[float] = []
    parts: dict[str, list[float]] = {name: [] for name in COMPONENTS}
    for question in _bar(questions, "ask"):
        started = time.perf_counter()
        answer = bot.ask(question)
        ask_ms.append(ms_since(started))
        for name in COMPONENTS:
            if name in answer.timings_ms:
                parts[name].append(answer.timings_ms[name])
    cached_ms = timed(questions, bot.ask, "ask again (cache)")
    result: dict[str, Any] = {
        "questions": len(questions),
        "chunks": bot.index.chunk_count(),
        "model_load_s": model["s"],
        "open_index_s": opening["s"],
        "search_ms": summarize(search_ms),
        "ask_ms": summarize(ask_ms),
        "ask_parts_ms": {name: summarize(values) for name, values in parts.items() if values},
        "ask_cached_ms": summarize(cached_ms),
        "cache_hits": bot.cache.hits,
    }
    if config.get("profile"):
        uncached = Assistant(settings.model_copy(update={"cache": CacheSettings(size=0)}), bot.index, embedder)
        forget_query_embeddings(embedder)
        result["profile"] = profile(uncached.ask, questions[: config.get("profile_questions", 30)])
    return result


def profile(ask: Callable[[str], Any], questions: list[str], top: int = 18) -> dict[str, Any]:
    """cProfile of asking each question once: the functions with most cumulative and own time."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for question in questions:
        ask(question)
    profiler.disable()
    total = time.perf_counter() - started
    return {
        "questions": len(questions),
        "ms_per_ask": round(total * 1000 / max(1, len(questions)), 1),
        "cumulative": _top(profiler, "cumulative", top),
        "own": _top(profiler, "tottime", top),
    }


def _top(profiler: cProfile.Profile, key: str, top: int) -> list[dict[str, Any]]:
    stats = pstats.Stats(profiler, stream=io.StringIO())
    stats.sort_stats(key)
    rows = []
    for func in stats.fcn_list[:top]:  # type: ignore[attr-defined]
        calls, _, own, cumulative, _ = stats.stats[func]  # type: ignore[attr-defined]
        filename, line, name = func
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}" if line else filename
        rows.append(
            {"function": f"{name} ({where})", "calls": calls, "own_s": round(own, 3), "cum_s": round(cumulative, 3)}
        )
    return rows


def timed(questions: list[str], call: Callable[[str], Any], desc: str) -> list[float]:
    out = []
    for question in _bar(questions, desc):
        started = time.perf_counter()
        call(question)
        out.append(ms_since(started))
    return out


def _bar(items: list[str], desc: str) -> tqdm:
    return tqdm(items, desc=desc, unit="q", file=sys.stderr, disable=not sys.stderr.isatty())
