"""`studietur` command line: ingest, search, ask, chunks, ui, bench."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from studietur.core.errors import StudieturError
from studietur.core.types import Filters

logger = logging.getLogger(__name__)

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def main(argv: Sequence[str] | None = None) -> int:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO if args.command in ("ingest", "ui") else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.run(args) or 0)
    except StudieturError as exc:
        logger.debug("failed", exc_info=True)
        sys.stderr.write(f"studietur: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("studietur: interrupted; the next ingest repairs the index\n")
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studietur", description="Questions and answers over BIU's reports, with citations."
    )
    parser.add_argument(
        "--settings", type=Path, default=None, help="settings file (default: ./settings.yaml or $STUDIETUR_SETTINGS)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="clean, chunk and embed reports into the index")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the sample corpus folder)")
    ingest.add_argument("--rebuild", action="store_true", help="drop the index and ingest everything again")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.set_defaults(run=_cmd_ingest)

    search = sub.add_parser("search", help="find passages")
    search.add_argument("query")
    search.add_argument("--k", type=int, default=None, help="passages to return")
    _add_filters(search)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=_cmd_search)

    ask = sub.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--batch", type=Path, help='JSONL file of {"id", "question"}; prints one JSON result per line')
    ask.add_argument("--k", type=int, default=None, help="passages to retrieve")
    ask.add_argument(
        "--llm", choices=["openai", "ollama", "llama-cpp"], default=None, help="LLM backend (overrides llm.backend)"
    )
    ask.add_argument(
        "--mode",
        choices=["extractive", "generative"],
        default=None,
        help="answer mode (default: extractive; generative when --llm is given)",
    )
    _add_filters(ask)
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(run=_cmd_ask)

    chunks = sub.add_parser("chunks", help="show how a file is cleaned and cut, without indexing it")
    chunks.add_argument("file", type=Path)
    chunks.add_argument("--json", action="store_true")
    chunks.set_defaults(run=_cmd_chunks)

    model = sub.add_parser("model", help="prepare the embedding model (the bundled e5 is converted once) and show it")
    model.set_defaults(run=_cmd_model)

    evaluate = sub.add_parser("eval", help="run the evaluation suite (or: eval validate FILE, eval from-feedback)")
    evaluate.add_argument("--gold", type=Path, default=None, help="gold JSONL file (default: evals/gold/gold.jsonl)")
    evaluate.add_argument("--out", type=Path, default=Path("eval-report"), help="report folder")
    evaluate.add_argument(
        "--compare", action="store_true", help="add BM25-only, dense-only and naive llama-index baselines"
    )
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(run=_cmd_eval)
    eval_sub = evaluate.add_subparsers(dest="eval_command")
    validate = eval_sub.add_parser(
        "validate", help="check a gold file's fields and that every quote is in its document"
    )
    validate.add_argument("file", type=Path)
    validate.set_defaults(run=_cmd_eval_validate)
    feedback = eval_sub.add_parser("from-feedback", help="draft gold items from the UI's 👍/👎 feedback")
    feedback.add_argument(
        "--feedback", type=Path, default=None, help="feedback JSONL (default: INDEX_DIR/feedback.jsonl)"
    )
    feedback.add_argument("--output", type=Path, default=Path("evals/gold/drafts.jsonl"))
    feedback.set_defaults(run=_cmd_eval_from_feedback)
    calibrate = eval_sub.add_parser("calibrate", help="sweep the refusal threshold over a gold file")
    calibrate.add_argument("file", type=Path, nargs="?", default=None)
    calibrate.set_defaults(run=_cmd_eval_calibrate)

    trips = sub.add_parser("trips", help="study trips found in the reports (destinations, dates, participants)")
    trips.add_argument("--json", action="store_true")
    trips.set_defaults(run=_cmd_trips)
    visits = sub.add_parser("visits", help="visits of past study trips")
    visits.add_argument("--city", default=None)
    visits.add_argument("--year", type=int, default=None)
    visits.add_argument("--json", action="store_true", help="the same as --format json")
    _add_format(visits)
    visits.set_defaults(run=_cmd_visits)
    proposals = sub.add_parser("proposals", help="proposed destinations for future trips")
    proposals.add_argument("--theme", default=None, help="e.g. 'AI og tech', 'integration'")
    proposals.add_argument("--scope", choices=["danmark", "europa", "oversøisk"], default=None)
    proposals.add_argument("--json", action="store_true", help="the same as --format json")
    _add_format(proposals)
    proposals.set_defaults(run=_cmd_proposals)

    ui = sub.add_parser("ui", help="start the chat app")
    ui.add_argument("--host", default=None)
    ui.add_argument("--port", type=int, default=None)
    ui.add_argument("--ingest", action="store_true", help="ingest the corpus folder before serving")
    ui.set_defaults(run=_cmd_ui)

    from benchmarks.command import add_arguments as add_bench_arguments

    bench = sub.add_parser(
        "bench", help="measure ingest, query latency, UI start-up and scale; append to BENCHMARKS.md"
    )
    add_bench_arguments(bench)
    bench.set_defaults(run=_cmd_bench)
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", action="append", default=[], help="only this document (file name); repeatable")
    parser.add_argument("--year", action="append", type=int, default=[], help="only this year; repeatable")
    parser.add_argument(
        "--type", dest="doc_type", action="append", default=[], help="only this document type; repeatable"
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json", "md", "csv"],
        default="text",
        help="md or csv for a planning memo (default: text)",
    )


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(docs=tuple(args.doc), years=tuple(args.year), doc_types=tuple(args.doc_type))


def _settings(args: argparse.Namespace) -> Any:
    from assistant.settings import load_settings

    return load_settings(args.settings)


def _assistant(args: argparse.Namespace) -> Any:
    from assistant.service import open_assistant

    return open_assistant(_settings(args))


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.progress import consume_with_bar
    from assistant.views import summary_dict, summary_text

    summary = consume_with_bar(_assistant(args).ingest(args.paths or None, rebuild=args.rebuild))
    _emit(summary_dict(summary)) if args.json else _say(summary_text(summary))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.views import passage_text, search_dict

    passages = _assistant(args).search(args.query, k=args.k, filters=_filters(args))
    if args.json:
        _emit(search_dict(args.query, passages))
    else:
        _say("\n".join(f"{p.rank}. [{p.score:.4f}] {passage_text(p)}" for p in passages) or "Ingen passager fundet.")
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    from assistant.views import answer_dict, answer_text

    if bool(args.batch) == bool(args.question):
        raise StudieturError("give either a QUESTION or --batch FILE.jsonl")
    from assistant.service import open_assistant
    from assistant.settings import load_settings

    overrides = {"llm": {"backend": args.llm}} if args.llm else None
    bot = open_assistant(load_settings(args.settings, overrides=overrides))
    options = {"k": args.k, "filters": _filters(args), "mode": args.mode or ("generative" if args.llm else None)}
    if args.batch:
        for item_id, question in _batch_items(args.batch):
            _emit({"id": item_id, **answer_dict(bot.ask(question, **options))})
        return 0
    answer = bot.ask(args.question, **options)
    _emit(answer_dict(answer)) if args.json else _say(answer_text(answer))
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


def _cmd_chunks(args: argparse.Namespace) -> int:
    from ingest.prepare import prepare_document
    from vectorstore.embedder import load_embedder

    settings = _settings(args)
    embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    prepared = prepare_document(args.file, settings.ingest, embedder.count_tokens)
    for chunk in prepared.chunks:
        if args.json:
            _emit(
                {
                    "id": chunk.id,
                    **chunk.metadata(),
                    "tokens": embedder.count_tokens(chunk.embed_text()),
                    "text": chunk.text,
                }
            )
        else:
            tokens = embedder.count_tokens(chunk.embed_text())
            _say(
                f"── {chunk.position} · {chunk.section or '(ingen sektion)'} · side {chunk.page or '-'} · {tokens} tokens · {chunk.char_start}-{chunk.char_end}"
            )
            _say(chunk.text + "\n")
    if not args.json:
        _say(
            f'{prepared.doc}: "{prepared.title}" ({prepared.year or "år ukendt"}, {prepared.doc_type or "type ukendt"}), {len(prepared.chunks)} chunks'
        )
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from evals.report import metrics_table, table_text
    from evals.suite import DEFAULT_GOLD, run_suite

    result = run_suite(_assistant(args), args.gold or DEFAULT_GOLD, args.out, compare=args.compare)
    if args.json:
        _emit({"summaries": result.summaries, "files": {k: str(v) for k, v in result.files.items()}})
    else:
        _say(table_text(metrics_table(result.summaries)))
        if result.by_language:
            _say("\nretrieval by language (answerable questions)\n" + table_text(result.by_language))
        _say("\n".join(f"wrote {path}" for path in result.files.values()))
    return 0


def _cmd_eval_validate(args: argparse.Namespace) -> int:
    from evals.gold import load_gold, validate_gold

    items = load_gold(args.file)
    problems = validate_gold(items, _settings(args).paths.corpus_dir)
    _say("\n".join(problems) if problems else f"{args.file}: {len(items)} items, all valid")
    return 1 if problems else 0


def _cmd_eval_from_feedback(args: argparse.Namespace) -> int:
    from assistant.feedback import read_feedback
    from evals.feedback import draft_items

    source = args.feedback or _settings(args).paths.index_dir / "feedback.jsonl"
    drafts = draft_items(read_feedback(source))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    _say(
        f"{len(drafts)} draft items from {source} written to {args.output}; complete them, then `studietur eval validate`"
    )
    return 0


def _cmd_eval_calibrate(args: argparse.Namespace) -> int:
    from evals.calibrate import best, sweep
    from evals.gold import load_gold
    from evals.suite import DEFAULT_GOLD

    points = sweep(_assistant(args), load_gold(args.file or DEFAULT_GOLD))
    chosen = best(points)
    _say("threshold  refused(unanswerable)  false_refusal(answerable)")
    for point in points[:: max(1, len(points) // 25)] + [chosen]:
        mark = "  <- best" if point is chosen else ""
        _say(f"{point.threshold:9.4f}  {point.refusal_rate:21.3f}  {point.false_refusal_rate:25.3f}{mark}")
    _say(f"set answer.min_relevance: {chosen.threshold} in settings.yaml")
    return 0


def _catalogue(args: argparse.Namespace) -> Any:
    from studietur.catalogue.store import CatalogueStore

    return CatalogueStore.for_index(_settings(args).paths.index_dir)


def _list_records(
    args: argparse.Namespace, records: list[Any], line: Any, exports: dict[str, Any] | None = None
) -> int:
    fmt = "json" if args.json else getattr(args, "format", "text")
    if exports and fmt in exports:
        sys.stdout.write(exports[fmt](records))
    elif fmt == "json":
        _emit([record.to_dict() for record in records])
    elif not records:
        _say("Kataloget har ingen poster – kør `studietur ingest`.")
    else:
        _say("\n".join(line(record) for record in records))
    return 0


def _cmd_trips(args: argparse.Namespace) -> int:
    def line(trip: Any) -> str:
        members = ", ".join(f"{p.name} ({p.party})" if p.party else p.name for p in trip.members)
        officials = ", ".join(f"{p.name}, {p.role}" if p.role else p.name for p in trip.officials)
        return f"{trip.title} ({trip.date_text or trip.year}) · {trip.doc}\n  Udvalg: {members}\n  Forvaltning: {officials}"

    return _list_records(args, _catalogue(args).trips(), line)


def _cmd_visits(args: argparse.Namespace) -> int:
    def line(v: Any) -> str:
        return f"{v.number}. {v.organisation} · {v.day_text} kl. {v.time_text} · {v.address or '-'} · {v.trip_title}"

    from studietur.catalogue.export import visits_csv, visits_markdown

    exports = {"md": visits_markdown, "csv": visits_csv}
    return _list_records(args, _catalogue(args).visits(city=args.city, year=args.year), line, exports)


def _cmd_proposals(args: argparse.Namespace) -> int:
    def line(p: Any) -> str:
        return f"{p.label} ({p.scope}): {p.headline} [{', '.join(p.themes)}]"

    from studietur.catalogue.export import proposals_csv, proposals_markdown

    exports = {"md": proposals_markdown, "csv": proposals_csv}
    return _list_records(args, _catalogue(args).proposals(theme=args.theme, scope=args.scope), line, exports)


def _cmd_model(args: argparse.Namespace) -> int:
    from vectorstore.embedder import load_embedder

    settings = _settings(args)
    embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    dim = embedder.embed_query("test").shape[0]
    _say(f"embedding model ready: {embedder.name} ({dim} dimensions)")
    return 0


def _cmd_ui(args: argparse.Namespace) -> int:
    from assistant.progress import consume_with_bar
    from assistant.service import open_assistant
    from assistant.views import summary_text
    from ui.app import serve
    from vectorstore.background_embedder import BackgroundEmbedder

    settings = _settings(args)
    # The page is served before the model is loaded (serve starts the load); an ingest that embeds waits for it.
    bot = open_assistant(settings, embedder=BackgroundEmbedder(settings.embedding, settings.paths.models_dir))
    if args.ingest:
        logger.info("%s", summary_text(consume_with_bar(bot.ingest())))
    serve(bot, host=args.host, port=args.port)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.command import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
