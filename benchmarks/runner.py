"""Runs the benchmark phases, each in its own process, and gathers one result record."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import noop_phase, ui_phase
from benchmarks.machine import load_average, machine_info, versions
from benchmarks.synthetic import CHARS_PER_CHUNK, make_corpus
from studietur.core.errors import StudieturError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchOptions:
    settings_path: Path | None = None
    scale: tuple[int, ...] = ()
    sample: bool = True
    composed_vectors: bool = False
    ui: bool = True
    naive: bool = True
    precision: bool = True
    profile: bool = True
    seed: int = 7
    max_questions: int = 0
    work_dir: Path | None = None
    command: str = ""
    notes: list[str] = field(default_factory=list)


def run_bench(options: BenchOptions, corpus_dir: Path, questions: list[str]) -> dict[str, Any]:
    """Every part the options ask for; the record holds the machine, versions, options and load too."""
    questions = questions[: options.max_questions] if options.max_questions else questions
    record: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": options.command,
        "machine": machine_info(),
        "versions": versions(),
        "load_before": load_average(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()},
    }
    started = time.perf_counter()
    with _work_dir(options.work_dir) as work:
        if options.sample:
            record.update(_sample(options, corpus_dir, questions, work))
        chars_per_chunk = _chars_per_chunk(record.get("ingest"))
        record["scale"] = [
            _scale_level(options, corpus_dir, questions, work, n, chars_per_chunk) for n in options.scale
        ]
    record["load_after"] = load_average()
    record["seconds"] = round(time.perf_counter() - started, 1)
    return record


def _sample(options: BenchOptions, corpus_dir: Path, questions: list[str], work: Path) -> dict[str, Any]:
    shutil.rmtree(work / "sample", ignore_errors=True)  # a cold ingest starts from nothing
    overrides = {"paths": {"corpus_dir": str(corpus_dir), "index_dir": str(work / "sample" / "index")}}
    base = {"settings": _str(options.settings_path), "overrides": overrides, "questions": questions}
    out: dict[str, Any] = {"ingest": child("ingest", {**base, "label": "sample"}, work)}
    env = {
        "STUDIETUR__PATHS__CORPUS_DIR": str(corpus_dir),
        "STUDIETUR__PATHS__INDEX_DIR": overrides["paths"]["index_dir"],
    }
    out["noop_cli"] = noop_phase.run(options.settings_path, env)
    out["query"] = child("query", {**base, "profile": options.profile}, work)
    if options.naive:
        out["naive"] = child("naive", {**base, "work_dir": str(work / "sample" / "naive")}, work)
    if options.ui:
        out["ui"] = ui_phase.run(options.settings_path, env, work / "ui.log")
    if options.precision:
        out["precision"] = child("precision", {**base, "work_dir": str(work / "precision")}, work)
    return out


def _scale_level(
    options: BenchOptions, corpus_dir: Path, questions: list[str], work: Path, target: int, chars_per_chunk: float
) -> dict[str, Any]:
    folder = work / f"scale-{target}"
    logger.warning("scale %d: writing the synthetic corpus", target)
    started = time.perf_counter()
    corpus = make_corpus(corpus_dir, folder / "reports", target, options.seed, chars_per_chunk)
    made_s = round(time.perf_counter() - started, 2)
    overrides = {"paths": {"corpus_dir": str(corpus.folder), "index_dir": str(folder / "index")}}
    base = {"settings": _str(options.settings_path), "overrides": overrides, "questions": questions}
    composed = {"corpus": str(corpus_dir), "cache": str(work)} if options.composed_vectors else None
    ingest = child("ingest", {**base, "label": f"{target:,} chunks", "composed": composed}, work)
    query = child("query", {**base, "profile": False}, work)
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "target": target,
        "vectors": "composed" if options.composed_vectors else "model",
        "files": corpus.files,
        "corpus_mb": corpus.megabytes,
        "make_corpus_s": made_s,
        "ingest": ingest,
        "query": query,
    }


def child(phase: str, config: dict[str, Any], work: Path) -> dict[str, Any]:
    """Run one phase in a fresh Python process and return its result."""
    config_path = work / f"{phase}-config.json"
    result_path = work / f"{phase}-result.json"
    config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    logger.warning("benchmark phase %s …", phase)
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.worker", phase, str(config_path), str(result_path)])
    try:
        returncode = process.wait()
    finally:  # interrupted or terminated: the phase's process must not go on alone
        if process.poll() is None:
            process.terminate()
            process.wait()
    if returncode != 0 or not result_path.exists():
        raise StudieturError(f"benchmark phase {phase!r} failed (exit {returncode}); its messages are above")
    return json.loads(result_path.read_text(encoding="utf-8"))


def _chars_per_chunk(ingest: dict[str, Any] | None) -> float:
    if not ingest or not ingest.get("chunks"):
        return CHARS_PER_CHUNK
    return ingest["corpus_mb"] * 2**20 / ingest["chunks"]


@contextmanager
def _work_dir(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="studietur-bench-") as tmp:
        yield Path(tmp)


def _str(path: Path | None) -> str | None:
    return str(path) if path else None
