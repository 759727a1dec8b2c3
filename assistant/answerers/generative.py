"""Generative answers: the LLM writes from fenced passages, then every sentence is checked against the passages
it cites; unsupported sentences are dropped, and an answer with nothing verifiable becomes the extractive one."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from llama_index.core.llms import LLM, ChatMessage

from assistant.answerers.extractive import ExtractiveAnswerer, not_found
from assistant.evidence import Evidence
from assistant.llm import redact
from assistant.prompt import REFUSAL, answer_messages
from assistant.settings import LLMSettings
from assistant.verify import Claim, Verifier, parse_claims
from studietur.core.types import Answer, Language, Passage
from studietur.questions.analysis import Question

logger = logging.getLogger(__name__)

_PROMPT_TOKENS = 700  # the rules, the question and the passage headings
_CHARS_PER_TOKEN = 3
_MIN_PASSAGE_CHARS = 1000
_NOT_WORD = re.compile(r"\W+")
_THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)  # reasoning models' scratchpad is no answer
_REFUSALS = tuple(_NOT_WORD.sub(" ", text.casefold()).strip() for text in REFUSAL.values())

Event = str | Answer


class GenerativeAnswerer:
    """Answers with the LLM once the refusal policy found the evidence sufficient; the extractive answerer is the
    fallback when the LLM fails or nothing it wrote is supported by the passages."""

    def __init__(self, llm: LLM, settings: LLMSettings, fallback: ExtractiveAnswerer) -> None:
        self.llm = llm
        self.settings = settings
        self.fallback = fallback

    def answer(self, question: Question, passages: Sequence[Passage], evidence: Evidence) -> Answer:
        started = time.perf_counter()
        try:
            text = self.llm.chat(self.messages(question, passages)).message.content or ""
        except Exception as exc:  # any client or server failure: the extractive answer still serves the user
            return self._fall_back(question, passages, evidence, "llm-error", exc)
        return self._finish(question, passages, evidence, text, started)

    def stream(self, question: Question, passages: Sequence[Passage], evidence: Evidence) -> Iterator[Event]:
        """Text deltas as the LLM writes them (unverified), then the verified Answer, which replaces them."""
        started = time.perf_counter()
        parts: list[str] = []
        try:
            for response in self.llm.stream_chat(self.messages(question, passages)):
                if response.delta:
                    parts.append(response.delta)
                    yield response.delta
                if time.perf_counter() - started > self.settings.timeout:
                    raise TimeoutError(f"no complete answer within llm.timeout={self.settings.timeout}s")
        except Exception as exc:  # as in answer(): fall back rather than fail
            yield self._fall_back(question, passages, evidence, "llm-error", exc)
            return
        yield self._finish(question, passages, evidence, "".join(parts), started)

    def messages(self, question: Question, passages: Sequence[Passage]) -> list[ChatMessage]:
        """The chat messages sent to the LLM (exposed for inspection and tests)."""
        budget = self.settings.context_window - self.settings.max_tokens - _PROMPT_TOKENS
        chars = max(_MIN_PASSAGE_CHARS, budget * _CHARS_PER_TOKEN)
        return answer_messages(question.text, passages, question.language, chars)

    def _finish(
        self, question: Question, passages: Sequence[Passage], evidence: Evidence, text: str, started: float
    ) -> Answer:
        generated_ms = round((time.perf_counter() - started) * 1000, 2)
        claims = parse_claims(_THINKING.sub("", text))
        content = [claim for claim in claims if not _is_refusal(claim)]
        if claims and not content:
            answer = not_found(question, passages, evidence.relevance, mode="generative")
            answer = replace(answer, why={"refused": "llm_refused"})
        else:
            answer = self._verified(question, passages, evidence, content)
        answer.timings_ms["generate"] = generated_ms
        return answer

    def _verified(
        self, question: Question, passages: Sequence[Passage], evidence: Evidence, content: list[Claim]
    ) -> Answer:
        verified = self._verifier(question.language).verify(content, list(passages))
        if verified.dropped:
            logger.info("dropped %d of %d generated sentences without support", verified.dropped, len(content))
        if not verified.citations:
            logger.warning("no generated sentence is supported by its passages: answering extractively")
            answer = self.fallback.answer(question, passages, evidence)
            return replace(answer, fallback="unverified", dropped=verified.dropped)
        return Answer(
            question.text,
            verified.text,
            True,
            verified.citations,
            question.language,
            relevance=evidence.relevance,
            mode="generative",
            dropped=verified.dropped,
        )

    def _verifier(self, language: Language) -> Verifier:
        share = self.settings.support_share if language == "da" else self.settings.support_share_english
        return Verifier(self.fallback.lexicon.query_terms, share)

    def _fall_back(
        self, question: Question, passages: Sequence[Passage], evidence: Evidence, reason: str, exc: Exception
    ) -> Answer:
        logger.warning(
            "the LLM failed (%s: %s); answering extractively", type(exc).__name__, redact(str(exc), self.settings)
        )
        return replace(self.fallback.answer(question, passages, evidence), fallback=reason)


def _is_refusal(claim: Claim) -> bool:
    text = _NOT_WORD.sub(" ", claim.text.casefold()).strip()
    return any(text.startswith(refusal) for refusal in _REFUSALS)
