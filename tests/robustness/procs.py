"""Real `studietur` processes on a shared index folder, and what their index holds on disk afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from helpers import MODELS, ROOT

from vectorstore.bm25_index import Bm25Index
from vectorstore.chroma_store import ChromaStore
from vectorstore.config import ChromaSettings
from vectorstore.lock import LOCK_FILE
from vectorstore.manifest import load_manifest


def cli_env(index_dir: Path, corpus: Path) -> dict[str, str]:
    """The environment of a CLI run on `corpus` into `index_dir`, with no settings file of its own."""
    return {
        **os.environ,
        "STUDIETUR_SETTINGS": str(index_dir.parent / "absent.yaml"),
        "STUDIETUR__PATHS__INDEX_DIR": str(index_dir),
        "STUDIETUR__PATHS__MODELS_DIR": str(MODELS),
        "STUDIETUR__PATHS__CORPUS_DIR": str(corpus),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
    }


def start_cli(args: list[str], index_dir: Path, corpus: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "ui.cli.main", *args],
            env=cli_env(index_dir, corpus),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def run_cli(args: list[str], index_dir: Path, corpus: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", *args],
        env=cli_env(index_dir, corpus),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_python(code: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=cli_env(Path(args[0]) if args else ROOT, ROOT),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for_writer(proc: subprocess.Popen[bytes], index_dir: Path, timeout: float = 300) -> float:
    """Block until `proc` holds the index's write lock (its pid is in the lock file); the time it took."""
    started = time.monotonic()
    lock = index_dir / LOCK_FILE
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise AssertionError(f"process ended (code {proc.returncode}) before it took the write lock")
        try:
            if lock.read_text().strip() == str(proc.pid):
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise AssertionError("no write lock taken in time")


@dataclass(frozen=True)
class IndexState:
    """What an index folder holds, read fresh from disk."""

    files: dict[str, tuple[str, ...]]  # path -> chunk ids, for files marked done
    pending: tuple[str, ...]  # paths whose ingest was interrupted
    chroma: frozenset[str]
    bm25: frozenset[str]
    chroma_count: int
    rows: dict[str, tuple[str, str]]  # chunk id -> (text, doc) as Chroma holds it

    def consistent(self) -> bool:
        ids = [cid for chunk_ids in self.files.values() for cid in chunk_ids]
        return (
            not self.pending and len(ids) == len(set(ids)) == self.chroma_count and set(ids) == self.chroma == self.bm25
        )


def read_state(index_dir: Path) -> IndexState:
    manifest = load_manifest(index_dir / "manifest.json")
    store = ChromaStore.from_settings(ChromaSettings(), index_dir)
    rows = {chunk.id: (chunk.text, chunk.doc) for chunk in store.chunks()}
    return IndexState(
        files={p: tuple(r.chunk_ids) for p, r in manifest.files.items() if r.done},
        pending=tuple(p for p, r in manifest.files.items() if not r.done),
        chroma=frozenset(store.ids()),
        bm25=frozenset(Bm25Index(index_dir / "bm25").ids()),
        chroma_count=store.count(),
        rows=rows,
    )
