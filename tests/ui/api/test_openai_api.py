"""/v1/chat/completions and /v1/models with the official `openai` package, plain and streamed; the generative model
with a scripted LLM (no instruction-tuned LLM runs here)."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from helpers import MOTTO, motto_reply
from scripted_llm import ScriptedLLM

from assistant.service import Assistant
from ui.api.access import Access
from ui.server import build_server, serving


@pytest.fixture()
def chat(base_url: str, token: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base_url}v1", api_key=token, max_retries=0)


def test_a_completion_is_the_cited_answer(chat: openai.OpenAI, sample_assistant: Assistant) -> None:
    completion = chat.chat.completions.create(model="studietur", messages=[{"role": "user", "content": MOTTO}])
    expected = sample_assistant.ask(MOTTO)
    (choice,) = completion.choices
    assert choice.message.role == "assistant" and choice.message.content == expected.text
    assert choice.finish_reason == "stop" and "[1]" in (choice.message.content or "")
    extra = completion.model_extra or {}
    assert extra["found"] is True
    assert [c["n"] for c in extra["citations"]] == [c.n for c in expected.citations]
    assert extra["citations"][0]["doc"] == expected.citations[0].passage.chunk.doc


def test_a_streamed_completion_adds_up_to_the_same_answer(chat: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": MOTTO}]
    plain = chat.chat.completions.create(model="studietur", messages=messages)
    chunks = list(chat.chat.completions.create(model="studietur", messages=messages, stream=True))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len(chunks) > 4, "the answer comes in pieces"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == plain.choices[0].message.content
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop" and (last.model_extra or {})["citations"]
    assert len({c.id for c in chunks}) == 1


def test_earlier_turns_are_the_history_and_system_messages_are_not_the_question(chat: openai.OpenAI) -> None:
    first = chat.chat.completions.create(model="studietur", messages=[{"role": "user", "content": MOTTO}])
    follow_up = chat.chat.completions.create(
        model="studietur",
        messages=[
            {"role": "system", "content": "Du er en hjælpsom assistent."},
            {"role": "user", "content": MOTTO},
            {"role": "assistant", "content": first.choices[0].message.content or ""},
            {"role": "user", "content": [{"type": "text", "text": "Og hvor mange ansatte har de?"}]},
        ],
    )
    assert follow_up.choices[0].message.content


def test_models_and_their_errors(chat: openai.OpenAI, base_url: str) -> None:
    assert [m.id for m in chat.models.list()] == ["studietur"]
    with pytest.raises(openai.NotFoundError, match="studietur-generative"):
        chat.chat.completions.create(model="studietur-generative", messages=[{"role": "user", "content": MOTTO}])
    with pytest.raises(openai.BadRequestError, match="no user message"):
        chat.chat.completions.create(model="studietur", messages=[{"role": "system", "content": "Hej"}])
    stranger = openai.OpenAI(base_url=f"{base_url}v1", api_key="not-the-token", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        stranger.models.list()


@pytest.fixture()
def generative_url(sample_assistant: Assistant) -> Iterator[tuple[str, ScriptedLLM]]:
    llm = ScriptedLLM()
    bot = Assistant(sample_assistant.settings, sample_assistant.index, sample_assistant.embedder, llm=llm)
    with serving(build_server(bot, access=Access())) as url:
        yield url, llm


def test_the_generative_model_answers_with_what_the_sources_support(
    generative_url: tuple[str, ScriptedLLM], sample_assistant: Assistant
) -> None:
    url, llm = generative_url
    llm.enqueue([motto_reply(sample_assistant)])
    client = openai.OpenAI(base_url=f"{url}v1", api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list()] == ["studietur", "studietur-generative"]
    chunks = list(
        client.chat.completions.create(
            model="studietur-generative", messages=[{"role": "user", "content": MOTTO}], stream=True
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "brownies" in text.lower() and "[1]" in text and "Mars" not in text, "the unsupported sentence is dropped"
    assert len(llm.prompts) == 1
