"""The Evaluering tab: run the evaluation suite on a gold file and show its tables and plots.

The suite lives in `evals/`, which the UI does not import: the entry point hands in an Evaluator, known here only by
the shape below (`evals.evaluator.SuiteEvaluator` is the real one)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import gradio as gr

from assistant.service import Assistant
from studietur.core.errors import StudieturError
from ui.render import message_html

logger = logging.getLogger(__name__)

METRIC_HEADERS = ["mål", "værdi"]
UNAVAILABLE = "Evalueringen er ikke sat op i denne udgave af appen."


class EvaluationRun(Protocol):
    total: int
    passed: int
    metric_rows: list[list[str]]
    plots: dict[str, Path]
    question_rows: list[list[str]]
    out_dir: Path


class Evaluator(Protocol):
    plots: Sequence[str]
    question_headers: Sequence[str]

    @property
    def default_gold(self) -> Path: ...

    def gold_files(self) -> list[Path]: ...

    def run(self, bot: Assistant, gold: Path) -> EvaluationRun: ...


def gold_choices(evaluator: Evaluator) -> list[tuple[str, str]]:
    """The gold files the evaluator offers, as (name, path) menu choices."""
    return [(path.name, str(path)) for path in evaluator.gold_files()]


def run_evaluation(
    bot: Assistant,
    evaluator: Evaluator,
    gold: str | None,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> tuple[Any, ...]:
    """Status, headline metrics, the plots and the per-question table of one run."""
    empty = (None, *(None for _ in evaluator.plots), None)
    allowed = {value for _, value in gold_choices(evaluator)}
    if not gold or gold not in allowed:
        return (message_html("Vælg en guldfil fra listen.", "error"), *empty)
    progress(0, desc="Evalueringen kører …")
    try:
        run = evaluator.run(bot, Path(gold))
    except StudieturError as exc:
        logger.warning("evaluation on %s failed: %s", gold, exc)
        return (message_html(f"Evalueringen mislykkedes: {exc}", "error"), *empty)
    except Exception:
        logger.exception("evaluation on %s failed", gold)
        return (message_html("Der opstod en uventet fejl under evalueringen. Se loggen.", "error"), *empty)
    status = message_html(f"{run.total} spørgsmål, {run.passed} bestået. Rapporten ligger i {run.out_dir}.", "ok")
    plots = [str(run.plots[name]) if name in run.plots else None for name in evaluator.plots]
    return status, run.metric_rows, *plots, run.question_rows
