"""The Gradio app staff use: chat with sources, the documents tab and the evaluation tab (layout and wiring)."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.feedback import feedback_path
from assistant.service import MAX_QUESTION_CHARS, Assistant
from assistant.settings import MAX_K, MIN_K
from studietur.catalogue.store import CatalogueStore
from ui import chat, danish, documents, evaluation, evaluation_tab, model_status, trips
from ui.corpus import CorpusKeeper
from ui.examples import example_questions
from ui.gradio_api import HIDDEN, public
from ui.render import CSS, DOCUMENT_JS, SOURCES_JS, sources_html
from ui.trip_render import CSS as TRIPS_CSS

logger = logging.getLogger(__name__)

INTRO = (
    "## Studietur\nSpørg om Beskæftigelses- og Integrationsudvalgets rejserapporter, forslag og kortlægninger. "
    "Hvert svar citerer rapporterne; klik på en kilde eller et [n] for at se passagen i hele dokumentet."
)


def build_app(
    bot: Assistant, evaluator: evaluation.Evaluator | None = None, keeper: CorpusKeeper | None = None
) -> gr.Blocks:
    """The whole app over one shared Assistant; everything per user lives in gr.State. The Evaluering tab runs
    `evaluator` (the entry point gives the suite of evals/), or says it is not set up. `keeper` (one per process,
    shared with the API) makes changes to the corpus one at a time."""
    keeper = keeper or CorpusKeeper(bot)
    feedback_file = feedback_path(bot.settings.paths.index_dir)
    with gr.Blocks(title="Studietur") as app:
        gr.Markdown(INTRO)
        model_line = gr.HTML("", elem_id="model-status")
        turns = gr.State([])
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"):
                filters, asking = _chat_tab(bot, turns, feedback_file)
            with gr.Tab("Dokumenter", id="documents-tab"):
                table, delete_menu = _documents_tab(keeper, filters)
            with gr.Tab("Studieture", id="trips-tab"):
                trips.build_tab(bot, app)
            with gr.Tab("Evaluering", id="evaluation-tab"):
                evaluation_tab.build_tab(bot, evaluator)
        # Unlimited: every open page waits here while the model loads, which must not hold up other events.
        app.load(
            partial(model_status.updates, bot),
            None,
            model_line,
            concurrency_limit=None,
            show_progress="hidden",
            **HIDDEN,
        )
        app.load(partial(examples_update, bot.catalogue), None, asking, **HIDDEN)
        app.load(partial(chat.filter_updates, bot), None, filters, **HIDDEN).then(
            partial(documents.refresh, bot), None, [table, delete_menu], **HIDDEN
        )
    return app


def examples_update(catalogue: CatalogueStore) -> tuple[gr.Chatbot, gr.Textbox]:
    """The example questions and the question box's hint, from the catalogue as it is when a page loads (reports
    added since the app started have their trips in it)."""
    examples = example_questions(catalogue)
    return gr.Chatbot(examples=[{"text": q} for q in examples]), gr.Textbox(placeholder=f"Fx: {examples[0]}")


def _chat_tab(
    bot: Assistant, turns: gr.State, feedback_path: Path
) -> tuple[list[gr.components.Component], list[gr.components.Component]]:
    """The chat's components; returns the filters and the (chat, question box) pair whose examples follow the
    catalogue."""
    examples = example_questions(bot.catalogue)
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="Samtale",
                elem_id="chat",
                height=560,
                render_markdown=False,
                latex_delimiters=[],
                examples=[{"text": q} for q in examples],
                placeholder="Stil et spørgsmål om rapporterne, eller vælg et eksempel.",
                feedback_options=("Like", "Dislike"),
                buttons=["copy"],
            )
            with gr.Row():
                question = gr.Textbox(
                    label="Spørgsmål",
                    show_label=False,
                    placeholder=f"Fx: {examples[0]}",
                    elem_id="question",
                    scale=5,
                    max_length=MAX_QUESTION_CHARS,
                )
                ask_button = gr.Button("Spørg", variant="primary", scale=1, elem_id="ask")
            with gr.Row():
                comment = gr.Textbox(
                    label="Kommentar",
                    show_label=False,
                    placeholder="Kommentar til det seneste svar (valgfri)",
                    scale=5,
                    elem_id="comment",
                )
                thumbs_up = gr.Button("Godt svar", size="sm", scale=0, min_width=120, elem_id="thumbs-up")
                thumbs_down = gr.Button("Dårligt svar", size="sm", scale=0, min_width=120, elem_id="thumbs-down")
            feedback_status = gr.HTML("", label="Feedback", elem_id="feedback-status")
        with gr.Column(scale=2):
            with gr.Accordion("Filtre og indstillinger", open=False, elem_id="filters"):
                docs = gr.Dropdown(label="Dokumenter", multiselect=True, choices=[], elem_id="filter-docs")
                with gr.Row():
                    year_from = gr.Dropdown(label="Fra år", choices=[], value=None, elem_id="filter-year-from")
                    year_to = gr.Dropdown(label="Til år", choices=[], value=None, elem_id="filter-year-to")
                doc_types = gr.Dropdown(label="Dokumenttype", multiselect=True, choices=[], elem_id="filter-types")
                k = gr.Slider(MIN_K, MAX_K, value=bot.settings.retrieval.k, step=1, label="Antal passager (k)")
                mode = gr.Radio(chat.MODES, label="Svartype", elem_id="mode", **chat.mode_switch(bot))
            gr.Markdown("### Kilder")
            sources = gr.HTML(sources_html(None), label="Kilder", elem_id="sources", js_on_load=SOURCES_JS)
    with gr.Accordion("Dokument", open=False, elem_id="doc-panel") as doc_panel:
        doc_view = gr.HTML(
            '<div class="sources-empty">Klik på en kilde for at se hele dokumentet.</div>',
            elem_id="doc-view",
            js_on_load=DOCUMENT_JS,
        )

    handlers = chat.ChatHandlers(bot, feedback_path)
    answer_inputs = [question, turns, docs, year_from, year_to, doc_types, k, mode]
    answer_outputs = [chatbot, turns, sources, question, feedback_status]
    question.submit(handlers.ask, answer_inputs, answer_outputs, **public("ask"))
    ask_button.click(handlers.ask, answer_inputs, answer_outputs, **HIDDEN)
    chatbot.example_select(chat.pick_example, None, question, **HIDDEN).then(
        handlers.ask, answer_inputs, answer_outputs, **HIDDEN
    )
    sources.click(handlers.open_source, [turns], [doc_view, doc_panel, sources], **HIDDEN)
    thumbs_up.click(handlers.feedback_up, [turns, comment], [feedback_status, comment], **public("feedback_up"))
    thumbs_down.click(handlers.feedback_down, [turns, comment], [feedback_status, comment], **public("feedback_down"))
    chatbot.like(handlers.feedback_like, [turns, comment], [feedback_status, comment], **HIDDEN)
    return [docs, year_from, year_to, doc_types], [chatbot, question]


def _documents_tab(keeper: CorpusKeeper, filters: list[gr.components.Component]) -> tuple[gr.HTML, gr.Dropdown]:
    bot, settings = keeper.bot, keeper.bot.settings
    gr.Markdown(
        f"Dokumenterne i indekset. Nye filer gemmes i korpusmappen og indlæses med det samme "
        f"(PDF, DOCX, TXT, MD eller HTML, højst {settings.ingest.max_file_mb:g} MB)."
    )
    table = gr.HTML(documents.table_html(bot.documents(), bot.settings.ui.timezone), elem_id="documents-table")
    with gr.Row():
        with gr.Column():
            upload = gr.File(
                label="Upload dokumenter",
                file_types=list(keeper.upload_types),
                file_count="multiple",
                type="filepath",
                elem_id="upload",
            )
            resync_button = gr.Button("Synkronisér korpusmappen", elem_id="resync")
        with gr.Column():
            delete_menu = gr.Dropdown(label="Slet dokument", choices=[], value=None, elem_id="delete-choice")
            delete_button = gr.Button("Slet dokumentet", variant="stop", elem_id="delete")
    status = gr.HTML("", label="Status", elem_id="documents-status")

    refresh = partial(documents.refresh, bot)
    update_filters = partial(chat.filter_updates, bot)
    upload.upload(
        partial(documents.upload, keeper), [upload], [status, upload], concurrency_limit=1, **public("upload")
    ).then(refresh, None, [table, delete_menu], **HIDDEN).then(update_filters, None, filters, **HIDDEN)
    resync_button.click(
        partial(documents.resync, keeper), None, [status], concurrency_limit=1, **public("resync")
    ).then(refresh, None, [table, delete_menu], **HIDDEN).then(update_filters, None, filters, **HIDDEN)
    delete_button.click(
        partial(documents.delete, keeper),
        [delete_menu],
        [status],
        js="(path) => (path && confirm('Slet dokumentet fra korpusmappen og indekset?')) ? path : null",
        **public("delete"),
    ).then(refresh, None, [table, delete_menu], **HIDDEN).then(update_filters, None, filters, **HIDDEN)
    return table, delete_menu


def page_options() -> dict[str, Any]:
    """What the page needs wherever it is served: our CSS, Gradio's own texts in Danish, no footer links, and
    errors shown as our messages rather than Gradio's."""
    return {
        "css": CSS + TRIPS_CSS + documents.CSS,
        "i18n": danish.translations(),
        "head": danish.HEAD,
        "footer_links": [],
        "show_error": False,
    }
