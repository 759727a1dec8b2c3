"""Ingest runs started over the API: each runs in a thread of its own and reports its progress until it ends."""

from __future__ import annotations

import itertools
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.views import summary_dict
from ingest.events import ChunksEmbedded, FileFinished, FilesFound, FileStarted, IngestEvent, PageRecognised
from studietur.core.errors import StudieturError
from ui.corpus import BUSY, Busy, CorpusKeeper, IngestOutcome

logger = logging.getLogger(__name__)

KEPT_JOBS = 20
State = Literal["running", "done", "failed"]


@dataclass
class IngestJob:
    """One re-sync of the corpus folder, as clients poll it."""

    id: str
    started_at: str = field(default_factory=lambda: _now())
    finished_at: str | None = None
    state: State = "running"
    files_total: int = 0
    files_done: int = 0
    current: str = ""
    step: str = ""
    outcome: IngestOutcome | None = None
    error: str | None = None
    _ended: threading.Event = field(default_factory=threading.Event, repr=False)

    def record(self, event: IngestEvent) -> None:
        """Follow the ingest's progress events."""
        if isinstance(event, FilesFound):
            self.files_total = event.total
        elif isinstance(event, FileStarted):
            self.current, self.step = Path(event.path).name, "reading"
        elif isinstance(event, PageRecognised):
            self.step = f"OCR page {event.page} ({event.done} of {event.total})"
        elif isinstance(event, ChunksEmbedded):
            self.step = f"embedding ({event.done} of {event.total} passages)"
        elif isinstance(event, FileFinished):
            self.files_done += 1
            self.current, self.step = "", ""

    def wait(self, timeout: float | None = None) -> bool:
        return self._ended.wait(timeout)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome
        return {
            "id": self.id,
            "state": self.state,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "progress": {
                "files_done": self.files_done,
                "files_total": self.files_total,
                "file": self.current,
                "step": self.step,
            },
            "files": [_file_dict(e) for e in outcome.finished] if outcome else [],
            "summary": summary_dict(outcome.summary) if outcome and outcome.summary else None,
            "error": self.error,
        }

    def end(self, state: State, outcome: IngestOutcome | None = None, error: str | None = None) -> None:
        self.state, self.outcome, self.error, self.finished_at = state, outcome, error, _now()
        self._ended.set()


class IngestJobs:
    """The jobs of one server (the last KEPT_JOBS of them); the keeper runs one change to the corpus at a time."""

    def __init__(self, keeper: CorpusKeeper) -> None:
        self._keeper = keeper
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def start(self) -> IngestJob:
        """Start a re-sync of the whole corpus folder; Busy when another ingest or delete is running."""
        if self._keeper.busy:
            raise Busy(BUSY)
        with self._lock:
            job = IngestJob(id=f"ingest-{next(self._ids)}")
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job,), name=job.id, daemon=True).start()
        return job

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: IngestJob) -> None:
        try:
            outcome = self._keeper.ingest(None, job.record)
        except StudieturError as exc:
            logger.warning("%s failed: %s", job.id, exc)
            job.end("failed", error=str(exc))
        except Exception as exc:  # a thread's exception would only reach stderr: the job must say it failed
            logger.exception("%s failed", job.id)
            job.end("failed", error=f"an unexpected error ({type(exc).__name__}); the server's log has the details")
        else:
            job.end("done", outcome)


def _file_dict(event: FileFinished) -> dict[str, Any]:
    return {"file": Path(event.path).name, "status": event.status, "chunks": event.chunks, "reason": event.reason}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
