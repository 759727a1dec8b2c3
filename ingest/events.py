"""Progress events of an ingest run, consumed by the CLI's progress bar and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FileStatus = Literal["added", "updated", "renamed", "unchanged", "removed", "skipped"]


@dataclass(frozen=True)
class FilesFound:
    total: int


@dataclass(frozen=True)
class FileStarted:
    path: str
    number: int
    total: int


@dataclass(frozen=True)
class PageRecognised:
    """OCR has read one page of a scanned PDF: page `page`, the `done`-th of the `total` pages without text."""

    path: str
    page: int
    done: int
    total: int


@dataclass(frozen=True)
class ChunksEmbedded:
    path: str
    done: int
    total: int


@dataclass(frozen=True)
class FileFinished:
    path: str
    status: FileStatus
    chunks: int = 0
    reason: str = ""


@dataclass
class IngestSummary:
    """What a run did, per status, with the reason of every skipped file."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks_written: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    rebuilt: bool = False

    def record(self, event: FileFinished) -> None:
        self.counts[event.status] = self.counts.get(event.status, 0) + 1
        self.chunks_written += event.chunks if event.status in ("added", "updated") else 0
        if event.status == "skipped":
            self.skipped.append((event.path, event.reason))


IngestEvent = FilesFound | FileStarted | PageRecognised | ChunksEmbedded | FileFinished | IngestSummary
