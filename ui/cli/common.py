"""What the command modules share: settings and the assistant from the global options, filters, and output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from studietur.core.types import Filters

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.settings import Settings


def settings(args: argparse.Namespace, overrides: dict[str, Any] | None = None) -> Settings:
    from assistant.settings import load_settings

    return load_settings(args.settings, overrides=overrides)


def assistant(args: argparse.Namespace, overrides: dict[str, Any] | None = None) -> Assistant:
    from assistant.service import Assistant

    return Assistant.open(settings(args, overrides))


def passage_count(text: str) -> int:
    """`--k`: the number of passages, held to the rule the Python API and the chat's slider share."""
    from assistant.settings import checked_k
    from studietur.core.errors import InputError

    number: object = int(text) if text.strip().lstrip("+-").isdigit() else text
    try:
        k = checked_k(number)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    assert k is not None  # only None is passed through as None
    return k


def add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", action="append", default=[], help="only this document (file name); repeatable")
    parser.add_argument("--year", action="append", type=int, default=[], help="only this year; repeatable")
    parser.add_argument(
        "--type", dest="doc_type", action="append", default=[], help="only this document type; repeatable"
    )


def filters(args: argparse.Namespace) -> Filters:
    return Filters(docs=tuple(args.doc), years=tuple(args.year), doc_types=tuple(args.doc_type))


def emit(data: Any) -> None:
    """One JSON document on a line of standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def note(text: str) -> None:
    """A remark beside the output (standard error), so that JSON, Markdown or CSV on standard output stay clean."""
    sys.stderr.write(text + "\n")
