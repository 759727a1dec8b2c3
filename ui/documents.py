"""The Dokumenter tab: the ingested documents, upload (stored only in the corpus folder), delete and re-sync."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import gradio as gr

from assistant.service import Assistant
from ingest.events import (
    ChunksEmbedded,
    FileFinished,
    FilesFound,
    FileStarted,
    IngestEvent,
    IngestSummary,
    PageRecognised,
)
from studietur.core.errors import InputError, StudieturError
from ui.corpus import Busy, CorpusKeeper, OnEvent, UnknownDocument, store_upload
from ui.render import lines_html, message_html
from vectorstore.manifest import FileRecord

logger = logging.getLogger(__name__)

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
STATUS_DA = {
    "added": "tilføjet",
    "updated": "opdateret",
    "renamed": "omdøbt",
    "unchanged": "uændret",
    "removed": "fjernet",
    "skipped": "sprunget over",
}


# --- ingest with progress ---------------------------------------------------------------------


def progress_events(progress: gr.Progress) -> OnEvent:
    """An ingest's events as moves of Gradio's progress bar."""

    def show(event: IngestEvent) -> None:
        if isinstance(event, FilesFound):
            progress(0, desc=f"{event.total} filer fundet")
        elif isinstance(event, FileStarted):
            progress(
                (event.number - 1, event.total), desc=f"Fil {event.number} af {event.total}: {Path(event.path).name}"
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

    return show


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
    keeper: CorpusKeeper,
    files: list[str] | None,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> tuple[str, None]:
    """Store uploaded files in the corpus folder and ingest just them; a file that is skipped is not kept."""
    if not files:
        return message_html("Vælg en fil at uploade."), None
    settings = keeper.bot.settings
    stored: list[Path] = []
    problems: list[str] = []
    for name in files:
        try:
            stored.append(
                store_upload(Path(name), settings.paths.corpus_dir, settings.ingest.max_file_mb, keeper.upload_types)
            )
        except (InputError, OSError) as exc:
            problems.append(f"{Path(name).name}: ikke gemt – {exc}")
    if not stored:
        return lines_html(problems, "error"), None
    try:
        outcome = keeper.add(stored, progress_events(progress))
    except Busy as exc:
        return lines_html([*problems, str(exc)], "error"), None
    except StudieturError as exc:
        logger.warning("ingest of uploads failed: %s", exc)
        return lines_html([*problems, f"Indlæsningen mislykkedes: {exc}"], "error"), None
    except Exception:
        logger.exception("ingest of uploads %s failed", stored)
        return lines_html([*problems, "Der opstod en uventet fejl under indlæsningen. Prøv igen."], "error"), None
    lines = [*problems, *report_lines(outcome.finished, outcome.summary)]
    if outcome.skipped:
        lines.append("Filer, der blev sprunget over, er ikke gemt i korpusmappen.")
    return lines_html(lines, "error" if problems or outcome.skipped else "ok"), None


def resync(
    keeper: CorpusKeeper,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects the progress tracker
) -> str:
    """Bring the index in step with the whole corpus folder."""
    try:
        outcome = keeper.ingest(None, progress_events(progress))
    except StudieturError as exc:
        return message_html(f"Synkroniseringen mislykkedes: {exc}", "error")
    except Exception:
        logger.exception("re-sync of the corpus failed")
        return message_html("Der opstod en uventet fejl under synkroniseringen. Prøv igen.", "error")
    changed = [e for e in outcome.finished if e.status != "unchanged"]
    unchanged = len(outcome.finished) - len(changed)
    lines = report_lines(changed, outcome.summary)
    if unchanged:
        lines.insert(0, f"{unchanged} filer er uændrede.")
    return lines_html(lines, "error" if outcome.skipped else "ok")


def delete(keeper: CorpusKeeper, path: str | None) -> str:
    """Remove one document from the index and, when it lies in the corpus folder, from the disk."""
    if not path:
        return message_html("Intet er slettet: vælg et dokument, og bekræft sletningen.")
    try:
        removal = keeper.delete(path)
    except UnknownDocument:
        return message_html("Dokumentet er ikke (længere) i indekset.", "error")
    except Busy as exc:
        return message_html(str(exc), "error")
    except (StudieturError, OSError) as exc:
        logger.warning("deleting %s failed: %s", path, exc)
        return message_html(f"{Path(path).name} kunne ikke slettes: {exc}", "error")
    except Exception:
        logger.exception("deleting %s failed", path)
        return message_html("Der opstod en uventet fejl under sletningen. Prøv igen.", "error")
    if not removal.file_removed:
        return message_html(
            f"{removal.doc} er fjernet fra indekset; filen ligger uden for korpusmappen og er ikke slettet.", "ok"
        )
    return message_html(f"{removal.doc} er slettet fra korpusmappen og indekset.", "ok")


def refresh(bot: Assistant) -> tuple[str, Any]:
    """The documents table and the delete menu, as the index is now."""
    records = bot.documents()
    return table_html(records, bot.settings.ui.timezone), gr.Dropdown(choices=delete_choices(records), value=None)


def table_html(records: Iterable[FileRecord], zone: str) -> str:
    """The documents as a table whose columns share the page's width (a long title or file name wraps)."""
    cols = "".join(f'<col class="{css}">' for _, css in COLUMNS)
    head = "".join(f'<th scope="col" class="{css}">{name}</th>' for name, css in COLUMNS)
    rows = [
        "<tr>"
        + "".join(f'<td class="{css}">{escape(str(v))}</td>' for (_, css), v in zip(COLUMNS, row, strict=True))
        + "</tr>"
        for row in table_rows(records, zone)
    ]
    body = "".join(rows) or f'<tr><td colspan="{len(COLUMNS)}" class="empty">{NO_DOCUMENTS}</td></tr>'
    return f'<table class="doc-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def table_rows(records: Iterable[FileRecord], zone: str) -> list[list[Any]]:
    rows = []
    for r in records:
        chunks = len(r.chunk_ids) if r.done else "indlæses …"
        rows.append([r.title, r.doc, r.year or "–", r.doc_type or "–", chunks, local_time(r.ingested_at, zone)])
    return rows


def local_time(stamp: str, zone: str) -> str:
    """An ISO time the index keeps in UTC, as the clock reads in `zone` ("2026-12-07 05:42")."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def delete_choices(records: Iterable[FileRecord]) -> list[tuple[str, str]]:
    return [(f"{r.title} ({r.doc})", r.path) for r in records]


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
