"""Read one file of a supported type into raw text; every problem becomes a DocumentError that says what to do."""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from pathlib import Path

from ingest.config import IngestSettings
from ingest.decode import UndecodableText, decode_text
from ingest.documents import DocumentKind, LoadedDocument
from ingest.docx_reader import UnsafeArchive, check_archive, docx_to_text
from ingest.html_reader import html_to_text
from ingest.pdf_reader import PdfProblem, pdf_pages
from studietur.core.errors import DocumentError

logger = logging.getLogger(__name__)

_KINDS: dict[str, DocumentKind] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}
_SUPPORTED = "PDF, DOCX, TXT, MD or HTML"
# What zipfile, python-docx and lxml raise on a damaged DOCX (fuzzing found zlib.error and NotImplementedError;
# an encrypted member raises RuntimeError; XML errors met while reading styles are SyntaxErrors).
_DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    SyntaxError,
    struct.error,
    OverflowError,
    KeyError,
    ValueError,
)


def load_document(path: Path, settings: IngestSettings) -> LoadedDocument:
    kind = _kind(path, settings)
    _check_size(path, settings.max_file_mb)
    try:
        text, pages = _extract(path, kind, settings)
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror or exc}); check that it exists and its permissions"
        raise DocumentError(str(path), reason) from exc
    if not text.strip():
        raise DocumentError(str(path), _empty_reason(kind))
    logger.debug("%s: %d characters of %s text", path, len(text), kind)
    return LoadedDocument(path=path, text=text, pages=pages, kind=kind)


def _kind(path: Path, settings: IngestSettings) -> DocumentKind:
    suffix = path.suffix.lower()
    allowed = {ext.lower() for ext in settings.extensions}
    if suffix not in _KINDS or suffix not in allowed:
        shown = suffix or "without extension"
        raise DocumentError(str(path), f"file type {shown} is not supported; convert it to {_SUPPORTED}")
    return _KINDS[suffix]


def _check_size(path: Path, max_mb: float) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror or exc}); check that it exists") from exc
    if not path.is_file():
        raise DocumentError(str(path), "not a regular file; give the path of a document")
    if size > max_mb * 2**20:
        reason = f"file is {size / 2**20:.1f} MB, over the {max_mb:g} MB limit; split it or raise ingest.max_file_mb"
        raise DocumentError(str(path), reason)
    if size == 0:
        raise DocumentError(str(path), "the file is empty; add text to it or remove it")


def _extract(path: Path, kind: DocumentKind, settings: IngestSettings) -> tuple[str, tuple[str, ...]]:
    if kind == "pdf":
        return _pdf(path)
    if kind == "docx":
        return _docx(path, settings.max_file_mb), ()
    text = _decoded(path)
    return (html_to_text(text) if kind == "html" else text), ()


def _decoded(path: Path) -> str:
    try:
        return decode_text(path.read_bytes())
    except UndecodableText as exc:
        raise DocumentError(str(path), f"cannot decode the text: {exc}; save it as UTF-8") from exc


def _pdf(path: Path) -> tuple[str, tuple[str, ...]]:
    try:
        pages = pdf_pages(path)
    except PdfProblem as exc:
        raise DocumentError(str(path), str(exc)) from exc
    return "\n\n".join(pages), pages


def _docx(path: Path, max_file_mb: float) -> str:
    try:
        check_archive(path, max_file_mb)
        return docx_to_text(path)
    except UnsafeArchive as exc:
        raise DocumentError(str(path), f"the DOCX looks like a zip bomb: {exc}; save it again from Word") from exc
    except _DAMAGED_ZIP as exc:
        reason = "not a valid DOCX file (damaged, or another format renamed); save it again as DOCX"
        raise DocumentError(str(path), reason) from exc


def _empty_reason(kind: DocumentKind) -> str:
    if kind == "pdf":
        return "the PDF has no text layer (scanned pages?); run OCR on it or export it with text"
    if kind in ("docx", "html"):
        return "no text found in the document; check that it is not empty or only images"
    return "the file holds only whitespace; add text to it or remove it"
