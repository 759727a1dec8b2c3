"""Turn ingest events into a terminal progress bar (files, chunks, rate, ETA)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from tqdm import tqdm

from ingest.events import (
    ChunksEmbedded,
    FileFinished,
    FilesFound,
    FileStarted,
    IngestEvent,
    IngestSummary,
    PageRecognised,
)

logger = logging.getLogger(__name__)


def consume_with_bar(events: Iterable[IngestEvent]) -> IngestSummary:
    """Drive an ingest run to its end, showing progress on stderr; returns its summary."""
    files: tqdm | None = None
    summary = IngestSummary()
    disable = not sys.stderr.isatty()
    for event in events:
        if isinstance(event, FilesFound):
            files = tqdm(total=event.total, unit="file", desc="Ingest", disable=disable)
        elif isinstance(event, FileStarted) and files is not None:
            files.set_postfix_str(event.path.rsplit("/", 1)[-1][-40:])
        elif isinstance(event, PageRecognised) and files is not None:
            files.set_postfix_str(f"{event.path.rsplit('/', 1)[-1][-30:]} OCR page {event.done}/{event.total}")
        elif isinstance(event, ChunksEmbedded) and files is not None:
            files.set_postfix_str(f"{event.path.rsplit('/', 1)[-1][-30:]} {event.done}/{event.total} chunks")
        elif isinstance(event, FileFinished):
            if files is not None and event.status != "removed":
                files.update(1)
            if event.status == "skipped":
                logger.warning("skipped %s: %s", event.path, event.reason)
        elif isinstance(event, IngestSummary):
            summary = event
    if files is not None:
        files.close()
    return summary
