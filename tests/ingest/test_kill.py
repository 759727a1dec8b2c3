"""A real ingest process killed mid-way leaves an index the next run repairs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import MODELS, REPORTS

from vectorstore.bm25_index import Bm25Index
from vectorstore.chroma_store import ChromaStore
from vectorstore.config import ChromaSettings
from vectorstore.manifest import load_manifest


def _ingest_cmd(index_dir: Path) -> tuple[list[str], dict[str, str]]:
    env = {
        **os.environ,
        "STUDIETUR_SETTINGS": str(index_dir / "absent.yaml"),
        "STUDIETUR__PATHS__INDEX_DIR": str(index_dir),
        "STUDIETUR__PATHS__MODELS_DIR": str(MODELS),
        "STUDIETUR__PATHS__CORPUS_DIR": str(REPORTS),
    }
    return [sys.executable, "-m", "ui.cli.main", "ingest"], env


def _state(index_dir: Path) -> tuple[set[str], set[str], set[str]]:
    store = ChromaStore.from_settings(ChromaSettings(), index_dir)
    return store.ids(), Bm25Index(index_dir / "bm25").ids(), load_manifest(index_dir / "manifest.json").done_chunk_ids()


def test_sigkill_mid_ingest_then_rerun_gives_a_whole_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    cmd, env = _ingest_cmd(index_dir)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    manifest = index_dir / "manifest.json"
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and '"done": true' in manifest.read_text(encoding="utf-8"):
            break  # at least one file written, others pending: kill now
        time.sleep(0.2)
    assert proc.poll() is None, "ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    chroma, bm25, done = _state(index_dir)
    assert chroma == bm25 == done and len(chroma) > 300
    files = load_manifest(manifest).files
    assert len(files) == 5 and all(rec.done for rec in files.values())
