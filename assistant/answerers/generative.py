"""Generative answers: the LLM writes from fenced passages, then every sentence is checked against the passages
it cites; unsupported sentences are dropped, and an answer with nothing verifiable becomes the extractive one."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from llama_index.core.llms import LLM, ChatMessage

from assistant.answerers.extractive import NOT_FOUND, ExtractiveAnswerer
from assistant.llm import redact
from assistant.prompt import REFUSAL, answer_messages
from assistant.settings import LLMSettings
from assistant.verify import Claim, Verifier, parse_claims
from studietur.core.types import Answer, Language, Passage

logger = logging.getLogger(__name__)

_PROMPT_TOKENS = 700  # the rules, the question and the passage headings
_CHARS_PER_TOKEN = 3
_MIN_PASSAGE_CHARS = 1000
_NOT_WORD = re.compile(r"\W+")
_THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)  # reasoning models' scratchpad is no answer
_REFUSALS = tuple(_NOT_WORD.sub(" ", text.casefold()).strip() for text in REFUSAL.values())

Event = str | Answer


class GenerativeAnswerer:
    """Answers with the LLM; the extractive answerer is the fallback and supplies the analyser and refusal rule."""

    def __init__(self, llm: LLM, settings: LLMSettings, fallback: ExtractiveAnswerer) -> None:
        self.llm = llm
        self.settings = settings
        self.fallback = fallback

    def answer(self, question: str, passages: list[Passage], language: Language) -> Answer:
        if (refusal := self._refuse_early(question, passages, language)) is not None:
            return refusal
        started = time.perf_counter()
        try:
            text = self.llm.chat(self.messages(question, passages, language)).message.content or ""
        except Exception as exc:  # any client or server failure: the extractive answer still serves the user
            return self._fall_back(question, passages, language, "llm-error", exc)
        return self._finish(question, passages, language, text, started)

    def stream(self, question: str, passages: list[Passage], language: Language) -> Iterator[Event]:
        """Text deltas as the LLM writes them (unverified), then the verified Answer, which replaces them."""
        if (refusal := self._refuse_early(question, passages, language)) is not None:
            yield refusal
            return
        started = time.perf_counter()
        parts: list[str] = []
        try:
            for response in self.llm.stream_chat(self.messages(question, passages, language)):
                if response.delta:
                    parts.append(response.delta)
                    yield response.delta
                if time.perf_counter() - started > self.settings.timeout:
                    raise TimeoutError(f"no complete answer within llm.timeout={self.settings.timeout}s")
        except Exception as exc:  # as in answer(): fall back rather than fail
            yield self._fall_back(question, passages, language, "llm-error", exc)
            return
        yield self._finish(question, passages, language, "".join(parts), started)

    def messages(self, question: str, passages: Sequence[Passage], language: Language) -> list[ChatMessage]:
        """The chat messages sent to the LLM (exposed for inspection and tests)."""
        budget = self.settings.context_window - self.settings.max_tokens - _PROMPT_TOKENS
        return answer_messages(question, passages, language, max(_MIN_PASSAGE_CHARS, budget * _CHARS_PER_TOKEN))

    def _refuse_early(self, question: str, passages: list[Passage], language: Language) -> Answer | None:
        """Evidence too weak for the extractive answerer is too weak to show the LLM."""
        relevance = self.fallback.relevance(passages)
        if passages and relevance >= self.fallback.settings.min_relevance:
            return None
        return self._refusal(question, passages, language, relevance)

    def _refusal(self, question: str, passages: list[Passage], language: Language, relevance: float) -> Answer:
        return Answer(question, NOT_FOUND[language], False, (), language, tuple(passages), relevance, mode="generative")

    def _finish(self, question: str, passages: list[Passage], language: Language, text: str, started: float) -> Answer:
        generated_ms = round((time.perf_counter() - started) * 1000, 2)
        claims = parse_claims(_THINKING.sub("", text))
        content = [claim for claim in claims if not _is_refusal(claim)]
        relevance = self.fallback.relevance(passages)
        if claims and not content:
            answer = self._refusal(question, passages, language, relevance)
            answer.timings_ms["generate"] = generated_ms
            return answer
        verified = self._verifier(language).verify(content, passages)
        if verified.dropped:
            logger.info("dropped %d of %d generated sentences without support", verified.dropped, len(content))
        if not verified.citations:
            logger.warning("no generated sentence is supported by its passages: answering extractively")
            answer = replace(self.fallback.answer(question, passages, language), fallback="unverified")
            answer = replace(answer, dropped=verified.dropped)
        else:
            answer = Answer(
                question,
                verified.text,
                True,
                verified.citations,
                language,
                relevance=relevance,
                mode="generative",
                dropped=verified.dropped,
            )
        answer.timings_ms["generate"] = generated_ms
        return answer

    def _verifier(self, language: Language) -> Verifier:
        share = self.settings.support_share if language == "da" else self.settings.support_share_english
        return Verifier(self.fallback.lexicon.query_terms, share)

    def _fall_back(
        self, question: str, passages: list[Passage], language: Language, reason: str, exc: Exception
    ) -> Answer:
        logger.warning(
            "the LLM failed (%s: %s); answering extractively", type(exc).__name__, redact(str(exc), self.settings)
        )
        return replace(self.fallback.answer(question, passages, language), fallback=reason)


def _is_refusal(claim: Claim) -> bool:
    text = _NOT_WORD.sub(" ", claim.text.casefold()).strip()
    return any(text.startswith(refusal) for refusal in _REFUSALS)
