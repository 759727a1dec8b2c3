"""POST /v1/chat/completions and GET /v1/models, as OpenAI's API has them, so that chat clients and the `openai`
package can use Studietur as a model that cites the reports.

The last user message is the question and earlier user/assistant turns are the history; system messages are read
by no one (the assistant answers only from the reports). The message is the assistant's answer with its [n]
markers; the response's extra field `citations` lists what they point at (as /api/v1/ask gives them), and `found`
says whether the reports held the answer. A streamed answer is sent once it has been checked, in pieces."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.service import Assistant
from assistant.settings import MAX_K, MIN_K
from assistant.views import answer_dict
from studietur.core.types import Answer
from ui.api.errors import ApiError
from ui.api.schemas import FiltersIn
from ui.api.services import Ready, Shared

router = APIRouter(tags=["openai"])

EXTRACTIVE_MODEL, GENERATIVE_MODEL = "studietur", "studietur-generative"
OWNER = "studietur"
_PIECE = re.compile(r"\S+\s*")  # the streamed pieces: a word and the space after it


class TextPart(BaseModel):
    type: str
    text: str = ""


class Message(BaseModel):
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content if part.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    """OpenAI's fields that a retrieval assistant cannot honour (temperature, max_tokens, tools, …) are accepted and
    left unused, so that existing clients work unchanged; `filters` and `k` are Studietur's own (extra_body)."""

    model_config = ConfigDict(extra="allow")

    model: str
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    filters: FiltersIn = Field(default_factory=FiltersIn)
    k: int | None = Field(None, ge=MIN_K, le=MAX_K)


@router.get("/models", summary="The models: Studietur's answer modes")
def models(shared: Shared) -> dict[str, Any]:
    return {"object": "list", "data": [_model(name) for name in _available(shared.bot)]}


@router.post("/chat/completions", summary="An answer with citations, as a chat completion", response_model=None)
def chat_completions(body: ChatRequest, bot: Ready) -> dict[str, Any] | StreamingResponse:
    mode = _mode(bot, body.model)
    question, history = _conversation(body.messages)
    answer = bot.ask(question, k=body.k, filters=body.filters.to_filters(), mode=mode, history=history)
    reply = _Reply(f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), body.model, answer)
    if body.stream:
        return StreamingResponse(reply.events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
    return reply.completion()


class _Reply:
    def __init__(self, reply_id: str, created: int, model: str, answer: Answer) -> None:
        self.id, self.created, self.model, self.answer = reply_id, created, model, answer

    def completion(self) -> dict[str, Any]:
        message = {"role": "assistant", "content": self.answer.text}
        return {
            **self._head("chat.completion"),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
            **self._extra(),
        }

    def events(self) -> Iterator[str]:
        """Server-sent events: the role, the answer in pieces, the end with the citations, then [DONE]."""
        yield self._event({"role": "assistant", "content": ""})
        for piece in _PIECE.findall(self.answer.text):
            yield self._event({"content": piece})
        yield self._event({}, finish="stop", extra=self._extra())
        yield "data: [DONE]\n\n"

    def _event(self, delta: dict[str, Any], finish: str | None = None, extra: dict[str, Any] | None = None) -> str:
        chunk = {
            **self._head("chat.completion.chunk"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            **(extra or {}),
        }
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    def _head(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model}

    def _extra(self) -> dict[str, Any]:
        view = answer_dict(self.answer)
        return {"citations": view["citations"], "found": view["found"], "why": view["why"]}


def _conversation(messages: list[Message]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The last user message (the assistant checks its length), and the (question, answer) pairs before it."""
    users = [i for i, m in enumerate(messages) if m.role == "user"]
    if not users:
        raise ApiError(400, "messages: no user message to answer", param="messages", code="bad_input")
    last = users[-1]
    question = messages[last].text
    history: list[tuple[str, str]] = []
    asked: str | None = None
    for message in messages[:last]:
        if message.role == "user":
            asked = message.text
        elif message.role == "assistant" and asked is not None:
            history.append((asked, message.text))
            asked = None
    return question, tuple(history)


def _available(bot: Assistant) -> list[str]:
    return [EXTRACTIVE_MODEL, GENERATIVE_MODEL] if bot.can_generate else [EXTRACTIVE_MODEL]


def _mode(bot: Assistant, model: str) -> str:
    if model not in _available(bot):
        raise ApiError(
            404,
            f"the model {model!r} does not exist here; use one of {', '.join(_available(bot))} (GET /v1/models)",
            param="model",
            code="model_not_found",
        )
    return "generative" if model == GENERATIVE_MODEL else "extractive"


def _model(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 0, "owned_by": OWNER}
