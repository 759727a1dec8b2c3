"""The chat in generative mode and with follow-ups, on the real sample index with a scripted LLM: the handler's
stream, the mode switch, "Tolket som", and the streamed answer in a real browser."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from helpers import MOTTO, motto_reply
from llama_index.core.llms import CompletionResponseGen
from playwright.sync_api import expect
from scripted_llm import ScriptedLLM

from assistant.service import Assistant
from ui.app import build_app
from ui.chat import NO_LLM_HINT, ChatHandlers, Turn

MOTTO_CONDENSED_RULE = "Hvad er Jobcenter Silkeborg motto?"


class PacedLLM(ScriptedLLM):
    """A scripted LLM that streams a word every `pause` seconds, so a browser can watch the draft grow."""

    pause: float = 0.0

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        pieces = super().stream_complete(prompt, formatted, **kwargs)

        def paced() -> CompletionResponseGen:
            for piece in pieces:
                time.sleep(self.pause)
                yield piece

        return paced()


def _with_llm(bot: Assistant, llm: ScriptedLLM) -> Assistant:
    """A second assistant over the session's sample index, holding the scripted LLM."""
    return Assistant(bot.settings, bot.index, bot.embedder, llm=llm)


def _ask(handlers: ChatHandlers, question: str, turns: list[Turn], mode: str = "extractive") -> list[tuple[Any, ...]]:
    """Every value the handler yields, in order."""
    return list(handlers.ask(question, turns, None, None, None, None, 5, mode))


def test_generative_answer_streams_then_is_replaced_by_the_verified_one(
    sample_assistant: Assistant, tmp_path: Path
) -> None:
    llm = ScriptedLLM()
    llm.enqueue([motto_reply(sample_assistant)])
    handlers = ChatHandlers(_with_llm(sample_assistant, llm), tmp_path / "feedback.jsonl")
    first, *drafts, final = _ask(handlers, MOTTO, [], mode="generative")

    assert "Søger i rapporterne" in first[0][-1]["content"] and first[3] == ""
    assert len(drafts) > 3, "the draft grows word by word"
    texts = [chat[-1]["content"] for chat, *_ in drafts]
    assert all('class="msg-draft"' in text and "a.cite" not in text for text in texts)
    assert len(texts[0]) < len(texts[-1]) and "999 ansatte på Mars" in texts[-1]
    assert all(turns == gr.skip() for _, turns, *_ in drafts), "the session's turns change only at the end"

    chat, turns, sources, question, status = final
    answer = chat[-1]["content"]
    assert 'class="msg-answer"' in answer and "msg-draft" not in answer
    assert re.search(r'<a class="cite" href="#kilde-1-1"[^>]*>\[1\]</a>', answer)
    assert "brownies" in answer.lower() and "Mars" not in answer
    assert "1 sætning uden støtte i kilderne er fjernet" in answer and "Tolket som" not in answer
    assert 'class="source-card" data-ref="1:1"' in sources and "Greyston" in sources
    assert turns[0].answer.mode == "generative" and question == "" and status == ""


def test_llm_failure_is_a_note_under_the_extractive_answer(sample_assistant: Assistant, tmp_path: Path) -> None:
    llm = ScriptedLLM()
    llm.enqueue([ConnectionError("the server went away")])
    handlers = ChatHandlers(_with_llm(sample_assistant, llm), tmp_path / "feedback.jsonl")
    *_, (chat, turns, sources, *_) = _ask(handlers, MOTTO, [], mode="generative")
    assert "Sprogmodellen kunne ikke svare" in chat[-1]["content"] and 'href="#kilde-1-1"' in chat[-1]["content"]
    assert turns[0].answer.fallback == "llm-error" and "source-card" in sources


def test_mode_switch_offers_generative_only_with_an_llm(sample_assistant: Assistant) -> None:
    def switch(bot: Assistant) -> gr.Radio:
        app = build_app(bot)
        [radio] = [b for b in app.blocks.values() if isinstance(b, gr.Radio) and b.elem_id == "mode"]
        return radio

    without = switch(sample_assistant)
    assert without.value == "extractive" and without.interactive is False
    assert "kræver en konfigureret sprogmodel" in (without.info or "") and without.info == NO_LLM_HINT
    assert [label for label, _ in without.choices] == ["Ekstraktiv", "Generativ"]
    with_llm = switch(_with_llm(sample_assistant, ScriptedLLM()))
    assert with_llm.value == "extractive" and with_llm.interactive is True


def test_follow_up_without_an_llm_is_shown_as_read(sample_assistant: Assistant, tmp_path: Path) -> None:
    """Extractive mode and no LLM: the assistant's rule makes the follow-up standalone from the chat's history."""
    handlers = ChatHandlers(sample_assistant, tmp_path / "feedback.jsonl")
    *_, (_, turns, *_) = _ask(handlers, MOTTO, [])
    *_, (chat, turns, *_) = _ask(handlers, "og hvad med Jobcenter Silkeborg?", turns)
    assert turns[1].answer.question == MOTTO_CONDENSED_RULE
    assert f"Tolket som: {MOTTO_CONDENSED_RULE}" in chat[3]["content"]
    assert "Tolket som" not in chat[1]["content"], "a question that stands alone gets no note"


def test_follow_up_condensed_by_the_llm_in_generative_mode(sample_assistant: Assistant, tmp_path: Path) -> None:
    llm = ScriptedLLM()
    handlers = ChatHandlers(_with_llm(sample_assistant, llm), tmp_path / "feedback.jsonl")
    *_, (_, turns, *_) = _ask(handlers, "Hvem driver Greyston Bakery?", [])  # extractive: no LLM call yet
    assert llm.prompts == []
    llm.enqueue([MOTTO, motto_reply(sample_assistant)])
    *_, (chat, turns, sources, *_) = _ask(handlers, "og deres motto?", turns, mode="generative")
    assert "Hvem driver Greyston Bakery?" in llm.prompts[0] and f"Spørgsmål: {MOTTO}" in llm.prompts[1]
    assert f"Tolket som: {MOTTO}" in chat[3]["content"] and 'href="#kilde-2-1"' in chat[3]["content"]
    assert 'data-ref="2:1"' in sources and llm.replies == []


# --- in the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paced_llm() -> PacedLLM:
    return PacedLLM(pause=0.15)


@pytest.fixture(scope="module")
def generative_url(sample_assistant: Assistant, paced_llm: PacedLLM, serve_app: Any) -> Iterator[str]:
    """The app over the sample index with an assistant holding the paced scripted LLM, on its own free port."""
    with serve_app(_with_llm(sample_assistant, paced_llm)) as url:
        yield url


@pytest.mark.browser
def test_generative_answer_streams_in_the_browser(
    tab: Any, generative_url: str, paced_llm: PacedLLM, sample_assistant: Assistant
) -> None:
    paced_llm.enqueue([motto_reply(sample_assistant)])
    page = tab.page
    page.goto(generative_url)
    mode = page.locator("#mode")
    page.locator("#filters").get_by_text("Filtre og indstillinger").click()
    expect(mode.get_by_label("Generativ")).to_be_enabled()
    mode.get_by_label("Generativ").check()
    expect(mode.get_by_label("Generativ")).to_be_checked()
    tab.shot("generative-chosen")

    page.locator("#question textarea").fill(MOTTO)
    page.locator("#question textarea").press("Enter")
    draft = page.locator("#chat .msg-draft")
    expect(draft).to_contain_text("Greyston")
    expect(draft).to_contain_text("Udkast")
    tab.shot("generative-draft")

    answer = page.locator("#chat .msg-answer").last
    expect(answer.locator("a.cite").first).to_have_text(re.compile(r"\[\d+\]"), timeout=60_000)
    expect(draft).to_have_count(0)
    expect(answer).to_contain_text("sætning uden støtte i kilderne er fjernet")
    expect(answer).not_to_contain_text("Mars")
    card = page.locator('#sources .source-card[data-ref="1:1"]')
    expect(card).to_be_visible()
    expect(card.locator("mark.support").first).to_contain_text("brownies")
    tab.shot("generative-answer", full_page=True)
    assert paced_llm.replies == [] and tab.errors == []
