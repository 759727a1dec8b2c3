"""The corpus folder and its index as staff change them, from the UI or the API: uploads stored under safe names
only in the corpus folder, and one ingest or delete at a time across every session and client."""

from __future__ import annotations

import logging
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.service import Assistant
from ingest.events import FileFinished, IngestEvent, IngestSummary
from studietur.core.errors import InputError, StudieturError

logger = logging.getLogger(__name__)

UPLOAD_TYPES = (".pdf", ".docx", ".pptx", ".xlsx", ".txt", ".md", ".html")
MAX_NAME_CHARS = 120
BUSY = "En anden indlæsning eller sletning kører lige nu. Vent til den er færdig, og prøv igen."
_UNSAFE = re.compile(r"[^\w.()-]+")  # \w is Unicode-aware: æ, ø, å and digits stay

OnEvent = Callable[[IngestEvent], None]


class Busy(StudieturError):
    """Another ingest or delete holds the lock."""


class UnknownDocument(InputError):
    """A document named by a request is not in the index."""


@dataclass
class IngestOutcome:
    """The files an ingest finished (in order) and its summary."""

    finished: list[FileFinished] = field(default_factory=list)
    summary: IngestSummary | None = None

    @property
    def skipped(self) -> list[FileFinished]:
        return [event for event in self.finished if event.status == "skipped"]


@dataclass(frozen=True)
class Removal:
    """A document taken out of the index; its file is deleted only when it lay in the corpus folder."""

    doc: str
    path: str
    file_removed: bool


def sanitize_filename(name: str, allowed: Sequence[str] = UPLOAD_TYPES) -> str:
    """A safe base name for an uploaded file: no folders, no control characters, only safe characters."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if ch.isprintable())
    name = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = suffix.lower()
    if f".{suffix}" not in allowed:
        shown = f".{suffix}" if suffix else "uden filendelse"
        raise InputError(f"filtypen {shown} kan ikke indlæses; brug {', '.join(allowed)}")
    stem = _UNSAFE.sub("_", stem).strip("._-") or "dokument"
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1].rstrip("._-") or "dokument"
    return f"{stem}.{suffix}"


def store_upload(source: Path, corpus_dir: Path, max_mb: float, allowed: Sequence[str] = UPLOAD_TYPES) -> Path:
    """Copy an uploaded file into the corpus folder under a sanitised, unused name; never outside that folder."""
    return store_named_upload(source, source.name, corpus_dir, max_mb, allowed)


def store_named_upload(
    source: Path, name: str, corpus_dir: Path, max_mb: float, allowed: Sequence[str] = UPLOAD_TYPES
) -> Path:
    """As store_upload, for a file saved under a temporary name whose given `name` is what the user called it."""
    name = sanitize_filename(name, allowed)
    size = source.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise InputError(f"{name} fylder {size / 2**20:.1f} MB; grænsen er {max_mb:g} MB (ingest.max_file_mb)")
    corpus = corpus_dir.resolve()
    corpus.mkdir(parents=True, exist_ok=True)
    stem, suffix = name.rsplit(".", 1)
    for attempt in range(1, 1000):
        target = corpus / (name if attempt == 1 else f"{stem}_{attempt}.{suffix}")
        if target.resolve().parent != corpus:
            raise InputError(f"{name}: ugyldigt filnavn")
        try:
            with source.open("rb") as data, target.open("xb") as out:
                shutil.copyfileobj(data, out)
        except FileExistsError:
            continue
        logger.info("stored upload %s as %s", name, target)
        return target
    raise InputError(f"der findes allerede for mange filer med navnet {name}; omdøb filen")


def discard(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            logger.warning("could not remove %s: %s", path, exc)


class CorpusKeeper:
    """Changes to the corpus and its index, one at a time: the UI and the API share one keeper per process."""

    def __init__(self, bot: Assistant) -> None:
        self.bot = bot
        self._lock = threading.Lock()

    @property
    def upload_types(self) -> tuple[str, ...]:
        """The upload types the settings ingest (ingest.extensions)."""
        extensions = {e.lower() for e in self.bot.settings.ingest.extensions}
        return tuple(ext for ext in UPLOAD_TYPES if ext in extensions)

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    def ingest(self, paths: list[Path] | None = None, on_event: OnEvent | None = None) -> IngestOutcome:
        """Run one ingest of `paths` (None: the whole corpus folder), passing each event to `on_event`."""
        with self._held():
            return self._ingest(paths, on_event)

    def add(self, stored: list[Path], on_event: OnEvent | None = None) -> IngestOutcome:
        """Ingest files just stored in the corpus folder. Files that are skipped, or all of them when the ingest
        fails, are removed again; when new chunking or model settings emptied the index, the rest comes back too."""
        try:
            with self._held():
                outcome = self._ingest(stored, on_event)
                if outcome.summary is not None and outcome.summary.rebuilt:
                    resynced = self._ingest(None, on_event)
                    summary = resynced.summary or outcome.summary
                    outcome = IngestOutcome(outcome.finished, replace(summary, rebuilt=True))
        except BaseException:
            discard(stored)
            raise
        discard(Path(event.path) for event in outcome.skipped)
        return outcome

    def delete(self, path_or_doc: str) -> Removal:
        """Remove one document (its path, or its file name) from the index and, inside the corpus folder, the disk."""
        records = self.bot.documents()
        record = next((r for r in records if r.path == path_or_doc), None) or next(
            (r for r in records if r.doc == path_or_doc), None
        )
        if record is None:
            raise UnknownDocument(f"{path_or_doc} er ikke i indekset")
        with self._held():
            self.bot.delete_document(record.path)
            file = Path(record.path)
            inside = file.resolve().is_relative_to(self.bot.settings.paths.corpus_dir.resolve())
            if inside:
                file.unlink(missing_ok=True)
        logger.info("deleted %s (file removed: %s)", record.path, inside)
        return Removal(record.doc, record.path, inside)

    def _ingest(self, paths: list[Path] | None, on_event: OnEvent | None) -> IngestOutcome:
        outcome = IngestOutcome()
        for event in self.bot.ingest(paths):
            if on_event is not None:
                on_event(event)
            if isinstance(event, FileFinished):
                outcome.finished.append(event)
            elif isinstance(event, IngestSummary):
                outcome.summary = event
        return outcome

    @contextmanager
    def _held(self) -> Iterator[None]:
        """The lock, taken without waiting: a second change while one runs is refused (Busy)."""
        if not self._lock.acquire(blocking=False):
            raise Busy(BUSY)
        try:
            yield
        finally:
            self._lock.release()
