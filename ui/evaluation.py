"""The Evaluering tab's handlers: check an uploaded gold file, run it, compare two configurations, review answers.

The suite lives in `evals/`, which the UI does not import: the entry point hands in an Evaluator, known here only by
the shape below (`evals.evaluator.SuiteEvaluator` is the real one)."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import gradio as gr

from assistant.service import Assistant
from studietur.core.errors import StudieturError
from ui.render import message_html

logger = logging.getLogger(__name__)

INTERVAL_HEADERS = ["mål", "n", "værdi [95%-interval]"]
COMPARISON_HEADERS = ["mål", "n", "A", "B", "A − B (parret)"]
JUDGEMENT_HEADERS = ["id", "vurdering", "note", "nøglefakta"]
UNAVAILABLE = "Evalueringen er ikke sat op i denne udgave af appen."
VERDICTS = [("Korrekt", "correct"), ("Delvist", "partly"), ("Forkert", "wrong")]


class EvaluationRun(Protocol):
    total: int
    passed: int
    plots: dict[str, Path]
    question_rows: list[list[str]]
    out_dir: Path
    interval_rows: list[list[str]]
    downloads: list[Path]
    answers: list[dict[str, Any]]


class Comparison(Protocol):
    rows: list[list[str]]
    first: EvaluationRun
    second: EvaluationRun


class FileCheck(Protocol):
    items: int
    errors: list[str]
    warnings: list[str]


class Evaluator(Protocol):
    plots: Sequence[str]
    question_headers: Sequence[str]

    @property
    def default_gold(self) -> Path: ...

    def gold_files(self) -> list[Path]: ...

    def check(self, bot: Assistant, gold: Path) -> FileCheck: ...

    def run(self, bot: Assistant, gold: Path, config: dict[str, Any] | None = None) -> EvaluationRun: ...

    def compare(self, bot: Assistant, gold: Path, first: dict[str, Any], second: dict[str, Any]) -> Comparison: ...

    def save_review(self, bot: Assistant, judgements: list[dict[str, Any]]) -> tuple[Path, FileCheck]: ...


def gold_choices(evaluator: Evaluator, uploaded: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The gold files the evaluator offers and this session uploaded, as (name, path) menu choices."""
    bundled = [(path.name, str(path)) for path in evaluator.gold_files()]
    return bundled + [(f"{Path(path).name} (uploadet)", path) for path in uploaded]


def check_upload(bot: Assistant, evaluator: Evaluator, path: str | None, uploaded: list[str]) -> tuple[Any, ...]:
    """Status (errors by line), the session's uploads and the menu, the valid upload chosen."""
    if not path:
        return "", uploaded, gr.update()
    try:
        found = evaluator.check(bot, Path(path))
    except StudieturError as exc:
        return message_html(f"Filen kan ikke læses: {exc}", "error"), uploaded, gr.update()
    if found.errors:
        lines = "".join(f"<li>{html.escape(e)}</li>" for e in found.errors[:50])
        head = html.escape(f"{Path(path).name}: {len(found.errors)} fejl – filen er ikke brugt:")
        return f'<div class="status status-error" id="gold-errors">{head}<ul>{lines}</ul></div>', uploaded, gr.update()
    uploaded = [*uploaded, path]
    notes = "".join(f"<li>{html.escape(w)}</li>" for w in found.warnings)
    text = html.escape(f"{Path(path).name}: {found.items} spørgsmål, gyldig.")
    status = f'<div class="status status-ok" id="gold-valid">{text}{f"<ul>{notes}</ul>" if notes else ""}</div>'
    return status, uploaded, gr.update(choices=gold_choices(evaluator, uploaded), value=path)


def config(mode: str | None, k: float | None, bm25_weight: float | None, answer_mode: str | None) -> dict[str, Any]:
    return {"mode": mode, "k": int(k) if k else None, "bm25_weight": bm25_weight, "answer_mode": answer_mode}


def _chosen(evaluator: Evaluator, gold: str | None, uploaded: Sequence[str]) -> Path | None:
    allowed = {value for _, value in gold_choices(evaluator, uploaded)}
    return Path(gold) if gold and gold in allowed else None


def _guarded(work: Callable[[], tuple[Any, ...]], empty: tuple[Any, ...], what: str) -> tuple[Any, ...]:
    try:
        return work()
    except StudieturError as exc:
        logger.warning("%s failed: %s", what, exc)
        return (message_html(f"Evalueringen mislykkedes: {exc}", "error"), *empty)
    except Exception:
        logger.exception("%s failed", what)
        return (message_html("Der opstod en uventet fejl under evalueringen. Se loggen.", "error"), *empty)


def run_evaluation(
    bot: Assistant,
    evaluator: Evaluator,
    gold: str | None,
    uploaded: list[str],
    *settings: Any,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> tuple[Any, ...]:
    """Status, intervals, downloads, the plots, the per-question table, and the answers to review, of one run with
    configuration A (`settings`: mode, k, bm25_weight, answer_mode)."""
    empty = (None, None, *(None for _ in evaluator.plots), None, [], gr.update(choices=[], value=None))
    path = _chosen(evaluator, gold, uploaded)
    if path is None:
        return (message_html("Vælg en guldfil fra listen, eller upload en.", "error"), *empty)
    progress(0, desc="Evalueringen kører …")

    def work() -> tuple[Any, ...]:
        run = evaluator.run(bot, path, config(*settings[:4]))
        status = message_html(f"{run.total} spørgsmål, {run.passed} bestået. Rapporten ligger i {run.out_dir}.", "ok")
        plots = [str(run.plots[name]) if name in run.plots else None for name in evaluator.plots]
        files = [str(p) for p in run.downloads]
        return status, run.interval_rows, files, *plots, run.question_rows, run.answers, _review_menu(run.answers)

    return _guarded(work, empty, f"evaluation on {path}")


def run_comparison(
    bot: Assistant,
    evaluator: Evaluator,
    gold: str | None,
    uploaded: list[str],
    *settings: Any,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> tuple[Any, ...]:
    """Status, the side-by-side table with paired differences, and both runs' report files."""
    path = _chosen(evaluator, gold, uploaded)
    if path is None:
        return message_html("Vælg en guldfil fra listen, eller upload en.", "error"), None, None
    progress(0, desc="Sammenligningen kører …")

    def work() -> tuple[Any, ...]:
        found = evaluator.compare(bot, path, config(*settings[:4]), config(*settings[4:8]))
        status = message_html(
            f"A: {found.first.passed} af {found.first.total} bestået; B: {found.second.passed} af "
            f"{found.second.total}. Forskellen A − B er parret spørgsmål for spørgsmål; et interval der ikke "
            "rummer 0 er en reel forskel.",
            "ok",
        )
        files = [str(p) for run in (found.first, found.second) for p in run.downloads]
        return status, found.rows[1:], files

    return _guarded(work, (None, None), f"comparison on {path}")


def _review_menu(answers: list[dict[str, Any]]) -> Any:
    choices = [(f"{a['id']}: {a['question']}", a["id"]) for a in answers]
    return gr.update(choices=choices, value=choices[0][1] if choices else None)


def show_answer(answers: list[dict[str, Any]], item_id: str | None) -> str:
    """The answer under review with the passages it cites."""
    answer = next((a for a in answers if a["id"] == item_id), None)
    if answer is None:
        return ""
    sources = "".join(
        f"<li><b>{html.escape(doc)}</b>: {html.escape(quote[:400])}</li>" for doc, quote in answer["sources"]
    )
    return (
        f'<div id="review-shown"><p><b>{html.escape(answer["question"])}</b></p>'
        f"<p>{html.escape(answer['answer'] or '(intet svar)')}</p><ol>{sources}</ol></div>"
    )


def add_judgement(
    answers: list[dict[str, Any]],
    judgements: list[dict[str, Any]],
    item_id: str | None,
    verdict: str | None,
    note: str,
    facts: str,
) -> tuple[Any, ...]:
    """Record (or replace) the judgement of one answer; status and the table of judgements."""
    answer = next((a for a in answers if a["id"] == item_id), None)
    if answer is None or verdict not in {value for _, value in VERDICTS}:
        return message_html("Vælg et svar og en vurdering.", "error"), judgements, _judgement_rows(judgements)
    key_facts = [line.strip() for line in facts.splitlines() if line.strip()]
    judgement = {**answer, "verdict": verdict, "note": note.strip(), "key_facts": key_facts}
    judgements = [j for j in judgements if j["id"] != item_id] + [judgement]
    status = message_html(f"{len(judgements)} svar vurderet.", "ok")
    return status, judgements, _judgement_rows(judgements)


def _judgement_rows(judgements: list[dict[str, Any]]) -> list[list[str]]:
    names = dict((value, label) for label, value in VERDICTS)
    return [[j["id"], names[j["verdict"]], j["note"], "; ".join(j["key_facts"])] for j in judgements]


def save_judgements(bot: Assistant, evaluator: Evaluator, judgements: list[dict[str, Any]]) -> tuple[Any, ...]:
    """Save the judgements as gold items; status (with the items' check, by line) and the file to download."""
    if not judgements:
        return message_html("Der er ingen vurderinger at gemme.", "error"), None
    path, found = evaluator.save_review(bot, judgements)
    problems = "".join(f"<li>{html.escape(e)}</li>" for e in found.errors)
    text = html.escape(f"{found.items} guldemner gemt i {path}.")
    advice = f"<p>Ret disse før brug:</p><ul>{problems}</ul>" if problems else "<p>Alle er gyldige.</p>"
    return f'<div class="status status-ok" id="review-saved">{text}{advice}</div>', str(path)
