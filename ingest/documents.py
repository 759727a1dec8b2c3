"""A file as loaded, before cleaning (a cleaned one is `studietur.core.types.PreparedDocument`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

logger = logging.getLogger(__name__)

DocumentKind = Literal["txt", "md", "pdf", "docx", "html", "pptx", "xlsx"]


@dataclass(frozen=True)
class LoadedDocument:
    """The raw text of one file; `pages` holds one string per page of a PDF (per slide of a PPTX), else it is empty.

    `encoding` is the detected encoding of a text or HTML file; `ocr_pages` the numbers (from 1) of the pages whose
    text Tesseract read from their image."""

    path: Path
    text: str
    pages: tuple[str, ...]
    kind: DocumentKind
    encoding: str = ""
    ocr_pages: tuple[int, ...] = ()
