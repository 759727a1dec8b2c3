"""The `studietur bench` subcommand: its arguments and what it runs (heavy imports stay inside `run`)."""

from __future__ import annotations

import argparse
import logging
import shlex
import signal
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
DEFAULT_REPORT = PACKAGE.parent / "BENCHMARKS.md"
DEFAULT_HISTORY = PACKAGE / "history.jsonl"


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser(
        "bench", help="measure ingest, query latency, UI start-up and scale; append to BENCHMARKS.md"
    )
    add_arguments(bench)
    bench.set_defaults(run=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        type=int,
        nargs="+",
        default=[],
        metavar="CHUNKS",
        help="also synthetic corpora of about this many chunks each, e.g. --scale 10000 100000",
    )
    parser.add_argument(
        "--composed-vectors",
        action="store_true",
        help="scale levels: compose passage vectors from the sample sentences' real vectors instead of running the "
        "model over every passage (see benchmarks/composed.py); for sizes the model cannot embed in the time at hand",
    )
    parser.add_argument("--scale-only", action="store_true", help="skip the sample-corpus measurements")
    parser.add_argument("--no-ui", action="store_true", help="skip the UI cold start")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive llama-index side by side")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile of warm asks")
    parser.add_argument(
        "--no-precision",
        action="store_true",
        help="skip the embedding paths side by side (fp32 and bf16: speed, fidelity, the gate; batch sizes, threads)",
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpora")
    parser.add_argument("--questions", type=int, default=0, help="use only the first N gold questions (0: all)")
    parser.add_argument("--work-dir", type=Path, default=None, help="keep indexes here (default: a temp folder)")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT, help="Markdown file a section is appended to")
    parser.add_argument("--history", type=Path, default=DEFAULT_HISTORY, help="JSONL file a line is appended to")
    parser.add_argument("--note", action="append", default=[], help="a line of context for the report; repeatable")


def run(args: argparse.Namespace) -> int:
    from assistant.settings import load_settings
    from benchmarks.report import markdown, write
    from benchmarks.runner import BenchOptions, run_bench
    from evals.gold import load_gold
    from evals.suite import DEFAULT_GOLD

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so a killed run stops its phase process too
    settings = load_settings(args.settings)
    options = BenchOptions(
        settings_path=args.settings,
        scale=tuple(args.scale),
        sample=not args.scale_only,
        composed_vectors=args.composed_vectors,
        ui=not args.no_ui,
        naive=not args.no_naive,
        precision=not args.no_precision,
        profile=not args.no_profile,
        seed=args.seed,
        max_questions=args.questions,
        work_dir=args.work_dir,
        command=shlex.join(["studietur", *sys.argv[1:]]),
        notes=args.note,
    )
    questions = [item.question for item in load_gold(DEFAULT_GOLD)]
    record = run_bench(options, settings.paths.corpus_dir, questions)
    sys.stdout.write(markdown(record))
    write(record, args.report, args.history)
    sys.stdout.write(f"\nappended to {args.report} and {args.history}\n")
    return 0
