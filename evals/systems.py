"""The systems an evaluation compares: ours, and baselines on the same chunks."""

from __future__ import annotations

from typing import Any

from assistant.answerers.catalogue import MODE as CATALOGUE_ROUTE
from assistant.service import Assistant
from evals.runner import System, SystemOutput
from studietur.core.types import Citation

RETRIEVE_K = 10


def assistant_system(
    bot: Assistant, mode: str | None = None, answer: bool = True, answer_mode: str | None = None
) -> System:
    """Our pipeline (answering extractively, or in `answer_mode`), or one of its retrievers alone (mode 'bm25' or
    'dense') on the same index."""
    if mode is not None:
        bot = configured(bot, {"mode": mode})

    def run(question: str) -> SystemOutput:
        if not answer:
            return SystemOutput([p.chunk.text for p in bot.search(question, k=RETRIEVE_K)])
        reply = bot.ask(question, mode=answer_mode)
        cited = [c.passage.chunk.text for c in reply.citations]
        route = str(reply.why.get("route", "retrieval"))
        # A catalogue answer retrieves nothing: the record's source passages it cites are its ranked list.
        if route == CATALOGUE_ROUTE and cited:
            passages = list(dict.fromkeys(cited))
        else:
            passages = [p.chunk.text for p in bot.search(question, k=RETRIEVE_K)]
        return SystemOutput(
            passages,
            answer=reply.text,
            found=reply.found,
            cited=cited,
            language=reply.language,
            route=route,
            sources=[(c.passage.chunk.doc, _quote(c)) for c in reply.citations],
        )

    return run


def configured(bot: Assistant, retrieval: dict[str, Any]) -> Assistant:
    """The same index and models with other retrieval settings (mode, k, bm25_weight)."""
    settings = bot.settings.model_copy(update={"retrieval": bot.settings.retrieval.model_copy(update=retrieval)})
    llm = bot.generator.llm if bot.generator is not None else None
    return Assistant(settings, bot.index, bot.embedder, llm)


def _quote(citation: Citation) -> str:
    """The longest span of the passage the answer leans on (the whole passage when none is marked)."""
    text = citation.passage.chunk.text
    spans = sorted(citation.highlights, key=lambda span: span[1] - span[0], reverse=True)
    return text[spans[0][0] : spans[0][1]] if spans else text
