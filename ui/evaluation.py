"""The Evaluering tab: run the evaluation suite of evals/ on a gold file and show its tables and plots."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.service import Assistant
from evals.report import metrics_table
from evals.runner import K_VALUES, ItemResult
from evals.suite import DEFAULT_GOLD, run_suite
from studietur.core.errors import StudieturError
from ui.render import message_html

logger = logging.getLogger(__name__)

GOLD_DIR = DEFAULT_GOLD.parent
PLOTS = ("hit_at_k", "by_group", "latency")
QUESTION_HEADERS = [
    "id",
    "type",
    "sprog",
    "bestået",
    "første træf",
    "spørgsmål",
    "forventede dokumenter",
    "hentede passager (top 3)",
    "svar",
]
METRIC_HEADERS = ["mål", "værdi"]


def gold_choices(folder: Path | None = None) -> list[tuple[str, str]]:
    """The gold files under evals/gold, as (name, path) menu choices."""
    return [(path.name, str(path)) for path in sorted((folder or GOLD_DIR).glob("*.jsonl"))]


def run_evaluation(
    bot: Assistant,
    gold: str | None,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> tuple[Any, ...]:
    """Status, headline metrics, the three plots and the per-question table of one run."""
    empty = (None, None, None, None, None)
    allowed = {value for _, value in gold_choices()}
    if not gold or gold not in allowed:
        return (message_html("Vælg en guldfil fra listen.", "error"), *empty)
    progress(0, desc="Evalueringen kører …")
    out_dir = Path(tempfile.mkdtemp(prefix="studietur-eval-"))
    try:
        result = run_suite(
            bot,
            Path(gold),
            out_dir=out_dir,
            compare=False,
            history=bot.settings.paths.index_dir / "eval-history.jsonl",
        )
    except StudieturError as exc:
        logger.warning("evaluation on %s failed: %s", gold, exc)
        return (message_html(f"Evalueringen mislykkedes: {exc}", "error"), *empty)
    except Exception:
        logger.exception("evaluation on %s failed", gold)
        return (message_html("Der opstod en uventet fejl under evalueringen. Se loggen.", "error"), *empty)
    rows = metrics_table(result.summaries)
    passed = sum(r.passed for r in result.ours)
    status = message_html(f"{len(result.ours)} spørgsmål, {passed} bestået. Rapporten ligger i {out_dir}.", "ok")
    plots = [str(result.files[name]) if name in result.files else None for name in PLOTS]
    return status, rows[1:], *plots, question_rows(result.ours)


def question_rows(results: Sequence[ItemResult]) -> list[list[str]]:
    """One row per gold question, failures first."""
    rows = []
    for r in sorted(results, key=lambda r: (r.passed, r.item.id)):
        rank = next((k for k in K_VALUES if r.scores.get(f"hit@{k}") == 1.0), None)
        expected = ", ".join(sorted({e.doc for e in r.item.evidence})) or "–"
        retrieved = " ‖ ".join(_short(text, 90) for text in r.output.passages[:3]) or "–"
        rows.append(
            [
                r.item.id,
                r.item.type,
                r.item.lang,
                "✔" if r.passed else "✘",
                f"≤{rank}" if rank else "–",
                r.item.question,
                expected,
                retrieved,
                _short(r.output.answer or "", 300),
            ]
        )
    return rows


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
