"""The evaluation suite as the UI's Evaluering tab runs it: the gold files to choose from, and one run turned into
the tab's tables (the entry point hands a SuiteEvaluator to the UI, which knows it only by its shape)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evals.report import failures_first, item_cells, metrics_table
from evals.runner import ItemResult
from evals.suite import DEFAULT_GOLD, run_suite

if TYPE_CHECKING:
    from assistant.service import Assistant

logger = logging.getLogger(__name__)

PLOTS = ("hit_at_k", "by_group", "latency")
QUESTION_HEADERS = (
    "id",
    "type",
    "sprog",
    "bestået",
    "første træf",
    "spørgsmål",
    "forventede dokumenter",
    "hentede passager (top 3)",
    "svar",
)


@dataclass(frozen=True)
class EvaluationRun:
    """One run over a gold file, as tables: headline metrics, the plots' files and one row per question."""

    total: int
    passed: int
    metric_rows: list[list[str]]
    plots: dict[str, Path]
    question_rows: list[list[str]]
    out_dir: Path


class SuiteEvaluator:
    """Runs the suite (ours only) on a gold file of `gold_dir`; history goes next to the index, never into the
    source tree."""

    plots = PLOTS
    question_headers = QUESTION_HEADERS

    def __init__(self, gold_dir: Path = DEFAULT_GOLD.parent) -> None:
        self.gold_dir = gold_dir

    @property
    def default_gold(self) -> Path:
        return DEFAULT_GOLD

    def gold_files(self) -> list[Path]:
        return sorted(self.gold_dir.glob("*.jsonl"))

    def run(self, bot: Assistant, gold: Path) -> EvaluationRun:
        out_dir = Path(tempfile.mkdtemp(prefix="studietur-eval-"))
        result = run_suite(bot, gold, out_dir=out_dir, compare=False)
        return EvaluationRun(
            total=len(result.ours),
            passed=sum(r.passed for r in result.ours),
            metric_rows=metrics_table(result.summaries)[1:],
            plots={name: result.files[name] for name in PLOTS if name in result.files},
            question_rows=question_rows(result.ours),
            out_dir=out_dir,
        )


def question_rows(results: Sequence[ItemResult]) -> list[list[str]]:
    """One row per gold question (columns as QUESTION_HEADERS), failures first."""
    rows = []
    for r in failures_first(results):
        expected = ", ".join(sorted({e.doc for e in r.item.evidence})) or "–"
        retrieved = " ‖ ".join(_short(text, 90) for text in r.output.passages[:3]) or "–"
        rows.append([*item_cells(r), r.item.question, expected, retrieved, _short(r.output.answer or "", 300)])
    return rows


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
