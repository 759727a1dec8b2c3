"""Generative mode through the Assistant and the CLI, on the real sample index with a scripted LLM."""

from __future__ import annotations

import os

import pytest
from scripted_llm import ScriptedLLM

from assistant.llm import load_llm
from assistant.prompt import CLOSE, OPEN
from assistant.service import Assistant
from studietur.core.errors import ConfigError, InputError
from studietur.core.types import Answer
from studietur.text.units import split_units
from ui.cli.main import main

MOTTO = "Hvad er Greyston Bakerys motto?"


def _with_llm(bot: Assistant, llm: object) -> Assistant:
    """A second assistant over the session's index, holding the given LLM."""
    return Assistant(bot.settings, bot.index, bot.embedder, llm=llm)  # type: ignore[arg-type]


def _motto_reply(bot: Assistant) -> tuple[str, int, tuple[int, int]]:
    """A reply quoting the retrieved sentence about brownies, with its passage number and span."""
    passages = bot.search(MOTTO)
    for n, passage in enumerate(passages, start=1):
        for unit in split_units(passage.chunk.text):
            if "brownies" in unit.text.lower():
                return f"{unit.text} [{n}]\nGreyston Bakery har 999 ansatte på Mars [{n}].", n, (unit.start, unit.end)
    raise AssertionError("no retrieved sentence mentions brownies")


def test_generative_ask_verifies_and_renumbers(sample_assistant: Assistant) -> None:
    reply, n, span = _motto_reply(sample_assistant)
    llm = ScriptedLLM()
    llm.enqueue([reply])
    answer = _with_llm(sample_assistant, llm).ask(MOTTO, mode="generative")
    assert answer.mode == "generative" and answer.found and answer.dropped == 1
    assert "brownies" in answer.text.lower() and "999" not in answer.text and answer.text.endswith("[1].")
    [citation] = answer.citations
    assert citation.n == 1 and citation.passage == sample_assistant.search(MOTTO)[n - 1]
    assert span in citation.highlights
    assert {"answer", "generate", "total"} <= set(answer.timings_ms)
    user = llm.prompts[0].split("\nuser: ", 1)[1]
    assert user.count(OPEN.format(n=1)) == user.count(CLOSE.format(n=1)) == 1


def test_generative_stream_through_the_assistant(sample_assistant: Assistant) -> None:
    reply, _, _ = _motto_reply(sample_assistant)
    llm = ScriptedLLM()
    llm.enqueue([reply])
    *deltas, final = _with_llm(sample_assistant, llm).ask_stream(MOTTO, mode="generative")
    assert deltas and "".join(deltas) == reply
    assert isinstance(final, Answer) and final.mode == "generative" and "total" in final.timings_ms


@pytest.mark.parametrize("stream", [False, True])
def test_generative_mode_refuses_by_the_same_policy(sample_assistant: Assistant, stream: bool) -> None:
    # Chicago is in none of the reports: the policy refuses before the LLM is asked, in either mode and either call.
    question = "Hvem mødte udvalget i Chicago, og hvad fortalte de om beskæftigelse?"
    extractive = sample_assistant.ask(question)
    llm = ScriptedLLM()
    llm.enqueue(["Udvalget mødte borgmesteren i Chicago [1]."])
    bot = _with_llm(sample_assistant, llm)
    *_, answer = bot.ask_stream(question, mode="generative") if stream else [bot.ask(question, mode="generative")]
    assert isinstance(answer, Answer) and not answer.found and answer.mode == "generative"
    assert answer.why["refused"] == extractive.why["refused"] == "name_absent" and answer.why["name"] == "Chicago"
    assert llm.prompts == [], "the LLM is never shown passages the policy found insufficient"


def test_extractive_stream_is_the_answer_alone(sample_assistant: Assistant) -> None:
    [answer] = list(sample_assistant.ask_stream(MOTTO))
    assert isinstance(answer, Answer) and answer.mode == "extractive" and answer.found


def test_mode_needs_an_llm_and_a_known_name(sample_assistant: Assistant) -> None:
    assert not sample_assistant.can_generate and _with_llm(sample_assistant, ScriptedLLM()).can_generate
    with pytest.raises(ConfigError, match="llm.backend"):
        sample_assistant.ask(MOTTO, mode="generative")
    with pytest.raises(InputError, match="extractive, generative"):
        sample_assistant.ask(MOTTO, mode="poetic")


def test_follow_up_is_condensed_before_retrieval(sample_assistant: Assistant) -> None:
    history = [("Hvad er Greyston Bakerys motto?", "…")]
    answer = sample_assistant.ask("og hvad med Jobcenter Silkeborg?", history=history)
    assert answer.question == "Hvad er Jobcenter Silkeborg motto?"


def test_follow_up_condensed_by_the_llm_reaches_the_prompt(sample_assistant: Assistant) -> None:
    reply, _, _ = _motto_reply(sample_assistant)
    llm = ScriptedLLM()
    llm.enqueue([MOTTO, reply])
    history = [("Hvem driver Greyston Bakery?", "Greyston Foundation [1].")]
    answer = _with_llm(sample_assistant, llm).ask("og deres motto?", mode="generative", history=history)
    assert answer.question == MOTTO and answer.found
    assert f"Spørgsmål: {MOTTO}" in llm.prompts[1]


def test_cli_generative_without_llm_says_what_to_set(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", MOTTO, "--mode", "generative"]) == 2
    assert "llm.backend" in capsys.readouterr().err


def test_cli_llm_flag_checks_the_backend_settings(
    cli_env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-VERYSECRET0123456789")
    assert main(["ask", MOTTO, "--llm", "openai"]) == 2
    err = capsys.readouterr().err
    assert "llm.api_base" in err and "VERYSECRET" not in err


@pytest.mark.live
def test_live_openai_compatible_server(sample_assistant: Assistant) -> None:
    """STUDIETUR_LIVE_LLM_URL=http://127.0.0.1:8080/v1 [STUDIETUR_LIVE_LLM_MODEL=name] pytest -m live"""
    url = os.environ.get("STUDIETUR_LIVE_LLM_URL")
    if not url:
        pytest.skip("set STUDIETUR_LIVE_LLM_URL to an OpenAI-compatible server")
    pytest.importorskip("llama_index.llms.openai_like", reason="pip install -e '.[openai]'")
    settings = sample_assistant.settings.llm.model_copy(
        update={"backend": "openai", "api_base": url, "model": os.environ.get("STUDIETUR_LIVE_LLM_MODEL", "default")}
    )
    bot = _with_llm(sample_assistant, load_llm(settings))
    answer = bot.ask(MOTTO, mode="generative")
    assert answer.found, answer
    assert answer.mode == "generative" or answer.fallback == "unverified"
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
