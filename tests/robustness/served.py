"""The real Gradio app served on a free loopback port in a background thread, as `studietur ui` serves it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.service import Assistant
from ui.app import build_app, launch_options


@contextmanager
def serve(bot: Assistant, *, concurrency: int = 4) -> Iterator[str]:
    """The app over `bot` with the launch options of `ui.app.serve` (a login when the env variables say so)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = build_app(bot)
    app.queue(default_concurrency_limit=concurrency)
    app.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, **launch_options())
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
