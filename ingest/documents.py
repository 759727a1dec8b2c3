"""A file as loaded, before cleaning (a cleaned one is `studietur.core.types.PreparedDocument`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

logger = logging.getLogger(__name__)

DocumentKind = Literal["txt", "md", "pdf", "docx", "html"]


@dataclass(frozen=True)
class LoadedDocument:
    """The raw text of one file; `pages` holds one string per page for PDFs and is empty otherwise."""

    path: Path
    text: str
    pages: tuple[str, ...]
    kind: DocumentKind
