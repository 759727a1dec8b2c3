"""`studietur eval` and its subcommands: run the suite, validate a gold file, draft items from feedback, calibrate."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from studietur.core.errors import StudieturError
from ui.cli.common import assistant, emit, note, say, settings

if TYPE_CHECKING:
    from evals.gold import GoldItem


def register(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("eval", help="run the evaluation suite (or: eval validate FILE, eval from-feedback)")
    evaluate.add_argument("--gold", type=Path, default=None, help="gold JSONL file (default: evals/gold/gold.jsonl)")
    evaluate.add_argument("--out", type=Path, default=None, help="report folder (default: INDEX_DIR/eval-report)")
    evaluate.add_argument(
        "--history",
        type=Path,
        default=None,
        help="JSONL file a line of ours is appended to (default: INDEX_DIR/eval-history.jsonl; the project's own "
        "evals/history.jsonl is written only when named here)",
    )
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
    feedback.add_argument(
        "--output", type=Path, default=None, help="draft items (default: INDEX_DIR/gold-drafts.jsonl)"
    )
    feedback.set_defaults(run=run_from_feedback)
    calibrate = eval_sub.add_parser(
        "calibrate", help="fit the refusal policy on gold files by cross-validation and report it beside the baselines"
    )
    calibrate.add_argument(
        "files", type=Path, nargs="*", help="gold files to fit on (default: evals/gold/gold.jsonl and heldout.jsonl)"
    )
    calibrate.add_argument("--budget", type=float, default=0.04, help="largest share of answerable questions refused")
    calibrate.add_argument(
        "--write",
        type=Path,
        nargs="?",
        const=Path(),
        default=None,
        metavar="FILE",
        help="write the fitted model to FILE (without FILE: the one the assistant ships, assistant/refusal_model.json)",
    )
    calibrate.set_defaults(run=run_calibrate)
    tune = eval_sub.add_parser(
        "tune",
        help="choose the ranking's fusion weights and the answer's passage share by grouped cross-validation, "
        "reported with bootstrap intervals beside the settings in use and the naive llama-index pipeline",
    )
    tune.add_argument(
        "files", type=Path, nargs="*", help="gold files to fit on (default: evals/gold/gold.jsonl and heldout.jsonl)"
    )
    tune.set_defaults(run=run_tune)


def run_eval(args: argparse.Namespace) -> int:
    from evals.report import metrics_table, table_text
    from evals.suite import DEFAULT_GOLD, REPORT_NAME, run_suite

    bot = assistant(args)
    out = args.out or bot.settings.paths.index_dir / REPORT_NAME
    result = run_suite(bot, args.gold or DEFAULT_GOLD, out, compare=args.compare, history=args.history)
    if args.json:
        files = {k: str(v) for k, v in result.files.items()}
        emit({"summaries": result.summaries, "uncertainty": result.uncertainty, "files": files})
        return 0
    say(table_text(metrics_table(result.summaries)))
    if result.by_language:
        say("\nretrieval by language (answerable questions)\n" + table_text(result.by_language))
    if result.uncertainty:
        say("\nbootstrap 95% intervals; ours - each baseline paired by question\n" + table_text(result.uncertainty))
    say("\n".join(f"wrote {path}" for path in result.files.values()))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from evals.gold import check_gold_file

    check = check_gold_file(args.file, settings(args).paths.corpus_dir)
    for warning in check.warnings:
        note(f"{args.file}: warning: {warning}")
    if check.errors:
        say("\n".join(f"{args.file}: {e}" for e in check.errors))
        say(f"{args.file}: {len(check.errors)} errors")
        return 1
    say(f"{args.file}: {len(check.items)} items, all valid")
    return 0


def run_from_feedback(args: argparse.Namespace) -> int:
    from assistant.feedback import feedback_path, read_feedback
    from evals.feedback import draft_items

    index_dir = settings(args).paths.index_dir
    source = args.feedback or feedback_path(index_dir)
    output = args.output or index_dir / "gold-drafts.jsonl"
    drafts = draft_items(read_feedback(source))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    say(f"{len(drafts)} draft items from {source} written to {output}; complete them, then `studietur eval validate`")
    return 0


def _development_items(files: list[Path]) -> list[GoldItem]:
    """The questions of the gold files to fit on (default: gold.jsonl and heldout.jsonl); a validation set is refused."""
    from evals.gold import load_gold
    from evals.suite import DEFAULT_GOLD, VALIDATION_SETS

    files = files or [DEFAULT_GOLD, DEFAULT_GOLD.with_name("heldout.jsonl")]
    if validation := [path for path in files if path.name in VALIDATION_SETS]:
        raise StudieturError(f"{validation[0]} is a validation set: measure it with `studietur eval`, never fit on it")
    return [item for path in files for item in load_gold(path)]


def run_tune(args: argparse.Namespace) -> int:
    from evals.tuning import fit_answers, fit_ranking, report_lines

    items = _development_items(args.files)
    bot = assistant(args)
    say(f"cross-validating ranking and answer selection on {len(items)} questions …")
    for fitted in (fit_ranking(bot, items, progress=say), fit_answers(bot, items, progress=say)):
        say("\n".join(["", *report_lines(fitted)]))
    say("\nset the chosen values in settings.yaml (or their defaults in assistant/settings.py) to use them")
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from assistant.refusal import DEFAULT_MODEL_PATH
    from evals.refusal_fit import collect, fit, report_lines

    items = _development_items(args.files)
    files = args.files or ["gold.jsonl", "heldout.jsonl"]
    bot = assistant(args)
    say(f"examining {len(items)} questions of {', '.join(Path(path).name for path in files)} …")
    model, report = fit(collect(bot, items), budget=args.budget)
    say("\n".join(report_lines(report)))
    weights = ", ".join(f"{name} {weight:+.2f}" for name, weight in zip(model.features, model.weights, strict=True))
    say(f"weights (standardised): {weights}; bias {model.bias:+.2f}; threshold {model.threshold:.3f}")
    if args.write is not None:
        target = args.write if args.write != Path() else DEFAULT_MODEL_PATH
        target.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
        say(f"wrote {target}")
    return 0
