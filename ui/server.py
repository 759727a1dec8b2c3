"""One server for everything: the JSON API at /api/v1, OpenAI-compatible chat at /v1 and the Gradio app at /, run by
uvicorn in the foreground (`studietur ui`) or in a background thread (tests, benchmarks, scripts)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import gradio as gr
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.service import Assistant
from studietur.core.errors import ConfigError
from ui import evaluation, model_status
from ui.api import errors
from ui.api.access import Access
from ui.api.health import studietur_version
from ui.api.jobs import JOBS_FILE, IngestJobs
from ui.api.limits import BodyLimit, upload_bytes
from ui.api.services import Services
from ui.api.v1 import no_such_route, openai_api, studietur_api
from ui.app import build_app, page_options
from ui.corpus import CorpusKeeper

logger = logging.getLogger(__name__)

QUEUE_CONCURRENCY = 4  # chat events the UI runs at once; the API's requests run in FastAPI's thread pool
SHUTDOWN_GRACE_S = 3  # open streams (the UI's heartbeat) are closed after this long when the server stops
STARTUP_TIMEOUT_S = 60


def build_server(
    bot: Assistant, evaluator: evaluation.Evaluator | None = None, access: Access | None = None
) -> FastAPI:
    """The FastAPI application: the APIs first, then the Gradio app mounted at / (it would answer every path)."""
    access = access or Access.from_environment()
    keeper = CorpusKeeper(bot)  # one per process: the Documents tab and the API change the corpus one at a time
    jobs = IngestJobs(keeper, bot.settings.paths.index_dir / JOBS_FILE)
    server = _apis(Services(bot, keeper, jobs, access))
    blocks = build_app(bot, evaluator, keeper)
    blocks.queue(default_concurrency_limit=QUEUE_CONCURRENCY)
    max_file = int(bot.settings.ingest.max_file_mb * 1024 * 1024)  # bytes: Gradio reads "0.5mb" as a bad unit
    return gr.mount_gradio_app(server, blocks, path="/", auth=access.login, max_file_size=max_file, **page_options())


def _apis(services: Services) -> FastAPI:
    """/api/v1 and /v1 with their error translations, size limit and (when configured) CORS."""
    server = FastAPI(
        title="Studietur",
        version=studietur_version(),
        description="Answers with citations from the reports of Copenhagen's Employment and Integration Committee.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    server.state.studietur = services
    errors.install(server)
    server.add_middleware(BodyLimit, upload_limit=upload_bytes(services.bot.settings.ingest.max_file_mb))
    if origins := services.bot.settings.ui.cors_origins:
        methods, headers = ["GET", "POST", "DELETE"], ["Authorization", "Content-Type"]
        server.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=methods, allow_headers=headers)
    server.include_router(studietur_api(), prefix="/api/v1")
    server.include_router(openai_api(), prefix="/v1")
    server.add_api_route(
        "/api/{path:path}", no_such_route, methods=["GET", "POST", "PUT", "DELETE"], include_in_schema=False
    )
    return server


def serve(
    bot: Assistant, evaluator: evaluation.Evaluator | None = None, host: str | None = None, port: int | None = None
) -> None:
    """Serve until interrupted. Refuses an address other machines reach unless the API and UI are both closed."""
    host, port = host or bot.settings.ui.host, port or bot.settings.ui.port
    access = Access.from_environment()
    access.check_exposure(host)
    server = _Server(_config(build_server(bot, evaluator, access), host, port), lambda: _listening(bot, host, port))
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn raises Ctrl-C again once it has shut down gracefully
        logger.info("stopped")
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        raise ConfigError(
            f"cannot serve on {host}:{port}: the port is taken or the address is not this machine's "
            "(ui.host and ui.port in settings, or --host and --port)"
        ) from exc


@contextmanager
def serving(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """`app` served in a background thread (port 0: a free one) until the block ends; yields its base URL."""
    server = _Server(_config(app, host, port))
    thread = threading.Thread(target=server.run, name="studietur-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ConfigError(f"the server did not start on {host}:{port}")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}/"
    finally:
        server.should_exit = True
        thread.join(timeout=SHUTDOWN_GRACE_S + 10)


class _Server(uvicorn.Server):
    """uvicorn's server, calling `on_started` once it listens."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list | None = None) -> None:
        await super().startup(sockets)
        if self.started and self._on_started is not None:
            self._on_started()

    async def shutdown(self, sockets: list | None = None) -> None:
        # Gradio's heartbeat streams end when its stop event is set; set here, in the server's own event loop (an
        # asyncio.Event set from another thread races with its waiters), they no longer hold the shutdown up.
        for route in self.config.app.routes:
            event = getattr(getattr(route, "app", None), "stop_event", None)
            if event is not None:
                event.set()
        await super().shutdown(sockets)


def _config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    # log_config=None: uvicorn's records go to the handlers our entry point configured.
    return uvicorn.Config(
        app, host=host, port=port, log_config=None, access_log=False, timeout_graceful_shutdown=SHUTDOWN_GRACE_S
    )


def _listening(bot: Assistant, host: str, port: int) -> None:
    logger.info("serving on http://%s:%s (the API's documentation at /api/docs)", host, port)
    # Not earlier: the model's imports would compete with the server's start for the GIL and delay the first page.
    model_status.start_loading(bot)
