"""Read one file of a supported type into raw text; every problem becomes a DocumentError that says what to do.

`load_steps` is a generator: it yields a `PageRecognised` event after each page OCR reads and returns the
`LoadedDocument`, so an ingest run can show progress on a long scan; `load_document` runs it to its end."""

from __future__ import annotations

import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Generator
from pathlib import Path
from typing import TypeVar

from ingest.archive import UnsafeArchive, check_archive
from ingest.config import IngestSettings, OcrSettings
from ingest.decode import Decoded, UndecodableText, decode_bytes
from ingest.documents import DocumentKind, LoadedDocument
from ingest.docx_reader import docx_to_text
from ingest.events import PageRecognised
from ingest.html_reader import html_to_text
from ingest.ocr import OcrFailed, OcrUnavailable, recognise_pages
from ingest.pdf_reader import PdfProblem, pdf_pages
from ingest.pptx_reader import pptx_slides
from ingest.xlsx_reader import xlsx_to_text
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
    ".pptx": "pptx",
    ".xlsx": "xlsx",
}
_SUPPORTED = "PDF, DOCX, PPTX, XLSX, TXT, MD or HTML"
_OFFICE_NAMES = {"docx": "DOCX", "pptx": "PPTX", "xlsx": "XLSX"}
# An encrypted Office file (and an old .doc/.xls/.ppt) is an OLE compound file, not a zip archive.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What zipfile, python-docx, python-pptx, openpyxl and lxml raise on a damaged Office file (fuzzing found zlib.error
# and NotImplementedError; an encrypted member raises RuntimeError; XML errors met while reading styles are
# SyntaxErrors).
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
# A page with fewer word characters than this in its text layer (a stamped page number) is read by OCR.
_MIN_LAYER_CHARS = 10
_WORD_CHAR = re.compile(r"\w")
T = TypeVar("T")


def load_document(path: Path, settings: IngestSettings) -> LoadedDocument:
    return drain(load_steps(path, settings))


def drain(steps: Generator[object, None, T]) -> T:
    """Run a generator of progress events to its end and return its value."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def load_steps(path: Path, settings: IngestSettings) -> Generator[PageRecognised, None, LoadedDocument]:
    kind = _kind(path, settings)
    _check_size(path, settings.max_file_mb)
    try:
        loaded = yield from _extract(path, kind, settings)
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror or exc}); check that it exists and its permissions"
        raise DocumentError(str(path), reason) from exc
    if not loaded.text.strip():
        raise DocumentError(str(path), _empty_reason(kind, settings.ocr))
    logger.debug("%s: %d characters of %s text", path, len(loaded.text), kind)
    return loaded


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


def _extract(
    path: Path, kind: DocumentKind, settings: IngestSettings
) -> Generator[PageRecognised, None, LoadedDocument]:
    if kind == "pdf":
        return (yield from _pdf(path, settings.ocr))
    if kind in _OFFICE_NAMES:
        return _office(path, kind, settings.max_file_mb)
    decoded = _decoded(path)
    text = html_to_text(decoded.text) if kind == "html" else decoded.text
    return LoadedDocument(path, text, (), kind, encoding=decoded.encoding)


def _decoded(path: Path) -> Decoded:
    try:
        return decode_bytes(path.read_bytes())
    except UndecodableText as exc:
        raise DocumentError(str(path), f"cannot decode the text: {exc}; save it as UTF-8") from exc


def _pdf(path: Path, ocr: OcrSettings) -> Generator[PageRecognised, None, LoadedDocument]:
    try:
        pages = list(pdf_pages(path))
    except PdfProblem as exc:
        raise DocumentError(str(path), str(exc)) from exc
    blank = [number for number, page in enumerate(pages, start=1) if _words(page) < _MIN_LAYER_CHARS]
    read: dict[int, str] = {}
    if blank and ocr.enabled:
        try:
            read = yield from _ocr(path, blank, ocr)
        except DocumentError as exc:
            if len(blank) == len(pages):
                raise
            # The text layer of the other pages is still worth indexing.
            logger.warning("%s: pages %s left without text: %s", path.name, blank, exc.reason)
    # OCR's text replaces a page's thin text layer only when it holds more words (a photo's OCR is empty).
    recognised = tuple(n for n, text in read.items() if _words(text) > _words(pages[n - 1]))
    for number in recognised:
        pages[number - 1] = read[number]
    return LoadedDocument(path, "\n\n".join(pages), tuple(pages), "pdf", ocr_pages=recognised)


def _words(text: str) -> int:
    return len(_WORD_CHAR.findall(text))


def _ocr(path: Path, blank: list[int], ocr: OcrSettings) -> Generator[PageRecognised, None, dict[int, str]]:
    if len(blank) > ocr.max_pages:
        reason = (
            f"{len(blank)} pages have no text layer, more than the {ocr.max_pages} OCR reads in one file "
            "(ingest.ocr.max_pages); split the PDF or raise the limit"
        )
        raise DocumentError(str(path), reason)
    try:
        return (yield from recognise_pages(path, blank, ocr))
    except OcrUnavailable as exc:
        raise DocumentError(str(path), f"the PDF has pages without a text layer (scanned?), and {exc}") from exc
    except OcrFailed as exc:
        raise DocumentError(str(path), f"OCR of the scanned pages failed: {exc}; export the PDF with text") from exc


def _office(path: Path, kind: DocumentKind, max_file_mb: float) -> LoadedDocument:
    name = _OFFICE_NAMES[kind]
    try:
        with path.open("rb") as data:
            if data.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
                reason = (
                    f"the {name} is password-protected (or an old Office file renamed); "
                    f"save it again as {name} without a password"
                )
                raise DocumentError(str(path), reason)
        check_archive(path, max_file_mb)
        if kind == "pptx":
            slides = pptx_slides(path)
            return LoadedDocument(path, "\n\n".join(slides), slides, kind)
        text = docx_to_text(path) if kind == "docx" else xlsx_to_text(path)
        return LoadedDocument(path, text, (), kind)
    except UnsafeArchive as exc:
        raise DocumentError(str(path), f"the {name} looks like a zip bomb: {exc}; save it again") from exc
    except _DAMAGED_ZIP as exc:
        reason = f"not a valid {name} file (damaged, or another format renamed); save it again as {name}"
        raise DocumentError(str(path), reason) from exc


def _empty_reason(kind: DocumentKind, ocr: OcrSettings) -> str:
    if kind == "pdf" and not ocr.enabled:
        return "the PDF has no text layer (scanned pages?) and OCR is off (ingest.ocr.enabled); export it with text"
    if kind == "pdf":
        return "the PDF has no text layer and OCR found no text on its pages (images without words?)"
    if kind in ("docx", "html", "pptx", "xlsx"):
        return "no text found in the document; check that it is not empty or only images"
    return "the file holds only whitespace; add text to it or remove it"
