"""Ingest runs started over the API: each runs in a thread of its own and reports its progress until it ends. The
last jobs are kept in a file in the index folder, so a client polling a job still gets its end after the server
restarts (and a job the restart cut short says so); ids are unique across restarts."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from assistant.views import summary_dict
from ingest.events import ChunksEmbedded, FileFinished, FilesFound, FileStarted, IngestEvent, PageRecognised
from studietur.core.errors import StudieturError
from ui.api.schemas import JobOut
from ui.corpus import BUSY, Busy, CorpusKeeper, IngestOutcome

logger = logging.getLogger(__name__)

KEPT_JOBS = 20
JOBS_FILE = "ingest-jobs.json"
INTERRUPTED = "the server stopped during this ingest; start it again (POST /api/v1/ingest) to finish it"
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
        """Record the end; those waiting are released by `release`, once the end is saved."""
        self.state, self.outcome, self.error, self.finished_at = state, outcome, error, _now()

    def release(self) -> None:
        self._ended.set()


@dataclass(frozen=True)
class StoredJob:
    """A job of an earlier run of the server, as it was last saved."""

    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


Job = IngestJob | StoredJob


class IngestJobs:
    """The jobs of one server (the last KEPT_JOBS of them, with those of its earlier runs); the keeper runs one change
    to the corpus at a time."""

    def __init__(self, keeper: CorpusKeeper, path: Path | None = None) -> None:
        self._keeper = keeper
        self._path = path
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict((job.id, job) for job in _load(path))

    def start(self) -> IngestJob:
        """Start a re-sync of the whole corpus folder; Busy when another ingest or delete is running."""
        if self._keeper.busy:
            raise Busy(BUSY)
        with self._lock:
            job = IngestJob(id=f"ingest-{uuid.uuid4().hex[:12]}")
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.popitem(last=False)
            self._save()
        threading.Thread(target=self._run, args=(job,), name=job.id, daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _save(self) -> None:
        """Write the jobs (under the lock) to a temporary file and move it in place: a crash leaves the old list."""
        if self._path is None:
            return
        temporary = self._path.with_suffix(".tmp")
        try:
            temporary.write_text(json.dumps([job.to_dict() for job in self._jobs.values()]), encoding="utf-8")
            temporary.replace(self._path)
        except OSError as exc:
            logger.warning(
                "could not save the ingest jobs to %s (%s); they last until the server stops", self._path, exc
            )

    def _ended(
        self, job: IngestJob, state: State, outcome: IngestOutcome | None = None, error: str | None = None
    ) -> None:
        job.end(state, outcome, error)
        with self._lock:
            self._save()
        job.release()  # after the save: a client told the job ended finds that end on disk too

    def _run(self, job: IngestJob) -> None:
        try:
            outcome = self._keeper.ingest(None, job.record)
        except StudieturError as exc:
            logger.warning("%s failed: %s", job.id, exc)
            self._ended(job, "failed", error=str(exc))
        except Exception as exc:  # a thread's exception would only reach stderr: the job must say it failed
            logger.exception("%s failed", job.id)
            error = f"an unexpected error ({type(exc).__name__}); the server's log has the details"
            self._ended(job, "failed", error=error)
        else:
            self._ended(job, "done", outcome)


def _load(path: Path | None) -> list[StoredJob]:
    """The jobs an earlier run saved; one it left running is reported failed, cut short by the restart. A damaged
    file is ignored with a warning and replaced at the next save: the jobs are a convenience, the index does not depend
    on them."""
    if path is None or not path.exists():
        return []
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        jobs = [StoredJob(_interrupted(dict(data))) for data in saved if _well_formed(data)]
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("%s: cannot read the saved ingest jobs (%s); starting without them", path, exc)
        return []
    return jobs[-KEPT_JOBS:]


def _well_formed(data: object) -> bool:
    """A saved job the API can give back as it is (a hand-edited or older entry is left out)."""
    try:
        JobOut.model_validate(data)
    except ValidationError:
        return False
    return True


def _interrupted(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("state") == "running":
        data.update(state="failed", error=INTERRUPTED, finished_at=None)
    return data


def _file_dict(event: FileFinished) -> dict[str, Any]:
    return {"file": Path(event.path).name, "status": event.status, "chunks": event.chunks, "reason": event.reason}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
