"""`studietur eval` and its subcommands: run the suite, validate a gold file, draft items from feedback, calibrate."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ui.cli.common import assistant, emit, say, settings


def register(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("eval", help="run the evaluation suite (or: eval validate FILE, eval from-feedback)")
    evaluate.add_argument("--gold", type=Path, default=None, help="gold JSONL file (default: evals/gold/gold.jsonl)")
    evaluate.add_argument("--out", type=Path, default=Path("eval-report"), help="report folder")
    evaluate.add_argument(
        "--compare", action="store_true", help="add BM25-only, dense-only and naive llama-index baselines"
    )
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(run=run_eval)
    eval_sub = evaluate.add_subparsers(dest="eval_command")
    validate = eval_sub.add_parser(
        "validate", help="check a gold file's fields and that every quote is in its document"
    )
    validate.add_argument("file", type=Path)
    validate.set_defaults(run=run_validate)
    feedback = eval_sub.add_parser("from-feedback", help="draft gold items from the UI's 👍/👎 feedback")
    feedback.add_argument(
        "--feedback", type=Path, default=None, help="feedback JSONL (default: INDEX_DIR/feedback.jsonl)"
    )
    feedback.add_argument("--output", type=Path, default=Path("evals/gold/drafts.jsonl"))
    feedback.set_defaults(run=run_from_feedback)
    calibrate = eval_sub.add_parser("calibrate", help="sweep the refusal threshold over a gold file")
    calibrate.add_argument("file", type=Path, nargs="?", default=None)
    calibrate.set_defaults(run=run_calibrate)


def run_eval(args: argparse.Namespace) -> int:
    from evals.report import metrics_table, table_text
    from evals.suite import DEFAULT_GOLD, run_suite

    result = run_suite(assistant(args), args.gold or DEFAULT_GOLD, args.out, compare=args.compare)
    if args.json:
        emit({"summaries": result.summaries, "files": {k: str(v) for k, v in result.files.items()}})
        return 0
    say(table_text(metrics_table(result.summaries)))
    if result.by_language:
        say("\nretrieval by language (answerable questions)\n" + table_text(result.by_language))
    say("\n".join(f"wrote {path}" for path in result.files.values()))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from evals.gold import load_gold, validate_gold

    items = load_gold(args.file)
    problems = validate_gold(items, settings(args).paths.corpus_dir)
    say("\n".join(problems) if problems else f"{args.file}: {len(items)} items, all valid")
    return 1 if problems else 0


def run_from_feedback(args: argparse.Namespace) -> int:
    from assistant.feedback import read_feedback
    from evals.feedback import draft_items

    source = args.feedback or settings(args).paths.index_dir / "feedback.jsonl"
    drafts = draft_items(read_feedback(source))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    say(
        f"{len(drafts)} draft items from {source} written to {args.output}; complete them, then `studietur eval validate`"
    )
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from evals.calibrate import best, sweep
    from evals.gold import load_gold
    from evals.suite import DEFAULT_GOLD

    points = sweep(assistant(args), load_gold(args.file or DEFAULT_GOLD))
    chosen = best(points)
    say("threshold  refused(unanswerable)  false_refusal(answerable)")
    for point in points[:: max(1, len(points) // 25)] + [chosen]:
        mark = "  <- best" if point is chosen else ""
        say(f"{point.threshold:9.4f}  {point.refusal_rate:21.3f}  {point.false_refusal_rate:25.3f}{mark}")
    say(f"set answer.min_relevance: {chosen.threshold} in settings.yaml")
    return 0
