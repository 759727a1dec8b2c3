"""Cold ingest into an empty index, then the same ingest again (nothing to do), in one process."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks.composed import ComposedEmbedder, sentence_table
from benchmarks.measure import folder_mb, stopwatch
from ingest.events import ChunksEmbedded, FileFinished, FilesFound, IngestEvent, IngestSummary
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

RAW_SAMPLE = 1000


def run(config: dict[str, Any]) -> dict[str, Any]:
    with stopwatch() as imports:
        from assistant.service import Assistant
        from assistant.settings import load_settings
        from vectorstore.embedder import load_embedder

    settings = load_settings(_path(config.get("settings")), config["overrides"])
    with stopwatch() as model:
        embedder = load_embedder(settings.embedding, settings.paths.models_dir)
    composed = _composed(embedder, config.get("composed"))
    embedder = composed or embedder
    with stopwatch() as opening:
        bot = Assistant.open(settings, embedder=embedder)
    with stopwatch() as cold:
        summary = drive(bot.ingest(), f"ingest {config.get('label', '')}".strip())
    with stopwatch() as again:
        noop = drive(bot.ingest(), "re-ingest")
    chunks_per_s = round(summary.chunks_total / cold["s"], 2) if cold["s"] else 0.0
    raw = None if composed else raw_model_rate(bot, embedder)
    corpus = settings.paths.corpus_dir
    corpus_mb = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 2**20
    return {
        "files": sum(summary.counts.values()),
        "chunks": summary.chunks_total,
        "corpus_mb": round(corpus_mb, 2),
        "imports_s": imports["s"],
        "model_load_s": model["s"],
        "open_index_s": opening["s"],
        "ingest_s": cold["s"],
        "ingest_with_model_s": round(imports["s"] + model["s"] + opening["s"] + cold["s"], 3),
        "chunks_per_s": chunks_per_s,
        **({"raw_model_chunks_per_s": raw, "ratio_to_raw_model": round(chunks_per_s / raw, 3)} if raw else {}),
        "precision": embedder.precision.path if embedder.precision else None,
        "mb_per_s": round(corpus_mb / cold["s"], 4) if cold["s"] else 0.0,
        "noop_reingest_s": again["s"],
        "noop_unchanged": noop.counts.get("unchanged", 0),
        "index_mb": folder_mb(settings.paths.index_dir),
        **({"composed": composed.composed, "embedded_by_model": composed.embedded} if composed else {}),
    }


def raw_model_rate(bot: Any, embedder: Embedder) -> float:
    """passages/s of the model alone (sentence-transformers, same precision and batch size, length-sorted) over
    the passages just ingested, or an even sample of RAW_SAMPLE of them: the ceiling ingest is measured against
    (best of two passes, so that a busy moment on a shared machine does not flatter the ratio)."""
    from benchmarks.precision import throughput

    texts = sorted(bot.settings.embedding.passage_prefix + c.embed_text() for c in bot.index.store.chunks())
    texts.sort(key=len)
    texts = texts[:: max(1, len(texts) // RAW_SAMPLE)][:RAW_SAMPLE]
    bf16 = embedder.precision is not None and embedder.precision.bf16
    return throughput(embedder, texts, bf16, bot.settings.embedding.batch_size, repeats=2)[1]


def _composed(embedder: Embedder, config: dict[str, str] | None) -> ComposedEmbedder | None:
    if not config:
        return None
    return ComposedEmbedder(embedder, sentence_table(embedder, Path(config["corpus"]), Path(config["cache"])))


def drive(events: Iterable[IngestEvent], desc: str) -> IngestSummary:
    """Run an ingest to its end with a bar of files and chunks; a log file gets a line a minute."""
    tty = sys.stderr.isatty()
    bar: tqdm | None = None
    summary = IngestSummary()
    chunks = 0
    last = time.monotonic()
    for event in events:
        if isinstance(event, FilesFound):
            bar = tqdm(total=event.total, unit="file", desc=desc, mininterval=0.5 if tty else 60, file=sys.stderr)
        elif isinstance(event, ChunksEmbedded) and bar is not None and time.monotonic() - last > 1:
            bar.set_postfix_str(f"{chunks + event.done} chunks", refresh=False)
            last = time.monotonic()
        elif isinstance(event, FileFinished):
            chunks += event.chunks if event.status in ("added", "updated") else 0
            if bar is not None and event.status != "removed":
                bar.set_postfix_str(f"{chunks} chunks", refresh=False)
                bar.update(1)
        elif isinstance(event, IngestSummary):
            summary = event
    if bar is not None:
        bar.close()
    return summary


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None
