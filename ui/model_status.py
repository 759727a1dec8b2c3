"""The embedding model loads in the background once the app serves: starting that load, and telling users about it."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.service import Assistant
from studietur.core.errors import ModelError
from ui.render import message_html
from vectorstore.background_embedder import BackgroundEmbedder

LOADING = "Indlæser sprogmodellen … Spørgsmål besvares, så snart den er klar."
WAITING = "Venter på, at sprogmodellen er indlæst …"


def failed_text(error: ModelError | None) -> str:
    detail = f" ({error})" if error else ""
    return (
        "Sprogmodellen kunne ikke indlæses, så spørgsmål kan ikke besvares. "
        f"Kontakt den ansvarlige for Studietur.{detail}"
    )


def start_loading(bot: Assistant) -> None:
    """Begin loading the model when it loads in the background (the UI's path); an eager one is loaded already."""
    embedder = _background(bot)
    if embedder is not None:
        embedder.start()


def loading(bot: Assistant) -> bool:
    """Whether a question asked now waits for the model."""
    embedder = _background(bot)
    return embedder is not None and not embedder.wait(timeout=0)


def failure(bot: Assistant) -> ModelError | None:
    """Why the model failed to load, once it has (None while it loads, when it loaded, or when loaded eagerly)."""
    embedder = _background(bot)
    if embedder is None or not embedder.wait(timeout=0) or embedder.ready:
        return None
    return embedder.error or ModelError("unknown reason")


def updates(bot: Assistant) -> Iterator[str]:
    """The status line for one page: the loading notice while the model loads, then nothing (or why it failed)."""
    embedder = _background(bot)
    if embedder is None:
        yield ""
        return
    if not embedder.wait(timeout=0):
        yield message_html(LOADING, "pending")
        embedder.wait()
    yield "" if embedder.ready else message_html(failed_text(embedder.error), "error")


def _background(bot: Assistant) -> BackgroundEmbedder | None:
    embedder = bot.embedder
    return embedder if isinstance(embedder, BackgroundEmbedder) else None
