"""`studietur ui`: the chat app and the HTTP API, served before the embedding model is loaded (it loads in the
background); an address other machines can reach is refused unless the API token and the UI login are set."""

from __future__ import annotations

import argparse
import logging

from ui.cli.common import settings

logger = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    ui = sub.add_parser("ui", help='serve the chat app at / and the HTTP API at /api/v1 and /v1 (README "API")')
    ui.add_argument("--host", default=None)
    ui.add_argument("--port", type=int, default=None)
    ui.add_argument("--ingest", action="store_true", help="ingest the corpus folder before serving")
    ui.set_defaults(run=run_ui)


def run_ui(args: argparse.Namespace) -> int:
    from assistant.progress import consume_with_bar
    from assistant.service import Assistant
    from assistant.views import summary_text
    from evals.evaluator import SuiteEvaluator
    from ui.api.access import Access
    from ui.server import serve
    from vectorstore.background_embedder import BackgroundEmbedder

    tree = settings(args)
    # Before the index is opened or ingested: an address others can reach needs the token and the login first.
    Access.from_environment().check_exposure(args.host or tree.ui.host)
    # The page is served before the model is loaded (serve starts the load); an ingest that embeds waits for it.
    bot = Assistant.open(tree, embedder=BackgroundEmbedder(tree.embedding, tree.paths.models_dir))
    if args.ingest:
        logger.info("%s", summary_text(consume_with_bar(bot.ingest())))
    serve(bot, evaluator=SuiteEvaluator(), host=args.host, port=args.port)
    return 0
