"""Value types of the ingest pipeline: a file as loaded, and a document ready for the index."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vectorstore.types import Chunk

logger = logging.getLogger(__name__)

DocumentKind = Literal["txt", "md", "pdf", "docx", "html"]


@dataclass(frozen=True)
class LoadedDocument:
    """The raw text of one file; `pages` holds one string per page for PDFs and is empty otherwise."""

    path: Path
    text: str
    pages: tuple[str, ...]
    kind: DocumentKind


@dataclass(frozen=True)
class PreparedDocument:
    """A cleaned document with its metadata and chunks; `text_hash` is the sha256 hex of `cleaned_text`."""

    doc: str
    title: str
    year: int | None
    doc_type: str
    cleaned_text: str
    text_hash: str
    chunks: list[Chunk]
