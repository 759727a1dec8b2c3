"""Text of PDF pages that have no text layer (scans), read by Tesseract from the page rendered as an image.

Pages are rendered with PDFium (pypdfium2) and read with Tesseract through pytesseract, one page at a time, so
progress is reported per page and memory holds one page image. Tesseract is a program, not a Python package:
Debian's `tesseract-ocr` and `tesseract-ocr-dan` (`scripts/install-ocr.sh`)."""

from __future__ import annotations

import logging
from collections.abc import Generator, Sequence
from pathlib import Path

import pypdfium2
import pytesseract
from PIL import Image

from ingest.config import OcrSettings
from ingest.events import PageRecognised

logger = logging.getLogger(__name__)

INSTALL = (
    "install Tesseract and its Danish model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-dan; "
    "or run scripts/install-ocr.sh)"
)


class OcrUnavailable(RuntimeError):
    """Tesseract, or one of the language models asked for, is not installed; the message says how to get it."""


class OcrFailed(RuntimeError):
    """Rendering or reading a page failed (a damaged page, a time-out)."""


def check_tesseract(settings: OcrSettings) -> None:
    """Raise OcrUnavailable unless the tesseract program and every language of `settings.languages` are there."""
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrUnavailable(f"Tesseract is not installed; {INSTALL}") from exc
    missing = [lang for lang in settings.languages.split("+") if lang and lang not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise OcrUnavailable(
            f"Tesseract has no model for {', '.join(missing)}; install it (Debian/Ubuntu: apt-get install {packages})"
        )


def recognise_pages(
    path: Path, numbers: Sequence[int], settings: OcrSettings
) -> Generator[PageRecognised, None, dict[int, str]]:
    """The text of each page numbered (from 1) in `numbers`, by Tesseract; one event after each page."""
    check_tesseract(settings)
    texts: dict[int, str] = {}
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise OcrFailed(f"PDFium cannot open the file ({exc})") from exc
    try:
        for done, number in enumerate(numbers, start=1):
            texts[number] = read_image(_render(document, number, settings.dpi), settings)
            logger.info("%s: OCR of page %d (%d of %d)", path.name, number, done, len(numbers))
            yield PageRecognised(str(path), number, done, len(numbers))
    finally:
        document.close()
    return texts


def _render(document: pypdfium2.PdfDocument, number: int, dpi: int) -> Image.Image:
    try:
        page = document[number - 1]
        try:
            return page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()
    except pypdfium2.PdfiumError as exc:
        raise OcrFailed(f"PDFium cannot render page {number} ({exc})") from exc


def read_image(image: Image.Image, settings: OcrSettings) -> str:
    try:
        return pytesseract.image_to_string(image, lang=settings.languages, timeout=settings.page_timeout)
    except RuntimeError as exc:  # pytesseract's time-out and Tesseract's own errors
        raise OcrFailed(f"Tesseract failed ({exc})") from exc
