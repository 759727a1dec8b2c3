"""Crash safety (slow): real ingest processes SIGKILLed at random points (fixed seed), each followed by a new run,
leave an index identical to one built without interruption."""

from __future__ import annotations

import logging
import random
import shutil
import signal
import time
from pathlib import Path

import pytest
from helpers import REPORTS
from robustness.procs import IndexState, read_state, run_cli, start_cli, wait_for_writer

from vectorstore.bm25_index import Bm25Index
from vectorstore.manifest import load_manifest

logger = logging.getLogger(__name__)

pytestmark = pytest.mark.slow

KILLS = 12
SEED = 20_240_611
REPORT_FILES = ("001_126ffb89a7bb1106.txt", "002_4b34b2f1d849fae7.txt")
# Each round: a rebuild killed at a random point, then runs that repair and go on, killed too, then one that finishes.
RUNS_PER_ROUND = (["ingest", "--rebuild"], ["ingest"], ["ingest"])


def test_index_survives_repeated_sigkills(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in REPORT_FILES:
        shutil.copy(REPORTS / name, corpus / name)

    reference_dir = tmp_path / "reference"
    proc = start_cli(["ingest"], reference_dir, corpus, tmp_path / "reference.log")
    to_lock = wait_for_writer(proc, reference_dir)
    locked_at = time.monotonic()
    assert proc.wait(timeout=900) == 0, (tmp_path / "reference.log").read_text()
    work_seconds = time.monotonic() - locked_at  # from taking the lock to the end: where kills can do harm
    reference = read_state(reference_dir)
    assert reference.consistent() and len(reference.files) == len(REPORT_FILES)
    logger.info("reference ingest: %.1f s to the lock, %.1f s of writing", to_lock, work_seconds)

    rng = random.Random(SEED)
    index_dir = tmp_path / "index"
    kills, rounds, log = 0, 0, tmp_path / "killed.log"
    while kills < KILLS:
        rounds += 1
        for args in RUNS_PER_ROUND:
            delay = rng.uniform(0.0, work_seconds)
            proc = start_cli(args, index_dir, corpus, log)
            wait_for_writer(proc, index_dir)
            time.sleep(delay)
            if proc.poll() is not None:
                logger.info("round %d: %s finished before the kill at %.1f s", rounds, args, delay)
                continue
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            logger.info("round %d: killed %s %.2f s after it took the lock", rounds, " ".join(args), delay)
            _readable(index_dir)
        finished = run_cli(["ingest", "--json"], index_dir, corpus)
        assert finished.returncode == 0, finished.stderr[-3000:]
        _same(read_state(index_dir), reference)
    logger.info("%d kills in %d rounds; the index was whole after every round", kills, rounds)


def _readable(index_dir: Path) -> None:
    """What a kill leaves on disk can always be opened (atomic replacements, no half-written file)."""
    load_manifest(index_dir / "manifest.json")
    Bm25Index(index_dir / "bm25")


def _same(state: IndexState, reference: IndexState) -> None:
    assert state.consistent(), (state.pending, len(state.chroma), len(state.bm25), state.chroma_count)
    assert state.files == reference.files
    assert state.chroma_count == reference.chroma_count
    assert state.rows == reference.rows
