"""The Dokumenter tab: the ingested documents, upload (stored only in the corpus folder), delete and re-sync."""

from __future__ import annotations

import logging
import re
import shutil
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.service import Assistant
from ingest.events import ChunksEmbedded, FileFinished, FilesFound, FileStarted, IngestSummary, PageRecognised
from studietur.core.errors import InputError, StudieturError
from ui.render import lines_html, message_html
from vectorstore.manifest import FileRecord

logger = logging.getLogger(__name__)

UPLOAD_TYPES = (".pdf", ".docx", ".pptx", ".xlsx", ".txt", ".md", ".html")
# Columns of the documents table: header, CSS class (its width; "num" aligns right).
COLUMNS = (
    ("Titel", "title"),
    ("Fil", "file"),
    ("År", "year num"),
    ("Type", "type"),
    ("Passager", "chunks num"),
    ("Indlæst", "ingested"),
)
NO_DOCUMENTS = "Indekset har ingen dokumenter endnu: upload en fil, eller synkronisér korpusmappen."
MAX_NAME_CHARS = 120
BUSY = "En anden indlæsning eller sletning kører lige nu. Vent til den er færdig, og prøv igen."
STATUS_DA = {
    "added": "tilføjet",
    "updated": "opdateret",
    "renamed": "omdøbt",
    "unchanged": "uændret",
    "removed": "fjernet",
    "skipped": "sprunget over",
}
_UNSAFE = re.compile(r"[^\w.()-]+")  # \w is Unicode-aware: æ, ø, å and digits stay


class Busy(StudieturError):
    """Another ingest or delete holds the lock."""


# --- file names and storage -------------------------------------------------------------------


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
    name = sanitize_filename(source.name, allowed)
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
        logger.info("stored upload %s as %s", source.name, target)
        return target
    raise InputError(f"der findes allerede for mange filer med navnet {name}; omdøb filen")


# --- ingest with progress ---------------------------------------------------------------------


def run_ingest(
    bot: Assistant, lock: threading.Lock, paths: list[Path] | None, progress: gr.Progress
) -> tuple[list[FileFinished], IngestSummary | None]:
    """Run one ingest (the lock serialises them), driving the progress bar from its events."""
    if not lock.acquire(blocking=False):
        raise Busy(BUSY)
    finished: list[FileFinished] = []
    summary = None
    try:
        for event in bot.ingest(paths):
            if isinstance(event, FilesFound):
                progress(0, desc=f"{event.total} filer fundet")
            elif isinstance(event, FileStarted):
                progress(
                    (event.number - 1, event.total),
                    desc=f"Fil {event.number} af {event.total}: {Path(event.path).name}",
                )
            elif isinstance(event, PageRecognised):
                progress(
                    (event.done, event.total),
                    desc=f"{Path(event.path).name}: side {event.page} læses med OCR ({event.done} af {event.total})",
                )
            elif isinstance(event, ChunksEmbedded):
                progress(
                    (event.done, event.total),
                    desc=f"{Path(event.path).name}: {event.done} af {event.total} passager indlejret",
                )
            elif isinstance(event, FileFinished):
                finished.append(event)
            elif isinstance(event, IngestSummary):
                summary = event
    finally:
        lock.release()
    return finished, summary


def report_lines(finished: Iterable[FileFinished], summary: IngestSummary | None) -> list[str]:
    lines = []
    for event in finished:
        line = f"{Path(event.path).name}: {STATUS_DA.get(event.status, event.status)}"
        if event.status in ("added", "updated", "renamed", "unchanged"):
            line += f" ({event.chunks} passager)"
        if event.reason:
            line += f" – {event.reason}"
        lines.append(line)
    if summary is not None:
        counts = ", ".join(f"{n} {STATUS_DA.get(s, s)}" for s, n in sorted(summary.counts.items())) or "ingen filer"
        lines.append(
            f"Færdig på {summary.seconds:.1f} s: {counts}; {summary.chunks_written} passager skrevet, "
            f"{summary.chunks_total} i indekset."
        )
        if summary.rebuilt:
            lines.append("Indekset blev bygget forfra, fordi indstillingerne for opdeling eller model er ændret.")
    return lines


# --- handlers ---------------------------------------------------------------------------------


def upload(
    bot: Assistant,
    lock: threading.Lock,
    files: list[str] | None,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> tuple[str, None]:
    """Store uploaded files in the corpus folder and ingest just them; a file that is skipped is not kept."""
    if not files:
        return message_html("Vælg en fil at uploade."), None
    settings = bot.settings
    allowed = tuple(ext for ext in UPLOAD_TYPES if ext in {e.lower() for e in settings.ingest.extensions})
    stored: list[Path] = []
    problems: list[str] = []
    for name in files:
        try:
            stored.append(store_upload(Path(name), settings.paths.corpus_dir, settings.ingest.max_file_mb, allowed))
        except (InputError, OSError) as exc:
            problems.append(f"{Path(name).name}: ikke gemt – {exc}")
    if not stored:
        return lines_html(problems, "error"), None
    try:
        finished, summary = run_ingest(bot, lock, stored, progress)
        if summary is not None and summary.rebuilt:
            # New chunking or model settings emptied the index: bring the rest of the corpus back as well.
            _, resynced = run_ingest(bot, lock, None, progress)
            summary = replace(resynced, rebuilt=True) if resynced else summary
    except Busy as exc:
        _discard(stored)
        return lines_html([*problems, str(exc)], "error"), None
    except StudieturError as exc:
        logger.warning("ingest of uploads failed: %s", exc)
        _discard(stored)
        return lines_html([*problems, f"Indlæsningen mislykkedes: {exc}"], "error"), None
    except Exception:
        logger.exception("ingest of uploads %s failed", stored)
        _discard(stored)
        return lines_html([*problems, "Der opstod en uventet fejl under indlæsningen. Prøv igen."], "error"), None
    skipped = [Path(e.path) for e in finished if e.status == "skipped"]
    _discard(skipped)
    lines = [*problems, *report_lines(finished, summary)]
    if skipped:
        lines.append("Filer, der blev sprunget over, er ikke gemt i korpusmappen.")
    return lines_html(lines, "error" if problems or skipped else "ok"), None


def resync(
    bot: Assistant,
    lock: threading.Lock,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> str:
    """Bring the index in step with the whole corpus folder."""
    try:
        finished, summary = run_ingest(bot, lock, None, progress)
    except StudieturError as exc:
        return message_html(f"Synkroniseringen mislykkedes: {exc}", "error")
    except Exception:
        logger.exception("re-sync of the corpus failed")
        return message_html("Der opstod en uventet fejl under synkroniseringen. Prøv igen.", "error")
    changed = [e for e in finished if e.status != "unchanged"]
    unchanged = len(finished) - len(changed)
    lines = report_lines(changed, summary)
    if unchanged:
        lines.insert(0, f"{unchanged} filer er uændrede.")
    return lines_html(lines, "error" if any(e.status == "skipped" for e in finished) else "ok")


def delete(bot: Assistant, lock: threading.Lock, path: str | None) -> str:
    """Remove one document from the index and, when it lies in the corpus folder, from the disk."""
    if not path:
        return message_html("Intet er slettet: vælg et dokument, og bekræft sletningen.")
    record = next((r for r in bot.documents() if r.path == path), None)
    if record is None:
        return message_html("Dokumentet er ikke (længere) i indekset.", "error")
    if not lock.acquire(blocking=False):
        return message_html(BUSY, "error")
    try:
        bot.delete_document(record.path)
        file = Path(record.path)
        inside = file.resolve().is_relative_to(bot.settings.paths.corpus_dir.resolve())
        if inside:
            file.unlink(missing_ok=True)
    except (StudieturError, OSError) as exc:
        logger.warning("deleting %s failed: %s", record.path, exc)
        return message_html(f"{record.doc} kunne ikke slettes: {exc}", "error")
    except Exception:
        logger.exception("deleting %s failed", record.path)
        return message_html("Der opstod en uventet fejl under sletningen. Prøv igen.", "error")
    finally:
        lock.release()
    logger.info("deleted %s (file removed: %s)", record.path, inside)
    if not inside:
        return message_html(
            f"{record.doc} er fjernet fra indekset; filen ligger uden for korpusmappen og er ikke slettet.", "ok"
        )
    return message_html(f"{record.doc} er slettet fra korpusmappen og indekset.", "ok")


def refresh(bot: Assistant) -> tuple[str, Any]:
    """The documents table and the delete menu, as the index is now."""
    records = bot.documents()
    return table_html(records), gr.Dropdown(choices=delete_choices(records), value=None)


def table_html(records: Iterable[FileRecord]) -> str:
    """The documents as a table whose columns share the page's width (a long title or file name wraps)."""
    cols = "".join(f'<col class="{css}">' for _, css in COLUMNS)
    head = "".join(f'<th scope="col" class="{css}">{name}</th>' for name, css in COLUMNS)
    rows = [
        "<tr>"
        + "".join(f'<td class="{css}">{escape(str(v))}</td>' for (_, css), v in zip(COLUMNS, row, strict=True))
        + "</tr>"
        for row in table_rows(records)
    ]
    body = "".join(rows) or f'<tr><td colspan="{len(COLUMNS)}" class="empty">{NO_DOCUMENTS}</td></tr>'
    return f'<table class="doc-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def table_rows(records: Iterable[FileRecord]) -> list[list[Any]]:
    rows = []
    for r in records:
        chunks = len(r.chunk_ids) if r.done else "indlæses …"
        rows.append([r.title, r.doc, r.year or "–", r.doc_type or "–", chunks, r.ingested_at.replace("T", " ")[:16]])
    return rows


def delete_choices(records: Iterable[FileRecord]) -> list[tuple[str, str]]:
    return [(f"{r.title} ({r.doc})", r.path) for r in records]


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            logger.warning("could not remove %s: %s", path, exc)


CSS = """
#documents-table .doc-table {width: 100%; table-layout: fixed; border-collapse: collapse; border: 1px solid #d0d7de; font-family: inherit; font-size: 0.95em; margin: 0;}
#documents-table .doc-table tr {border: 0;}
#documents-table .doc-table th, #documents-table .doc-table td {padding: 6px 10px; border: 0; border-bottom: 1px solid #d0d7de; text-align: left; vertical-align: top; overflow-wrap: anywhere;}
#documents-table .doc-table th {background: #f6f8fa; font-weight: 600; color: #1f2328;}
#documents-table .doc-table .num {text-align: right;}
#documents-table .doc-table td.empty {color: #57606a; font-style: italic;}
#documents-table col.title {width: 37%;}
#documents-table col.file {width: 21%;}
#documents-table col.year {width: 6%;}
#documents-table col.type {width: 12%;}
#documents-table col.chunks {width: 9%;}
#documents-table col.ingested {width: 15%;}
"""
