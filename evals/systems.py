"""The systems an evaluation compares: ours, and baselines on the same chunks."""

from __future__ import annotations

from assistant.answerers.catalogue import MODE as CATALOGUE_ROUTE
from assistant.service import Assistant
from evals.runner import System, SystemOutput

RETRIEVE_K = 10


def assistant_system(bot: Assistant, mode: str | None = None, answer: bool = True) -> System:
    """Our pipeline, or one of its retrievers alone (mode 'bm25' or 'dense') on the same index."""
    if mode is not None:
        settings = bot.settings.model_copy(
            update={"retrieval": bot.settings.retrieval.model_copy(update={"mode": mode})}
        )
        bot = Assistant(settings, bot.index, bot.embedder)

    def run(question: str) -> SystemOutput:
        if not answer:
            return SystemOutput([p.chunk.text for p in bot.search(question, k=RETRIEVE_K)])
        reply = bot.ask(question)
        cited = [c.passage.chunk.text for c in reply.citations]
        route = str(reply.why.get("route", "retrieval"))
        # A catalogue answer retrieves nothing: the record's source passages it cites are its ranked list.
        if route == CATALOGUE_ROUTE and cited:
            passages = list(dict.fromkeys(cited))
        else:
            passages = [p.chunk.text for p in bot.search(question, k=RETRIEVE_K)]
        return SystemOutput(
            passages, answer=reply.text, found=reply.found, cited=cited, language=reply.language, route=route
        )

    return run
