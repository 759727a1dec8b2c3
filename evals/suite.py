"""The evaluation suite: ours (and baselines) over a gold file, summarised and reported."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.service import Assistant
from evals.gold import GoldItem, load_gold
from evals.naive import naive_system
from evals.report import write_report
from evals.runner import ItemResult, run_system, summarise
from evals.systems import assistant_system

logger = logging.getLogger(__name__)

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "gold.jsonl"
DEFAULT_HISTORY = Path(__file__).resolve().parent / "history.jsonl"


@dataclass
class SuiteResult:
    summaries: dict[str, dict[str, float]]
    ours: list[ItemResult]
    files: dict[str, Path]


def fingerprint(bot: Assistant) -> dict[str, str]:
    s = bot.settings
    return {
        "embedder": s.embedding.model,
        "chunking": f"max{s.ingest.chunking.max_tokens}/overlap{s.ingest.chunking.overlap_sentences}",
        "fusion": f"{s.retrieval.mode}/rrf{s.retrieval.rrf_k}/cand{s.retrieval.candidates}",
        "answerer": f"extractive-quotes/max{s.answer.max_sentences}/min{s.answer.min_relevance}",
    }


def run_suite(
    bot: Assistant,
    gold: Path = DEFAULT_GOLD,
    out_dir: Path | None = None,
    compare: bool = False,
    history: Path = DEFAULT_HISTORY,
) -> SuiteResult:
    items = load_gold(gold)
    ours = run_system(assistant_system(bot), items)
    summaries = {"ours": summarise(ours)}
    if compare:
        summaries.update(_baselines(bot, items))
    files = write_report(out_dir, summaries, ours, fingerprint(bot), history) if out_dir else {}
    return SuiteResult(summaries, ours, files)


def _baselines(bot: Assistant, items: list[GoldItem]) -> dict[str, dict[str, float]]:
    found = {
        "bm25_only": summarise(run_system(assistant_system(bot, mode="bm25", answer=False), items)),
        "dense_only": summarise(run_system(assistant_system(bot, mode="dense", answer=False), items)),
    }
    with tempfile.TemporaryDirectory(prefix="studietur-naive-") as work:
        naive = naive_system(bot.settings.paths.corpus_dir, bot.embedder, Path(work))
        found["naive_llamaindex"] = summarise(run_system(naive, items))
    return found
