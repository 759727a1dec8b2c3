"""`studietur`: the parser, logging, and our errors turned into a message and an exit code.

Each command group lives in its own module with a `register(subparsers)` function that adds its commands; a command
imports what it needs when it runs, so `studietur --help` and the commands that need no model stay quick.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import command as bench
from studietur.core.environment import use_offline_environment
from studietur.core.errors import StudieturError
from ui.cli import answers, catalogue, documents, evaluation, server

logger = logging.getLogger(__name__)

COMMAND_GROUPS = (documents, answers, evaluation, catalogue, server, bench)
_CHATTY = ("ingest", "ui")  # commands whose progress is logged at INFO


def main(argv: Sequence[str] | None = None) -> int:
    use_offline_environment()
    args = parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.INFO if args.command in _CHATTY else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.run(args) or 0)
    except StudieturError as exc:
        logger.debug("failed", exc_info=True)
        sys.stderr.write(f"studietur: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("studietur: interrupted; the next ingest repairs the index\n")
        return 130


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="studietur", description="Questions and answers over BIU's reports, with citations."
    )
    root.add_argument(
        "--settings", type=Path, default=None, help="settings file (default: ./settings.yaml or $STUDIETUR_SETTINGS)"
    )
    root.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = root.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.register(sub)
    return root


if __name__ == "__main__":
    sys.exit(main())
