"""The document index: Chroma vectors, BM25 terms and the manifest kept in step."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from studietur.core.errors import IndexStoreError
from studietur.core.types import NO_FILTERS, Chunk, Filters
from vectorstore.bm25_index import Bm25Index
from vectorstore.chroma_store import ChromaStore, where_clause
from vectorstore.config import ChromaSettings
from vectorstore.index_files import bm25_folder, manifest_path
from vectorstore.lock import LOCK_FILE, IndexLock
from vectorstore.manifest import FileRecord, Manifest, load_manifest, save_manifest, stamp

logger = logging.getLogger(__name__)

# How long a writer waits for another process's ingest to finish before it gives up.
WRITE_WAIT_SECONDS = 600.0


class DocumentIndex:
    """Writes go file by file: mark pending, write chunks, mark done; `repair` finishes what a crash left.

    Writers hold the folder's write lock (`writing`), so two processes never interleave their writes; readers
    pick up what another process wrote when the manifest or BM25 files on disk change (`refresh`).
    """

    def __init__(self, store: ChromaStore, bm25: Bm25Index, manifest_path: Path) -> None:
        self.store = store
        self.bm25 = bm25
        self.manifest_path = manifest_path
        self.manifest: Manifest = load_manifest(manifest_path)
        self._manifest_stamp = stamp(manifest_path)
        self._write_lock = threading.RLock()  # one writing thread in this process; the file lock is per process
        self._depth = 0  # nesting of `writing` in the thread that holds _write_lock
        self._state_lock = threading.Lock()  # a reload and the start of a write never overlap

    @classmethod
    def open(cls, chroma: ChromaSettings, index_dir: Path) -> DocumentIndex:
        index_dir.mkdir(parents=True, exist_ok=True)
        store = ChromaStore.from_settings(chroma, index_dir)
        return cls(store, Bm25Index(bm25_folder(index_dir)), manifest_path(index_dir))

    # --- writing -------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float = WRITE_WAIT_SECONDS) -> Iterator[None]:
        """Hold the folder's write lock (waiting up to `wait` s for another process), on the index as it is on disk."""
        folder = self.manifest_path.parent
        if not self._write_lock.acquire(timeout=wait):
            raise IndexStoreError(f"{folder}: another ingest in this process is writing the index; try again later")
        try:
            if self._depth:
                self._depth += 1
                yield
                return
            with IndexLock(folder / LOCK_FILE, wait):
                with self._state_lock:
                    self._depth = 1
                self._reload()
                yield
        finally:
            with self._state_lock:
                self._depth = max(self._depth - 1, 0)
            self._write_lock.release()

    def begin_file(self, record: FileRecord) -> None:
        """Mark a file pending; it keeps its old chunk ids so a crash leaves them to `repair`."""
        previous = self.manifest.files.get(record.path)
        record.chunk_ids = list(previous.chunk_ids) if previous else []
        record.done = False
        self.manifest.files[record.path] = record
        self._save()

    def write_file(self, record: FileRecord, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Store a file's chunks (replacing its previous ones) and mark it done."""
        stale = self._ids_not_owned_by_others(record.path) - {chunk.id for chunk in chunks}
        self._drop(stale)
        self.store.upsert(chunks, vectors)
        self.bm25.add(chunks)
        record.chunk_ids = [chunk.id for chunk in chunks]
        record.done = True
        self._save()

    def remove_file(self, path: str) -> None:
        record = self.manifest.files.pop(path, None)
        if record is None:
            return
        still_used = self.manifest.done_chunk_ids()
        self._drop(set(record.chunk_ids) - still_used)
        self._save()

    def rename_file(self, old_path: str, new_path: str, chunks: Sequence[Chunk]) -> None:
        """A file moved with the same content: relabel its chunks, embed nothing."""
        record = self.manifest.files.pop(old_path)
        self.store.update_metadata(chunks)
        self.bm25.add(chunks)
        record.path, record.doc = new_path, Path(new_path).name
        self.manifest.files[new_path] = record
        self._save()

    def reset(self, fingerprint: str) -> None:
        """Forget everything (settings that shape the index changed)."""
        self._drop(self.store.ids() | self.bm25.ids())
        self.manifest = Manifest(fingerprint=fingerprint)
        self._save()
        self.bm25.commit()

    def repair(self) -> int:
        """Remove chunks that no finished file owns and re-add BM25 rows Chroma has; returns rows fixed."""
        for path in [p for p, rec in self.manifest.files.items() if not rec.done]:
            logger.warning("%s: its last ingest was interrupted; it will be ingested again", path)
            del self.manifest.files[path]
        wanted = self.manifest.done_chunk_ids()
        in_chroma = self.store.ids()
        orphans = (in_chroma | self.bm25.ids()) - wanted
        self._drop(orphans)
        missing_in_bm25 = (wanted & in_chroma) - self.bm25.ids()
        self.bm25.add(self.store.get(sorted(missing_in_bm25)))
        lost = wanted - in_chroma
        for rec in self.manifest.files.values():
            if lost & set(rec.chunk_ids):
                logger.warning("%s: chunks missing from the store; it will be ingested again", rec.path)
                rec.done = False
        self.manifest.files = {p: r for p, r in self.manifest.files.items() if r.done}
        self._save()
        fixed = len(orphans) + len(missing_in_bm25) + len(lost)
        if fixed:
            self.bm25.commit()
        return fixed

    def commit(self) -> None:
        self.bm25.commit()

    # --- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Take up what another process wrote; skipped while this process writes (its memory is then the truth)."""
        with self._state_lock:
            if self._depth == 0:
                self._reload()

    def dense(self, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[tuple[Chunk, float]]:
        return self.store.query(vector, k, where_clause(filters.docs, filters.years, filters.doc_types))

    def lexical(self, query: str, k: int, filters: Filters = NO_FILTERS) -> list[tuple[Chunk, float]]:
        self.refresh()
        hits = self.bm25.search_where(query, k, filters.docs, filters.years, filters.doc_types)
        chunks = {chunk.id: chunk for chunk in self.store.get([chunk_id for chunk_id, _ in hits])}
        return [(chunks[chunk_id], score) for chunk_id, score in hits if chunk_id in chunks]

    def files(self) -> list[FileRecord]:
        self.refresh()
        return sorted(self.manifest.files.values(), key=lambda rec: rec.doc)

    def chunk_count(self) -> int:
        return self.store.count()

    # --- helpers -------------------------------------------------------------------------

    def _ids_not_owned_by_others(self, path: str) -> set[str]:
        previous = self.manifest.files.get(path)
        if previous is None:
            return set()
        others = {cid for p, rec in self.manifest.files.items() if p != path and rec.done for cid in rec.chunk_ids}
        return set(previous.chunk_ids) - others

    def _drop(self, ids: set[str]) -> None:
        if ids:
            self.store.delete(sorted(ids))
            self.bm25.remove(ids)

    def _save(self) -> None:
        save_manifest(self.manifest, self.manifest_path)
        self._manifest_stamp = stamp(self.manifest_path)

    def _reload(self) -> None:
        current = stamp(self.manifest_path)
        if current != self._manifest_stamp:
            self.manifest, self._manifest_stamp = load_manifest(self.manifest_path), current
            logger.debug("%s: manifest reloaded", self.manifest_path)
        if self.bm25.reload():
            logger.debug("%s: BM25 index reloaded", self.bm25.folder)
