"""One file from disk to a cleaned, described and chunked document: load, clean, metadata, chunk."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Generator
from pathlib import Path

from ingest.chunk import chunk_document
from ingest.clean import clean_text
from ingest.config import IngestSettings
from ingest.documents import LoadedDocument
from ingest.events import PageRecognised
from ingest.furniture import remove_repeated_lines, repeated_page_lines
from ingest.loaders import drain, load_steps
from ingest.metadata import detect_doc_type, detect_title, detect_year
from studietur.core.errors import DocumentError
from studietur.core.types import PreparedDocument

logger = logging.getLogger(__name__)

_PAGE_SEPARATOR = "\n\n"


def prepare_document(path: Path, settings: IngestSettings, count_tokens: Callable[[str], int]) -> PreparedDocument:
    return drain(prepare_steps(path, settings, count_tokens))


def prepare_steps(
    path: Path, settings: IngestSettings, count_tokens: Callable[[str], int]
) -> Generator[PageRecognised, None, PreparedDocument]:
    """As `prepare_document`, yielding an event after each page OCR reads."""
    loaded = yield from load_steps(path, settings)
    cleaned, page_starts = clean_document(loaded)
    if not cleaned:
        raise DocumentError(str(path), "no text is left after cleaning (only page numbers or layout); check the file")
    title = detect_title(cleaned) or path.stem
    year = detect_year(cleaned)
    doc_type = detect_doc_type(title, cleaned)
    chunks = chunk_document(
        path.name,
        cleaned,
        settings.chunking,
        count_tokens,
        title=title,
        year=year,
        doc_type=doc_type,
        page_starts=page_starts,
        ocr_pages=loaded.ocr_pages,
    )
    logger.info("%s: %r, %s, %d chunks", path.name, title, year or "no year", len(chunks))
    return PreparedDocument(
        doc=path.name,
        title=title,
        year=year,
        doc_type=doc_type,
        cleaned_text=cleaned,
        text_hash=hashlib.sha256(cleaned.encode("utf-8")).hexdigest(),
        chunks=chunks,
        encoding=loaded.encoding,
        ocr_pages=loaded.ocr_pages,
    )


def clean_document(loaded: LoadedDocument) -> tuple[str, tuple[int, ...]]:
    """The cleaned text and, for PDFs (and slides), the offset where each page starts in it."""
    if not loaded.pages:
        return clean_text(loaded.text), ()
    repeated = repeated_page_lines(loaded.pages)
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in loaded.pages:
        cleaned = clean_text(remove_repeated_lines(page, repeated))
        if parts and cleaned:
            offset += len(_PAGE_SEPARATOR)
        starts.append(offset)
        if cleaned:
            parts.append(cleaned)
            offset += len(cleaned)
    return _PAGE_SEPARATOR.join(parts), tuple(starts)
