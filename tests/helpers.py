"""Helpers shared by tests (importable as `helpers`, see pytest's pythonpath)."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.service import Assistant
from assistant.settings import Settings, load_settings
from ingest.events import IngestSummary
from studietur.text.units import split_units
from vectorstore.embedder import Embedder

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
# The converted model is a cache of the project, shared with `make setup`; every index lives in a temp folder.
MODELS = ROOT / "data" / "models"


def make_settings(tmp: Path, corpus: Path = REPORTS, **overrides: object) -> Settings:
    tree: dict[str, object] = {
        "paths": {"corpus_dir": str(corpus), "index_dir": str(tmp / "index"), "models_dir": str(MODELS)}
    }
    tree.update(overrides)
    return load_settings(tmp / "no-settings.yaml", overrides=tree)


def run_ingest(bot: Assistant, paths: list[Path] | None = None, rebuild: bool = False) -> IngestSummary:
    *_, summary = bot.ingest(paths, rebuild=rebuild)
    assert isinstance(summary, IngestSummary)
    return summary


class CountingEmbedder(Embedder):
    """The real model, recording every text it is asked to embed."""

    def __init__(self, real: Embedder) -> None:
        super().__init__(real.settings)
        self.real = real
        self.embedded: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.real.embed_batch(texts)


def broken_model(tmp: Path) -> Path:
    """A model folder that cannot be loaded (its modules.json is not JSON)."""
    folder = tmp / "model"
    folder.mkdir()
    (folder / "modules.json").write_text("not json", encoding="utf-8")
    return folder


# What the load tests ask (each client adds a number, so that no answer comes from the cache), and the report they
# ingest while asking.
LOAD_QUESTIONS = [
    "Hvilke organisationer besøgte udvalget i New York?",
    "Hvem deltog i studieturen i 2014?",
    "Hvilke destinationer foreslås for en studietur i Danmark?",
    "Hvad er Greyston Bakerys motto?",
    "What is Greyston Bakery's hiring policy?",
    "Hvordan arbejder man med integration af flygtninge?",
    "Hvad koster en studietur?",
    "Hvilke virksomheder ansætter borgere uden CV?",
]
NEW_REPORT = "000_173bfacdbf021f88.txt"


def two_report_corpus(tmp: Path, embedder: Embedder) -> tuple[Path, Assistant]:
    """An index of two of the sample reports in a corpus folder of its own (the load tests add a third)."""
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name in ("001_126ffb89a7bb1106.txt", "002_4b34b2f1d849fae7.txt"):
        shutil.copy(REPORTS / name, corpus / name)
    bot = Assistant.open(make_settings(tmp, corpus=corpus), embedder=embedder)
    run_ingest(bot)
    return corpus, bot


def run_together(threads: Sequence[threading.Thread], timeout: float) -> float:
    """Start the threads, wait for all (each up to `timeout`), and return the seconds it took."""
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return time.monotonic() - started


MOTTO = "Hvad er Greyston Bakerys motto?"


def motto_reply(bot: Assistant) -> str:
    """A scripted LLM's reply to MOTTO: the retrieved sentence about brownies, cited [n], and one sentence no
    passage supports (which the assistant must drop)."""
    for n, passage in enumerate(bot.search(MOTTO), start=1):
        for unit in split_units(passage.chunk.text):
            if "brownies" in unit.text.lower():
                return f"{unit.text} [{n}]\nGreyston Bakery har 999 ansatte på Mars [{n}]."
    raise AssertionError("no retrieved sentence mentions brownies")


def latency_report(seconds: Sequence[float], wall: float) -> str:
    """Requests, p50, p95 and max of request latencies, and the rate over `wall` seconds."""
    if not seconds:
        return "0 requests"
    ordered = sorted(seconds)
    p50, p95 = np.percentile(ordered, [50, 95])
    return (
        f"{len(ordered)} requests, p50 {p50:.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s, "
        f"{len(ordered) / wall:.1f} requests/s"
    )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Ask a server process to stop; kill it when it has not within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)
