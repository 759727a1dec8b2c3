"""A deterministic llama-index LLM for tests: it answers with what was enqueued and records every prompt."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from llama_index.core.llms import CompletionResponse, CompletionResponseGen, CustomLLM, LLMMetadata
from llama_index.core.llms.callbacks import llm_completion_callback
from pydantic import Field

Reply = str | Exception


class ScriptedLLM(CustomLLM):
    """`enqueue(["text", RuntimeError("down")])`; each call takes the next reply (an exception is raised).
    Streaming yields the reply word by word; `fail_after` words, a streamed reply raises instead of finishing."""

    replies: list[Any] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)
    fail_after: int | None = None

    def enqueue(self, replies: Sequence[Reply]) -> None:
        self.replies.extend(replies)

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=4096, num_output=256, model_name="scripted")

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._next(prompt))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        reply = self._next(prompt)

        def pieces() -> CompletionResponseGen:
            text = ""
            for count, delta in enumerate(re.findall(r"\S+\s*", reply)):
                if self.fail_after is not None and count >= self.fail_after:
                    raise ConnectionError("the server went away")
                text += delta
                yield CompletionResponse(text=text, delta=delta)

        return pieces()

    def _next(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.replies:
            raise AssertionError("ScriptedLLM: no reply enqueued")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return str(reply)
