"""`studietur ingest`, `chunks` and `model`: the index, how one file is cut, and the embedding model."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from ui.cli.common import emit, say, settings


def register(sub: argparse._SubParsersAction) -> None:
    ingest = sub.add_parser("ingest", help="clean, chunk and embed reports into the index")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the sample corpus folder)")
    ingest.add_argument("--rebuild", action="store_true", help="drop the index and ingest everything again")
    ingest.add_argument(
        "--allow-empty",
        action="store_true",
        help="let a folder that now holds no files remove its documents (refused by default: an unmounted share)",
    )
    ingest.add_argument(
        "--repair",
        action="store_true",
        help="open the whole index and repair it against the manifest even when no file changed "
        "(an unchanged corpus is otherwise recognised from the manifest alone, without the model)",
    )
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.set_defaults(run=run_ingest)

    chunks = sub.add_parser("chunks", help="show how a file is cleaned and cut, without indexing it")
    chunks.add_argument("file", type=Path)
    chunks.add_argument("--json", action="store_true")
    chunks.set_defaults(run=run_chunks)

    sweep = sub.add_parser(
        "sweep", help="prepare every file of a folder (no index) and print what was prepared, refused or crashed"
    )
    sweep.add_argument("folder", type=Path)
    sweep.add_argument("--json", action="store_true", help="one JSON line per file instead of the tables")
    sweep.set_defaults(run=run_sweep)

    model = sub.add_parser(
        "model", help="prepare the embedding model (the bundled e5 is converted once) and show it with its precision"
    )
    model.set_defaults(run=run_model)


def run_ingest(args: argparse.Namespace) -> int:
    from assistant.progress import consume_with_bar
    from assistant.views import summary_dict, summary_text
    from ingest.discover import require_roots
    from ingest.unchanged import unchanged_run

    tree = settings(args)
    roots = args.paths or [tree.paths.corpus_dir]
    require_roots(roots)  # before the model loads: a wrong path fails at once
    # An unchanged corpus is told from the manifest and the files' hashes: no torch, Chroma or model is loaded.
    quick = None
    if not (args.rebuild or args.repair):
        quick = unchanged_run(roots, tree.paths.index_dir, tree.index_fingerprint(), tree.ingest.max_file_mb)
    if quick is not None:
        summary = consume_with_bar(quick)
    else:
        from assistant.service import Assistant

        summary = consume_with_bar(Assistant.open(tree).ingest(args.paths or None, args.rebuild, args.allow_empty))
    emit(summary_dict(summary)) if args.json else say(summary_text(summary))
    return 0


def run_chunks(args: argparse.Namespace) -> int:
    from ingest.prepare import prepare_document
    from vectorstore.embedder import load_embedder

    tree = settings(args)
    embedder = load_embedder(tree.embedding, tree.paths.models_dir)
    prepared = prepare_document(args.file, tree.ingest, embedder.count_tokens)
    for chunk in prepared.chunks:
        tokens = embedder.count_tokens(chunk.embed_text())
        if args.json:
            emit({"id": chunk.id, **chunk.metadata(), "tokens": tokens, "text": chunk.text})
            continue
        section = chunk.section or "(ingen sektion)"
        say(
            f"── {chunk.position} · {section} · side {chunk.page or '-'} · {tokens} tokens · {chunk.char_start}-{chunk.char_end}"
        )
        say(chunk.text + "\n")
    if not args.json:
        year, kind = prepared.year or "år ukendt", prepared.doc_type or "type ukendt"
        say(f'{prepared.doc}: "{prepared.title}" ({year}, {kind}), {len(prepared.chunks)} chunks')
    return 0


def run_sweep(args: argparse.Namespace) -> int:
    from ingest.sweep import outcome_table, sweep, sweep_files
    from vectorstore.embedder import load_embedder

    tree = settings(args)
    embedder = load_embedder(tree.embedding, tree.paths.models_dir)
    outcomes = []
    for outcome in sweep(sweep_files(args.folder), tree.ingest, embedder.count_tokens):
        outcomes.append(outcome)
        if args.json:
            emit({**asdict(outcome), "path": str(outcome.path)})
    if not args.json:
        say(outcome_table(outcomes))
    return 1 if any(o.status == "crashed" for o in outcomes) else 0


def run_model(args: argparse.Namespace) -> int:
    from vectorstore.embedder import load_embedder

    tree = settings(args)
    embedder = load_embedder(tree.embedding, tree.paths.models_dir)
    dim = embedder.embed_query("test").shape[0]
    say(f"embedding model ready: {embedder.name} ({dim} dimensions)")
    if embedder.precision is not None:
        say(f"precision: {embedder.precision.path}, because {embedder.precision.reason}")
    return 0
