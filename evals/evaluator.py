"""The evaluation suite as the UI's Evaluering tab runs it: the gold files to choose from, and one run turned into
the tab's tables (the entry point hands a SuiteEvaluator to the UI, which knows it only by its shape)."""

from __future__ import annotations

import csv
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals import review
from evals.gold import check_gold_file
from evals.report import failures_first, item_cells, metrics_table
from evals.runner import ItemResult
from evals.suite import DEFAULT_GOLD, run_suite, uncertainty_rows
from evals.systems import configured

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
    interval_rows: list[list[str]]  # every metric with its bootstrap 95% interval
    downloads: list[Path]  # report.md, report.html, questions.csv
    answers: list[dict[str, Any]]  # what a reviewer judges: question, answer and cited (document, quote)
    results: list[ItemResult]


@dataclass(frozen=True)
class Comparison:
    """Two configurations on the same questions: each metric of A and B, and A minus B paired by question."""

    rows: list[list[str]]
    first: EvaluationRun
    second: EvaluationRun


@dataclass(frozen=True)
class FileCheck:
    items: int
    errors: list[str]
    warnings: list[str]


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

    def check(self, bot: Assistant, gold: Path) -> FileCheck:
        """An uploaded gold file against the documented format and the corpus, errors by line."""
        found = check_gold_file(gold, bot.settings.paths.corpus_dir)
        return FileCheck(len(found.items), found.errors, found.warnings)

    def run(self, bot: Assistant, gold: Path, config: dict[str, Any] | None = None) -> EvaluationRun:
        """Ours on a gold file, with `config` (retrieval `mode`, `k`, `bm25_weight`, `answer_mode`) over the
        settings in use; the report goes to a folder of its own, history next to the index."""
        config = {key: value for key, value in (config or {}).items() if value not in (None, "")}
        answer_mode = config.pop("answer_mode", None)
        system = configured(bot, config) if config else bot
        out_dir = Path(tempfile.mkdtemp(prefix="studietur-eval-"))
        result = run_suite(system, gold, out_dir=out_dir, compare=False, answer_mode=answer_mode)
        csv_path = write_csv(out_dir / "questions.csv", result.ours)
        return EvaluationRun(
            total=len(result.ours),
            passed=sum(r.passed for r in result.ours),
            metric_rows=metrics_table(result.summaries)[1:],
            plots={name: result.files[name] for name in PLOTS if name in result.files},
            question_rows=question_rows(result.ours),
            out_dir=out_dir,
            interval_rows=result.uncertainty[1:],
            downloads=[result.files["report.md"], result.files["report.html"], csv_path],
            answers=[_answer(r) for r in result.ours],
            results=result.ours,
        )

    def compare(self, bot: Assistant, gold: Path, first: dict[str, Any], second: dict[str, Any]) -> Comparison:
        """Two configurations on the same questions, with A minus B paired question by question."""
        a, b = self.run(bot, gold, first), self.run(bot, gold, second)
        rows = uncertainty_rows(a.results, {"B": b.results})
        return Comparison([["mål", "n", "A", "B", "A − B (parret)"], *rows[1:]], a, b)

    def save_review(self, bot: Assistant, judgements: list[dict[str, Any]]) -> tuple[Path, FileCheck]:
        """The judgements and their gold items, next to the index; the gold items checked like an upload."""
        _, gold = review.save(judgements, bot.settings.paths.index_dir / "review")
        return gold, self.check(bot, gold)


def question_rows(results: Sequence[ItemResult]) -> list[list[str]]:
    """One row per gold question (columns as QUESTION_HEADERS), failures first."""
    rows = []
    for r in failures_first(results):
        expected = ", ".join(sorted({e.doc for e in r.item.evidence})) or "–"
        retrieved = " ‖ ".join(_short(text, 90) for text in r.output.passages[:3]) or "–"
        rows.append([*item_cells(r), r.item.question, expected, retrieved, _short(r.output.answer or "", 300)])
    return rows


def write_csv(path: Path, results: Sequence[ItemResult]) -> Path:
    """One row per question: id, type, language, passed, first hit, and every score."""
    names = sorted({name for r in results for name in r.scores})
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "type", "lang", "passed", "first_hit", "route", "question", "answer", *names])
        for r in results:
            cells = item_cells(r)
            writer.writerow(
                [*cells[:3], int(r.passed), cells[4], r.output.route or "", r.item.question, r.output.answer or ""]
                + [r.scores.get(name, "") for name in names]
            )
    return path


def _answer(r: ItemResult) -> dict[str, Any]:
    return {
        "id": r.item.id,
        "question": r.item.question,
        "lang": r.item.lang,
        "type": r.item.type,
        "answer": r.output.answer or "",
        "found": bool(r.output.found),
        "sources": [list(source) for source in r.output.sources],
    }


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
