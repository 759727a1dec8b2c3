"""The Evaluering tab's layout and events: a gold file (bundled or uploaded), configurations A and B, a run or a
comparison, the report files, and a review of the answers that saves judgements as gold items."""

from __future__ import annotations

from functools import partial

import gradio as gr

from assistant.service import MODES, Assistant
from assistant.settings import MAX_K, MIN_K
from ui import evaluation
from ui.evaluation import Evaluator
from ui.gradio_api import HIDDEN

INTRO = (
    "Kør evalueringssættet på en guldfil (fra `evals/gold/` eller din egen JSONL-fil i det dokumenterede format), "
    "sammenlign to opsætninger på de samme spørgsmål, og gennemgå svarene. Hvert tal har et bootstrap 95%-interval."
)


def build_tab(bot: Assistant, evaluator: Evaluator | None) -> None:
    if evaluator is None:
        gr.Markdown(evaluation.UNAVAILABLE)
        return
    gr.Markdown(INTRO)
    uploaded = gr.State([])
    choices = evaluation.gold_choices(evaluator)
    default = str(evaluator.default_gold) if any(v == str(evaluator.default_gold) for _, v in choices) else None
    with gr.Row():
        gold = gr.Dropdown(label="Guldfil", choices=choices, value=default, scale=3, elem_id="gold")
        upload = gr.File(label="Upload guldfil (JSONL)", file_types=[".jsonl"], type="filepath", elem_id="gold-upload")
    check = gr.HTML("", elem_id="gold-check")
    with gr.Row():
        first = _configuration(bot, "A")
        second = _configuration(bot, "B")
    with gr.Row():
        run_button = gr.Button("Kør evaluering (A)", variant="primary", elem_id="run-eval")
        compare_button = gr.Button("Sammenlign A og B", elem_id="compare-eval")
    status = gr.HTML("", elem_id="eval-status")
    intervals = gr.Dataframe(
        headers=evaluation.INTERVAL_HEADERS, interactive=False, label="Nøgletal (A)", elem_id="eval-intervals"
    )
    comparison = gr.Dataframe(
        headers=evaluation.COMPARISON_HEADERS, interactive=False, label="A og B side om side", elem_id="eval-comparison"
    )
    downloads = gr.File(label="Rapportfiler", file_count="multiple", interactive=False, elem_id="eval-downloads")
    with gr.Row():
        plots = [gr.Image(label=name, type="filepath", interactive=False) for name in evaluator.plots]
    questions = gr.Dataframe(
        headers=list(evaluator.question_headers), interactive=False, wrap=True, label="Spørgsmål (fejl først)"
    )
    answers, menu = _review(bot, evaluator)

    upload.upload(
        partial(evaluation.check_upload, bot, evaluator), [upload, uploaded], [check, uploaded, gold], **HIDDEN
    )
    run_button.click(
        partial(evaluation.run_evaluation, bot, evaluator),
        [gold, uploaded, *first],
        [status, intervals, downloads, *plots, questions, answers, menu],
        concurrency_limit=1,
        **HIDDEN,
    )
    compare_button.click(
        partial(evaluation.run_comparison, bot, evaluator),
        [gold, uploaded, *first, *second],
        [status, comparison, downloads],
        concurrency_limit=1,
        **HIDDEN,
    )


def _configuration(bot: Assistant, name: str) -> list[gr.components.Component]:
    retrieval = bot.settings.retrieval
    with gr.Column():
        gr.Markdown(f"**Opsætning {name}**")
        mode = gr.Dropdown(
            label="Søgning", choices=["hybrid", "dense", "bm25"], value=retrieval.mode, elem_id=f"mode-{name}"
        )
        k = gr.Slider(MIN_K, MAX_K, value=retrieval.k, step=1, label="k (passager)", elem_id=f"k-{name}")
        weight = gr.Number(value=retrieval.bm25_weight, label="BM25-vægt", minimum=0, elem_id=f"bm25-{name}")
        answer_mode = gr.Dropdown(label="Svartype", choices=list(MODES), value=MODES[0], elem_id=f"answer-{name}")
    return [mode, k, weight, answer_mode]


def _review(bot: Assistant, evaluator: Evaluator) -> tuple[gr.State, gr.Dropdown]:
    gr.Markdown(
        "### Gennemgang\nVurdér hvert svar (A), skriv nøglefakta (én pr. linje) og gem vurderingerne som guldemner."
    )
    answers, judgements = gr.State([]), gr.State([])
    menu = gr.Dropdown(label="Svar", choices=[], value=None, elem_id="review-question")
    shown = gr.HTML("", elem_id="review-answer")
    with gr.Row():
        verdict = gr.Radio(evaluation.VERDICTS, label="Vurdering", elem_id="review-verdict")
        note = gr.Textbox(label="Note", lines=2, elem_id="review-note")
        facts = gr.Textbox(label="Nøglefakta (én pr. linje)", lines=2, elem_id="review-facts")
    with gr.Row():
        add = gr.Button("Gem vurdering", elem_id="review-add")
        save = gr.Button("Gem som guldemner", variant="primary", elem_id="review-save")
    review_status = gr.HTML("", elem_id="review-status")
    table = gr.Dataframe(headers=evaluation.JUDGEMENT_HEADERS, interactive=False, elem_id="review-table")
    saved = gr.File(label="Guldemner", interactive=False, elem_id="review-file")

    menu.change(evaluation.show_answer, [answers, menu], [shown], **HIDDEN)
    add.click(
        evaluation.add_judgement,
        [answers, judgements, menu, verdict, note, facts],
        [review_status, judgements, table],
        **HIDDEN,
    )
    save.click(partial(evaluation.save_judgements, bot, evaluator), [judgements], [review_status, saved], **HIDDEN)
    return answers, menu
