"""`studietur search` and `ask`: passages for a query, and answers with citations (one question, or a batch)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studietur.core.errors import StudieturError
from ui.cli.common import add_filters, assistant, emit, filters, passage_count, say


def register(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser("search", help="find passages")
    search.add_argument("query")
    search.add_argument("--k", type=passage_count, default=None, help="passages to return (default: retrieval.k)")
    add_filters(search)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=run_search)

    ask = sub.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--batch", type=Path, help='JSONL file of {"id", "question"}; prints one JSON result per line')
    ask.add_argument("--k", type=passage_count, default=None, help="passages to retrieve (default: retrieval.k)")
    ask.add_argument(
        "--llm", choices=["openai", "ollama", "llama-cpp"], default=None, help="LLM backend (overrides llm.backend)"
    )
    ask.add_argument(
        "--mode",
        choices=["extractive", "generative"],
        default=None,
        help="answer mode (default: extractive; generative when --llm is given)",
    )
    add_filters(ask)
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(run=run_ask)


def run_search(args: argparse.Namespace) -> int:
    from assistant.views import passage_text, search_dict

    passages = assistant(args).search(args.query, k=args.k, filters=filters(args))
    if args.json:
        emit(search_dict(args.query, passages))
    else:
        say("\n".join(f"{p.rank}. [{p.score:.4f}] {passage_text(p)}" for p in passages) or "Ingen passager fundet.")
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from assistant.views import answer_dict, answer_text

    if bool(args.batch) == bool(args.question):
        raise StudieturError("give either a QUESTION or --batch FILE.jsonl")
    bot = assistant(args, overrides={"llm": {"backend": args.llm}} if args.llm else None)
    options = {"k": args.k, "filters": filters(args), "mode": args.mode or ("generative" if args.llm else None)}
    if args.batch:
        for item_id, question in _batch_items(args.batch):
            emit({"id": item_id, **answer_dict(bot.ask(question, **options))})
        return 0
    answer = bot.ask(args.question, **options)
    emit(answer_dict(answer)) if args.json else say(answer_text(answer))
    return 0


def _batch_items(path: Path) -> Iterator[tuple[Any, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise StudieturError(f"{path}: cannot read the batch file ({exc.strerror})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            yield item["id"], str(item["question"])
        except (ValueError, KeyError, TypeError) as exc:
            raise StudieturError(f'{path}:{number}: expected a JSON object with "id" and "question" ({exc})') from exc
