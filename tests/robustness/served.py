"""The real server (API and app) on a free loopback port in a background thread, as `studietur ui` serves it."""

from __future__ import annotations

from contextlib import AbstractContextManager

from assistant.service import Assistant
from ui.server import build_server, serving


def serve(bot: Assistant) -> AbstractContextManager[str]:
    """The server over `bot` with the access the environment gives (a login when the env variables say so)."""
    return serving(build_server(bot))
