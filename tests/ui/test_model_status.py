"""The app serves before the embedding model is loaded: the status line, questions asked meanwhile, a failed load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import MODELS, ROOT, broken_model, make_settings

from assistant.service import Assistant
from ui import model_status
from ui.chat import ChatHandlers
from vectorstore.background_embedder import BackgroundEmbedder

QUESTION = "Hvad er Greyston Bakerys motto?"
HEAVY = ("torch", "sentence_transformers", "transformers")


def test_importing_the_ui_loads_no_model_library() -> None:
    code = (
        "import sys, ui.cli.main, assistant.service, ui.app, vectorstore.background_embedder; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_status_line_and_a_question_asked_while_the_model_loads(sample_assistant: Assistant, tmp_path: Path) -> None:
    background = BackgroundEmbedder(sample_assistant.settings.embedding, MODELS)
    bot = Assistant(sample_assistant.settings, sample_assistant.index, background)
    status = model_status.updates(bot)
    assert model_status.LOADING in next(status)  # the page's first look: the model is loading (this starts it)
    replies = list(ChatHandlers(bot, tmp_path / "feedback.jsonl").ask(QUESTION, [], None, None, None, None, 5))
    assert model_status.WAITING in replies[0][0][-1]["content"]
    chat, turns, *_ = replies[-1]
    assert turns[-1].answer is not None and turns[-1].answer.text == sample_assistant.ask(QUESTION, k=5).text
    assert list(status) == [""]  # loaded: the line is emptied
    assert list(model_status.updates(bot)) == [""] and not model_status.loading(bot)


def test_a_failed_load_is_explained_in_danish(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embedding={"model": str(broken_model(tmp_path))})
    bot = Assistant.open(settings, embedder=BackgroundEmbedder(settings.embedding, MODELS))
    assert "Sprogmodellen kunne ikke indlæses" in list(model_status.updates(bot))[-1]
    *_, (chat, turns, *_) = ChatHandlers(bot, tmp_path / "feedback.jsonl").ask(QUESTION, [], None, None, None, None, 5)
    assert turns[-1].answer is None and turns[-1].error.startswith("Sprogmodellen kunne ikke indlæses")
    assert "Sprogmodellen kunne ikke indlæses" in chat[-1]["content"]
