"""Helpers shared by tests (importable as `helpers`, see pytest's pythonpath)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.service import Assistant
from assistant.settings import Settings, load_settings
from ingest.events import IngestSummary
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
