"""Keep the index in step with a set of files: add new, update changed, drop deleted, skip bad."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest.config import IngestSettings
from ingest.discover import discover, file_hash, is_under, require_not_emptied, require_roots, shown_path
from ingest.events import ChunksEmbedded, FileFinished, FilesFound, FileStarted, IngestEvent, IngestSummary
from ingest.prepare import prepare_document, prepare_steps
from studietur.catalogue.extract import extract_catalogue
from studietur.catalogue.store import CatalogueStore
from studietur.core.errors import DocumentError
from studietur.core.types import Chunk
from studietur.text.units import split_units
from vectorstore.embedder import Embedder
from vectorstore.index import DocumentIndex
from vectorstore.manifest import FileRecord
from vectorstore.unit_vectors import pack, unit_spans

logger = logging.getLogger(__name__)

_CHANGES = ("added", "updated", "renamed", "removed")  # statuses that change BM25's rows


class Ingestor:
    """One ingest run over files and folders; `run` yields progress events and ends with the summary."""

    def __init__(
        self,
        index: DocumentIndex,
        embedder: Embedder,
        settings: IngestSettings,
        fingerprint: str,
        catalogue: CatalogueStore,
    ) -> None:
        self.index = index
        self.catalogue = catalogue
        self.embedder = embedder
        self.settings = settings
        self.fingerprint = fingerprint

    def run(self, roots: Sequence[Path], *, rebuild: bool = False, allow_empty: bool = False) -> Iterator[IngestEvent]:
        """Holds the index's write lock throughout: another process's ingest waits for this one to finish. A folder
        that has become empty while the index holds its documents stops the run unless `allow_empty`."""
        require_roots(roots)
        with self.index.writing():
            yield from self._run(roots, rebuild, allow_empty)

    def _run(self, roots: Sequence[Path], rebuild: bool, allow_empty: bool) -> Iterator[IngestEvent]:
        started = time.perf_counter()
        files = discover(roots)
        if not allow_empty:
            require_not_emptied(roots, files, self.index.manifest.files)
        summary = IngestSummary(rebuilt=self._prepare_index(rebuild))
        yield FilesFound(len(files))
        for number, path in enumerate(files, start=1):
            yield FileStarted(shown_path(path), number, len(files))
            finished = yield from self._sync_file(path)
            summary.record(finished)
            yield finished
        # Deleted files go last, so that a moved file is first recognised by its content and relabelled.
        for event in self._remove_deleted(roots, set(map(str, files))):
            summary.record(event)
            yield event
        if any(summary.counts.get(status) for status in _CHANGES):
            self.index.commit()  # rebuilding BM25's matrix is the costly part of a run that changed nothing
        summary.chunks_total = self.index.chunk_count()
        summary.seconds = time.perf_counter() - started
        yield summary

    def _prepare_index(self, rebuild: bool) -> bool:
        stored = self.index.manifest.fingerprint
        if rebuild or (stored and stored != self.fingerprint):
            reason = "asked for" if rebuild else "chunking or embedding settings changed"
            logger.warning("rebuilding the whole index (%s)", reason)
            self.index.reset(self.fingerprint)
            self.catalogue.clear()
            return True
        if not stored:
            self.index.manifest.fingerprint = self.fingerprint
        fixed = self.index.repair()
        if fixed:
            logger.warning("repaired %d index rows left by an interrupted ingest", fixed)
        return False

    def _remove_deleted(self, roots: Sequence[Path], present: set[str]) -> Iterator[FileFinished]:
        for path in list(self.index.manifest.files):
            if path not in present and is_under(Path(path), roots) and not Path(path).exists():
                self.index.remove_file(path)
                self.catalogue.remove(path)
                yield FileFinished(path, "removed")

    def _sync_file(self, path: Path) -> Iterator[IngestEvent]:
        if shown_path(path) != str(path):
            # The manifest (JSON), Chroma and every terminal or page showing the name need text, not raw bytes.
            reason = "the file name is not valid UTF-8 (made on an old system?); rename the file and ingest again"
            return FileFinished(shown_path(path), "skipped", reason=reason)
        try:
            content_hash = file_hash(path, self.settings.max_file_mb)
        except DocumentError as exc:
            return FileFinished(str(path), "skipped", reason=exc.reason)
        current = self.index.manifest.files.get(str(path))
        if current and current.done and current.file_hash == content_hash:
            if not self.catalogue.has(str(path)):
                self._catalogue_unchanged(path)
            return FileFinished(str(path), "unchanged", len(current.chunk_ids))
        twin = self.index.manifest.by_hash(content_hash)
        if twin is not None and twin.path != str(path):
            return self._rename_or_skip(path, twin)
        try:
            prepared = yield from prepare_steps(path, self.settings, self.embedder.count_tokens)
        except DocumentError as exc:
            return FileFinished(str(path), "skipped", reason=exc.reason)
        except Exception as exc:  # a reader library failing in a way not foreseen must not stop the whole run
            logger.exception("%s: reading the file failed unexpectedly", path)
            reason = f"the file could not be read ({type(exc).__name__}: {str(exc)[:200]}); check that it opens, or report it"
            return FileFinished(str(path), "skipped", reason=reason)
        record = FileRecord(
            path=str(path),
            doc=prepared.doc,
            file_hash=content_hash,
            title=prepared.title,
            year=prepared.year,
            doc_type=prepared.doc_type,
            chunk_ids=[],
            ingested_at=_now(),
            encoding=prepared.encoding,
            ocr_pages=list(prepared.ocr_pages),
        )
        self.index.begin_file(record)
        chunks, vectors = yield from self._embed(str(path), prepared.chunks)
        self.index.write_file(record, chunks, vectors)
        self.catalogue.put(str(path), extract_catalogue(prepared))
        return FileFinished(str(path), "updated" if current else "added", len(prepared.chunks))

    def _rename_or_skip(self, path: Path, twin: FileRecord) -> FileFinished:
        if Path(twin.path).exists():
            return FileFinished(
                str(path), "skipped", reason=f"same content as {twin.path}; the copy is not indexed twice"
            )
        chunks = [replace(chunk, doc=path.name) for chunk in self.index.store.get(twin.chunk_ids)]
        self.index.rename_file(twin.path, str(path), chunks)
        self.catalogue.rename(twin.path, str(path), path.name)
        return FileFinished(str(path), "renamed", len(chunks))

    def _catalogue_unchanged(self, path: Path) -> None:
        """Fill the catalogue for a file indexed before it existed (same settings, so the same chunk ids)."""
        try:
            prepared = prepare_document(path, self.settings, self.embedder.count_tokens)
        except DocumentError as exc:
            logger.warning("%s: not catalogued: %s", path, exc.reason)
            return
        self.catalogue.put(str(path), extract_catalogue(prepared))

    def _embed(self, path: str, chunks: Sequence[Chunk]) -> Iterator[IngestEvent]:
        """The chunks' vectors, and the chunks carrying the vectors of their answer units."""
        # Similar lengths batched together: a batch is padded to its longest passage.
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].embed_text()))
        texts = [chunks[i].embed_text() for i in order]
        units_of = [split_units(chunk.text) for chunk in chunks]
        spans = [unit_spans(chunks[i], units_of[i]) for i in order]
        parts: list[np.ndarray] = []
        units: list[np.ndarray] = []
        for batch, batch_units in self.embedder.embed_chunks(texts, spans):
            parts.append(batch)
            units.extend(batch_units)
            yield ChunksEmbedded(path, sum(len(p) for p in parts), len(texts))
        if not parts:
            return [], np.zeros((0, 1), dtype=np.float32)
        vectors = np.empty_like(np.concatenate(parts))
        vectors[order] = np.concatenate(parts)
        packed = list(chunks)
        for i, unit_vectors in zip(order, units, strict=True):
            packed[i] = replace(chunks[i], unit_vectors=pack(units_of[i], unit_vectors))
        return packed, vectors


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
