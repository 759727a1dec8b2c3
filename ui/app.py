"""The Gradio chat: answers with [n] markers beside their source cards."""

from __future__ import annotations

import logging
import os
from typing import Any

import gradio as gr

from assistant.service import Assistant
from assistant.types import Answer
from ui.render import CSS, sources_html
from vectorstore.errors import StudieturError

logger = logging.getLogger(__name__)

HISTORY_TURNS = 20
EXAMPLES = [
    "Hvilke organisationer besøgte udvalget i Boston?",
    "Hvad er Greyston Bakerys motto?",
    "Hvem deltog i studieturen til New York og Washington DC i 2014?",
    "Hvilke destinationer foreslås for en studietur i Danmark?",
]


def build_app(bot: Assistant) -> gr.Blocks:
    with gr.Blocks(title="Studietur") as app:
        gr.Markdown(
            "## Studietur\nSpørg om udvalgets rejserapporter, forslag og kortlægninger. Hvert svar henviser til sine kilder."
        )
        last_answer = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Samtale", height=520, elem_id="chat")
                question = gr.Textbox(
                    label="Dit spørgsmål",
                    placeholder="Fx: Hvem mødte udvalget hos Greyston Bakery?",
                    elem_id="question",
                )
                gr.Examples(EXAMPLES, inputs=question, label="Eksempler")
            with gr.Column(scale=2):
                gr.Markdown("### Kilder")
                sources = gr.HTML(sources_html(None), elem_id="sources")
        question.submit(lambda q, h: _respond(bot, q, h), [question, chat], [chat, sources, last_answer, question])
    return app


def _respond(
    bot: Assistant, question: str, history: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str, Answer | None, str]:
    history = list(history or [])
    try:
        answer = bot.ask(question)
    except StudieturError as exc:
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": f"⚠️ {exc}"}]
        return history[-2 * HISTORY_TURNS :], sources_html(None), None, question
    except Exception:
        logger.exception("answering %r failed", question)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": "⚠️ Der opstod en fejl. Prøv igen."},
        ]
        return history[-2 * HISTORY_TURNS :], sources_html(None), None, question
    history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    return history[-2 * HISTORY_TURNS :], sources_html(answer), answer, ""


def serve(bot: Assistant, host: str | None = None, port: int | None = None) -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = bot.settings.ui
    app = build_app(bot)
    app.queue(default_concurrency_limit=4)
    app.launch(
        server_name=host or settings.host, server_port=port or settings.port, css=CSS, footer_links=[], show_error=False
    )
