"""The evaluation suite: ours (and baselines) over a gold file, summarised and reported."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assistant.service import Assistant
from assistant.settings import RetrievalSettings
from evals.gold import GoldItem, load_gold
from evals.naive import naive_system
from evals.report import HEADLINE, write_report
from evals.runner import ItemResult, run_system, summarise
from evals.systems import assistant_system
from evals.uncertainty import estimate, paired

logger = logging.getLogger(__name__)

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "gold.jsonl"
HISTORY_NAME = "eval-history.jsonl"  # in the index folder: a run never writes into the source tree
REPORT_NAME = "eval-report"
# Gold files only ever measured: nothing is fitted or chosen on them (README, "Evaluation").
VALIDATION_SETS = ("heldout2.jsonl",)


RETRIEVAL_BY_LANGUAGE = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")
# Every per-question figure the report headlines (latency is per run, not per question).
INTERVAL_METRICS = tuple(name for name in HEADLINE if not name.startswith("latency"))


@dataclass
class SuiteResult:
    summaries: dict[str, dict[str, float]]
    ours: list[ItemResult]
    files: dict[str, Path]
    by_language: list[list[str]] = field(default_factory=list)  # retrieval of each system, Danish and English apart
    uncertainty: list[list[str]] = field(default_factory=list)  # every metric's interval; ours - each baseline


def fingerprint(bot: Assistant) -> dict[str, str]:
    s = bot.settings
    return {
        "embedder": s.embedding.model,
        "chunking": f"max{s.ingest.chunking.max_tokens}/overlap{s.ingest.chunking.overlap_sentences}",
        "fusion": f"{s.retrieval.mode}/{_fusion(s.retrieval)}/cand{s.retrieval.candidates}"
        f"/bm25x{s.retrieval.bm25_weight}/sentencex{s.retrieval.sentence_weight}",
        "answerer": f"extractive-quotes/max{s.answer.max_sentences}/share{s.answer.passage_share}",
        "refusal": f"logistic/threshold{bot.policy.model.threshold:.3f}/fitted{bot.policy.model.fitted.get('date', '?')}",
    }


def _fusion(retrieval: RetrievalSettings) -> str:
    return f"rrf{retrieval.rrf_k}" if retrieval.fusion == "rrf" else retrieval.fusion


def run_suite(
    bot: Assistant,
    gold: Path = DEFAULT_GOLD,
    out_dir: Path | None = None,
    compare: bool = False,
    history: Path | None = None,
    answer_mode: str | None = None,
) -> SuiteResult:
    """Ours (and with `compare` the baselines) on a gold file; the report goes to `out_dir` and a line of ours to
    `history` (default: the index folder's eval-history.jsonl)."""
    history = history or bot.settings.paths.index_dir / HISTORY_NAME
    items = load_gold(gold)
    ours = run_system(assistant_system(bot, answer_mode=answer_mode), items)
    summaries = {"ours": summarise(ours)}
    by_language: list[list[str]] = []
    baselines: dict[str, list[ItemResult]] = {}
    if compare:
        retrievers = {
            "hybrid (ours)": ours,
            "bm25_only": run_system(assistant_system(bot, mode="bm25", answer=False), items),
            "dense_only": run_system(assistant_system(bot, mode="dense", answer=False), items),
        }
        baselines = {name: results for name, results in retrievers.items() if name != "hybrid (ours)"}
        baselines["naive_llamaindex"] = _naive(bot, items)
        summaries.update({name: summarise(results) for name, results in baselines.items()})
        by_language = language_rows(retrievers)
    uncertainty = uncertainty_rows(ours, baselines)
    sections = {
        "Retrieval by language": by_language,
        "Uncertainty (bootstrap 95% intervals; ours - each baseline paired by question)": uncertainty,
    }
    sections = {heading: rows for heading, rows in sections.items() if rows}
    files = write_report(out_dir, summaries, ours, fingerprint(bot), history, sections) if out_dir else {}
    return SuiteResult(summaries, ours, files, by_language, uncertainty)


def uncertainty_rows(ours: list[ItemResult], baselines: dict[str, list[ItemResult]]) -> list[list[str]]:
    """Every metric of ours with its bootstrap interval; beside it each baseline's, and ours minus that baseline
    paired question by question (over the questions both have the metric for)."""
    rows = [["metric", "n", "ours", *(cell for name in baselines for cell in (name, f"ours - {name} (paired)"))]]
    for metric in INTERVAL_METRICS:
        mine = _column(ours, metric)
        values = [v for v in mine if v is not None]
        if not values:
            continue
        row = [metric, str(len(values)), str(estimate(values))]
        for results in baselines.values():
            pairs = [
                (a, b) for a, b in zip(mine, _column(results, metric), strict=True) if a is not None and b is not None
            ]
            theirs = [b for _, b in pairs]
            row += [str(estimate(theirs)), str(paired([a for a, _ in pairs], theirs))] if pairs else ["–", "–"]
        rows.append(row)
    return rows


def _column(results: list[ItemResult], metric: str) -> list[float | None]:
    """Each question's value of a metric, None where it has none (pass_rate only for systems that answer)."""
    if metric == "pass_rate":
        return [float(r.passed) if r.output.answer is not None else None for r in results]
    return [r.scores.get(metric) for r in results]


def language_rows(retrievers: dict[str, list[ItemResult]]) -> list[list[str]]:
    """Retrieval figures of each system on the Danish and the English questions apart."""
    rows = [["system", "lang", "n", *RETRIEVAL_BY_LANGUAGE]]
    for name, results in retrievers.items():
        for lang in ("da", "en"):
            group = [r for r in results if r.item.lang == lang and r.item.type != "unanswerable"]
            if group:
                summary = summarise(group)
                rows.append([name, lang, str(len(group)), *(f"{summary[m]:.3f}" for m in RETRIEVAL_BY_LANGUAGE)])
    return rows


def _naive(bot: Assistant, items: list[GoldItem]) -> list[ItemResult]:
    with tempfile.TemporaryDirectory(prefix="studietur-naive-") as work:
        naive = naive_system(bot.settings.paths.corpus_dir, bot.embedder, Path(work))
        return run_system(naive, items)
