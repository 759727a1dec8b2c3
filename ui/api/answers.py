"""POST /api/v1/ask, /search and /feedback: answers as `studietur ask --json` gives them, passages, ratings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from assistant.feedback import feedback_path, record_feedback
from assistant.service import Assistant
from assistant.views import AnswerView, PassageView, SearchView
from ui.api.errors import ApiError
from ui.api.schemas import AskIn, FeedbackIn, SearchIn
from ui.api.services import Ready

router = APIRouter(tags=["answers"])


@router.post("/ask", summary="Answer a question with cited passages")
def ask(body: AskIn, bot: Ready) -> AnswerView:
    """The answer, whether the reports hold it (`found`), its citations [n] with the quoted spans (`highlights`),
    passages that may be related when it is refused, the reason (`why`) and the stage timings."""
    return AnswerView.of(bot.ask(body.question, **_options(bot, body)))


@router.post("/search", summary="Find passages")
def search(body: SearchIn, bot: Ready) -> SearchView:
    passages = bot.search(body.query, k=body.k, filters=body.filters.to_filters())
    return SearchView(query=body.query, results=[PassageView.of(p) for p in passages])


@router.post("/feedback", status_code=201, summary="Rate an answer")
def feedback(body: FeedbackIn, bot: Ready) -> dict[str, Any]:
    """Stores the rating with the answer the assistant gives to the question and options (from its cache when it
    was just asked), beside the UI's ratings in the index folder's feedback.jsonl."""
    answer = bot.ask(body.question, **_options(bot, body))
    path = feedback_path(bot.settings.paths.index_dir)
    return record_feedback(path, question=body.question, answer=answer, rating=body.rating, comment=body.comment)


def _options(bot: Assistant, body: AskIn) -> dict[str, Any]:
    if body.mode == "generative" and not bot.can_generate:
        raise ApiError(
            400,
            "mode: generative answers need an LLM, and this server has none (llm.backend in settings.yaml)",
            param="mode",
            code="generative_unavailable",
        )
    return body.options()
