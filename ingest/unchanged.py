"""Whether an ingest run would change nothing, decided without Chroma, torch or the model.

The manifest records each file's content hash; the catalogue and BM25's terms file say what the last run finished.
When every file under the roots is indexed with its current content, none indexed there is gone, nothing is
pending and BM25 holds exactly the manifest's chunks, the run's outcome is known: every file unchanged. The check
holds the index's write lock, so it never reads a half-finished run; if another process holds it, the full run
(which waits for that process) decides instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from ingest.discover import discover, file_hash, is_under, shown_path
from ingest.events import FileFinished, FilesFound, IngestEvent, IngestSummary
from studietur.catalogue.store import CatalogueStore
from studietur.core.errors import DocumentError, IndexStoreError
from vectorstore.index_files import bm25_folder, bm25_ids, manifest_path
from vectorstore.lock import LOCK_FILE, IndexLock
from vectorstore.manifest import Manifest, load_manifest

logger = logging.getLogger(__name__)


def unchanged_run(
    roots: Sequence[Path], index_dir: Path, fingerprint: str, max_file_mb: float
) -> list[IngestEvent] | None:
    """The events of an ingest run over `roots` that finds every file unchanged, ending with its summary; None when
    the run has anything to do (or this cannot tell), so that the full run decides."""
    started = time.perf_counter()
    path = manifest_path(index_dir)
    if not path.exists():
        return None
    try:
        with IndexLock(index_dir / LOCK_FILE, wait=0):
            events = _unchanged(roots, index_dir, load_manifest(path), fingerprint, max_file_mb)
    except IndexStoreError as exc:
        logger.debug("the full ingest decides: %s", exc)
        return None
    if events is not None:
        summary = events[-1]
        assert isinstance(summary, IngestSummary)
        summary.seconds = time.perf_counter() - started
    return events


def _unchanged(
    roots: Sequence[Path], index_dir: Path, manifest: Manifest, fingerprint: str, max_file_mb: float
) -> list[IngestEvent] | None:
    if manifest.fingerprint != fingerprint or not all(record.done for record in manifest.files.values()):
        return None
    files = discover(roots)
    catalogue = CatalogueStore.for_index(index_dir)
    events: list[IngestEvent] = [FilesFound(len(files))]
    for file in files:
        finished = _unchanged_file(file, manifest, catalogue, max_file_mb)
        if finished is None:
            return None
        events.append(finished)
    present = {str(file) for file in files}
    if any(_deleted(Path(known), roots, present) for known in manifest.files):
        return None
    chunk_ids = manifest.done_chunk_ids()
    if bm25_ids(bm25_folder(index_dir)) != chunk_ids:
        return None  # a run ended before BM25 was committed: the full run repairs it
    summary = IngestSummary(chunks_total=len(chunk_ids))
    for event in events[1:]:
        assert isinstance(event, FileFinished)
        summary.record(event)
    return [*events, summary]


def _unchanged_file(file: Path, manifest: Manifest, catalogue: CatalogueStore, max_mb: float) -> FileFinished | None:
    if shown_path(file) != str(file):
        return None
    record = manifest.files.get(str(file))
    if record is None or not catalogue.has(str(file)):
        return None
    try:
        content_hash = file_hash(file, max_mb)
    except DocumentError:
        return None
    return FileFinished(str(file), "unchanged", len(record.chunk_ids)) if content_hash == record.file_hash else None


def _deleted(known: Path, roots: Sequence[Path], present: set[str]) -> bool:
    return str(known) not in present and is_under(known, roots) and not known.exists()
